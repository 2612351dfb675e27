// End-to-end test of the web shell in Chromium: first-run setup, login/logout, navigation, Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../helpers/server.js';
import { expectAccessible, expectAccessibleLayout, expectPath, heading, launchBrowserSession } from './helpers.js';

import type { Page } from 'playwright-core';
import type { BrowserSession } from './helpers.js';

const admin = { name: 'Anna de Vries', email: 'anna@example.nl', password: 'correct horse battery staple' };

const ui = {
  nl: {
    locale: 'nl-NL',
    setupTitle: 'crmhub instellen',
    name: 'Naam',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    createAdmin: 'Beheerder aanmaken',
    checkFields: 'Controleer de gemarkeerde velden.',
    loginTitle: 'Inloggen bij crmhub',
    logIn: 'Inloggen',
    logOut: 'Uitloggen',
    wrongCredentials: 'Het e-mailadres of wachtwoord klopt niet.',
    language: 'Taal',
    mainNav: 'Hoofdmenu',
    callsEmpty: 'Nog geen gesprekken.',
    pages: {
      settings: 'Instellingen',
      administrations: 'Administraties',
      review: 'Te beoordelen',
      audit: 'Logboek',
      calls: 'Gesprekken',
      status: 'Status',
    },
    settingsPages: {
      portal: 'Accountantsportaal',
      'caller-id': 'Nummerherkenning',
      'phone-systems': 'Telefooncentrales',
      users: 'Gebruikers',
      crmhub: 'CRMHub',
    },
    menu: 'Menu openen of sluiten',
  },
  en: {
    locale: 'en-US',
    setupTitle: 'Set up crmhub',
    name: 'Name',
    email: 'Email address',
    password: 'Password',
    createAdmin: 'Create administrator',
    checkFields: 'Check the highlighted fields.',
    loginTitle: 'Log in to crmhub',
    logIn: 'Log in',
    logOut: 'Log out',
    wrongCredentials: 'The email address or password is incorrect.',
    language: 'Language',
    mainNav: 'Main',
    callsEmpty: 'No calls yet.',
    pages: {
      settings: 'Settings',
      administrations: 'Administrations',
      review: 'Review queue',
      audit: 'Audit',
      calls: 'Calls',
      status: 'Status',
    },
    settingsPages: {
      portal: 'Accountant portal',
      'caller-id': 'Caller ID',
      'phone-systems': 'Phone systems',
      users: 'Users',
      crmhub: 'CRMHub',
    },
    menu: 'Open or close the menu',
  },
} as const;
type Language = keyof typeof ui;

/** The main navigation in its order; each page lives at /<its key>. */
const mainPages = ['settings', 'administrations', 'review', 'audit', 'calls', 'status'] as const;
/** The settings navigation in its order; each section lives at /settings/<its key>, CRMHub's own at /settings. */
const settingsSections = ['portal', 'caller-id', 'phone-systems', 'users', 'crmhub'] as const;
const settingsPath = (section: (typeof settingsSections)[number]): string =>
  section === 'crmhub' ? '/settings' : `/settings/${section}`;

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowserSession();
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

async function logIn(page: Page, language: Language, password: string): Promise<void> {
  const t = ui[language];
  await page.getByLabel(t.email, { exact: true }).fill(admin.email);
  await page.getByLabel(t.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: t.logIn, exact: true }).click();
}

async function logOut(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: admin.name, exact: true }).click();
  await page.getByRole('menuitem', { name: ui[language].logOut, exact: true }).click();
  await expectPath(page, '/login');
  await heading(page, ui[language].loginTitle).waitFor();
  expect(new URL(page.url()).search).toBe(''); // a deliberate logout does not ask to come back
  expect(await page.locator('h1:focus').textContent()).toBe(ui[language].loginTitle);
}

