// End-to-end test of caller ID in Chromium: a signed-in user gets live pop-ups when the PBX rings their extension, and
// the screen-pop page (/pop?number=…) survives the login and shows the caller's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callEvent, signedHeaders, startTestPbxSim } from '../helpers/callerid.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { openCallsPage, startRingingBrowserWorld } from './calls-page.js';
import { expectAccessibleLayout, heading } from './helpers.js';

import type { Locator, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import type { RingingBrowserWorld } from './calls-page.js';
import type { BrowserSession, Language } from './helpers.js';

const ui = {
  nl: {
    calls: 'Gesprekken',
    region: 'Inkomende gesprekken',
    callFrom: (number: string) => `Gesprek van ${number}`,
    ringing: 'Gaat over · toestel 201',
    answered: 'Opgenomen · toestel 201',
    ended: 'Beëindigd · toestel 201',
    matchedOn: 'gevonden op telefoon zakelijk (020-123 45 67)',
    relation: 'Relatienummer 10042',
    kvk: 'KvK 12345678',
    open: 'Openen in AccountView',
    noMatch: 'Niet gevonden',
    dismiss: 'Sluiten',
    notify: 'Meldingen van gesprekken tonen op deze computer',
  },
  en: {
    calls: 'Calls',
    region: 'Incoming calls',
    callFrom: (number: string) => `Call from ${number}`,
    ringing: 'Ringing · extension 201',
    answered: 'Answered · extension 201',
    ended: 'Ended · extension 201',
    matchedOn: 'matched on business phone (020-123 45 67)',
    relation: 'Relation number 10042',
    kvk: 'KvK 12345678',
    open: 'Open in AccountView',
    noMatch: 'No match',
    dismiss: 'Dismiss',
    notify: 'Show call notifications on this computer',
  },
} as const;

const unknownNumber = { nl: '010 765 43 21', en: '010 765 43 22' } as const;
const unknownDisplay = { nl: '010 765 4321', en: '010 765 4322' } as const;
const employee = { name: 'Anna Jansen', email: 'anna@kantoor.nl', password: TEST_PASSWORD };
const deepLink = 'https://www.accountview.net/ams/Pages/Companies/ShowCompany.aspx?id=x#10042';

let server: TestServer;
let browser: BrowserSession;
let pbx: RingingBrowserWorld['pbx'];

beforeAll(async () => {
  ({ server, browser, pbx } = await startRingingBrowserWorld(employee));
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

async function postEvent(body: string): Promise<void> {
  const response = await fetch(`${server.url}/api/callerid/events`, {
    method: 'POST',
    headers: signedHeaders(pbx.webhookSecret, body),
    body,
  });
  expect(response.status, await response.text()).toBe(200);
}

/** The browser's Notification replaced by a recorder that starts at "default" and grants on request (page script). */
const fakeNotifications = `
  window.shownNotifications = [];
  window.Notification = class {
    static permission = 'default';
    static requestPermission() {
      window.Notification.permission = 'granted';
      return Promise.resolve('granted');
    }
    constructor(title, options) {
      window.shownNotifications.push({ title, body: options?.body, tag: options?.tag });
    }
  };
`;

type Shown = { title: string; body: string; tag: string };

async function shownNotifications(page: Page): Promise<Shown[]> {
  return page.evaluate<Shown[]>('window.shownNotifications');
}

async function openCrmhub(language: Language): Promise<Page> {
  return openCallsPage({ server, browser }, employee, language, ui[language].calls, async (page) => {
    await page.addInitScript({ content: fakeNotifications });
  });
}

function popupFor(page: Page, language: Language, title: string): Locator {
  return page
    .getByRole('complementary', { name: ui[language].region })
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

describe('caller-ID pop-ups', () => {
  it.each(['nl', 'en'] as const)(
    'the PBX rings the user’s extension and the pop-up shows the matched client with its link (%s)',
    async (language) => {
      const t = ui[language];
      const page = await openCrmhub(language);
      await page.getByRole('button', { name: t.notify, exact: true }).click();
      await page.getByRole('button', { name: t.notify, exact: true }).waitFor({ state: 'detached' });

      const callId = `known-${language}`;
      await postEvent(callEvent({ callId, from: '+31201234567', extension: '201' }));
      const popup = popupFor(page, language, t.callFrom('020 123 4567'));
      await popup.getByText(t.ringing, { exact: true }).waitFor();
      // Screen readers announce it: the call line sits in an alert.
      await popup
        .getByRole('alert')
        .filter({ hasText: t.callFrom('020 123 4567') })
        .waitFor();
      await popup.getByRole('heading', { name: 'Bakkerij De Vries', level: 3 }).waitFor();
      await popup.getByText(t.matchedOn).waitFor();
      expect(await popup.getByText(`${t.kvk} · ${t.relation}`, { exact: true }).count()).toBe(1);
      const link = popup.getByRole('link', { name: t.open, exact: true });
      expect(await link.getAttribute('href')).toBe(deepLink);
      expect(await link.getAttribute('target')).toBe('_blank');

      await postEvent(callEvent({ callId, from: '+31201234567', extension: '201', state: 'answered' }));
      await popup.getByText(t.answered, { exact: true }).waitFor();
      expect(await page.locator(`[data-call-id="${callId}"]`).count()).toBe(1); // the same pop-up, updated

      const notifications = await shownNotifications(page);
      expect(notifications).toEqual([
        { title: t.callFrom('020 123 4567'), body: 'Bakkerij De Vries', tag: `crmhub-call-${callId}` },
      ]);

      // An unknown caller, rung through the PBX simulator (signed JSON webhook, ringing → answered → ended).
      const sim = await startTestPbxSim(server.url, pbx, 'json');
      try {
        const call = await sim.placeCall({ from: unknownNumber[language], extension: '201', direction: 'in' });
        expect(call.deliveries.every((delivery) => delivery.status === 200)).toBe(true);
        const unknown = popupFor(page, language, t.callFrom(unknownDisplay[language]));
        // Ended: collapsed to title, state and best match on one line, and due to leave.
        await unknown.getByText(t.ended, { exact: true }).waitFor();
        await unknown.getByText(t.noMatch, { exact: true }).waitFor();
        expect(await unknown.getByRole('link').count()).toBe(0);
        expect(Number(await unknown.getAttribute('data-leaves-in-ms'))).toBeGreaterThan(0);
      } finally {
        await sim.close();
      }

      // The ended call leaves the stack on its own; dismissing removes the other, by keyboard like any button.
      await popupFor(page, language, t.callFrom(unknownDisplay[language])).waitFor({ state: 'detached' });
      await popup.getByRole('button', { name: new RegExp(`^${t.dismiss}`) }).press('Enter');
      await popup.waitFor({ state: 'detached' });

      // The call log lists both calls with what they matched.
      await page.reload();
      const log = page.getByRole('table');
      await log.getByRole('row').filter({ hasText: 'Bakkerij De Vries' }).first().waitFor();
      const unknownRow = log.getByRole('row').filter({ hasText: unknownNumber[language] });
      expect(await unknownRow.filter({ hasText: t.noMatch }).count()).toBe(1);
      await expectAccessibleLayout(page, 'the call log');
    },
  );
});

const stackUi = {
  nl: { more: '1 meer', fewer: 'Minder tonen' },
  en: { more: '1 more', fewer: 'Show fewer' },
} as const;

/** How wide the page is, scrolling included (page script: the tests have no DOM types). */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the pop-up stack on a phone-sized screen', () => {
  it.each(['nl', 'en'] as const)(
    'shows three calls and "1 more", drops an ended call, and keeps clear of the header (%s)',
    async (language) => {
      const t = { ...ui[language], ...stackUi[language] };
      const page = await openCrmhub(language);
      await page.setViewportSize({ width: 390, height: 844 });
      const region = page.getByRole('complementary', { name: t.region });
      const callIds = [1, 2, 3, 4].map((n) => `stack-${language}-${String(n)}`);
      for (const [index, callId] of callIds.entries()) {
        await postEvent(callEvent({ callId, from: `+3130765430${String(index)}`, extension: '201' }));
      }
      // The newest three are shown, the oldest is summarised until the user expands the stack.
      await region.locator(`[data-call-id="${callIds[3] ?? ''}"]`).waitFor();
      const more = region.getByRole('button', { name: t.more, exact: true });
      await more.waitFor();
      expect(await region.getByRole('article').count()).toBe(3);
      expect(await region.locator(`[data-call-id="${callIds[0] ?? ''}"]`).count()).toBe(0);
      await more.click();
      await region.locator(`[data-call-id="${callIds[0] ?? ''}"]`).waitFor();
      expect(await region.getByRole('button', { name: t.fewer, exact: true }).getAttribute('aria-expanded')).toBe(
        'true',
      );

      // Nothing covers the header (with its language menu) and nothing makes the page scroll sideways.
      const header = await page.getByRole('banner').boundingBox();
      const stack = await region.boundingBox();
      expect(header).not.toBeNull();
      expect(stack).not.toBeNull();
      if (header !== null && stack !== null) expect(overlaps(header, stack)).toBe(false);
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      const title = await region.getByRole('heading', { level: 2 }).first().boundingBox();
      expect(title?.width ?? 0).toBeGreaterThan(200); // words stay on a line, not one letter per line
      // The page keeps room below its content for the stack, so every field can be scrolled clear of it.
      const reserved = await page.evaluate<number>(
        "parseFloat(getComputedStyle(document.querySelector('main')).paddingBottom)",
      );
      expect(reserved).toBeGreaterThanOrEqual(stack?.height ?? Infinity);

      // An ended call collapses to one line and then leaves; the "more" summary goes with it.
      const endedId = callIds[1] ?? '';
      await postEvent(callEvent({ callId: endedId, from: '+31307654301', extension: '201', state: 'ended' }));
      const ended = region.locator(`[data-call-id="${endedId}"]`);
      await ended.getByText(t.ended, { exact: true }).waitFor();
      expect(await ended.locator('.call-companies, .call-no-match').count()).toBe(0);
      await ended.waitFor({ state: 'detached' });
      expect(await region.getByRole('article').count()).toBe(3);
      expect(await region.getByRole('button', { name: t.fewer, exact: true }).count()).toBe(0);

      // The call log, wider than a phone, scrolls in its own box rather than the page.
      await page.reload();
      await page.getByRole('table').getByRole('row').nth(4).waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    },
  );
});

/** The screen-pop page (/pop?number=…) and the login form it passes through. */
const popUi = {
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

async function logInByForm(page: Page, language: Language): Promise<void> {
  const t = popUi[language];
  await heading(page, t.loginTitle).waitFor();
  await page.getByLabel(t.email, { exact: true }).fill(employee.email);
  await page.getByLabel(t.password, { exact: true }).fill(employee.password);
  await page.getByRole('button', { name: t.logIn, exact: true }).click();
}

describe('screen-pop page', () => {
  it.each(['nl', 'en'] as const)('anonymous → login → back on /pop with the match (%s)', async (language) => {
    const t = popUi[language];
    const page = await browser.openPage(language);
    await page.goto(`${server.url}/pop?number=%2B31201234567`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/pop?number=%2B31201234567');
    await logInByForm(page, language);
    await heading(page, t.title).waitFor();
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe('/pop?number=%2B31201234567');
    await page.getByRole('main').getByText(t.callFrom, { exact: true }).waitFor();
    await page.getByRole('main').getByRole('heading', { level: 3, name: 'Bakkerij De Vries' }).waitFor();
    await page.getByRole('main').getByText(t.matchedOn).waitFor();
    await expectAccessibleLayout(page, 'the screen-pop page');
  });

  it.each(['nl', 'en'] as const)('says so when no assigned source knows the number (%s)', async (language) => {
    const t = popUi[language];
    const page = await browser.openPage(language);
    await page.goto(`${server.url}/pop?number=0107654321`);
    await logInByForm(page, language);
    await page.getByTestId('pop-no-match').waitFor();
    expect(await page.getByTestId('pop-no-match').textContent()).toBe(t.noMatch);
  });
});
