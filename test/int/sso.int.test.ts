// Single sign-on end to end against oidc-provider, an independent OpenID provider started on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs, TEST_PASSWORD } from '../helpers/http.js';
import { startTestOpenIdProvider } from '../helpers/oidc-provider.js';

import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';
import type { TestAccount, TestOpenIdProvider } from '../helpers/oidc-provider.js';

const PUBLIC_URL = 'https://crmhub.kantoor.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/auth/sso/callback`;

let t: TestApp;
let op: TestOpenIdProvider;
let admin: Session;

beforeAll(async () => {
  op = await startTestOpenIdProvider(REDIRECT_URI);
  t = await buildTestApp({ env: { CRMHUB_PUBLIC_URL: PUBLIC_URL } });
  admin = await loginAs(t.app, t.deps.db, 'portal_admin', 'beheer@kantoor.test');
});
afterAll(async () => {
  await t.close();
  await op.close();
});

const count = async (table: 'users' | 'sessions'): Promise<number> =>
  Number((await t.deps.db.selectFrom(table).select(t.deps.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function configure(body: Record<string, unknown>) {
  return injectAs(t.app, admin, { method: 'PUT', url: '/api/settings/sso', payload: body });
}

const oidcSettings = () => ({
  enabled: true,
  provider: 'oidc',
  issuerUrl: op.issuer,
  clientId: op.clientId,
  clientSecret: op.clientSecret,
});

type Finished = { location: string; sessionCookie: string | undefined };

/** The browser's round trip: crmhub start → provider (signed in as `account`) → crmhub callback. */
async function signInWith(account: TestAccount): Promise<Finished & { callback: URL; binding: string }> {
  op.signInAs(account);
  const start = await t.app.inject({ url: '/api/auth/sso/start' });
  expect(start.statusCode).toBe(302);
  const binding = start.cookies.find((c) => c.name === 'crmhub_sso')?.value ?? '';
  const callback = await op.signIn(String(start.headers.location), REDIRECT_URI);
  return { ...(await callback_(callback, binding)), callback, binding };
}

async function callback_(callback: URL, binding: string): Promise<Finished> {
  const response = await t.app.inject({
    url: `${callback.pathname}${callback.search}`,
    headers: binding === '' ? {} : { cookie: `crmhub_sso=${binding}` },
  });
  expect(response.statusCode).toBe(302);
  return {
    location: String(response.headers.location),
    sessionCookie: response.cookies.find((c) => c.name === 'crmhub_session')?.value,
  };
}

const addEmployee = async (email: string, name: string) =>
  mustSucceed(await createUser(t.deps.db, { email, name, password: TEST_PASSWORD, role: 'employee' }));

const loginError = (code: string): string => `${PUBLIC_URL}/login?sso_error=${code}`;

describe('single sign-on while it is off', () => {
  it('sends the browser back to the login page with sso_not_enabled, and the login page offers no button', async () => {
    const start = await t.app.inject({ url: '/api/auth/sso/start' });
    expect(start.statusCode).toBe(302);
    expect(start.headers.location).toBe(loginError('sso_not_enabled'));
    const option = await t.app.inject({ url: '/api/auth/sso' });
    expect(option.json()).toEqual({ enabled: false, provider: null, passwordLogin: 'everyone' });
  });
});

describe('single sign-on settings', () => {
  it('shows the redirect URI built from CRMHUB_PUBLIC_URL before anything is set', async () => {
    const response = await injectAs(t.app, admin, { url: '/api/settings/sso' });
    expect(response.json()).toMatchObject({ enabled: false, hasClientSecret: false, redirectUri: REDIRECT_URI });
  });

  it('refuses a Microsoft provider without a tenant id and an issuer that cannot be reached; nothing is saved', async () => {
    const microsoft = await configure({
      enabled: true,
      provider: 'microsoft',
      tenantId: 'common',
      clientId: 'x',
      clientSecret: 'y',
    });
    expect(microsoft.statusCode).toBe(400);
    expect(microsoft.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'body.tenantId', code: 'invalid_guid' }],
    });
    const unreachable = await configure({ ...oidcSettings(), issuerUrl: 'http://127.0.0.1:9/' });
    expect(unreachable.statusCode).toBe(502);
    expect(unreachable.json()).toMatchObject({ code: 'sso_provider_error', reason: 'unreachable' });
    expect((await injectAs(t.app, admin, { url: '/api/settings/sso' })).json()).toMatchObject({
      hasClientSecret: false,
    });
  });

  it('saves the provider after reading its discovery document and never returns the secret', async () => {
    const saved = await configure(oidcSettings());
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain(op.clientSecret);
    expect(saved.json()).toMatchObject({ enabled: true, provider: 'oidc', issuer: op.issuer, hasClientSecret: true });
    const stored = await t.deps.db.selectFrom('portal_sso').select('client_secret_enc').executeTakeFirstOrThrow();
    expect(stored.client_secret_enc).not.toContain(op.clientSecret);
    const option = await t.app.inject({ url: '/api/auth/sso' });
    expect(option.json()).toEqual({ enabled: true, provider: 'oidc', passwordLogin: 'everyone' });
  });
});

