/** AccountView.net as a RecordSource: OAuth connect, token refresh under a lock, debtor/creditor phones and companies. */
import { err, ok } from '../../core/result.js';
import { createHttpClient } from '../shared/http.js';
import { createAuthorizationRequest, ensureAccessToken, exchangeAuthorizationCode } from '../shared/oauth2.js';
import { fetchCompanies, fetchDataRows } from './client.js';
import { accountViewEndpoints, accountViewProtocol, withOAuthUrls } from './manifest.js';
import {
  companyFields,
  contactPageQuery,
  contactRowSchema,
  phoneFields,
  toPhoneRecords,
  toSourceCompany,
} from './mapper.js';

import type {
  ConnectorError,
  ConnectorResult,
  Cursor,
  Page,
  PhoneRecord,
  RecordSource,
  SourceCompany,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpOptions } from '../shared/http.js';
import type { AuthorizationRequest, OAuthClientConfig, TokenStore } from '../shared/oauth2.js';
import type { OutboundPolicy } from '../shared/outbound-policy.js';
import type { AccountViewApi, AccountViewCompany } from './client.js';
import type { AccountViewEndpoints } from './manifest.js';
import type { ContactKind, ContactRow } from './mapper.js';
import type { AccountViewSettings } from './settings.js';

export type AccountViewDeps = {
  readonly tokenStore: TokenStore;
  readonly clock: () => Date;
  /** Defaults to production; tests and the demo point it at the simulator. */
  readonly endpoints?: AccountViewEndpoints;
  readonly fetch?: typeof fetch;
  /** Which addresses may be called (default: https to public addresses only); tests and the demo allow loopback. */
  readonly outbound?: OutboundPolicy;
  readonly timeoutMs?: number;
  /** Retry/backoff knobs of the data calls (tests pass `maxAttempts: 1` or an instant `sleep`). */
  readonly http?: Pick<HttpOptions, 'maxAttempts' | 'sleep' | 'random' | 'baseDelayMs' | 'maxRetryAfterMs'>;
  readonly pageSize?: number;
  /** Refresh this long before the access token expires (default 60 s). */
  readonly refreshSkewMs?: number;
};

export type AccountViewConnector = RecordSource & {
  /** The ondernemingen this grant reaches. */
  listCompanies(): ConnectorResult<readonly AccountViewCompany[]>;
};

/** The OAuth client for these settings: API key = client id, API secret = client secret (seed text, docs/external-systems/accountview.md#registration). */
export function accountViewOAuthConfig(
  settings: AccountViewSettings,
  deps: Pick<AccountViewDeps, 'endpoints' | 'fetch' | 'timeoutMs' | 'outbound'>,
): OAuthClientConfig {
  const endpoints = withOAuthUrls(deps.endpoints ?? accountViewEndpoints(), settings.oauthUrls);
  return {
    authorizationEndpoint: endpoints.authorizeUrl,
    tokenEndpoint: endpoints.tokenUrl,
    issuer: endpoints.issuer,
    clientId: settings.apiKey,
    clientSecret: settings.apiSecret,
    redirectUri: settings.redirectUri,
    scope: accountViewProtocol.auth.scopes.join(' '),
    clientAuth: accountViewProtocol.auth.clientAuth,
    labels: {
      system: 'AccountView',
      clientId: 'API key (API-sleutel)',
      clientSecret: 'API secret',
      registration: 'AccountView.net > Ontwikkelaar > Applicatie toevoegen',
    },
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.outbound === undefined ? {} : { outbound: deps.outbound }),
  };
}

/** What every call of one connector shares: the API, the onderneming, the page size and the token handling. */
type Session = {
  readonly api: AccountViewApi;
  readonly companyId: string;
  readonly pageSize: number;
  /** Runs an API call with a fresh token; on 401 refreshes once (unless another instance already did) and retries. */
  authorized<T>(fn: (token: string) => ConnectorResult<T>): ConnectorResult<T>;
};

