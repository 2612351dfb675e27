// web.initial_js_kb: gzipped JavaScript the login page loads in headless Chromium, against all of the web UI's JS.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { launchBrowser } from '../test/e2e/helpers.js';
import { startTestServer } from '../test/helpers/server.js';
import { createBenchTestDatabase } from './bench-db.js';
import { round } from './harness.js';

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

export const webBenchmarks: Benchmark[] = [
  {
    name: 'web.initial_js_kb',
    async run(): Promise<BenchResult[]> {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-web.js')], { stdio: 'inherit' });
      const database = await createBenchTestDatabase();
      const server = await startTestServer({ database });
      try {
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
      } finally {
        await server.close();
        await database.close();
      }
    },
  },
];
