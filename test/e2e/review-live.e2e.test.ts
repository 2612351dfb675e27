// Live arrival in Chromium: with the review queue open, a CRM change pushed through the intake API appears on the page
// and the navigation badge counts it, without a reload (Dutch and English).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { clientRecord, pushOverHttp, setUpReviewWorld, worldAccounts } from '../helpers/review-world.js';
import { startTestServer } from '../helpers/server.js';
import { expectAccessibleLayout, heading, launchBrowserSession, logInByApi, reviewBadge } from './helpers.js';

import type { ReviewWorld } from '../helpers/review-world.js';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession, Language } from './helpers.js';

let server: TestServer;
let browser: BrowserSession;
let world: ReviewWorld;

const ui = { nl: { review: 'Te beoordelen' }, en: { review: 'Review queue' } };

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowserSession()]);
  world = await setUpReviewWorld(server.deps, server.url);
  // Something to review before the page opens: the badge starts at one.
  expect(await pushOverHttp(server.url, world, [clientRecord(world.south, 'info@jansen.nl')])).toBe(200);
});
afterAll(async () => {
  await browser.close();
  await server.close();
});

describe('the review queue, live', () => {
  const renamed = 'Installatiebedrijf Jansen & Zonen B.V.';
  const cases = [
    { language: 'nl', shows: 'nieuw@korenschoof.nl', before: '1', after: '2' },
    { language: 'en', shows: renamed, before: '2', after: '3' },
  ] as const satisfies readonly { language: Language; shows: string; before: string; after: string }[];
  it.each(cases)('shows a change that arrives while it is open, without a reload ($language)', async (step) => {
    const page = await browser.openPage(step.language);
    await logInByApi(page, server.url, worldAccounts.admin);
    await page.goto(`${server.url}/review`);
    await heading(page, ui[step.language].review).waitFor();
    await expect.poll(() => reviewBadge(page)).toBe(step.before);
    // A reload would drop this mark: it must survive the live update.
    await page.evaluate('window.__stillTheSamePage = true');

    const record =
      step.language === 'nl'
        ? clientRecord(world.north, step.shows)
        : { ...clientRecord(world.south, 'info@jansen.nl'), name: renamed };
    expect(await pushOverHttp(server.url, world, [record])).toBe(200);
    await expect.poll(() => reviewBadge(page)).toBe(step.after);
    await page.getByText(step.shows, { exact: true }).first().waitFor();
    expect(await page.evaluate('window.__stillTheSamePage === true')).toBe(true);

    await expectAccessibleLayout(page, `the review queue after a live update (${step.language})`);
  });
});