function createSession(settings: AccountViewSettings, grantId: string, deps: AccountViewDeps): Session {
  const endpoints = deps.endpoints ?? accountViewEndpoints();
  const oauthConfig = accountViewOAuthConfig(settings, deps);
  const skewMs = deps.refreshSkewMs ?? 60_000;
  return {
    api: {
      apiBaseUrl: endpoints.apiBaseUrl,
      http: createHttpClient({
        ...deps.http,
        systemName: 'AccountView',
        ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
        ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
        ...(deps.outbound === undefined ? {} : { outbound: deps.outbound }),
      }),
    },
    companyId: settings.companyId,
    pageSize: deps.pageSize ?? accountViewProtocol.api.pagination.pageSize,
    async authorized<T>(fn: (token: string) => ConnectorResult<T>): ConnectorResult<T> {
      const token = await ensureAccessToken(deps.tokenStore, grantId, oauthConfig, { now: deps.clock, skewMs });
      if (!token.ok) return token;
      const first = await fn(token.value);
      if (first.ok || first.error.code !== 'auth_expired') return first;
      const again = await ensureAccessToken(deps.tokenStore, grantId, oauthConfig, {
        now: deps.clock,
        skewMs,
        rejected: token.value,
      });
      return again.ok ? fn(again.value) : again;
    },
  };
}

function parseRows(rows: readonly unknown[]): Result<ContactRow[], ConnectorError> {
  const out: ContactRow[] = [];
  for (const row of rows) {
    const parsed = contactRowSchema.safeParse(row);
    if (!parsed.success) {
      return err({ code: 'transient', message: 'AccountView sent a CONTACT record without a valid SUB_NR.' });
    }
    out.push(parsed.data);
  }
  return ok(out);
}

/** One page of CONTACT rows for a query, checked. */
async function contactRows(
  session: Session,
  query: ReturnType<typeof contactPageQuery>,
): Promise<Result<ContactRow[], ConnectorError>> {
  const fetched = await session.authorized((token) =>
    fetchDataRows(session.api, token, session.companyId, 'CONTACT', query),
  );
  return fetched.ok ? parseRows(fetched.value) : fetched;
}

/**
 * Pages through one business object in SUB_NR order with `lastKey` until an empty page, or a page shorter than the
 * longest one AccountView returned: the server may cap PageSize below what we ask (docs/external-systems/accountview.md#reading-data).
 */
async function* contactPages<T>(
  session: Session,
  kind: ContactKind,
  fields: readonly string[],
  cursor: Cursor | null,
  map: (row: ContactRow) => readonly T[],
): AsyncGenerator<Result<Page<T>, ConnectorError>> {
  const { pageSize } = session;
  let lastKey: string | null = null;
  let fullPage = 0;
  for (;;) {
    const rows = await contactRows(session, contactPageQuery({ kind, pageSize, fields, lastKey, cursor }));
    if (!rows.ok) {
      yield rows;
      return;
    }
    if (rows.value.length === 0) return;
    if (lastKey !== null && rows.value.some((r) => r.SUB_NR === lastKey)) {
      yield err({
        code: 'unknown',
        message: 'AccountView repeated records after lastKey; paging stopped to avoid a loop.',
      });
      return;
    }
    yield ok({ items: rows.value.flatMap(map) });
    // A page shorter than a page already seen is the last one; otherwise only an empty page proves the end.
    if (rows.value.length < fullPage) return;
    fullPage = rows.value.length;
    lastKey = rows.value[rows.value.length - 1]?.SUB_NR ?? null;
  }
}

/** One debtor or creditor by its number. */
async function readCompany(session: Session, externalId: string): ConnectorResult<SourceCompany> {
  for (const kind of ['debtor', 'creditor'] as const) {
    const query = contactPageQuery({
      kind,
      pageSize: 1,
      fields: companyFields,
      lastKey: null,
      cursor: null,
      subNr: externalId,
    });
    const rows = await contactRows(session, query);
    if (!rows.ok) return rows;
    const row = rows.value.find((r) => r.SUB_NR === externalId);
    if (row !== undefined) return ok(toSourceCompany(row));
  }
  return err({ code: 'not_found', message: `AccountView has no debtor or creditor with number ${externalId}.` });
}

/** The onderneming is reachable, and a cheap data call surfaces the desktop-side prerequisites. */
async function verifySession(session: Session): ConnectorResult<void> {
  const companies = await session.authorized((token) => fetchCompanies(session.api, token));
  if (!companies.ok) return companies;
  const known = checkCompany(session.companyId, companies.value);
  if (!known.ok) return known;
  // Restricted app, group, boekjaar, BLK, ... show up on the first data call.
  const probe = contactPageQuery({ kind: 'debtor', pageSize: 1, fields: ['SUB_NR'], lastKey: null, cursor: null });
  const data = await contactRows(session, probe);
  return data.ok ? ok(undefined) : data;
}

