/** Yuki as the PortalTarget: one reused session (one re-authentication when it expires), per-domain quota, GUID-only writes. */
import { parsePortalContactId } from '../../core/connector.js';
import { err, ok } from '../../core/result.js';
import { childText } from '../shared/soap.js';
import { createYukiClient, resultOf } from './client.js';
import { yukiEndpoints, yukiProtocol } from './manifest.js';
import {
  companyToAdministration,
  mailingNeedsCurrent,
  profilePatch,
  searchParams,
  toAdministrations,
  toContactReceipt,
  toContacts,
  toContactXmlDoc,
  toDomains,
} from './mapper.js';
import { localDay, msUntilLocalMidnight } from './time.js';

import type {
  AdministrationProfile,
  AdministrationRef,
  CallOptions,
  CallPriority,
  ConnectorError,
  ConnectorResult,
  Page,
  PortalAdministration,
  PortalContact,
  PortalContactId,
  PortalContactQuery,
  PortalContactReceipt,
  PortalContactUpdate,
  PortalTarget,
  QuotaKey,
  QuotaLedger,
  QuotaStatus,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpOptions } from '../shared/http.js';
import type { SoapParam, XmlElement } from '../shared/soap.js';
import type { YukiFailure } from './client.js';
import type { YukiEndpoints } from './manifest.js';
import type { YukiSettings } from './settings.js';

export type YukiDeps = {
  readonly clock: () => Date;
  readonly ledger: QuotaLedger;
  /** Defaults to production NL; tests and the demo point it at the simulator. */
  readonly endpoints?: YukiEndpoints;
  /** Shared HTTP client options: timeout, retries, and test doubles for fetch/sleep/random. */
  readonly http?: HttpOptions;
  /** Re-authenticate before a call after this much idle time (default from the manifest, [I] §2.3). */
  readonly sessionIdleMs?: number;
};

export type YukiConnector = PortalTarget & { readonly id: 'yuki' };

type Session = { readonly id: string; lastUsedAt: number };

/** Stands in for the current postal address while a change is only being validated (nothing is sent with it). */
const emptyMailing = { mailAddressLine: null, mailPostcode: null, mailCity: null, mailCountry: null } as const;

const TZ = yukiProtocol.quota.timeZone;
const PAGE = yukiProtocol.pagination.pageSize;

