// Settings → Intake sources in Chromium: an administrator adds a Radar source (set-up steps shown), copies the
// credentials shown once, a push with them is recorded, and a rotation stops the old secret (Dutch and English).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../helpers/server.js';
import { heading, launchBrowserSession, setUpAdmin } from './helpers.js';

import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession } from './helpers.js';

let server: TestServer;
let browser: BrowserSession;

const ui = {
  nl: {
    settings: 'Instellingen',
    section: "Intakebronnen (CRM's die pushen of exporteren)",
    name: 'Naam van de bron (bijv. "Radar productie")',
    system: 'Welk CRM het is',
    step: 'Vraag Radar Software een koppeling in te richten',
    add: 'Intakebron toevoegen',
    shown: 'Het geheim wordt alleen nu getoond',
    lastBatch: 'laatste batch:',
    rotate: 'Nieuwe sleutel en geheim',
  },
  en: { settings: 'Settings', section: 'Intake sources (CRMs that push or export)' },
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowserSession()]);
});
afterAll(async () => {
  await browser.close();
  await server.close();
});

async function pushWith(page: Page, secret: string): Promise<number> {
  const apiKey = (await page.getByTestId('intake-apiKey').textContent()) ?? '';
  const environmentUrl = (await page.getByTestId('intake-environmentUrl').textContent()) ?? '';
  const response = await fetch(`${environmentUrl}/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-api-secret': secret },
    body: JSON.stringify({ records: [{ externalId: '1010', name: 'Bakkerij De Korenschoof B.V.' }] }),
  });
  return response.status;
}

describe('intake sources in Settings', () => {
  it('adds a source, shows its credentials once, records a push, and rotates (Dutch)', async () => {
    const t = ui.nl;
    const page = await browser.openPage('nl');
    await setUpAdmin(page, server.url, {
      name: 'Beheer',
      email: 'beheer@kantoor.nl',
      password: 'a long enough password',
    });
    await page.goto(`${server.url}/settings`);
    await heading(page, t.settings).waitFor();
    await page.getByRole('heading', { name: t.section }).waitFor();
    await page.getByLabel(t.name).fill('Radar productie');
    await page.getByLabel(t.system).selectOption('radar');
    expect(await page.getByText(t.step).count()).toBe(1);
    await page.getByRole('button', { name: t.add, exact: true }).click();
    await page.getByText(t.shown).waitFor();
    const secret = (await page.getByTestId('intake-apiSecret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(30);
    expect(await pushWith(page, secret)).toBe(200);

    await page.reload();
    await page.getByText(t.lastBatch).waitFor();
    expect(await page.getByTestId('intake-apiSecret').count()).toBe(0);
    // The source is the CRM connection; it is managed here, not re-entered or synced in the CRM panel.
    expect(await page.getByRole('button', { name: 'Nu synchroniseren' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Koppeling wijzigen' }).count()).toBe(0);
    expect(await page.getByTestId('webhook-url').count()).toBe(0);

    await page.getByRole('button', { name: `${t.rotate} Radar productie` }).click();
    await page.getByText(t.shown).waitFor();
    const rotated = (await page.getByTestId('intake-apiSecret').textContent()) ?? '';
    expect(rotated).not.toBe(secret);
    expect(await pushWith(page, secret)).toBe(401);
    expect(await pushWith(page, rotated)).toBe(200);
  });

  it('words the section in English', async () => {
    const page = await browser.openPage('en');
    const login = await page.request.post(`${server.url}/api/auth/login`, {
      data: { email: 'beheer@kantoor.nl', password: 'a long enough password' },
    });
    expect(login.status()).toBe(200);
    await page.goto(`${server.url}/settings`);
    await heading(page, ui.en.settings).waitFor();
    await page.getByRole('heading', { name: ui.en.section }).waitFor();
  });
});
