// Visma Connect in Chromium: a refused connect keeps every value typed, a failed consent all but the secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closeInOrder } from '../helpers/close.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { startSyncWorld } from '../helpers/sync-world.js';
import { expectAccessible, expectPath, heading, launchBrowserSession, logInByApi } from './helpers.js';

import type { SyncWorld } from '../helpers/sync-world.js';
import type { BrowserSession } from './helpers.js';

const nl = {
  settings: 'Instellingen',
  section: 'Yuki Platform API (Visma Connect)',
  clientId: 'Client-id',
  clientSecret: 'Client-secret',
  portalId: 'Portaal-id',
  scope: 'Scopes (optioneel)',
  connect: 'Koppelen met Visma Connect',
  clientRejected: 'Visma Connect accepteert deze client-id en dit client-secret niet.',
  connected: 'De Yuki Platform API is gekoppeld met Visma Connect.',
  disconnect: 'Visma Connect-toestemming beëindigen',
};

let world: SyncWorld;
let browser: BrowserSession;

beforeAll(async () => {
  [world, browser] = await Promise.all([startSyncWorld({ orgs: 1 }), launchBrowserSession()]);
  // The world connects Visma Connect over HTTP; this test connects it through the page.
  expect((await world.admin.request('DELETE', '/api/connections/portal/visma-connect')).status).toBe(204);
});
afterAll(() => closeInOrder(browser, world));

describe('Visma Connect', () => {
  it('keeps what was typed when connecting fails, the secret only while the page lives', async () => {
    const client = await world.simJson<{ clientId: string; clientSecret: string }>(
      world.yuki.url,
      '/__sim/visma-connect',
    );
    const { portalId } = await world.simJson<{ portalId: string }>(world.yuki.url, '/__sim/credentials');
    const page = await browser.openPage('nl');
    await logInByApi(page, world.server.url, { email: 'admin@kantoor.nl', password: TEST_PASSWORD });
    await page.goto(`${world.server.url}/settings/portal`);
    await heading(page, nl.settings).waitFor();
    const section = page.getByRole('region', { name: nl.section, exact: true });
    const field = (label: string) => section.getByLabel(label, { exact: true });
    await field(nl.clientId).waitFor();

    // Refused by crmhub (no portal id): nothing typed is lost, not even the secret.
    await field(nl.clientId).fill(client.clientId);
    await field(nl.clientSecret).fill('not-the-secret');
    await field(nl.scope).fill('yukiapi:portal:portals:read offline_access');
    await section.getByRole('button', { name: nl.connect, exact: true }).click();
    await expect.poll(() => field(nl.portalId).getAttribute('aria-invalid')).toBe('true');
    expect(await field(nl.clientId).inputValue()).toBe(client.clientId);
    expect(await field(nl.clientSecret).inputValue()).toBe('not-the-secret');
    expect(await field(nl.scope).inputValue()).toBe('yukiapi:portal:portals:read offline_access');
    await expectAccessible(page, 'the Visma Connect form with its errors');

    // Refused by Visma Connect (wrong secret) after the consent round trip: all but the secret is still there.
    await field(nl.portalId).fill(portalId);
    await section.getByRole('button', { name: nl.connect, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('vismaconnect') === 'failed');
    await expectPath(page, '/settings/portal');
    await section.getByRole('alert').filter({ hasText: nl.clientRejected }).waitFor();
    expect(await field(nl.clientId).inputValue()).toBe(client.clientId);
    expect(await field(nl.portalId).inputValue()).toBe(portalId);
    expect(await field(nl.scope).inputValue()).toBe('yukiapi:portal:portals:read offline_access');
    expect(await field(nl.clientSecret).inputValue()).toBe('');
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain('not-the-secret');

    // Only the secret to type again.
    await field(nl.clientSecret).fill(client.clientSecret);
    await section.getByRole('button', { name: nl.connect, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('vismaconnect') === 'connected');
    await section.getByRole('status').filter({ hasText: nl.connected }).waitFor();
    await section.getByRole('button', { name: nl.disconnect, exact: true }).waitFor();
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(client.clientId);
  });
});
