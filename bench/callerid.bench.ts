// Caller-ID benchmarks on a real `crmhub start` (embedded PostgreSQL) with 1,000,000 indexed numbers:
// lookup latency and throughput over HTTP (3CX lookup, 2 clients) against /healthz, event → pop-up latency over SSE
// at 100 calls/s (signed JSON events, then Voys notifications), and idle RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';

import { createSecretBox } from '../src/adapters/crypto/secret-box.js';
import { openDatabase } from '../src/adapters/db/pool.js';
import { replaceUserPhones, setConnectionAssignees } from '../src/adapters/db/repos/callerid-assignments.repo.js';
import { upsertPhoneEntries } from '../src/adapters/db/repos/phone-index.repo.js';
import { signPbxPayload } from '../src/adapters/pbx/signature.js';
import { readOrCreateSecretKey, runningInstance } from '../src/app/data-dir.js';
import { createPbxIntegration } from '../src/app/use-cases/callerid/pbx-integrations.js';
import { mustSucceed } from '../src/app/use-cases/failure.js';
import { createUser } from '../src/app/use-cases/users.js';
import { voysNotification } from '../test/helpers/callerid.js';
import { openSse } from '../test/helpers/sse-client.js';
import { percentile, round, withRatio } from './harness.js';

import type { ChildProcess } from 'node:child_process';
import type { Db } from '../src/adapters/db/pool.js';
import type { PhoneIndexEntry } from '../src/adapters/db/repos/phone-index.repo.js';
import type { Benchmark, BenchResult } from './harness.js';

const root = path.resolve(import.meta.dirname, '..');
// Knobs for profiling runs only; the recorded figures use the defaults.
const NUMBERS = Number(process.env['CALLERID_BENCH_NUMBERS'] ?? 1_000_000);
const PROFILE_DIR = process.env['CALLERID_BENCH_CPU_PROF'];
const ONLY = process.env['CALLERID_BENCH_ONLY'] ?? 'all';
const LOAD_BATCH = 20_000;
const CLIENTS = 2;
const LOOKUP_SECONDS = 20;
const WARMUP_SECONDS = 3;
const CALLS_PER_SECOND = Number(process.env['CALLERID_BENCH_RATE'] ?? 100);
const CALL_SECONDS = Number(process.env['CALLERID_BENCH_SECONDS'] ?? 60);
/** Calls ring these many users (extensions 201…), each with their own pop-up stream, as in a firm. */
const USERS = 10;
const PASSWORD = 'benchmark password 1';

const AREAS = ['20', '10', '30', '40', '50', '70', '71', '73', '76', '79'] as const;

/** The i-th indexed number: 60 % landlines over ten area codes, 40 % mobiles; all distinct and valid in NL. */
function numberAt(i: number): { e164: string; national: string } {
  if (i % 5 < 3) {
    const area = AREAS[i % AREAS.length] ?? '20';
    const subscriber = String(3_000_000 + Math.floor(i / AREAS.length));
    return { e164: `+31${area}${subscriber}`, national: `0${area}${subscriber}` };
  }
  const mobile = String(20_000_000 + i);
  return { e164: `+316${mobile}`, national: `06${mobile}` };
}

/** A number as people and PBXs type it, in one of several formats. */
function formatted(national: string, e164: string, variant: number): string {
  const body = national.slice(1);
  switch (variant % 5) {
    case 0:
      return e164;
    case 1:
      return `${national.slice(0, 3)}-${national.slice(3)}`;
    case 2:
      return `00${e164.slice(1)}`;
    case 3:
      return `+31 (0)${body.slice(0, 2)} ${body.slice(2, 5)} ${body.slice(5)}`;
    default:
      return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  }
}

function entryAt(connectionId: string, i: number): PhoneIndexEntry {
  const { e164, national } = numberAt(i);
  const mobile = national.startsWith('06');
  return {
    connectionId,
    recordKind: i % 4 === 0 ? 'creditor' : 'debtor',
    recordId: String(100_000 + Math.floor(i / 2)),
    field: i % 2 === 0 ? 'TEL_BUS' : 'TEL_MOB',
    source: 'accountview',
    e164,
    raw: formatted(national, e164, i),
    extension: null,
    mobile,
    personal: mobile,
    name: `Relatie ${String(i)}`,
    company: `Bedrijf ${String(Math.floor(i / 2))} B.V.`,
    companyId: String(100_000 + Math.floor(i / 2)),
    kvk: String(10_000_000 + Math.floor(i / 2)),
    relationNumber: String(100_000 + Math.floor(i / 2)),
    deepLink: null,
    sourceUpdatedAt: '2026-01-01T00:00:00',
  };
}

