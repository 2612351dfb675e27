// The untranslated-text walk: every page of a seeded crmhub (walk-pages.ts) in Dutch, failing on raw translation keys,
// English UI texts and English server phrases; each page also passes axe and fits a 390 px phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb } from '../helpers/db.js';
import { expectAccessibleLayout, launchBrowserSession } from './helpers.js';
import { collectServerPhrases, untranslatedTexts } from './untranslated.js';
import { openWalkPage, signInForWalk, walkPages } from './walk-pages.js';
import { startWalkWorld } from './walk-world.js';

import type { Page } from 'playwright-core';
import type { BrowserSession } from './helpers.js';
import type { WalkWorld } from './walk-world.js';

let world: WalkWorld | undefined;
let browser: BrowserSession | undefined;
const pages: { anonymous?: Page; signedIn?: Page } = {};
const serverPhrases = new Map<Page, Set<string>>();

function started(): WalkWorld {
  if (world === undefined) throw new Error('the walk world did not start');
  return world;
}

beforeAll(async () => {
  world = await startWalkWorld(createTestDb);
  browser = await launchBrowserSession();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** One Dutch browser context per kind (signed in or not), reused across pages like a person clicking through. */
async function dutchPage(signedIn: boolean): Promise<Page> {
  const existing = signedIn ? pages.signedIn : pages.anonymous;
  if (existing !== undefined) return existing;
  if (browser === undefined) throw new Error('no browser');
  const page = await browser.openPage('nl');
  serverPhrases.set(page, collectServerPhrases(page));
  if (signedIn) {
    await signInForWalk(page, started());
    pages.signedIn = page;
  } else {
    pages.anonymous = page;
  }
  return page;
}

describe('every page in Dutch', () => {
  it.each(walkPages.map((walkPage) => [walkPage.name, walkPage] as const))(
    '%s: no untranslated text, accessible, fits a phone',
    async (name, walkPage) => {
      const page = await dutchPage(walkPage.signedIn);
      await openWalkPage(page, walkPage, started());
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      expect(await page.locator('.load-error').count(), `${name} failed to load a panel`).toBe(0);
      expect(await untranslatedTexts(page, serverPhrases.get(page) ?? new Set()), name).toEqual([]);
      await expectAccessibleLayout(page, name);
      // The phone-width layout shows other texts (menu button, stacked tables): those must be Dutch too.
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        expect(await untranslatedTexts(page, serverPhrases.get(page) ?? new Set()), `${name} at 390 px`).toEqual([]);
      } finally {
        await page.setViewportSize({ width: 1280, height: 720 });
      }
    },
  );
});
