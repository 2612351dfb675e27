// Child process of sync.import_100k: crmhub's side of the initial import and the first reconcile (runCrmSync with
// full: true, twice) in a process of its own, so its peak RSS is crmhub's and not the simulator's.
// Env: DATABASE_URL, CRMHUB_SECRET_KEY; argv: <connectionId>.
import { Registry } from 'prom-client';

import { createSecretBox } from '../src/adapters/crypto/secret-box.js';
import { openDatabase } from '../src/adapters/db/pool.js';
import { loadConfig } from '../src/app/config.js';
import { runCrmSync } from '../src/app/use-cases/sync/run-sync.js';
import { sampleRss } from './rss.js';

import type { AppDeps } from '../src/app/deps.js';

const connectionId = process.argv[2];
if (connectionId === undefined) {
  process.stderr.write('usage: sync-import.child.ts <connectionId> (with DATABASE_URL and CRMHUB_SECRET_KEY)\n');
  process.exit(2);
}
// The simulators listen on http://127.0.0.1.
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true' });
if (config.databaseUrl === null || config.secretKey === null) throw new Error('DATABASE_URL is required');
const handle = openDatabase(config.databaseUrl);
const deps: AppDeps = {
  config,
  db: handle.db,
  clock: () => new Date(),
  secretBox: createSecretBox(config.secretKey),
  metrics: new Registry(),
  queue: null,
  webRoot: null,
};

const startRssMb = process.memoryUsage.rss() / 2 ** 20;
const rss = sampleRss();
const runs: { ms: number; organizations: number; toApply: number }[] = [];
for (let run = 0; run < 2; run += 1) {
  const started = performance.now();
  const outcome = await runCrmSync(deps, connectionId, { full: true });
  if (!outcome.ok) throw new Error(`sync failed: ${JSON.stringify(outcome)}`);
  runs.push({ ms: performance.now() - started, organizations: outcome.organizations, toApply: outcome.toApply.length });
}
const peakRssMb = rss.stop();
await handle.close();
process.stdout.write(`${JSON.stringify({ runs, startRssMb, peakRssMb })}\n`);
