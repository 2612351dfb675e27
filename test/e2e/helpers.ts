// Shared browser-test plumbing: headless Chromium, pages in a language, sessions, simulator admin calls, waiting.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';

import { closeInOrder } from '../helpers/close.js';
import { seedFirmAtScale } from '../helpers/scale-seed.js';
import { startTestServer } from '../helpers/server.js';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';

export type Language = 'nl' | 'en';
export const browserLocales: Record<Language, string> = { nl: 'nl-NL', en: 'en-US' };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One Chromium for a test file: every page opens in a context of its own, and `close` ends them all. */
export type BrowserSession = {
  /** A fresh browser context (own cookies) in the given browser language, and a page in it. */
  openPage(language: Language): Promise<Page>;
  close(): Promise<void>;
};

export async function launchBrowserSession(): Promise<BrowserSession> {
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    async openPage(language) {
      const context = await browser.newContext({ locale: browserLocales[language], acceptDownloads: true });
      context.setDefaultTimeout(15_000); // fail well inside the test timeout, with the step that hung
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close()));
      await browser.close();
    },
  };
}

export function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

export async function expectPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
  expect(new URL(page.url()).pathname).toBe(path);
}

export type Account = { name: string; email: string; password: string };

/** First-run setup through the API, in the page's context, so the page is signed in as this administrator. */
export async function setUpAdmin(page: Page, baseUrl: string, admin: Account): Promise<void> {
  const response = await page.request.post(`${baseUrl}/api/setup`, { data: admin });
  expect(response.status(), await response.text()).toBe(201);
}

/** A crmhub holding a firm at scale, a Dutch page signed in as its first administrator, and `close` that ends both. */
export type FirmAtScale = { server: TestServer; page: Page; close: () => Promise<void> };

/** A fresh crmhub holding a firm at scale (seedFirmAtScale), and a Dutch page signed in as its first administrator. */
export async function openFirmAtScale(admin: Account): Promise<FirmAtScale> {
  const [server, browser] = await Promise.all([startTestServer(), launchBrowserSession()]);
  const page = await browser.openPage('nl');
  await setUpAdmin(page, server.url, admin);
  await seedFirmAtScale(server.deps.db, { email: admin.email });
  return {
    server,
    page,
    close: () => closeInOrder(browser, server),
  };
}

/** Logs the page's context in through the API (the UI reads the session and CSRF token on load). */
export async function logInByApi(page: Page, baseUrl: string, account: Pick<Account, 'email' | 'password'>) {
  const response = await page.request.post(`${baseUrl}/api/auth/login`, {
    data: { email: account.email, password: account.password },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** An http URL on which nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return `http://127.0.0.1:${String(address.port)}`;
}

/**
 * Reloads the page until `locator` is visible: for work the server does in the background (sync jobs, apply).
 * It waits for a state, it does not time anything; `what` names the state when it never comes.
 */
export async function reloadUntilVisible(page: Page, locator: Locator, what: string, attempts = 40): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await locator.isVisible()) return;
    await page.waitForTimeout(500);
    await page.reload();
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');
  }
  throw new Error(`never became visible: ${what}`);
}

/** Polls `check` until it returns a value (not null/undefined/false); for background work observed outside the UI. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`never happened: ${what}`);
}

/** The number in the navigation's review-queue badge. */
export async function reviewBadge(page: Page): Promise<string | null> {
  return page.getByTestId('review-count').locator('[aria-hidden="true"]').textContent();
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

const axeRules = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation (WCAG 2.1 A/AA rules),
 * naming each rule and where it failed. axe is evaluated through the debugging protocol, which the page's CSP allows.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // The page at rest: a list showing the previous page's rows while the next loads is dimmed and marked busy.
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  // No menu open or still closing: a closing menu's items are gone before it is (axe: aria-required-children).
  await page.locator('[role="menu"]').first().waitFor({ state: 'detached' });
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) {
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.evaluate(await readFile(axePath, 'utf8'));
  }
  const violations = await page.evaluate<AxeViolation[]>(
    `window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(axeRules)} } }).then((result) => result.violations)`,
  );
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.help}): ${JSON.stringify(violation.nodes.map((n) => n.target))}`);
  expect(serious, `accessibility of ${what}`).toEqual([]);
}

/** The page passes axe and fits a 390 px phone: the two checks every page the browser tests visit gets. */
export async function expectAccessibleLayout(page: Page, what: string): Promise<void> {
  await expectAccessible(page, what);
  await expectNoSidewaysScroll(page, what);
}

/** At a phone's width (390 px) the page must not scroll sideways; the viewport is restored afterwards. */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.waitForFunction('window.innerWidth === 390');
    // The layout's own transitions (navigation drawer, header) settle after the resize; polled, bounded.
    await expect
      .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), {
        message: `${what} is wider than a 390 px phone`,
        timeout: 5_000,
      })
      .toBeLessThanOrEqual(0);
    // Polled as well: while the navigation drawer folds away, the main column is briefly narrower.
    await expect
      .poll(() => page.evaluate<string[]>(squeezedValuesScript), {
        message: `${what}: values wrapped a letter or two per line`,
        timeout: 5_000,
      })
      .toEqual([]);
  } finally {
    if (before !== null) await page.setViewportSize(before);
  }
}

/**
 * Values of details lists and table cells squeezed into a column a few letters wide (a value of eight or more
 * characters in less than 48 px). Plain JavaScript, evaluated in the page.
 */
const squeezedValuesScript = `[...document.querySelectorAll('dd, td')]
  .filter((cell) => cell.checkVisibility() && cell.innerText.trim().length >= 8)
  .filter((cell) => { const width = cell.getBoundingClientRect().width; return width > 0 && width < 48; })
  .map((cell) => cell.innerText.trim().slice(0, 40))`;
