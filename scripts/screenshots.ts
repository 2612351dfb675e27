// `npm run screenshots`: starts crmhub with the walk's seeded firm and renders every page of the walk (walk-pages.ts) in
// Dutch at 1440 and 390 px wide, full page, into docs/screenshots/<page>-<width>.png with a README listing them.
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { createBenchTestDatabase } from '../bench/bench-db.js';
import { browserLocales, launchBrowser } from '../test/e2e/helpers.js';
import { openWalkPage, signInForWalk, walkPages } from '../test/e2e/walk-pages.js';
import { startWalkWorld } from '../test/e2e/walk-world.js';

import type { Browser, Page } from 'playwright-core';
import type { WalkWorld } from '../test/e2e/walk-world.js';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'docs', 'screenshots');
const widths = [1440, 390] as const;

/** A Dutch page at `width` (device scale 1 keeps the files small), signed in or not. */
async function dutchPage(browser: Browser, width: number, world: WalkWorld, signedIn: boolean): Promise<Page> {
  const context = await browser.newContext({
    locale: browserLocales.nl,
    viewport: { width, height: 900 },
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  if (signedIn) await signInForWalk(page, world);
  return page;
}

async function renderWidth(browser: Browser, world: WalkWorld, width: number): Promise<string[]> {
  const pages = {
    anonymous: await dutchPage(browser, width, world, false),
    signedIn: await dutchPage(browser, width, world, true),
  };
  const files: string[] = [];
  for (const walkPage of walkPages) {
    const page = walkPage.signedIn ? pages.signedIn : pages.anonymous;
    await openWalkPage(page, walkPage, world);
    const file = `${walkPage.name}-${String(width)}.png`;
    await page.screenshot({ path: path.join(outDir, file), fullPage: true, animations: 'disabled' });
    process.stdout.write(`${file}\n`);
    files.push(file);
  }
  await pages.anonymous.context().close();
  await pages.signedIn.context().close();
  return files;
}

function readme(): string {
  const rows = walkPages.map(
    (walkPage) => `| ${walkPage.name} | [1440 px](${walkPage.name}-1440.png) | [390 px](${walkPage.name}-390.png) |`,
  );
  return [
    '# Screenshots',
    '',
    'Every page of the web UI in Dutch, with the demo firm seeded (review queue with a clear, linked and unlinked',
    'administrations, audit entries, a call with its pop-up, Apply in Yuki tasks), rendered by `npm run screenshots`',
    '(the pages are the list in `test/e2e/walk-pages.ts`, the same the untranslated-text walk checks).',
    '',
    '| page | desktop | phone |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-web.js')], { stdio: 'inherit' });
await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const world = await startWalkWorld(createBenchTestDatabase);
const browser = await launchBrowser();
try {
  for (const width of widths) await renderWidth(browser, world, width);
  await writeFile(path.join(outDir, 'README.md'), readme());
} finally {
  await browser.close();
  await world.close();
}
