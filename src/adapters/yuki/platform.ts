/** The Yuki Platform API (REST, docs/external-systems/yuki.md#platform-api) for the automatic write mode, quota counted. */
import { err } from '../../core/result.js';
import { readCompanyForWrite, writeCompanyProfile } from './company-write.js';

import type {
  AdministrationProfile,
  AdministrationRef,
  CallPriority,
  ConnectorError,
  ConnectorResult,
  PortalAdministration,
} from '../../core/connector.js';
import type { YukiClient } from './client.js';
import type { CompanyProfile } from './company-read.js';
import type { CompanyRequest } from './company-write.js';
import type { YukiQuota } from './quota.js';
import type { YukiSettings } from './settings.js';

export type PlatformContext = {
  readonly client: YukiClient;
  readonly quota: YukiQuota;
  readonly platform: YukiSettings['platform'];
};

export const needPlatform = (what: string): ConnectorError => ({
  code: 'unsupported',
  message: `${what} needs the Yuki Platform API (connected with Visma Connect); Yuki's SOAP services have no method for it.`,
});

/** One company call of an administration, counted against its domain. */
async function companyCall(
  ctx: PlatformContext,
  ref: AdministrationRef,
  priority: CallPriority,
  request: CompanyRequest,
): ConnectorResult<unknown> {
  const { platform } = ctx;
  if (!platform) return err(needPlatform('Writing an administration profile'));
  const denied = await ctx.quota.spend(ref.domainId, priority);
  if (denied) return err(denied);
  const r = await ctx.client.platform(request);
  if (!r.ok && r.error.code === 'quota_exhausted') await ctx.quota.exhausted(ref.domainId);
  return r;
}

/** Automatic write mode only: the unpublished company-update call (docs/external-systems/yuki.md#write-modes). */
export function writeProfileRest(
  ctx: PlatformContext,
  ref: AdministrationRef,
  changes: Partial<AdministrationProfile>,
  priority: CallPriority,
): ConnectorResult<PortalAdministration> {
  const { platform } = ctx;
  if (!platform) return Promise.resolve(err(needPlatform('Writing an administration profile')));
  return writeCompanyProfile((request) => companyCall(ctx, ref, priority, request), platform.portalId, ref, changes);
}

/** Automatic write mode only: the company fields the write would touch, read the same (unpublished) way. */
export function readCompanyRest(
  ctx: PlatformContext,
  ref: AdministrationRef,
  priority: CallPriority,
): ConnectorResult<CompanyProfile> {
  const { platform } = ctx;
  if (!platform) return Promise.resolve(err(needPlatform('Reading an administration profile')));
  return readCompanyForWrite((request) => companyCall(ctx, ref, priority, request), platform.portalId, ref);
}