describe('signing in with single sign-on', () => {
  it('gives a known user with a verified e-mail (any letter case) a session and sends them to the app', async () => {
    const user = await addEmployee('anna@kantoor.test', 'Anna');
    const finished = await signInWith({ email: 'Anna@Kantoor.TEST', emailVerified: true });
    expect(finished.location).toBe(`${PUBLIC_URL}/`);
    expect(finished.sessionCookie).toBeDefined();
    const me = await t.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `crmhub_session=${finished.sessionCookie ?? ''}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: user.id, email: 'anna@kantoor.test' }, mustChangePassword: false });

    // The same callback again (a reused state) starts nothing.
    const sessions = await count('sessions');
    const replay = await callback_(finished.callback, finished.binding);
    expect(replay).toEqual({ location: loginError('sso_state_invalid'), sessionCookie: undefined });
    expect(await count('sessions')).toBe(sessions);
  });

  it('refuses an e-mail no crmhub user has, and creates no user', async () => {
    const users = await count('users');
    const finished = await signInWith({ email: 'stranger@elders.test', emailVerified: true });
    expect(finished).toMatchObject({ location: loginError('sso_user_unknown'), sessionCookie: undefined });
    expect(await count('users')).toBe(users);
  });

  it('refuses an e-mail the provider does not confirm (false or absent)', async () => {
    await addEmployee('bram@kantoor.test', 'Bram');
    for (const account of [{ email: 'bram@kantoor.test', emailVerified: false }, { email: 'bram@kantoor.test' }]) {
      const sessions = await count('sessions');
      const finished = await signInWith(account);
      expect(finished).toMatchObject({ location: loginError('sso_email_unverified'), sessionCookie: undefined });
      expect(await count('sessions')).toBe(sessions);
    }
  });

  it('refuses a deactivated user', async () => {
    const user = await addEmployee('cees@kantoor.test', 'Cees');
    const deactivated = await injectAs(t.app, admin, { method: 'POST', url: `/api/users/${user.id}/deactivate` });
    expect(deactivated.statusCode).toBe(200);
    const finished = await signInWith({ email: 'cees@kantoor.test', emailVerified: true });
    expect(finished).toMatchObject({ location: loginError('sso_user_deactivated'), sessionCookie: undefined });
  });

  it('refuses a callback in a browser that did not start the sign-in (no binding cookie)', async () => {
    const finished = await signInWith({ email: 'anna@kantoor.test', emailVerified: true });
    expect(finished.sessionCookie).toBeDefined();
    op.signInAs({ email: 'anna@kantoor.test', emailVerified: true });
    const start = await t.app.inject({ url: '/api/auth/sso/start' });
    const callback = await op.signIn(String(start.headers.location), REDIRECT_URI);
    expect(await callback_(callback, '')).toEqual({
      location: loginError('sso_state_invalid'),
      sessionCookie: undefined,
    });
  });

  it('refuses a forged state', async () => {
    const forged = await callback_(new URL(`${REDIRECT_URI}?code=x&state=forged`), 'whatever');
    expect(forged.location).toBe(loginError('sso_state_invalid'));
  });
});

describe('password login next to single sign-on', () => {
  it('when turned off, refuses employees (after the right password) but keeps administrators', async () => {
    expect((await configure({ ...oidcSettings(), clientSecret: '', allowPasswordLogin: false })).statusCode).toBe(200);
    const employee = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'anna@kantoor.test', password: TEST_PASSWORD },
    });
    expect(employee.statusCode).toBe(403);
    expect(employee.json()).toMatchObject({ code: 'password_login_disabled' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'anna@kantoor.test', password: 'not the password at all' },
    });
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
    const administrator = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'beheer@kantoor.test', password: TEST_PASSWORD },
    });
    expect(administrator.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/sso' })).json()).toMatchObject({ passwordLogin: 'administrators' });
    // The stored secret was kept (empty means "keep"): signing in still works.
    expect((await signInWith({ email: 'anna@kantoor.test', emailVerified: true })).location).toBe(`${PUBLIC_URL}/`);
  });

  it('when single sign-on is turned off again, the start sends users back with sso_not_enabled', async () => {
    expect((await configure({ ...oidcSettings(), enabled: false })).statusCode).toBe(200);
    const start = await t.app.inject({ url: '/api/auth/sso/start' });
    expect(start.headers.location).toBe(loginError('sso_not_enabled'));
  });
});
