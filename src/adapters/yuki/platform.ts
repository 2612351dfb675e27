/** Administration profiles over the Yuki Platform API (REST, [I] docs/external-systems/yuki.md#platform-api): read, list and patch, quota counted. */
import { err, ok } from '../../core/result.js';
import { yukiProtocol } from './manifest.js';
import { companyToAdministration, mailingNeedsCurrent, profilePatch } from './mapper.js';

import type {
  AdministrationProfile,
  AdministrationRef,
  CallPriority,
  ConnectorError,
  ConnectorResult,
  PortalAdministration,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { YukiClient } from './client.js';
import type { YukiQuota } from './quota.js';
import type { YukiSettings } from './settings.js';

const PAGE = yukiProtocol.pagination.pageSize;

/** Stands in for the current postal address while a change is only being validated (nothing is sent with it). */
const emptyMailing = { mailAddressLine: null, mailPostcode: null, mailCity: null, mailCountry: null } as const;

export type PlatformContext = {
  readonly client: YukiClient;
  readonly quota: YukiQuota;
  readonly platform: YukiSettings['platform'];
};

export const needPlatform = (what: string): ConnectorError => ({
  code: 'unsupported',
  message: `${what} needs the Yuki Platform API (connected with Visma Connect); Yuki's SOAP services have no method for it.`,
});

function checkedCompany(body: unknown, ref: AdministrationRef): Result<PortalAdministration, ConnectorError> {
  const a = companyToAdministration(body);
  if (!a.ok) return err({ code: 'transient', message: a.error });
  if (a.value.domainId !== ref.domainId.toLowerCase()) {
    return err({
      code: 'not_found',
      message: `Administration ${ref.administrationId} is not in domain ${ref.domainId}.`,
    });
  }
  return ok(a.value);
}

/** One company call (GET or PATCH) of an administration, counted against its domain. */
async function companyCall(
  ctx: PlatformContext,
  ref: AdministrationRef,
  priority: CallPriority,
  request: { readonly method: 'GET' | 'PATCH'; readonly body?: unknown },
): ConnectorResult<PortalAdministration> {
  const { platform } = ctx;
  if (!platform) return err(needPlatform('Reading an administration profile'));
  const denied = await ctx.quota.spend(ref.domainId, priority);
  if (denied) return err(denied);
  const r = await ctx.client.platform({
    ...request,
    path: `/portals/${platform.portalId}/companies/${encodeURIComponent(ref.administrationId)}`,
  });
  if (!r.ok) {
    if (r.error.code === 'quota_exhausted') await ctx.quota.exhausted(ref.domainId);
    return r;
  }
  return checkedCompany(r.value, ref);
}

export function readProfileRest(
  ctx: PlatformContext,
  ref: AdministrationRef,
  priority: CallPriority,
): ConnectorResult<PortalAdministration> {
  return companyCall(ctx, ref, priority, { method: 'GET' });
}

export async function listAdministrationsRest(ctx: PlatformContext): ConnectorResult<PortalAdministration[]> {
  const { platform } = ctx;
  if (!platform) return err(needPlatform('Listing companies'));
  const out: PortalAdministration[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const r = await ctx.client.platform({
      method: 'GET',
      path: `/portals/${platform.portalId}/companies?offset=${String(offset)}&limit=${String(PAGE)}`,
    });
    if (!r.ok) return r;
    const body = r.value as { items?: unknown; totalItems?: unknown };
    const items = Array.isArray(body.items) ? (body.items as unknown[]) : [];
    for (const item of items) {
      const a = companyToAdministration(item);
      if (!a.ok) return err({ code: 'transient', message: a.error });
      out.push(a.value);
    }
    const total = typeof body.totalItems === 'number' ? body.totalItems : 0;
    if (items.length === 0 || offset + items.length >= total) return ok(out);
  }
}

export async function writeProfileRest(
  ctx: PlatformContext,
  ref: AdministrationRef,
  changes: Partial<AdministrationProfile>,
  priority: CallPriority,
): ConnectorResult<PortalAdministration> {
  if (!ctx.platform) return err(needPlatform('Writing an administration profile'));
  const checked = profilePatch(changes, emptyMailing);
  if (!checked.ok) return checked;
  if (Object.keys(checked.value).length === 0) return readProfileRest(ctx, ref, priority);
  // [I] docs/external-systems/yuki.md#platform-api: a PATCH replaces `mailingAddress` as a whole, so changing only some
  // postal fields costs one read first (one more quota call, and only then) to keep the others. A portal edit of those
  // other postal fields made between that read and the PATCH would be lost: a window of one round trip (no If-Match, as
  // ETags on the Platform API are not documented).
  let body = checked.value;
  if (mailingNeedsCurrent(changes)) {
    const current = await readProfileRest(ctx, ref, priority);
    if (!current.ok) return current;
    const completed = profilePatch(changes, current.value.profile);
    if (!completed.ok) return completed;
    body = completed.value;
  }
  return companyCall(ctx, ref, priority, { method: 'PATCH', body });
}
