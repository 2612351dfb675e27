// End-to-end test of the screen-pop page in Chromium: /pop?number=… survives the login and shows the caller's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { setUpRinging } from '../helpers/callerid.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { heading, launchBrowser, openPage } from './helpers.js';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Language } from './helpers.js';

const ui = {
  nl: {
    email: 'E-mailadres',
    password: 'Wachtwoord',
    logIn: 'Inloggen',
    loginTitle: 'Inloggen bij crmhub',
    title: 'Beller',
    callFrom: 'Oproep van 020 123 4567',
    matchedOn: 'gevonden op telefoon zakelijk (020-123 45 67)',
    noMatch: 'Geen klant gevonden voor 010 765 4321 in de bronnen die aan u zijn toegewezen.',
  },
  en: {
    email: 'Email address',
    password: 'Password',
    logIn: 'Log in',
    loginTitle: 'Log in to crmhub',
    title: 'Caller',
    callFrom: 'Call from 020 123 4567',
    matchedOn: 'matched on business phone (020-123 45 67)',
    noMatch: 'No client found for 010 765 4321 in the sources assigned to you.',
  },
} as const;

const employee = { name: 'Anna Jansen', email: 'anna@kantoor.nl', password: TEST_PASSWORD };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const db = server.database.db;
  const user = mustSucceed(await createUser(db, { ...employee, role: 'employee' }));
  await setUpRinging(db, server.deps.secretBox, user.id);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser.close();
  await server.close();
});

async function logIn(page: Page, language: Language): Promise<void> {
  const t = ui[language];
  await heading(page, t.loginTitle).waitFor();
  await page.getByLabel(t.email, { exact: true }).fill(employee.email);
  await page.getByLabel(t.password, { exact: true }).fill(employee.password);
  await page.getByRole('button', { name: t.logIn, exact: true }).click();
}

describe('screen-pop page', () => {
  it.each(['nl', 'en'] as const)('anonymous → login → back on /pop with the match (%s)', async (language) => {
    const t = ui[language];
    const page = await openPage(browser, language, contexts);
    await page.goto(`${server.url}/pop?number=%2B31201234567`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/pop?number=%2B31201234567');
    await logIn(page, language);
    await heading(page, t.title).waitFor();
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe('/pop?number=%2B31201234567');
    await page.getByText(t.callFrom, { exact: true }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Bakkerij De Vries' }).waitFor();
    await page.getByText(t.matchedOn).waitFor();
  });

  it.each(['nl', 'en'] as const)('says so when no assigned source knows the number (%s)', async (language) => {
    const t = ui[language];
    const page = await openPage(browser, language, contexts);
    await page.goto(`${server.url}/pop?number=0107654321`);
    await logIn(page, language);
    await page.getByTestId('pop-no-match').waitFor();
    expect(await page.getByTestId('pop-no-match').textContent()).toBe(t.noMatch);
  });
});
