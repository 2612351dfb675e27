import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { hashPassword } from '../../src/adapters/crypto/password.js';
import { insertUser } from '../../src/adapters/db/repos/users.repo.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs, postLogin, sessionCookieOf, TEST_PASSWORD } from '../helpers/http.js';

import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/app.js';

let t: TestApp;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-11-22T10:00:00Z');
  t = await buildTestApp({
    clock: () => now,
    env: { CRMHUB_LOGIN_MAX_FAILURES: '3', CRMHUB_LOGIN_LOCKOUT_MINUTES: '15' },
  });
});
afterEach(async () => {
  await t.close();
});

/** The first-run form as a browser would post it. */
function postSetup(email: string, name: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/setup', payload: { email, password, name } });
}

describe('first-run setup', () => {
  it('is needed until the first portal administrator exists, then refuses', async () => {
    expect((await t.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
    const created = await postSetup('Admin@Kantoor.nl', 'Anna Admin');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ user: { email: 'Admin@Kantoor.nl', role: 'portal_admin' } });
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookieOf(created) } });
    expect(me.json()).toMatchObject({ user: { role: 'portal_admin' } });

    expect((await t.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: false });
    const again = await postSetup('mallory@example.nl', 'Mallory');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'setup_already_done' });
  });

  it('lets exactly one of two simultaneous setups win', async () => {
    const attempts = await Promise.all(['a', 'b', 'c'].map((who) => postSetup(`${who}@x.nl`, who)));
    expect(attempts.map((response) => response.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it('names the field of a too-short password', async () => {
    const response = await postSetup('a@b.nl', 'A', 'short');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.password' }] });
  });
});

describe('login, sessions and logout', () => {
  it('sets an httpOnly SameSite=Lax cookie, not Secure over plain HTTP, and ends the session at logout', async () => {
    const session = await loginAs(t.app, t.deps.db, 'employee', 'emma@kantoor.nl');
    const login = await postLogin(t.app, 'EMMA@kantoor.nl');
    const cookie = login.cookies.find((candidate) => candidate.name === 'crmhub_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeUndefined();

    expect((await injectAs(t.app, session, { url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await injectAs(t.app, session, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const after = await injectAs(t.app, session, { url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('marks the cookie Secure behind a TLS-terminating proxy', async () => {
    const proxied = await buildTestApp({ env: { CRMHUB_TRUST_PROXY: 'true' } });
    try {
      await loginAs(proxied.app, proxied.deps.db, 'employee', 'tls@kantoor.nl');
      const login = await postLogin(proxied.app, 'tls@kantoor.nl', TEST_PASSWORD, {
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(login.cookies.find((candidate) => candidate.name === 'crmhub_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('stores only a hash of the session token', async () => {
    const session = await loginAs(t.app, t.deps.db, 'employee');
    const token = session.cookie.split('=')[1] ?? '';
    const rows = await t.deps.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.token_hash === token)).toBe(false);
  });

  it('expires sessions after the configured lifetime', async () => {
    const session = await loginAs(t.app, t.deps.db, 'employee');
    now = new Date(now.getTime() + 13 * 3600_000);
    expect((await injectAs(t.app, session, { url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    await loginAs(t.app, t.deps.db, 'employee', 'known@kantoor.nl');
    const unknown = await postLogin(t.app, 'nobody@kantoor.nl', 'whatever123456');
    const wrong = await postLogin(t.app, 'known@kantoor.nl', 'whatever123456');
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('holds an account after repeated failures from one address, the same way as an unknown account', async () => {
    await loginAs(t.app, t.deps.db, 'employee', 'locked@kantoor.nl');
    const attempt = (email: string, password: string, ip = '10.1.1.1') =>
      postLogin(t.app, email, password, { remoteAddress: ip });
    for (const email of ['locked@kantoor.nl', 'nobody@kantoor.nl']) {
      for (const n of [1, 2, 3]) expect((await attempt(email, `wrong password ${n}`)).statusCode).toBe(401);
    }
    const known = await attempt('locked@kantoor.nl', TEST_PASSWORD);
    const unknown = await attempt('nobody@kantoor.nl', TEST_PASSWORD);
    expect(known.statusCode).toBe(429);
    expect(known.json()).toEqual(unknown.json());
    expect(known.json()).toMatchObject({ code: 'too_many_attempts' });
    expect(Number(known.headers['retry-after'])).toBe(900);
    // Someone hammering the account elsewhere does not lock its owner out from the owner's own address.
    expect((await attempt('locked@kantoor.nl', TEST_PASSWORD, '10.2.2.2')).statusCode).toBe(200);
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await attempt('locked@kantoor.nl', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits login attempts per address', async () => {
    const limited = await buildTestApp({ env: { CRMHUB_LOGIN_RATE_PER_IP: '4' } });
    try {
      for (let i = 0; i < 4; i += 1) {
        const response = await postLogin(limited.app, `x${i}@y.nl`, 'nope nope nope');
        expect(response.statusCode).toBe(401);
      }
      const blocked = await postLogin(limited.app, 'x@y.nl', 'nope nope nope');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ code: 'too_many_attempts' });
      expect(blocked.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it('checks at most the limit of passwords when 200 attempts from one address arrive at once', async () => {
    const limited = await buildTestApp({ env: { CRMHUB_LOGIN_RATE_PER_IP: '30' } });
    try {
      const attempts = Array.from({ length: 200 }, (_, i) =>
        postLogin(limited.app, `raced${i}@y.nl`, 'nope nope nope'),
      );
      const codes = (await Promise.all(attempts)).map((response) => response.json<{ code: string }>().code);
      // Only an attempt that got past the limit reaches the password check (and so answers invalid_credentials).
      expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(30);
      expect(codes.filter((code) => code === 'too_many_attempts')).toHaveLength(170);
    } finally {
      await limited.close();
    }
  });

  it('takes the client address from the configured number of proxy hops, not from a client-sent header', async () => {
    const proxied = await buildTestApp({ env: { CRMHUB_TRUST_PROXY: '1', CRMHUB_LOGIN_RATE_PER_IP: '2' } });
    try {
      const attempt = (forwardedFor: string) =>
        postLogin(proxied.app, 'x@y.nl', 'nope nope nope', { headers: { 'x-forwarded-for': forwardedFor } });
      // The proxy appends the real client (203.0.113.7); the client invents a new left-hand value every time.
      const statuses = [];
      for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
        statuses.push((await attempt(`${spoofed}, 203.0.113.7`)).statusCode);
      }
      expect(statuses).toEqual([401, 401, 429]);
      expect((await attempt('203.0.113.8')).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});

describe('password strength', () => {
  it('refuses common and repetitive passwords with the reason, and creates nothing', async () => {
    for (const [password, reason] of [
      ['            ', 'simpleRepeat'],
      ['aaaaaaaaaaaa', 'simpleRepeat'],
      ['password1234', 'similarToCommon'],
    ] as const) {
      const response = await postSetup('a@b.nl', 'Anna', password);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'password_too_weak',
        reason,
        errors: [{ field: 'body.password' }],
      });
    }
    expect((await t.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
  });

  it("refuses a password made of the new colleague's own name", async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const payload = {
      email: 'marieke@zwartkop.nl',
      name: 'Marieke Zwartkop',
      password: 'mariekezwartkop',
      role: 'employee',
    };
    const response = await injectAs(t.app, admin, { method: 'POST', url: '/api/users', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'password_too_weak', reason: 'userInputs' });
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without or with a wrong token, and accepts the right one', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const payload = { email: 'new@kantoor.nl', name: 'New', password: TEST_PASSWORD, role: 'employee' };
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'csrf_invalid' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'x'.repeat(admin.csrfToken.length) },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    expect((await injectAs(t.app, admin, { method: 'POST', url: '/api/users', payload })).statusCode).toBe(201);
  });

  it('gives a token that belongs to one session only', async () => {
    const first = await loginAs(t.app, t.deps.db, 'portal_admin');
    const second = await loginAs(t.app, t.deps.db, 'portal_admin');
    const crossed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: first.cookie, 'x-csrf-token': second.csrfToken },
    });
    expect(crossed.statusCode).toBe(403);
  });
});

describe('users of other portals', () => {
  /** One installation serves one portal today; a second portal must still keep to its own users. */
  async function adminOfAnotherPortal(email: string) {
    const portal = await t.deps.db
      .insertInto('portals')
      .values({ name: `Kantoor van ${email}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const passwordHash = await hashPassword(TEST_PASSWORD);
    return insertUser(t.deps.db, { portalId: portal.id, email, name: 'Beheer', role: 'portal_admin', passwordHash });
  }

  it('are neither listed nor readable by a portal administrator', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin', 'beheer@kantoor.nl');
    const stranger = await adminOfAnotherPortal('vreemde@anderkantoor.nl');
    const listed = await injectAs(t.app, admin, { method: 'GET', url: '/api/users' });
    expect(listed.statusCode).toBe(200);
    const emails = listed.json<{ users: { email: string }[] }>().users.map((user) => user.email);
    expect(emails).toContain('beheer@kantoor.nl');
    expect(emails).not.toContain(stranger.email);
    const read = await injectAs(t.app, admin, { method: 'GET', url: `/api/users/${stranger.id}` });
    expect(read.statusCode).toBe(404);
  });

  it('are added to the portal of the administrator who adds them', async () => {
    const otherAdmin = await adminOfAnotherPortal('beheer@tweedekantoor.nl');
    const login = await postLogin(t.app, otherAdmin.email);
    const session = {
      cookie: sessionCookieOf(login),
      csrfToken: login.json<{ csrfToken: string }>().csrfToken,
      userId: otherAdmin.id,
    };
    const payload = { email: 'collega@tweedekantoor.nl', name: 'Collega', password: TEST_PASSWORD, role: 'employee' };
    const added = await injectAs(t.app, session, { method: 'POST', url: '/api/users', payload });
    expect(added.statusCode).toBe(201);
    const row = await t.deps.db
      .selectFrom('users')
      .select('portal_id')
      .where('email', '=', payload.email)
      .executeTakeFirstOrThrow();
    expect(row.portal_id).toBe(otherAdmin.portalId);
  });
});
