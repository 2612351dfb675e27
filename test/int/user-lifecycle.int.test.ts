// People and access through the API: domain access, deactivation, roles with one administrator always left,
// deletion that the audit survives, temporary passwords that must be changed, and a user's own sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs, postLogin, sessionCookieOf, TEST_PASSWORD } from '../helpers/http.js';
import { addDomainWithAdministration } from '../helpers/portal.js';

import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-12-07T09:00:00Z');
  t = await buildTestApp({ clock: () => now });
});
afterEach(async () => {
  await t.close();
});

/** Creates a domain with one administration in the installation's portal; returns both ids. */
async function domainWithAdministration(name: string): Promise<{ domainId: string; administrationId: string }> {
  const portalId = await ensurePortal(t.deps.db, DEFAULT_PORTAL_NAME);
  return addDomainWithAdministration(t.deps.db, {
    portalId,
    domain: { externalId: `ext-${name}`, name },
    administration: { externalId: `adm-${name}`, name: `${name} B.V.` },
    now,
  });
}

async function visibleAdministrations(session: Session): Promise<string[]> {
  const response = await injectAs(t.app, session, { url: '/api/administrations' });
  expect(response.statusCode).toBe(200);
  return response
    .json<{ administrations: { name: string }[] }>()
    .administrations.map((a) => a.name)
    .sort();
}

describe('domain access', () => {
  it('shows an employee exactly the domains given, or all of them including later ones', async () => {
    const domains = [];
    for (const name of ['Een', 'Twee', 'Drie', 'Vier', 'Vijf']) domains.push(await domainWithAdministration(name));
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const employee = await loginAs(t.app, t.deps.db, 'employee');
    expect(await visibleAdministrations(employee)).toEqual([]);

    const two = [domains[1]?.domainId, domains[3]?.domainId];
    const granted = await injectAs(t.app, admin, {
      method: 'PUT',
      url: `/api/users/${employee.userId}/domains`,
      payload: { allDomains: false, domainIds: two },
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ allDomains: false, domainIds: [...two].sort() });
    expect(await visibleAdministrations(employee)).toEqual(['Twee B.V.', 'Vier B.V.']);

    await injectAs(t.app, admin, {
      method: 'PUT',
      url: `/api/users/${employee.userId}/domains`,
      payload: { allDomains: true, domainIds: [] },
    });
    await domainWithAdministration('Zes');
    expect(await visibleAdministrations(employee)).toHaveLength(6);
  });

  it('refuses a domain that does not exist and changes nothing', async () => {
    const { domainId } = await domainWithAdministration('Een');
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const employee = await loginAs(t.app, t.deps.db, 'employee');
    const refused = await injectAs(t.app, admin, {
      method: 'PUT',
      url: `/api/users/${employee.userId}/domains`,
      payload: { allDomains: false, domainIds: [domainId, '00000000-0000-4000-8000-000000000000'] },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'domain_not_found' });
    expect(await visibleAdministrations(employee)).toEqual([]);
  });
});

describe('user lifecycle', () => {
  it('ends every session of a deactivated user at once, and lets a reactivated one log in again', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const employee = await loginAs(t.app, t.deps.db, 'employee', 'erik@kantoor.nl');
    const deactivated = await injectAs(t.app, admin, {
      method: 'POST',
      url: `/api/users/${employee.userId}/deactivate`,
    });
    expect(deactivated.json()).toMatchObject({ active: false });
    expect((await injectAs(t.app, employee, { url: '/api/auth/me' })).statusCode).toBe(401);
    const refused = await postLogin(t.app, 'erik@kantoor.nl');
    const unknown = await postLogin(t.app, 'niemand@kantoor.nl');
    expect([refused.statusCode, refused.json()]).toEqual([unknown.statusCode, unknown.json()]);
    await injectAs(t.app, admin, { method: 'POST', url: `/api/users/${employee.userId}/reactivate` });
    expect((await postLogin(t.app, 'erik@kantoor.nl')).statusCode).toBe(200);
  });

  it('always keeps one active portal administrator', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    for (const [method, url, payload] of [
      ['POST', `/api/users/${admin.userId}/deactivate`, undefined],
      ['PUT', `/api/users/${admin.userId}/role`, { role: 'employee' }],
      ['DELETE', `/api/users/${admin.userId}`, undefined],
    ] as const) {
      const refused = await injectAs(t.app, admin, { method, url, ...(payload ? { payload } : {}) });
      expect({ url, status: refused.statusCode, code: refused.json<{ code: string }>().code }).toEqual({
        url,
        status: 409,
        code: 'last_admin',
      });
    }
    const second = await loginAs(t.app, t.deps.db, 'employee');
    const promoted = await injectAs(t.app, admin, {
      method: 'PUT',
      url: `/api/users/${second.userId}/role`,
      payload: { role: 'portal_admin' },
    });
    expect(promoted.json()).toMatchObject({ role: 'portal_admin' });
    const demoted = await injectAs(t.app, second, {
      method: 'PUT',
      url: `/api/users/${admin.userId}/role`,
      payload: { role: 'employee' },
    });
    expect(demoted.statusCode).toBe(200);
    expect((await injectAs(t.app, admin, { url: '/api/users' })).statusCode).toBe(403);
  });

  it('deletes a user while the audit keeps who it was', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const colleague = await loginAs(t.app, t.deps.db, 'portal_admin', 'oud@kantoor.nl');
    const employee = await loginAs(t.app, t.deps.db, 'employee');
    await injectAs(t.app, colleague, { method: 'POST', url: `/api/users/${employee.userId}/deactivate` });
    expect((await injectAs(t.app, admin, { method: 'DELETE', url: `/api/users/${colleague.userId}` })).statusCode).toBe(
      204,
    );
    const audit = await injectAs(t.app, admin, { url: '/api/audit?action=user_deactivated' });
    expect(audit.json<{ entries: { actorEmail: string | null }[] }>().entries).toEqual([
      expect.objectContaining({ actorEmail: 'oud@kantoor.nl' }),
    ]);
    const again = await injectAs(t.app, admin, {
      method: 'POST',
      url: `/api/users/${colleague.userId}/password-reset`,
    });
    expect(again.json()).toMatchObject({ code: 'not_found' });
  });
});

