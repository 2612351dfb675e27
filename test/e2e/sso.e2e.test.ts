// Single sign-on in Chromium, in Dutch: an administrator turns it on in Settings, an employee signs in at an
// independent OpenID provider (oidc-provider), and an unknown e-mail comes back to the login page with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { closeInOrder } from '../helpers/close.js';
import { startTestOpenIdProvider } from '../helpers/oidc-provider.js';
import { startTestServer } from '../helpers/server.js';
import { expectPath, launchBrowserSession, setUpAdmin } from './helpers.js';

import type { TestOpenIdProvider } from '../helpers/oidc-provider.js';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession } from './helpers.js';

const nl = {
  section: 'Single sign-on',
  provider: 'Provider',
  otherProvider: 'Andere OpenID Connect-provider',
  issuer: 'Issuer-URL',
  clientId: 'Client-ID',
  clientSecret: 'Clientgeheim',
  enabled: 'Single sign-on staat aan',
  save: 'Single sign-on opslaan',
  saved: 'Opgeslagen. De inlogpagina biedt nu single sign-on aan.',
  signIn: 'Inloggen met single sign-on',
  unknown: 'Er is geen crmhub-gebruiker met dit e-mailadres. Vraag een portaalbeheerder je toe te voegen.',
};

let server: TestServer;
let op: TestOpenIdProvider;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startTestServer();
  op = await startTestOpenIdProvider(`${server.url}/api/auth/sso/callback`);
  browser = await launchBrowserSession();
});
afterAll(() => closeInOrder(browser, server, op));

describe('single sign-on in the browser (nl)', () => {
  it('an administrator turns it on; an employee signs in with it; an unknown address is told why', async () => {
    const adminPage = await browser.openPage('nl');
    await setUpAdmin(adminPage, server.url, {
      name: 'Anna de Vries',
      email: 'anna@kantoor.nl',
      password: 'correct horse battery staple',
    });
    await adminPage.goto(`${server.url}/settings/users`);
    const section = adminPage.getByRole('region', { name: nl.section, exact: true });
    await expect
      .poll(() => section.getByTestId('sso-redirect-uri').textContent())
      .toBe(`${server.url}/api/auth/sso/callback`);
    await section.getByLabel(nl.provider, { exact: true }).selectOption({ label: nl.otherProvider });
    await section.getByLabel(nl.issuer, { exact: true }).fill(op.issuer);
    await section.getByLabel(nl.clientId, { exact: true }).fill(op.clientId);
    await section.getByLabel(nl.clientSecret, { exact: true }).fill(op.clientSecret);
    await section.getByLabel(nl.enabled, { exact: true }).check();
    await section.getByRole('button', { name: nl.save, exact: true }).click();
    await section.getByText(nl.saved, { exact: true }).waitFor();

    mustSucceed(
      await createUser(server.deps.db, {
        email: 'erik@kantoor.nl',
        name: 'Erik Bakker',
        password: 'another long password',
        role: 'employee',
      }),
    );
    const employeePage = await browser.openPage('nl');
    await employeePage.goto(`${server.url}/login`);
    op.signInAs({ email: 'erik@kantoor.nl', emailVerified: true });
    await employeePage.getByRole('link', { name: nl.signIn, exact: true }).click();
    await employeePage.waitForURL((url) => url.origin === server.url && url.pathname !== '/login');
    const me = await employeePage.request.get(`${server.url}/api/auth/me`);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('erik@kantoor.nl');

    const strangerPage = await browser.openPage('nl');
    await strangerPage.goto(`${server.url}/login`);
    op.signInAs({ email: 'onbekend@elders.nl', emailVerified: true });
    await strangerPage.getByRole('link', { name: nl.signIn, exact: true }).click();
    await expectPath(strangerPage, '/login');
    await strangerPage.getByRole('alert').filter({ hasText: nl.unknown }).waitFor();
  });
});
