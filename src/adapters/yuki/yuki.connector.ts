/** Yuki as the PortalTarget: one reused session (one re-authentication when it expires), per-domain quota, GUID-only writes. */
import { createHash } from 'node:crypto';

import { err, ok } from '../../core/result.js';
import { mapAtMost } from '../shared/map-at-most.js';
import { createYukiClient } from './client.js';
import { administrationOfCompany, companyUnknownKeys } from './company-read.js';
import { yukiEndpoints, yukiProtocol } from './manifest.js';
import { readCompanyRest, writeProfileRest } from './platform.js';
import { createYukiQuota } from './quota.js';
import { createYukiSoap, newSessionState } from './session.js';
import {
  listAdministrationsSoap,
  listDomainsSoap,
  readContactSoap,
  searchContactsSoap,
  writeContactSoap,
} from './soap-reads.js';
import { vismaConnectToken } from './visma-connect.js';

import type {
  AdministrationRef,
  CallOptions,
  ConnectorError,
  ConnectorResult,
  PortalAdministration,
  PortalTarget,
  ProfileReadOptions,
  QuotaLedger,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpOptions } from '../shared/http.js';
import type { SessionPool } from '../shared/session-pool.js';
import type { YukiEndpoints } from './manifest.js';
import type { PlatformContext } from './platform.js';
import type { YukiSoap } from './session.js';
import type { YukiSettings } from './settings.js';
import type { PlatformGrant } from './visma-connect.js';

export type YukiDeps = {
  readonly clock: () => Date;
  readonly ledger: QuotaLedger;
  /** Defaults to production NL; tests and the demo point it at the simulator. */
  readonly endpoints?: YukiEndpoints;
  /** Shared HTTP client options: timeout, retries, and test doubles for fetch/sleep/random. */
  readonly http?: HttpOptions;
  /** Re-authenticate before a call after this much idle time (default from the manifest, [I] docs/external-systems/yuki.md#sessions). */
  readonly sessionIdleMs?: number;
  /** The connection's Visma Connect grant; without it the Platform API is not used (SOAP reads only). */
  readonly platformGrant?: PlatformGrant;
  /** The process's sessions: connectors of the same key and address share one SOAP session (fewer Authenticate calls). */
  readonly sessions?: SessionPool;
};

export type YukiConnector = PortalTarget & { readonly id: 'yuki' };

/** The administration a ref names, among those the SOAP `Administrations` call returned. */
function pickAdministration(
  all: readonly PortalAdministration[],
  ref: AdministrationRef,
): Result<PortalAdministration, ConnectorError> {
  const found = all.find(
    (a) => a.id === ref.administrationId.toLowerCase() && a.domainId === ref.domainId.toLowerCase(),
  );
  return found
    ? ok(found)
    : err({
        code: 'not_found',
        message: `Yuki has no administration ${ref.administrationId} in domain ${ref.domainId}.`,
      });
}

/**
 * Reads an administration through the documented SOAP `Administrations` (all of them, then the one asked for): the
 * Platform API documents no company read by id (docs/external-systems/yuki.md#platform-api).
 */
async function readProfileSoap(
  soap: YukiSoap,
  ref: AdministrationRef,
  opts: CallOptions,
): ReturnType<PortalTarget['readProfile']> {
  const all = await listAdministrationsSoap(soap, opts.priority);
  return all.ok ? pickAdministration(all.value, ref) : all;
}

/**
 * Automatic write mode: the (unpublished) company read, which shows what the write replaces (name, addresses, KvK,
 * e-mail, phone), plus the documented SOAP `Administrations` only when it is needed: for the VAT number (no company
 * field has it), or the name when the company shows none; with no `fields` given, both (e.g. a link's dry run).
 * `documented` is that SOAP read (several refs share one call).
 */