describe('passwords and sessions', () => {
  it('makes a temporary password usable once, only to choose a new one, and lets it expire', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const employee = await loginAs(t.app, t.deps.db, 'employee', 'fleur@kantoor.nl');
    const reset = await injectAs(t.app, admin, { method: 'POST', url: `/api/users/${employee.userId}/password-reset` });
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    expect((await injectAs(t.app, employee, { url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await postLogin(t.app, 'fleur@kantoor.nl')).statusCode).toBe(401);

    const temporary = await postLogin(t.app, 'fleur@kantoor.nl', temporaryPassword);
    expect(temporary.json()).toMatchObject({ mustChangePassword: true });
    const session = {
      cookie: sessionCookieOf(temporary),
      csrfToken: temporary.json<{ csrfToken: string }>().csrfToken,
    };
    const blocked = await injectAs(t.app, { ...session, userId: employee.userId }, { url: '/api/administrations' });
    expect(blocked.json()).toMatchObject({ code: 'password_change_required' });
    const changed = await injectAs(
      t.app,
      { ...session, userId: employee.userId },
      {
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: temporaryPassword, newPassword: 'mijn eigen nieuwe zin' },
      },
    );
    expect(changed.statusCode).toBe(204);
    expect(
      (await injectAs(t.app, { ...session, userId: employee.userId }, { url: '/api/administrations' })).statusCode,
    ).toBe(200);
    expect((await postLogin(t.app, 'fleur@kantoor.nl', temporaryPassword)).statusCode).toBe(401);

    const second = await injectAs(t.app, admin, {
      method: 'POST',
      url: `/api/users/${employee.userId}/password-reset`,
    });
    now = new Date(now.getTime() + 73 * 3600_000);
    const expired = await postLogin(
      t.app,
      'fleur@kantoor.nl',
      second.json<{ temporaryPassword: string }>().temporaryPassword,
    );
    expect(expired.json()).toMatchObject({ code: 'temporary_password_expired' });
  });

  it('changes your own password only with the current one, and ends your other sessions', async () => {
    const first = await loginAs(t.app, t.deps.db, 'employee', 'gijs@kantoor.nl');
    const other = await postLogin(t.app, 'gijs@kantoor.nl');
    const wrong = await injectAs(t.app, first, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not my password', newPassword: 'een heel nieuwe zin' },
    });
    expect(wrong.json()).toMatchObject({
      code: 'current_password_wrong',
      errors: [{ field: 'body.currentPassword', code: 'current_password_wrong' }],
    });
    const changed = await injectAs(t.app, first, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'een heel nieuwe zin' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await injectAs(t.app, first, { url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookieOf(other) } })).statusCode).toBe(
      401,
    );
  });

  it('lists your own sessions and ends the one you choose', async () => {
    const first = await loginAs(t.app, t.deps.db, 'employee', 'hanna@kantoor.nl');
    const other = await postLogin(t.app, 'hanna@kantoor.nl', TEST_PASSWORD, { headers: { 'user-agent': 'Telefoon' } });
    const listed = await injectAs(t.app, first, { url: '/api/auth/sessions' });
    const sessions = listed.json<{ sessions: { id: string; current: boolean; userAgent: string | null }[] }>().sessions;
    expect(sessions).toHaveLength(2);
    const phone = sessions.find((session) => !session.current);
    expect(phone?.userAgent).toBe('Telefoon');
    expect(
      (await injectAs(t.app, first, { method: 'DELETE', url: `/api/auth/sessions/${phone?.id ?? ''}` })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookieOf(other) } })).statusCode).toBe(
      401,
    );
    const stranger = await loginAs(t.app, t.deps.db, 'employee');
    const foreign = await injectAs(t.app, stranger, {
      method: 'DELETE',
      url: `/api/auth/sessions/${sessions[0]?.id ?? ''}`,
    });
    expect(foreign.json()).toMatchObject({ code: 'not_found' });
  });
});
