// Caller-ID browser tests' shared set-up: a crmhub whose phone system rings one employee on extension 201, and that
// employee's Calls page opened with its live stream connected.
import { expect } from 'vitest';

import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { setUpRinging } from '../helpers/callerid.js';
import { startTestServer } from '../helpers/server.js';
import { expectPath, heading, launchBrowserSession, logInByApi } from './helpers.js';

import type { Page } from 'playwright-core';
import type { RingingSetUp } from '../helpers/callerid.js';
import type { TestServer } from '../helpers/server.js';
import type { Account, BrowserSession, Language } from './helpers.js';

export type RingingBrowserWorld = {
  readonly server: TestServer;
  readonly browser: BrowserSession;
  readonly pbx: RingingSetUp['pbx'];
};

/** A fresh crmhub and Chromium; `employee` is a user whose extension 201 gets the pop-ups of the returned phone system. */
export async function startRingingBrowserWorld(employee: Account): Promise<RingingBrowserWorld> {
  const server = await startTestServer();
  const browser = await launchBrowserSession();
  const db = server.database.db;
  const user = mustSucceed(await createUser(db, { ...employee, role: 'employee' }));
  const { pbx } = await setUpRinging(db, server.deps.secretBox, user.id);
  return { server, browser, pbx };
}

/**
 * Opens Calls (titled `title`) in a new page signed in as `employee`; `beforeLogin` may prepare the page first. It
 * returns once the event stream has answered: the server then holds this user's subscription, so later calls reach it.
 */
export async function openCallsPage(
  world: Pick<RingingBrowserWorld, 'server' | 'browser'>,
  employee: Account,
  language: Language,
  title: string,
  beforeLogin?: (page: Page) => Promise<void>,
): Promise<Page> {
  const page = await world.browser.openPage(language);
  if (beforeLogin !== undefined) await beforeLogin(page);
  await logInByApi(page, world.server.url, employee);
  const streamOpened = page.waitForResponse((response) => response.url().includes('/api/callerid/stream'));
  await page.goto(`${world.server.url}/calls`);
  await expectPath(page, '/calls');
  await heading(page, title).waitFor();
  expect((await streamOpened).status()).toBe(200);
  return page;
}
