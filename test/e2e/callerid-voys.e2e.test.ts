// Voys / VoIPGRID call notifications in Chromium: created and ringing for the user's extension pop the call up,
// in-progress marks it answered, ended collapses it and it leaves the stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { voysNotification } from '../helpers/callerid.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { openCallsPage, startRingingBrowserWorld } from './calls-page.js';

import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
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

let server: TestServer;
let browser: BrowserSession;
let token: string;

beforeAll(async () => {
  ({
    server,
    browser,
    pbx: { token },
  } = await startRingingBrowserWorld(employee));
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

/** One notification in the documented v2 shape, the ringing phone account being extension 201. */
async function notify(callId: string, status: string): Promise<void> {
  const body = voysNotification({
    callId,
    status,
    from: '+31201234567',
    extension: status === 'created' ? null : '201',
  });
  const response = await fetch(`${server.url}/api/callerid/pbx/${token}/voys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(response.status, await response.text()).toBe(200);
}

async function openCalls(language: Language): Promise<Page> {
  return openCallsPage({ server, browser }, employee, language, ui[language].calls);
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