type Crmhub = { url: string; child: ChildProcess; dataDir: string };

const METRICS_TOKEN = 'bench-metrics-token-0123456789';

async function startCrmhub(): Promise<Crmhub> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-bench-callerid-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CRMHUB_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    CRMHUB_METRICS_TOKEN: METRICS_TOKEN,
    // The simulators listen on http://127.0.0.1.
    CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true',
  };
  delete env['DATABASE_URL'];
  const flags = PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`];
  const child = spawn(process.execPath, [...flags, 'bin/crmhub.js', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (;;) {
    const url = /(http:\/\/[\w.]+:\d+)/.exec(output)?.[1];
    if (url !== undefined) {
      for (;;) {
        const ready = await fetch(`${url}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ready) return { url, child, dataDir };
        await sleep(20);
      }
    }
    if (child.exitCode !== null) throw new Error(`crmhub exited: ${output}`);
    await sleep(20);
  }
}

async function stopCrmhub(crmhub: Crmhub): Promise<void> {
  const exited = new Promise((resolve) => crmhub.child.once('exit', resolve));
  crmhub.child.kill('SIGTERM');
  await exited;
  await rm(crmhub.dataDir, { recursive: true, force: true });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** One GET over a keep-alive connection; resolves with the status once the body has been read. */
function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve(response.statusCode ?? 0);
      });
    });
    request.on('error', reject);
  });
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve(response.statusCode ?? 0);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** `clients` concurrent loops of sequential requests for `seconds`; latencies in ms and requests per second. */
async function load(
  clients: number,
  seconds: number,
  request: () => Promise<number>,
): Promise<{ latencies: number[]; rps: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const status = await request();
        latencies.push(performance.now() - t0);
        if (status !== 200) errors += 1;
      }
    }),
  );
  return { latencies, rps: latencies.length / ((performance.now() - started) / 1000), errors };
}

/** RSS of the crmhub process as it reports it (prom-client default metric). */
async function rssMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const bytes = Number(/^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text)?.[1] ?? Number.NaN);
  return bytes / 2 ** 20;
}