// The tests share one fresh crmhub and run in order: the first creates the administrator the others log in as.
describe('web shell', () => {
  it('first-run setup creates the first portal administrator, after which the setup page is gone', async () => {
    const t = ui.nl;
    const page = await browser.openPage('nl');
    await page.goto(`${server.url}/`);
    await expectPath(page, '/setup');
    await heading(page, t.setupTitle).waitFor();
    expect(await htmlLang(page)).toBe('nl');
    await expectAccessibleLayout(page, 'the setup page');

    await page.getByLabel(t.name, { exact: true }).fill(admin.name);
    await page.getByLabel(t.email, { exact: true }).fill(admin.email);
    await page.getByLabel(t.password, { exact: true }).fill('too short');
    await page.getByRole('button', { name: t.createAdmin }).click();
    await page.getByRole('alert').filter({ hasText: t.checkFields }).waitFor();
    await expectAccessible(page, 'the setup page with its errors');
    const passwordField = page.getByLabel(t.password, { exact: true });
    expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/setup');

    await passwordField.fill(admin.password);
    await page.getByRole('button', { name: t.createAdmin }).click();
    await expectPath(page, '/settings');
    await heading(page, 'Instellingen').waitFor();
    await page.getByRole('button', { name: admin.name, exact: true }).waitFor();

    await logOut(page, 'nl');
    await page.goto(`${server.url}/setup`);
    await expectPath(page, '/login');
    await heading(page, t.loginTitle).waitFor();
    expect(await heading(page, t.setupTitle).count()).toBe(0);
    const status = await page.request.get(`${server.url}/api/setup`);
    expect(await status.json()).toEqual({ needed: false });
  });

  it.each(['nl', 'en'] as const)(
    'after login every navigation item renders its page, in the browser language (%s)',
    async (language) => {
      const t = ui[language];
      const page = await browser.openPage(language);
      await page.goto(`${server.url}/calls`);
      await expectPath(page, '/login');
      await heading(page, t.loginTitle).waitFor();
      expect(await htmlLang(page)).toBe(language);
      await expectAccessibleLayout(page, 'the login page');

      await logIn(page, language, 'not the password');
      await page.getByRole('alert').filter({ hasText: t.wrongCredentials }).waitFor();
      await logIn(page, language, admin.password);
      await expectPath(page, '/calls'); // back to the page asked for before logging in
      await heading(page, t.pages.calls).waitFor();

      const nav = page.getByRole('navigation', { name: t.mainNav });
      const reviewLink = nav.getByRole('link', { name: new RegExp(`^${t.pages.review}`) });
      await reviewLink.getByTestId('review-count').waitFor();
      expect(await reviewLink.getByTestId('review-count').locator('[aria-hidden="true"]').textContent()).toBe('0');

      for (const key of mainPages) {
        const path = `/${key}`;
        const title = t.pages[key];
        const link = nav.getByRole('link', { name: new RegExp(`^${title}`) });
        // Keyboard in Dutch, mouse in English: both must navigate without a page load.
        if (language === 'nl') await link.press('Enter');
        else await link.click();
        await expectPath(page, path);
        await heading(page, title).waitFor();
        // A fresh portal has no calls yet; the pages' content is tested in sync.e2e and callerid.e2e.
        if (path === '/calls') await page.getByRole('main').getByText(t.callsEmpty, { exact: true }).waitFor();
        await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
        expect(await page.locator('h1:focus').textContent()).toBe(title); // focus moved to the new page
        expect(await page.title()).toContain(title);
        if (['/settings', '/status', '/calls'].includes(path)) {
          await page.waitForLoadState('networkidle');
          await expectAccessibleLayout(page, path);
        }
      }
      expect(await htmlLang(page)).toBe(language);

      // Settings has a sub-page per subject, each reachable from the settings navigation.
      await nav.getByRole('link', { name: new RegExp(`^${t.pages.settings}`) }).click();
      const settingsNav = page.getByRole('navigation', {
        name: language === 'nl' ? 'Onderdelen van de instellingen' : 'Settings sections',
      });
      for (const section of settingsSections) {
        const path = settingsPath(section);
        const name = t.settingsPages[section];
        const link = settingsNav.getByRole('link', { name, exact: true });
        await link.click();
        await expectPath(page, path);
        await heading(page, t.pages.settings).waitFor();
        await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
        await page.getByRole('main').getByRole('region').first().waitFor();
        await page.waitForLoadState('networkidle');
        await expectAccessibleLayout(page, path);
      }

      // On a phone the navigation is behind the menu button, and choosing a page closes it again.
      await page.setViewportSize({ width: 390, height: 844 });
      const menuButton = page.getByRole('button', { name: t.menu, exact: true });
      await menuButton.click();
      await nav.getByRole('link', { name: new RegExp(`^${t.pages.calls}`) }).click();
      await expectPath(page, '/calls');
      await expect.poll(() => menuButton.getAttribute('aria-expanded')).toBe('false');
      await page.setViewportSize({ width: 1280, height: 720 });

      await logOut(page, language);
    },
  );

  it("marks the page with its answer's own CSP style nonce, for the UI library's <style> elements", async () => {
    const nonces: string[] = [];
    for (const path of ['/', '/index.html', '/settings/users']) {
      const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).not.toMatch(/unsafe-inline/);
      const fromHeader = /style-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
      const fromPage = /<meta name="csp-nonce" content="([0-9a-f]+)"/.exec(await response.text())?.[1];
      expect(fromHeader, path).toMatch(/^[0-9a-f]{32}$/);
      expect(fromPage, path).toBe(fromHeader);
      nonces.push(fromHeader ?? '');
    }
    expect(new Set(nonces).size).toBe(nonces.length); // a fresh nonce per answer
  });

  it('a language chosen in the header wins over the browser language, also after a reload', async () => {
    const page = await browser.openPage('nl');
    await page.goto(`${server.url}/login`);
    await heading(page, ui.nl.loginTitle).waitFor();

    await page.getByRole('button', { name: new RegExp(`^${ui.nl.language}`) }).click();
    await page.getByRole('menuitem', { name: 'English', exact: true }).click();
    await heading(page, ui.en.loginTitle).waitFor();
    expect(await htmlLang(page)).toBe('en');

    await page.reload();
    await heading(page, ui.en.loginTitle).waitFor();
    expect(await htmlLang(page)).toBe('en');
    await logIn(page, 'en', admin.password);
    await heading(page, ui.en.pages.administrations).waitFor(); // nothing waits for review: work starts at the administrations
    await page.getByRole('navigation', { name: ui.en.mainNav }).getByRole('link', { name: 'Calls' }).waitFor();
  });
});
