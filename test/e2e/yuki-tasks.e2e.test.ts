// Browser test of the "Apply in Yuki" page (assisted write mode) in Chromium: the task list per administration with
// old → new, the copy button, the link to the domain in Yuki, a mismatch message, and "mark done", in English and Dutch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closeInOrder } from '../helpers/close.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { approveCrmEdit, link, pairAt, pairs } from '../helpers/sync-ops.js';
import { startSyncWorld } from '../helpers/sync-world.js';
import { expectAccessibleLayout, heading, launchBrowserSession, logInByApi } from './helpers.js';

import type { Pair } from '../helpers/sync-ops.js';
import type { SyncWorld } from '../helpers/sync-world.js';
import type { BrowserSession } from './helpers.js';

const WEBHOOK_SECRET = 'whsec-tasks-e2e-0123456789';
let world: SyncWorld;
let browser: BrowserSession;
let target: Pair;

const approve = (field: string, edit: Record<string, unknown>) =>
  approveCrmEdit(world, WEBHOOK_SECRET, target, field, edit);

beforeAll(async () => {
  [world, browser] = await Promise.all([
    startSyncWorld({ orgs: 2, webhookSecret: WEBHOOK_SECRET, writeMode: 'assisted' }),
    launchBrowserSession(),
  ]);
  target = pairAt(await pairs(world, 2), 0);
  await link(world, target, 'manual');
  await approve('kvk', { coc_code: '12345678' });
  await approve('email', { email: 'taken@example.nl' });
  // Someone typed another KvK number in Yuki: the poll reports it.
  await world.simJson(world.yuki.url, `/__sim/administrations/${target.externalId}`, {
    method: 'PATCH',
    body: { cocNumber: '12345687' },
  });
  expect((await world.admin.request('POST', '/api/connections/portal/import')).status).toBe(200);
});
afterAll(() => closeInOrder(browser, world));

describe('Apply in Yuki', () => {
  it('lists the tasks with old → new, copy, a link to Yuki and the mismatch; marks a task done (English)', async () => {
    const page = await browser.openPage('en');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await logInByApi(page, world.server.url, { email: 'admin@kantoor.nl', password: TEST_PASSWORD });
    await page.goto(`${world.server.url}/yuki-tasks`);
    await heading(page, 'Apply in Yuki').waitFor();
    expect(await page.getByTestId('write-mode').textContent()).toMatch(/^Write mode: assisted/);
    const rows = page.getByTestId('yuki-task');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const kvk = rows.filter({ hasText: '12345678' });
    expect(await kvk.textContent()).toContain('Yuki shows "12345687"');
    expect(await page.getByTestId('yuki-link').getAttribute('href')).toMatch(/^https:\/\//);

    await kvk.getByRole('button', { name: 'Copy' }).click();
    await kvk.getByRole('button', { name: 'Copied' }).waitFor();
    type WithClipboard = { navigator: { clipboard: { readText: () => Promise<string> } } };
    const copied = await page.evaluate(() => (globalThis as unknown as WithClipboard).navigator.clipboard.readText());
    expect(copied).toBe('12345678');

    const email = rows.filter({ hasText: 'taken@example.nl' });
    expect(await email.getByRole('button', { name: 'Mark done' }).count()).toBe(1);
    expect(await kvk.getByRole('button', { name: 'Mark done' }).count()).toBe(0);
    await email.getByRole('button', { name: 'Mark done' }).click();
    await page.getByRole('status').filter({ hasText: 'marked as done in Yuki' }).first().waitFor();
    await rows.filter({ hasText: 'taken@example.nl' }).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
  });

  it('speaks Dutch', async () => {
    const page = await browser.openPage('nl');
    await logInByApi(page, world.server.url, { email: 'admin@kantoor.nl', password: TEST_PASSWORD });
    await page.goto(`${world.server.url}/yuki-tasks`);
    await heading(page, 'Doorvoeren in Yuki').waitFor();
    const row = page.getByTestId('yuki-task').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Yuki toont "12345687"');
    expect(await row.getByRole('button', { name: 'Kopiëren' }).count()).toBe(1);
    await expectAccessibleLayout(page, 'the Apply in Yuki page');
  });
});
