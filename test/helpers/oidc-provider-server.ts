/** An independent OAuth 2.0 authorization server (oidc-provider v9) on a free port, consenting for a fixed user. */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

import type { Server } from 'node:http';

export type OidcServer = {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token requests answered with an error, by OAuth error code (e.g. `invalid_grant`). */
  readonly refused: string[];
  /**
   * The scopes the user allows on the consent page (space-separated); null allows every scope asked. The others are
   * refused, as when the user unticks them.
   */
  grantOnly: string | null;
  /** Follows the browser's redirects (with cookies) through login and consent to the client's redirect URI. */
  consent(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
};

export async function startOidcServer(input: {
  readonly redirectUri: string;
  readonly scopes: readonly string[];
}): Promise<OidcServer> {
  let handler: Parameters<typeof createServer>[1] = (_req, res) => {
    res.end();
  };
  const server: Server = createServer((req, res) => {
    handler?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;
  const client = { clientId: 'crmhub-yuki', clientSecret: 'oidc-provider-secret-0123456789abcdef' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [input.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: [...input.scopes],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // Plain OAuth 2.0 (no OpenID Connect prompt=consent): every code grant gets a refresh token.
    issueRefreshToken: (_ctx: unknown, c: { grantTypeAllowed(type: string): boolean }) =>
      c.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      RefreshToken: 86_400,
      Grant: 86_400,
      Session: 3600,
      Interaction: 600,
    },
  });
  const refused: string[] = [];
  provider.on('grant.error', (...args: unknown[]) => {
    const error = args[1] as { error?: string } | undefined;
    refused.push(error?.error ?? 'unknown');
  });
  const oidc = provider.callback();
  const consenting = { grantOnly: null as string | null };
  handler = (req, res) => {
    if (!(req.url ?? '').startsWith('/interaction/')) {
      oidc(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: 'anna', clientId: String(details.params['client_id']) });
      const asked = String(details.params['scope']).split(' ');
      const allowed = consenting.grantOnly?.split(' ') ?? asked;
      grant.addOIDCScope(asked.filter((scope) => allowed.includes(scope)).join(' '));
      const refused = asked.filter((scope) => !allowed.includes(scope));
      if (refused.length > 0) grant.rejectOIDCScope(refused.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: 'anna' }, consent: { grantId } });
    })();
  };
  return {
    issuer,
    ...client,
    refused,
    get grantOnly() {
      return consenting.grantOnly;
    },
    set grantOnly(scopes) {
      consenting.grantOnly = scopes;
    },
    consent: (authorizationUrl) => followToRedirect(authorizationUrl, input.redirectUri),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A browser's walk: each redirect followed with the cookies set so far, until the client's redirect URI. */
async function followToRedirect(start: string, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location === null)
      throw new Error(`no redirect from ${url}: HTTP ${String(response.status)} ${await response.text()}`);
    const next = new URL(location, url);
    const target = new URL(redirectUri);
    if (next.origin === target.origin && next.pathname === target.pathname) return next;
    url = next.toString();
  }
  throw new Error('too many redirects before the redirect URI');
}
