// Voys / VoIPGRID call notifications in Chromium: created and ringing for the user's extension pop the call up,
// in-progress marks it answered, ended collapses it and it leaves the stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { setUpRinging } from '../helpers/callerid.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { expectPath, heading, launchBrowserSession, logInByApi } from './helpers.js';

import type { Page } from 'playwright-core';
import type { BrowserSession, Language } from './helpers.js';

const ui = {
  nl: {
    calls: 'Gesprekken',
    region: 'Inkomende gesprekken',
    callFrom: 'Gesprek van 020 123 4567',
    ringing: 'Gaat over · toestel 201',
    answered: 'Opgenomen · toestel 201',
    ended: 'Beëindigd · toestel 201',
  },
  en: {
    calls: 'Calls',
    region: 'Incoming calls',
    callFrom: 'Call from 020 123 4567',
    ringing: 'Ringing · extension 201',
    answered: 'Answered · extension 201',
    ended: 'Ended · extension 201',
  },
} as const;

const employee = { name: 'Bram Visser', email: 'bram@kantoor.nl', password: TEST_PASSWORD };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: BrowserSession;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowserSession();
  const user = mustSucceed(await createUser(server.database.db, { ...employee, role: 'employee' }));
  ({
    pbx: { token },
  } = await setUpRinging(server.database.db, server.deps.secretBox, user.id));
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

/** One notification in the documented v2 shape, the ringing phone account being extension 201. */
async function notify(callId: string, status: string): Promise<void> {
  const body = JSON.stringify({
    call_id: callId,
    timestamp: new Date().toISOString().replace('Z', '000+00:00'),
    status,
    version: 'v2',
    direction: 'inbound',
    caller: { number: '+31201234567', name: null, account_number: null, user_numbers: [], user_emails: [] },
    destination:
      status === 'created'
        ? { number: '+31207604000' }
        : { number: '+31207604000', account_number: '201', user_numbers: ['201'], user_emails: [] },
  });
  const response = await fetch(`${server.url}/api/callerid/pbx/${token}/voys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(response.status, await response.text()).toBe(200);
}

async function openCalls(language: Language): Promise<Page> {
  const page = await browser.openPage(language);
  await logInByApi(page, server.url, employee);
  const streamOpened = page.waitForResponse((response) => response.url().includes('/api/callerid/stream'));
  await page.goto(`${server.url}/calls`);
  await expectPath(page, '/calls');
  await heading(page, ui[language].calls).waitFor();
  expect((await streamOpened).status()).toBe(200);
  return page;
}

describe('Voys call notifications in the browser', () => {
  it.each(['nl', 'en'] as const)(
    'ringing on extension 201 pops up, in-progress answers, ended collapses and leaves (%s)',
    async (language) => {
      const t = ui[language];
      const page = await openCalls(language);
      const callId = `voys-e2e-${language}`;
      const popup = page
        .getByRole('complementary', { name: t.region })
        .locator(`[data-call-id="${callId}"]`)
        .filter({ has: page.getByRole('heading', { name: t.callFrom, exact: true }) });

      await notify(callId, 'created');
      await notify(callId, 'ringing');
      await popup.getByText(t.ringing, { exact: true }).waitFor();
      await popup.getByRole('heading', { name: 'Bakkerij De Vries', level: 3 }).waitFor();

      await notify(callId, 'in-progress');
      await popup.getByText(t.answered, { exact: true }).waitFor();
      expect(await page.locator(`[data-call-id="${callId}"]`).count()).toBe(1); // one pop-up, updated

      await notify(callId, 'ended');
      await popup.getByText(t.ended, { exact: true }).waitFor();
      // Collapsed to one line (no records), due to leave, then gone.
      expect(await popup.locator('.call-companies, .call-no-match').count()).toBe(0);
      expect(Number(await popup.getAttribute('data-leaves-in-ms'))).toBeGreaterThan(0);
      await popup.waitFor({ state: 'detached' });
    },
  );
});
