// web.initial_js_kb: gzipped JavaScript the login page loads in headless Chromium, against all of the web UI's JS.
// web.review_10k_first_page_ms, web.administrations_20k_first_page_ms: from navigation to the first list row with
// 10,000 waiting changes and 20,000 administrations, against the /healthz round trip measured in the same run.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { launchBrowser } from '../test/e2e/helpers.js';
import { seedFirmAtScale } from '../test/helpers/scale-seed.js';
import { startTestServer } from '../test/helpers/server.js';
import { createBenchTestDatabase } from './bench-db.js';
import { median, round, withRatio } from './harness.js';

import type { Page } from 'playwright-core';
import type { TestServer } from '../test/helpers/server.js';
import type { Benchmark, BenchResult } from './harness.js';

const root = path.resolve(import.meta.dirname, '..');
const assets = path.join(root, 'web', 'dist', 'assets');

const gzippedKb = (bytes: Buffer): number => gzipSync(bytes).length / 1024;

/** Every JavaScript file of the build, gzipped: what the login page would load without code splitting. */
async function allJsKb(): Promise<number> {
  let total = 0;
  for (const name of await readdir(assets)) {
    if (name.endsWith('.js')) total += gzippedKb(await readFile(path.join(assets, name)));
  }
  return total;
}

async function loginPageJsKb(url: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.body().then(gzippedKb));
    });
    await page.goto(`${url}/login`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    return (await Promise.all(scripts)).reduce((sum, kb) => sum + kb, 0);
  } finally {
    await browser.close();
  }
}

const RUNS = 5;
const benchAdmin = { email: 'bench@kantoor.nl', name: 'Bench Beheerder', password: 'Bench-Beheerder-Lijsten-2026' };

/** Median of `RUNS` timings of `measure`, after one warm-up (the first visit also compiles the server's queries). */
async function medianMs(measure: () => Promise<number>): Promise<number> {
  await measure();
  const timings: number[] = [];
  for (let run = 0; run < RUNS; run++) timings.push(await measure());
  return median(timings);
}

/** From page.goto to the first list row visible. */
async function firstRowMs(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  await page.getByTestId('list-row').first().waitFor({ timeout: 60_000 });
  return performance.now() - started;
}

async function healthzMs(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/healthz`);
  await response.text();
  return performance.now() - started;
}

/** The first administrator (through the API) and the list-scale data in their portal. */
async function seedLists(server: TestServer): Promise<void> {
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchAdmin),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${await setup.text()}`);
  await seedFirmAtScale(server.deps.db, { email: benchAdmin.email });
}

async function listFirstPages(server: TestServer): Promise<BenchResult[]> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const login = await page.request.post(`${server.url}/api/auth/login`, {
      data: { email: benchAdmin.email, password: benchAdmin.password },
    });
    if (login.status() !== 200) throw new Error(`login failed: ${await login.text()}`);
    const review = await medianMs(() => firstRowMs(page, `${server.url}/review`));
    const administrations = await medianMs(() => firstRowMs(page, `${server.url}/administrations`));
    const healthz = await medianMs(() => healthzMs(server.url));
    return [
      withRatio('web.review_10k_first_page_ms', review, 'ms', healthz),
      withRatio('web.administrations_20k_first_page_ms', administrations, 'ms', healthz),
    ];
  } finally {
    await browser.close();
  }
}

/** Builds web/dist, starts crmhub on a fresh bench database, runs `measure` against it, and closes both. */
async function onFreshServer(measure: (server: TestServer) => Promise<BenchResult[]>): Promise<BenchResult[]> {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-web.js')], { stdio: 'inherit' });
  const database = await createBenchTestDatabase();
  const server = await startTestServer({ database });
  try {
    return await measure(server);
  } finally {
    await server.close();
    await database.close();
  }
}

export const webBenchmarks: Benchmark[] = [
  {
    name: 'web.initial_js_kb',
    async run(): Promise<BenchResult[]> {
      return onFreshServer(async (server) => {
        const initial = await loginPageJsKb(server.url);
        const all = await allJsKb();
        return [
          {
            name: 'web.initial_js_kb',
            value: round(initial),
            unit: 'KB',
            baseline: round(all),
            ratio: round(initial / all, 3),
          },
        ];
      });
    },
  },
  {
    name: 'web.lists',
    async run(): Promise<BenchResult[]> {
      return onFreshServer(async (server) => {
        await seedLists(server);
        return listFirstPages(server);
      });
    },
  },
];
