// Every page of the web UI with content worth seeing, in one list: the untranslated-text walk visits these and the
// screenshot script renders them, so a page added here is both checked and pictured.
import nl from '../../web/src/locales/nl.json' with { type: 'json' };

import type { Page } from 'playwright-core';
import type { WalkWorld } from './walk-world.js';

export type WalkPage = {
  /** Stable name: the screenshot's file name stem. */
  readonly name: string;
  /** The address on the world's crmhub (the setup page is on the crmhub without users). */
  readonly address: (world: WalkWorld) => string;
  readonly signedIn: boolean;
  /** Waits for what this page shows once its content is there (beyond the generic "nothing loading"). */
  readonly ready?: (page: Page) => Promise<void>;
  /** Brings the opened page into the state worth seeing (a call's pop-up). */
  readonly prepare?: (page: Page, world: WalkWorld) => Promise<void>;
};

const at =
  (path: string) =>
  (world: WalkWorld): string =>
    `${world.url}${path}`;

const listRow = (page: Page) => page.getByTestId('list-row').first().waitFor();
/** The world's failed CRM run (walk-world.ts), worded from its codes: the walk reads those words too. */
const failedRunWorded = (page: Page) => page.locator('.run-failure').first().waitFor();

export const walkPages: readonly WalkPage[] = [
  { name: 'setup', address: (world) => `${world.setupUrl}/setup`, signedIn: false },
  { name: 'login', address: at('/login'), signedIn: false },
  { name: 'administrations', address: at('/administrations'), signedIn: true, ready: listRow },
  {
    name: 'administration-linked',
    address: (world) => `${world.url}/administrations/${world.linkedAdministrationId}`,
    signedIn: true,
  },
  {
    name: 'administration-unlinked',
    address: (world) => `${world.url}/administrations/${world.unlinkedAdministrationId}`,
    signedIn: true,
  },
  { name: 'review', address: at('/review'), signedIn: true, ready: listRow },
  { name: 'yuki-tasks', address: at('/yuki-tasks'), signedIn: true },
  { name: 'audit', address: at('/audit'), signedIn: true, ready: (page) => page.locator('tbody tr').first().waitFor() },
  {
    name: 'calls',
    address: at('/calls'),
    signedIn: true,
    ready: (page) => page.locator('tbody tr').first().waitFor(),
    // A call while the page is open: its pop-up shows over the page.
    async prepare(page, world) {
      world.placeCall();
      await page.getByRole('complementary', { name: nl.callerid.popup.region }).getByRole('article').first().waitFor();
    },
  },
  {
    name: 'pop',
    address: (world) => `${world.url}/pop?number=${encodeURIComponent(world.callerNumber)}`,
    signedIn: true,
  },
  { name: 'status', address: at('/status'), signedIn: true, ready: failedRunWorded },
  { name: 'settings-crmhub', address: at('/settings'), signedIn: true, ready: failedRunWorded },
  { name: 'settings-portal', address: at('/settings/portal'), signedIn: true },
  { name: 'settings-caller-id', address: at('/settings/caller-id'), signedIn: true },
  { name: 'settings-phone-systems', address: at('/settings/phone-systems'), signedIn: true },
  { name: 'settings-users', address: at('/settings/users'), signedIn: true },
  { name: 'account', address: at('/account'), signedIn: true },
  { name: 'not-found', address: at('/no-such-page'), signedIn: true },
];

const loading = JSON.stringify(nl.app.loading);
/** Plain JavaScript for the page (its CSP refuses waitForFunction's eval; page.evaluate goes through the protocol). */
const nothingLoading = `!document.body.innerText.includes(${loading}) && document.querySelector('.mantine-Loader-root, [aria-label=' + JSON.stringify(${loading}) + ']') === null`;

/** Polls until no panel shows a loader any more; bounded like the browser tests' other waits. */
async function waitUntilLoaded(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (await page.evaluate<boolean>(nothingLoading)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${page.url()} kept loading`);
}

/** Opens a walk page and waits until it has its content: a heading, nothing loading, the page's own sign. */
export async function openWalkPage(page: Page, walkPage: WalkPage, world: WalkWorld): Promise<void> {
  await page.goto(walkPage.address(world));
  await page.locator('h1').first().waitFor();
  await walkPage.ready?.(page);
  await waitUntilLoaded(page);
  await walkPage.prepare?.(page, world);
}

/** Signs the page's browser context in as the world's administrator (through the API, like the browser tests). */
export async function signInForWalk(page: Page, world: WalkWorld): Promise<void> {
  const response = await page.request.post(`${world.url}/api/auth/login`, { data: world.account });
  if (response.status() !== 200) throw new Error(`walk sign-in failed: HTTP ${String(response.status())}`);
}