export function createYukiConnector(settings: YukiSettings, deps: YukiDeps): YukiConnector {
  const client = createYukiClient({
    endpoints: deps.endpoints ?? yukiEndpoints(),
    clock: deps.clock,
    ...(deps.http === undefined ? {} : { http: deps.http }),
  });
  const idleMs = deps.sessionIdleMs ?? yukiProtocol.auth.sessionIdleMs;
  const reserve = settings.lowPriorityReserve ?? yukiProtocol.quota.lowPriorityReserve;
  const { portal: portalService, contact: contactService } = yukiProtocol.soap.services;
  const now = (): number => deps.clock().getTime();

  let session: Session | null = null;
  let authenticating: Promise<Result<Session, ConnectorError>> | null = null;

  // [I] §2.8: a call counts against the domain it names; calls naming none count against a domain-scoped key's domain.
  const scopeOf = (domainId: string | null): string | null => domainId?.toLowerCase() ?? settings.keyDomainId;
  const limitOf = (scope: string): number =>
    settings.dailyCallLimits[scope] ?? settings.dailyCallLimit ?? yukiProtocol.quota.dailyCallLimit;
  const keyOf = (scope: string): QuotaKey => ({ system: 'yuki', scope, day: localDay(deps.clock(), TZ) });

  /** Counts one call before it is made; low priority stops `reserve` calls short of the limit. */
  const spend = async (domainId: string | null, priority: CallPriority): Promise<ConnectorError | null> => {
    const scope = scopeOf(domainId);
    if (scope === null) return null;
    const limit = limitOf(scope);
    const decision = await deps.ledger.reserve(keyOf(scope), { limit, reserve, priority });
    if (decision.granted) return null;
    const message =
      decision.reason === 'reserved'
        ? `Yuki's daily call quota for domain ${scope} is nearly used (${String(decision.used)} of ${String(limit)}); the last ${String(reserve)} calls are kept for approved changes.`
        : `Yuki's daily call quota for domain ${scope} is used up (${String(limit)} calls); it resets at midnight (Europe/Amsterdam).`;
    return { code: 'quota_exhausted', message, retryAfterMs: msUntilLocalMidnight(deps.clock(), TZ) };
  };

  const exhausted = async (domainId: string | null): Promise<void> => {
    const scope = scopeOf(domainId);
    if (scope !== null) await deps.ledger.markExhausted(keyOf(scope));
  };

  const authenticate = (priority: CallPriority): Promise<Result<Session, ConnectorError>> => {
    // Concurrent callers share one Authenticate call.
    authenticating ??= (async (): Promise<Result<Session, ConnectorError>> => {
      const denied = await spend(null, priority);
      if (denied) return err(denied);
      const r = await client.soap(portalService, 'Authenticate', [{ name: 'accessKey', value: settings.accessKey }]);
      if (!r.ok) {
        if (r.error.fault === 'daily_limit') await exhausted(null);
        return err(r.error.error);
      }
      const id = (childText(r.value, 'AuthenticateResult') ?? '').trim();
      if (id === '') return err({ code: 'transient', message: 'Yuki answered Authenticate without a session ID.' });
      session = { id, lastUsedAt: now() };
      return ok(session);
    })().finally(() => {
      authenticating = null;
    });
    return authenticating;
  };

  /**
   * Runs one SOAP call with the current session: re-authenticates first when the session has been idle too long,
   * and exactly once more when Yuki says the session expired; a second expiry is `auth_expired`.
   */
  const withSession = async <T>(
    domainId: string | null,
    priority: CallPriority,
    call: (sessionId: string) => Promise<Result<XmlElement, YukiFailure>>,
    then: (response: XmlElement) => Result<T, ConnectorError>,
  ): ConnectorResult<T> => {
    let current = session !== null && now() - session.lastUsedAt < idleMs ? session : null;
    if (current === null) {
      const a = await authenticate(priority);
      if (!a.ok) return a;
      current = a.value;
    }
    for (let reauthenticated = false; ; reauthenticated = true) {
      const denied = await spend(domainId, priority);
      if (denied) return err(denied);
      const r = await call(current.id);
      if (r.ok) {
        current.lastUsedAt = now();
        return then(r.value);
      }
      if (r.error.fault === 'daily_limit') {
        await exhausted(domainId);
        return err(r.error.error);
      }
      if (r.error.fault !== 'session_expired' || reauthenticated) return err(r.error.error);
      // Another caller may already have replaced the session; otherwise authenticate again (once).
      if (session !== null && session.id !== current.id) current = session;
      else {
        session = null;
        const a = await authenticate(priority);
        if (!a.ok) return a;
        current = a.value;
      }
    }
  };

  const soap = <T>(
    service: string,
    method: string,
    domainId: string | null,
    priority: CallPriority,
    params: (sessionId: string) => readonly SoapParam[],
    map: (result: XmlElement | null) => Result<T, ConnectorError>,
  ): ConnectorResult<T> =>
    withSession(
      domainId,
      priority,
      (sid) => client.soap(service, method, params(sid)),
      (response) => map(resultOf(response, method)),
    );

  const platform = settings.platform;
  const needPlatform = (what: string): ConnectorError => ({
    code: 'unsupported',
    message: `${what} needs the Yuki Platform API (token and portal id); Yuki's SOAP services have no method for it.`,
  });

  const readProfileRest = async (
    ref: AdministrationRef,
    priority: CallPriority,
  ): ConnectorResult<PortalAdministration> => {
    if (!platform) return err(needPlatform('Reading an administration profile'));
    const denied = await spend(ref.domainId, priority);
    if (denied) return err(denied);
    const r = await client.platform({
      method: 'GET',
      path: `/portals/${platform.portalId}/companies/${encodeURIComponent(ref.administrationId)}`,
      token: platform.token,
    });
    if (!r.ok) {
      if (r.error.code === 'quota_exhausted') await exhausted(ref.domainId);
      return r;
    }
    return checkedCompany(r.value, ref);
  };

  const checkedCompany = (body: unknown, ref: AdministrationRef): Result<PortalAdministration, ConnectorError> => {
    const a = companyToAdministration(body);
    if (!a.ok) return err({ code: 'transient', message: a.error });
    if (a.value.domainId !== ref.domainId.toLowerCase()) {
      return err({
        code: 'not_found',
        message: `Administration ${ref.administrationId} is not in domain ${ref.domainId}.`,
      });
    }
    return ok(a.value);
  };

  const listAdministrationsSoap = (priority: CallPriority): ConnectorResult<PortalAdministration[]> =>
    soap(
      portalService,
      'Administrations',
      null,
      priority,
      (sid) => [{ name: 'sessionID', value: sid }],
      (res) =>
        res === null
          ? err({ code: 'transient', message: 'Yuki answered Administrations without a result.' })
          : ok(toAdministrations(res)),
    );

  const listAdministrationsRest = async (): ConnectorResult<PortalAdministration[]> => {
    if (!platform) return err(needPlatform('Listing companies'));
    const out: PortalAdministration[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const r = await client.platform({
        method: 'GET',
        path: `/portals/${platform.portalId}/companies?offset=${String(offset)}&limit=${String(PAGE)}`,
        token: platform.token,
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
  };

  async function* searchContacts(
    domainId: string,
    query: PortalContactQuery,
    opts: CallOptions,
  ): AsyncGenerator<Result<Page<PortalContact>, ConnectorError>> {
    for (let page = 1; ; page++) {
      const r = await soap(
        contactService,
        'SearchContacts',
        domainId,
        opts.priority,
        (sid) => searchParams({ sessionId: sid, domainId, query, page }),
        (res) => contactsOf(res, domainId),
      );
      yield r.ok ? ok({ items: r.value }) : r;
      // §2.5: pages of 100 until one comes back empty; a short page is the last one, which saves a call.
      if (!r.ok || r.value.length < PAGE) return;
    }
  }

  const contactsOf = (res: XmlElement | null, domainId: string): Result<PortalContact[], ConnectorError> => {
    if (res === null) return err({ code: 'transient', message: 'Yuki answered SearchContacts without a result.' });
    const c = toContacts(res, domainId.toLowerCase());
    return c.ok ? c : err({ code: 'transient', message: c.error });
  };

  return {
    id: 'yuki',

    async verify(opts) {
      session = null;
      const a = await authenticate(opts.priority);
      return a.ok ? ok(undefined) : a;
    },

    listDomains: (opts) =>
      soap(
        portalService,
        'Domains',
        null,
        opts.priority,
        (sid) => [{ name: 'sessionID', value: sid }],
        (res) =>
          res === null
            ? err({ code: 'transient', message: 'Yuki answered Domains without a result.' })
            : ok(toDomains(res)),
      ),

    listAdministrations: (opts) => (platform ? listAdministrationsRest() : listAdministrationsSoap(opts.priority)),

    async readProfile(ref, opts) {
      if (platform) return readProfileRest(ref, opts.priority);
      const all = await listAdministrationsSoap(opts.priority);
      if (!all.ok) return all;
      const found = all.value.find(
        (a) => a.id === ref.administrationId.toLowerCase() && a.domainId === ref.domainId.toLowerCase(),
      );
      return found
        ? ok(found)
        : err({
            code: 'not_found',
            message: `Yuki has no administration ${ref.administrationId} in domain ${ref.domainId}.`,
          });
    },

    async writeProfile(ref, changes: Partial<AdministrationProfile>, opts) {
      if (!platform) return err(needPlatform('Writing an administration profile'));
      const checked = profilePatch(changes, emptyMailing);
      if (!checked.ok) return checked;
      if (Object.keys(checked.value).length === 0) return readProfileRest(ref, opts.priority);
      // [I] §2.9: a PATCH replaces `mailingAddress` as a whole, so changing only some postal fields costs one read
      // first (one more quota call, and only then) to keep the others. A portal edit of those other postal fields
      // made between that read and the PATCH would be lost: a window of one round trip (no If-Match, as ETags on
      // the Platform API are not documented).
      let body = checked.value;
      if (mailingNeedsCurrent(changes)) {
        const current = await readProfileRest(ref, opts.priority);
        if (!current.ok) return current;
        const completed = profilePatch(changes, current.value.profile);
        if (!completed.ok) return completed;
        body = completed.value;
      }
      const denied = await spend(ref.domainId, opts.priority);
      if (denied) return err(denied);
      const r = await client.platform({
        method: 'PATCH',
        path: `/portals/${platform.portalId}/companies/${encodeURIComponent(ref.administrationId)}`,
        token: platform.token,
        body,
      });
      if (!r.ok) {
        if (r.error.code === 'quota_exhausted') await exhausted(ref.domainId);
        return r;
      }
      return checkedCompany(r.value, ref);
    },

    searchContacts,

    async readContact(domainId, id, opts) {
      const checked = parsePortalContactId(typeof id === 'string' ? id : '');
      if (checked === null)
        return err({ code: 'rejected', message: 'A Yuki contact is read by its GUID; this is not one.' });
      const r = await soap(
        contactService,
        'SearchContacts',
        domainId,
        opts.priority,
        (sid) => searchParams({ sessionId: sid, domainId, query: {}, page: 1, byId: checked }),
        (res) => contactsOf(res, domainId),
      );
      if (!r.ok) return r;
      const found = r.value.find((c) => c.id === checked);
      return found
        ? ok(found)
        : err({ code: 'not_found', message: `Yuki has no contact ${checked} in domain ${domainId}.` });
    },

    async writeContact(domainId, update: PortalContactUpdate, opts): ConnectorResult<PortalContactReceipt> {
      // Checked again at run time (a cast can defeat the type): no UpdateContact ever leaves without the <ID>.
      const doc = toContactXmlDoc(update);
      if (!doc.ok) return doc;
      const id = update.id.toLowerCase() as PortalContactId;
      return soap(
        contactService,
        'UpdateContact',
        domainId,
        opts.priority,
        (sid) => [
          { name: 'sessionID', value: sid },
          { name: 'domainID', value: domainId },
          { name: 'xmlDoc', value: doc.value },
        ],
        (res) =>
          res === null
            ? err({ code: 'transient', message: 'Yuki answered UpdateContact without a result.' })
            : toContactReceipt(res, id),
      );
    },

    async quota(domainId): Promise<QuotaStatus> {
      const scope = domainId.toLowerCase();
      const key = keyOf(scope);
      const { used, exhausted: done } = await deps.ledger.usage(key);
      const limit = limitOf(scope);
      return {
        scope,
        day: key.day,
        used,
        limit,
        remainingLow: done ? 0 : Math.max(0, limit - reserve - used),
        remainingHigh: done ? 0 : Math.max(0, limit - used),
        exhausted: done || used >= limit,
      };
    },
  };
}