/** Debtor then creditor phones. */
async function* phonePages(
  session: Session,
  cursor: Cursor | null,
): AsyncGenerator<Result<Page<PhoneRecord>, ConnectorError>> {
  for (const kind of ['debtor', 'creditor'] as const) {
    for await (const page of contactPages(session, kind, phoneFields, cursor, (row) => toPhoneRecords(row, kind))) {
      yield page;
      if (!page.ok) return;
    }
  }
}

export function createAccountViewConnector(
  settings: AccountViewSettings,
  grantId: string,
  deps: AccountViewDeps,
): AccountViewConnector {
  const session = createSession(settings, grantId, deps);
  return {
    id: 'accountview',
    verify: () => verifySession(session),
    listCompanies: () => session.authorized((token) => fetchCompanies(session.api, token)),
    company: (externalId) => readCompany(session, externalId),
    /** Debtors (AR1) are the firm's clients; creditors are suppliers and are not companies to sync. */
    companies: (cursor) => contactPages(session, 'debtor', companyFields, cursor, (row) => [toSourceCompany(row)]),
    phoneRecords: (cursor) => phonePages(session, cursor),
  };
}

/** Fails with a precise message when the configured onderneming is not among those the grant reaches. */
export function checkCompany(
  companyId: string,
  companies: readonly AccountViewCompany[],
): Result<AccountViewCompany, ConnectorError> {
  const found = companies.find((c) => c.id.toLowerCase() === companyId.toLowerCase());
  if (found !== undefined) return ok(found);
  const reachable = companies.map((c) => `${c.code} (${c.id})`).join(', ') || 'none';
  return err({
    code: 'forbidden',
    message:
      `Onderneming ${companyId} is not among the companies this AccountView authorization reaches (${reachable}). ` +
      'Check the Onderneming ID in AccountView.net > Ondernemingen, or connect as a user linked to that onderneming.',
    fieldErrors: [
      {
        field: 'companyId',
        code: 'company_unknown',
        ...(companies.length === 0 ? {} : { params: { reachable } }),
        message: `unknown onderneming for this grant; reachable: ${reachable}`,
      },
    ],
  });
}

/** Scopes that let crmhub read debtors and creditors (`*` is what AV-GO asks for, docs/external-systems/accountview.md#oauth). */
const readScopes = new Set([...accountViewProtocol.auth.scopes, '*']);

/** A grant whose token response names its scope must include a read scope; no scope named means the one asked for. */
export function checkGrantedScope(scope: string | null): Result<void, ConnectorError> {
  if (scope === null || scope.split(' ').some((s) => readScopes.has(s))) return ok(undefined);
  return err({
    code: 'forbidden',
    reason: 'scope_missing',
    message:
      `AccountView granted '${scope || '(no scope)'}' but crmhub needs '${accountViewProtocol.auth.scopes.join(' ')}' ` +
      'to read debtors and creditors. Allow read access on the consent page, or give the app that scope in AccountView.net.',
  });
}

/** Step 1 of connecting: where to send the administrator's browser (keep `state` and `codeVerifier` server-side). */
export function beginAccountViewConnect(
  settings: AccountViewSettings,
  deps: Pick<AccountViewDeps, 'endpoints'> = {},
): Promise<AuthorizationRequest> {
  return createAuthorizationRequest(accountViewOAuthConfig(settings, deps));
}

/**
 * Step 2: validates the callback, exchanges the code, stores the tokens under `grantId`, then checks that the grant
 * reaches the configured onderneming and that AccountView's prerequisites are met. Returns the reachable companies.
 * When only the checks fail the tokens stay stored, so the administrator can fix AccountView and verify again
 * without a new consent.
 */
export async function completeAccountViewConnect(
  settings: AccountViewSettings,
  grantId: string,
  input: { readonly callbackUrl: string | URL; readonly pending: AuthorizationRequest },
  deps: AccountViewDeps,
): ConnectorResult<{ readonly companies: readonly AccountViewCompany[] }> {
  const tokens = await exchangeAuthorizationCode(
    accountViewOAuthConfig(settings, deps),
    { callbackUrl: input.callbackUrl, expectedState: input.pending.state, codeVerifier: input.pending.codeVerifier },
    deps.clock(),
  );
  if (!tokens.ok) return tokens;
  const scoped = checkGrantedScope(tokens.value.scope);
  if (!scoped.ok) return scoped;
  await deps.tokenStore.save(grantId, tokens.value);
  const connector = createAccountViewConnector(settings, grantId, deps);
  const companies = await connector.listCompanies();
  if (!companies.ok) return companies;
  const verified = await connector.verify();
  return verified.ok ? ok({ companies: companies.value }) : verified;
}
