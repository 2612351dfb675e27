/** Declarative description of the AccountView.net connector: auth, endpoints, paging (docs/external-systems/accountview.md). */
import { z } from 'zod';

import { defineManifest } from '../shared/manifest.js';

const protocolSchema = z.strictObject({
  id: z.literal('accountview'),
  displayName: z.string().min(1),
  auth: z.strictObject({
    kind: z.literal('oauth2_authorization_code'),
    authorizeUrl: z.url({ protocol: /^https$/ }),
    tokenUrl: z.url({ protocol: /^https$/ }),
    scopes: z.array(z.string().min(1)).min(1),
    clientAuth: z.enum(['client_secret_post', 'client_secret_basic']),
    pkce: z.literal('S256'),
    refreshTokensRotate: z.boolean(),
  }),
  api: z.strictObject({
    baseUrl: z.url({ protocol: /^https$/ }),
    companyHeader: z.string().min(1),
    pagination: z.strictObject({
      kind: z.literal('keyset'),
      param: z.string(),
      key: z.string(),
      pageSize: z.int().min(1).max(1000),
    }),
    modifiedSince: z.strictObject({ field: z.string(), operator: z.string() }),
  }),
  entities: z.array(z.enum(['debtor', 'creditor'])),
});
export type AccountViewProtocol = z.infer<typeof protocolSchema>;

/** AccountView's wire details beyond the shared manifest; validated at load, so a typo fails at start. */
export const accountViewProtocol: AccountViewProtocol = protocolSchema.parse({
  id: 'accountview',
  displayName: 'Visma AccountView',
  auth: {
    kind: 'oauth2_authorization_code',
    // [C] docs/external-systems/accountview.md#oauth authorize on accountview.net (implicit flow seen; the code flow is [I] on the same page).
    authorizeUrl: 'https://accountview.net/ams/authorize.aspx',
    tokenUrl: 'https://www.accountview.net/api/v3/token',
    scopes: ['readaccountviewdata'],
    // [C] docs/external-systems/accountview.md#oauth: client credentials in the form body, not HTTP Basic.
    clientAuth: 'client_secret_post',
    pkce: 'S256',
    refreshTokensRotate: true,
  },
  api: {
    baseUrl: 'https://www.accountview.net/api/v3',
    companyHeader: 'x-company',
    // [C-client] docs/external-systems/accountview.md#reading-data AV-RB pages with lastKey on SUB_NR while the page is full.
    pagination: { kind: 'keyset', param: 'lastKey', key: 'SUB_NR', pageSize: 500 },
    modifiedSince: { field: 'CNG_DATE', operator: 'DateOnOrAfterDate' },
  },
  entities: ['debtor', 'creditor'],
});

/** The URLs of one AccountView installation (production, the test environment, or a simulator). */
export type AccountViewEndpoints = {
  readonly apiBaseUrl: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** The authorization server's issuer identifier, compared with the callback's `iss` (RFC 9207). */
  readonly issuer: string;
};

/** Full OAuth URLs an administrator may set instead of the defaults (Visma moves products to Visma Connect, §10.3). */
export type AccountViewOAuthUrls = {
  readonly authorizeUrl?: string | undefined;
  readonly tokenUrl?: string | undefined;
  readonly issuer?: string | undefined;
};

/** Production endpoints, or all three under `baseUrl` (e.g. `https://test.accountview.net` or a simulator). */
export function accountViewEndpoints(baseUrl?: string): AccountViewEndpoints {
  if (baseUrl === undefined) {
    return {
      apiBaseUrl: accountViewProtocol.api.baseUrl,
      authorizeUrl: accountViewProtocol.auth.authorizeUrl,
      tokenUrl: accountViewProtocol.auth.tokenUrl,
      issuer: new URL(accountViewProtocol.auth.authorizeUrl).origin,
    };
  }
  const base = baseUrl.replace(/\/+$/, '');
  const authorizeUrl = `${base}/ams/authorize.aspx`;
  return { apiBaseUrl: `${base}/api/v3`, authorizeUrl, tokenUrl: `${base}/api/v3/token`, issuer: new URL(base).origin };
}

/** `endpoints` with the OAuth URLs an administrator set; an issuer not set is the authorize URL's origin. */
export function withOAuthUrls(endpoints: AccountViewEndpoints, urls: AccountViewOAuthUrls = {}): AccountViewEndpoints {
  const authorizeUrl = urls.authorizeUrl ?? endpoints.authorizeUrl;
  return {
    apiBaseUrl: endpoints.apiBaseUrl,
    authorizeUrl,
    tokenUrl: urls.tokenUrl ?? endpoints.tokenUrl,
    issuer: urls.issuer ?? (urls.authorizeUrl === undefined ? endpoints.issuer : new URL(authorizeUrl).origin),
  };
}

/** The shared description of AccountView, as the registry lists it (caller-ID source over OAuth2). */
export const accountViewManifest = defineManifest({
  id: 'accountview',
  displayName: 'Visma AccountView',
  role: 'callerid_source',
  availability: 'available',
  auth: {
    kind: 'oauth2_code',
    authorizeUrl: accountViewProtocol.auth.authorizeUrl,
    tokenUrl: accountViewProtocol.auth.tokenUrl,
    scopes: accountViewProtocol.auth.scopes,
  },
  baseUrlPattern: 'https://www.accountview.net',
  apiPath: '/api/v3',
  pagination: { kind: 'keyset', param: 'lastKey', pageSize: 500 },
  modifiedSince: { param: 'CNG_DATE DateOnOrAfterDate', format: 'date' },
  rateLimit: null,
  webhooks: null,
  capabilities: { companies: false, phoneRecords: true, incremental: true, webhooks: false, writes: false },
  settings: [
    { name: 'clientId', label: 'API key (client id)', secret: false },
    { name: 'clientSecret', label: 'API secret (client secret)', secret: true },
    { name: 'companyId', label: 'Company (onderneming) id', secret: false },
  ],
  docs: 'AccountView.net REST API over OAuth2 (docs/external-systems/accountview.md).',
});