async function readProfileForWrite(
  rest: PlatformContext,
  ref: AdministrationRef,
  opts: ProfileReadOptions,
  documented: () => ReturnType<PortalTarget['readProfile']>,
): ReturnType<PortalTarget['readProfile']> {
  const company = await readCompanyRest(rest, ref, opts.priority);
  if (!company.ok) return company;
  const fields = opts.fields;
  const needsSoap =
    fields === undefined || fields.includes('vat') || (fields.includes('name') && company.value.name === null);
  if (!needsSoap) return ok(administrationOfCompany(ref, company.value));
  const soapRead = await documented();
  if (!soapRead.ok) return soapRead;
  return ok({
    ...soapRead.value,
    profile: {
      ...soapRead.value.profile,
      ...company.value,
      name: company.value.name ?? soapRead.value.profile.name,
    },
    unknown: companyUnknownKeys.filter((key) => key !== 'vat'),
  });
}

// Company reads under way at once for several administrations (each is a call of its own, counted per domain).
const COMPANY_READS_AT_ONCE = 4;

/**
 * Several administrations with one SOAP `Administrations` call, made at most once (and only when needed); in the
 * automatic write mode, with each administration's company read as a single read does.
 */
async function readProfiles(
  soap: YukiSoap,
  rest: PlatformContext,
  refs: readonly AdministrationRef[],
  opts: CallOptions & { readonly forWrite: boolean },
): Promise<Result<PortalAdministration, ConnectorError>[]> {
  let all: ConnectorResult<PortalAdministration[]> | null = null;
  const documented = async (ref: AdministrationRef) => {
    all ??= listAdministrationsSoap(soap, opts.priority);
    const listed = await all;
    return listed.ok ? pickAdministration(listed.value, ref) : listed;
  };
  return mapAtMost(refs, opts.forWrite ? COMPANY_READS_AT_ONCE : 1, (ref) =>
    opts.forWrite ? readProfileForWrite(rest, ref, opts, () => documented(ref)) : documented(ref),
  );
}

/** One pool slot per Yuki address and access key (hashed: the key itself is not kept as a map key). */
const sessionKey = (endpoints: YukiEndpoints, settings: YukiSettings): string =>
  `yuki:${createHash('sha256').update(`${endpoints.soapBaseUrl}\n${settings.accessKey}`).digest('hex')}`;

export function createYukiConnector(settings: YukiSettings, deps: YukiDeps): YukiConnector {
  const granted = settings.platform !== null && deps.platformGrant !== undefined ? settings.platform : null;
  const endpoints = deps.endpoints ?? yukiEndpoints();
  const client = createYukiClient({
    endpoints,
    clock: deps.clock,
    ...(deps.http === undefined ? {} : { http: deps.http }),
    ...(granted === null || deps.platformGrant === undefined
      ? {}
      : {
          platformToken: vismaConnectToken(granted.vismaConnect, deps.platformGrant, deps.clock, deps.http?.outbound),
        }),
  });
  const quota = createYukiQuota(settings, deps);
  const soap = createYukiSoap({
    client,
    quota,
    accessKey: settings.accessKey,
    clock: deps.clock,
    idleMs: deps.sessionIdleMs ?? yukiProtocol.auth.sessionIdleMs,
    ...(deps.sessions === undefined
      ? {}
      : { state: deps.sessions.slot(sessionKey(endpoints, settings), newSessionState) }),
  });
  const rest: PlatformContext = { client, quota, platform: granted };

  return {
    id: 'yuki',
    async verify(opts) {
      soap.forget();
      const a = await soap.authenticate(opts.priority);
      return a.ok ? ok(undefined) : a;
    },
    listDomains: (opts) => listDomainsSoap(soap, opts.priority),
    listAdministrations: (opts) => listAdministrationsSoap(soap, opts.priority),
    readProfile: (ref, opts) => readProfileSoap(soap, ref, opts),
    readProfileForWrite: (ref, opts) => readProfileForWrite(rest, ref, opts, () => readProfileSoap(soap, ref, opts)),
    readProfiles: (refs, opts) => readProfiles(soap, rest, refs, opts),
    writeProfile: (ref, changes, opts) => writeProfileRest(rest, ref, changes, opts.priority),
    searchContacts: (domainId, query, opts) => searchContactsSoap(soap, domainId, query, opts),
    readContact: (domainId, id, opts) => readContactSoap(soap, domainId, id, opts),
    writeContact: (domainId, update, opts) => writeContactSoap(soap, domainId, update, opts),
    quota: (domainId) => quota.status(domainId),
  };
}