async function seed(db: Db, secretKey: string) {
  const portal = await db.insertInto('portals').values({ name: 'crmhub' }).returning('id').executeTakeFirstOrThrow();
  const connection = await db
    .insertInto('connections')
    .values({ portal_id: portal.id, role: 'callerid_source', system: 'accountview', credentials_enc: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const loadStarted = performance.now();
  for (let start = 0; start < NUMBERS; start += LOAD_BATCH) {
    const batch: PhoneIndexEntry[] = [];
    for (let i = start; i < Math.min(NUMBERS, start + LOAD_BATCH); i++) batch.push(entryAt(connection.id, i));
    await upsertPhoneEntries(db, batch, 1);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  await sql`ANALYZE phone_index`.execute(db);
  const userIds: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const email = `bench${String(u)}@kantoor.nl`;
    const user = mustSucceed(
      await createUser(db, { email, name: `Bench ${String(u)}`, password: PASSWORD, role: 'employee' }),
    );
    await replaceUserPhones(db, user.id, [{ kind: 'extension', value: String(201 + u), raw: String(201 + u) }]);
    userIds.push(user.id);
  }
  await setConnectionAssignees(db, { connectionId: connection.id, userIds, by: userIds[0] ?? '' });
  const pbx = await createPbxIntegration(
    { db, secretBox: createSecretBox(secretKey) },
    { portalId: portal.id, name: 'Bench PBX' },
  );
  return { loadSeconds, token: pbx.credentials.token, secret: pbx.credentials.webhookSecret };
}

async function lookupBenchmarks(url: string, token: string): Promise<BenchResult[]> {
  let n = 0;
  const lookupUrl = (): string => {
    n += 1;
    // Half known numbers in five formats, half unknown (unused area code or mobile range).
    const i = (n * 7919) % NUMBERS;
    const { e164, national } = numberAt(i);
    const known = n % 2 === 0;
    const raw = known
      ? formatted(national, e164, n)
      : formatted(`015${String(3_000_000 + i)}`, `+3115${String(3_000_000 + i)}`, n);
    return `${url}/api/callerid/3cx/lookup?number=${encodeURIComponent(raw)}`;
  };
  const auth = { authorization: `Bearer ${token}` };
  // Check once that known numbers match and unknown ones do not.
  const probe = await fetch(
    `${url}/api/callerid/3cx/lookup?number=${encodeURIComponent(formatted(numberAt(42).national, numberAt(42).e164, 1))}`,
    { headers: auth },
  );
  const contacts = ((await probe.json()) as { contacts: unknown[] }).contacts;
  if (contacts.length === 0) throw new Error('a known number did not match: the benchmark data is wrong');

  await load(CLIENTS, WARMUP_SECONDS, () => get(lookupUrl(), auth));
  await load(CLIENTS, WARMUP_SECONDS, () => get(`${url}/healthz`));
  const lookups = await load(CLIENTS, LOOKUP_SECONDS, () => get(lookupUrl(), auth));
  const health = await load(CLIENTS, LOOKUP_SECONDS, () => get(`${url}/healthz`));
  if (lookups.errors > 0 || health.errors > 0)
    throw new Error(`errors: ${String(lookups.errors)} lookups, ${String(health.errors)} healthz`);
  const sorted = [...lookups.latencies].sort((a, b) => a - b);
  process.stderr.write(
    `  lookups: ${String(lookups.latencies.length)} in ${String(LOOKUP_SECONDS)} s; healthz ${String(health.latencies.length)}\n`,
  );
  return [
    { name: 'callerid.lookup_p99_ms', value: round(percentile(sorted, 99), 3), unit: 'ms' },
    { name: 'callerid.lookup_p50_ms', value: round(percentile(sorted, 50), 3), unit: 'ms' },
    withRatio('callerid.lookup_rps_ratio', lookups.rps, 'req/s', health.rps),
  ];
}

/** Sends one call's notifications; `mark` is called right before the request that should produce a pop-up state. */
type CallScript = (
  call: { readonly callId: string; readonly from: string; readonly extension: string },
  mark: (state: string) => void,
) => Promise<void>;

/**
 * Logs the bench users in with one pop-up stream each, plays `script` for 100 new calls a second for 60 s (each call
 * rings, is answered after 1 s and ends after 2 s: 3 pop-up events per call) and returns every pop-up's latency from
 * its marked request to its arrival on the stream, sorted.
 */
async function popupLatencies(url: string, prefix: string, script: CallScript): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const streams: Awaited<ReturnType<typeof openSse>>[] = [];
  for (let u = 0; u < USERS; u++) {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench${String(u)}@kantoor.nl`, password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const stream = await openSse(`${url}/api/callerid/stream`, { cookie });
    await stream.waitFor((m) => m.event === 'ready');
    stream.onMessage = (message) => {
      if (message.event !== 'call') return;
      const popup = JSON.parse(message.data) as { callId: string; state: string };
      const t0 = sentAt.get(`${popup.callId}:${popup.state}`);
      if (t0 !== undefined) latencies.push(message.at - t0);
    };
    streams.push(stream);
  }
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const total = CALLS_PER_SECOND * CALL_SECONDS;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / CALLS_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const callId = `${prefix}-${String(i)}`;
    const { e164, national } = numberAt((i * 104_729) % NUMBERS);
    const from = i % 10 === 0 ? '+31 15 000 0000' : formatted(national, e164, i);
    const extension = String(201 + (i % USERS));
    pending.push(
      script({ callId, from, extension }, (state) => {
        sentAt.set(`${callId}:${state}`, performance.now());
      }),
    );
  }
  await Promise.all(pending);
  const deadline = performance.now() + 10_000;
  while (latencies.length < total * 3 && performance.now() < deadline) await sleep(50);
  for (const stream of streams) stream.close();
  if (latencies.length < total * 3)
    throw new Error(`only ${String(latencies.length)} of ${String(total * 3)} pop-ups arrived`);
  return latencies.sort((a, b) => a - b);
}

async function popupBenchmarks(url: string, secret: string): Promise<BenchResult[]> {
  const send = async (callId: string, state: string, from: string, extension: string): Promise<void> => {
    const body = JSON.stringify({
      callId,
      state,
      from,
      to: '+31 20 760 4000',
      extension,
      direction: 'in',
      timestamp: Math.floor(Date.now() / 1000),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'x-crmhub-timestamp': String(timestamp),
      'x-crmhub-signature': signPbxPayload(secret, timestamp, body),
    };
    const status = await post(`${url}/api/callerid/events`, body, headers);
    if (status !== 200) throw new Error(`event POST answered ${String(status)}`);
  };
  const sorted = await popupLatencies(url, 'bench', async ({ callId, from, extension }, mark) => {
    for (const [state, pause] of [
      ['ringing', 1000],
      ['answered', 1000],
      ['ended', 0],
    ] as const) {
      mark(state);
      await send(callId, state, from, extension);
      if (pause > 0) await sleep(pause);
    }
  });
  return [
    { name: 'callerid.event_to_popup_p99_ms', value: round(percentile(sorted, 99), 2), unit: 'ms' },
    { name: 'callerid.event_to_popup_p50_ms', value: round(percentile(sorted, 50), 2), unit: 'ms' },
  ];
}

/**
 * The same load as Voys / VoIPGRID call notifications: per call `created` (the firm number, no user), `ringing`
 * naming the extension (the pop-up), `in-progress` after 1 s and `ended` after 2 s: 400 notifications a second.
 */
async function voysPopupBenchmarks(url: string, token: string): Promise<BenchResult[]> {
  const send = async (callId: string, status: string, from: string, extension: string | null): Promise<void> => {
    const body = voysNotification({ callId, status, from, extension });
    const answer = await post(`${url}/api/callerid/pbx/${token}/voys`, body, { 'content-type': 'application/json' });
    if (answer !== 200) throw new Error(`Voys notification answered ${String(answer)}`);
  };
  const sorted = await popupLatencies(url, 'voys', async ({ callId, from, extension }, mark) => {
    await send(callId, 'created', from, null);
    mark('ringing');
    await send(callId, 'ringing', from, extension);
    await sleep(1000);
    mark('answered');
    await send(callId, 'in-progress', from, extension);
    await sleep(1000);
    mark('ended');
    await send(callId, 'ended', from, extension);
  });
  return [
    { name: 'callerid.voys_event_to_popup_p99_ms', value: round(percentile(sorted, 99), 2), unit: 'ms' },
    { name: 'callerid.voys_event_to_popup_p50_ms', value: round(percentile(sorted, 50), 2), unit: 'ms' },
  ];
}

export const calleridBenchmarks: Benchmark[] = [
  {
    name: 'callerid',
    async run() {
      const crmhub = await startCrmhub();
      try {
        const lock = await runningInstance(crmhub.dataDir);
        if (lock?.databaseUrl == null) throw new Error('crmhub did not publish its database URL');
        const handle = openDatabase(lock.databaseUrl, { applicationName: 'crmhub-bench' });
        try {
          const seeded = await seed(handle.db, await readOrCreateSecretKey(crmhub.dataDir));
          process.stderr.write(`  loaded ${String(NUMBERS)} numbers in ${seeded.loadSeconds.toFixed(1)} s\n`);
          const lookups = ONLY === 'popups' ? [] : await lookupBenchmarks(crmhub.url, seeded.token);
          const popups = ONLY === 'lookups' ? [] : await popupBenchmarks(crmhub.url, seeded.secret);
          const voys = ONLY === 'lookups' ? [] : await voysPopupBenchmarks(crmhub.url, seeded.token);
          await sleep(5_000); // idle: no requests, jobs quiet
          const idle = await rssMb(crmhub.url);
          return [
            ...lookups,
            ...popups,
            ...voys,
            { name: 'callerid.idle_rss_mb', value: round(idle, 1), unit: 'MB' },
            { name: 'callerid.index_load_s', value: round(seeded.loadSeconds, 1), unit: 's' },
          ];
        } finally {
          await handle.close();
        }
      } finally {
        await stopCrmhub(crmhub);
      }
    },
  },
];
