// An independent OpenID provider (oidc-provider) on 127.0.0.1 for single sign-on tests, and a browser stand-in that
// follows its redirects (with cookies) until it is sent back to crmhub.
import http from 'node:http';
import Provider from 'oidc-provider';

import type { AddressInfo } from 'node:net';

export type TestAccount = { readonly email: string; readonly emailVerified?: boolean };

export type TestOpenIdProvider = {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Who "types their password" at the provider in the next sign-in. */
  signInAs(account: TestAccount): void;
  /** Follows the provider's redirects from `url` until one goes to `redirectUri`; returns that address. */
  signIn(url: string, redirectUri: string): Promise<URL>;
  close(): Promise<void>;
};

function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    header: (): string => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    store(response: Response): void {
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        const name = pair.slice(0, at).trim();
        const value = pair.slice(at + 1).trim();
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
  };
}

function configuration(redirectUri: string, clientSecret: string, account: () => TestAccount) {
  return {
    clients: [
      {
        client_id: 'crmhub-test',
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Real providers (Entra ID, Google) put the e-mail claims in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['crmhub-test-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    findAccount: (_ctx: unknown, id: string) =>
      Promise.resolve({
        accountId: id,
        claims: () => {
          const { email, emailVerified } = account();
          return Promise.resolve({
            sub: id,
            email,
            ...(emailVerified === undefined ? {} : { email_verified: emailVerified }),
          });
        },
      }),
  };
}

/** Answers the login and consent prompts at once, as the account chosen with `signInAs`. */
function autoInteractions(provider: Provider, account: () => TestAccount): void {
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/interaction/')) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result: Record<string, unknown>;
    if (details.prompt.name === 'login') {
      result = { login: { accountId: `account-${account().email}` } };
    } else {
      const grant = new provider.Grant({
        accountId: details.session?.accountId ?? '',
        clientId: String(details.params['client_id']),
      });
      grant.addOIDCScope(String(details.params['scope']));
      result = { consent: { grantId: await grant.save() } };
    }
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result));
  });
}

export async function startTestOpenIdProvider(redirectUri: string): Promise<TestOpenIdProvider> {
  let current: TestAccount = { email: 'nobody@example.nl', emailVerified: true };
  const account = (): TestAccount => current;
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => {
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const clientSecret = 'crmhub-test-client-secret-0123456789';
  const provider = new Provider(issuer, configuration(redirectUri, clientSecret, account));
  autoInteractions(provider, account);
  handler = provider.callback();
  return {
    issuer,
    clientId: 'crmhub-test',
    clientSecret,
    signInAs(next) {
      current = next;
    },
    async signIn(url, target) {
      const jar = cookieJar();
      let next = url;
      for (let hop = 0; hop < 12; hop += 1) {
        if (next.startsWith(target)) return new URL(next);
        const response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
        jar.store(response);
        const location = response.headers.get('location');
        if (location === null)
          throw new Error(`no redirect from ${next}: ${String(response.status)} ${await response.text()}`);
        next = new URL(location, next).href;
      }
      throw new Error('too many redirects at the OpenID provider');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
