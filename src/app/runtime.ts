/** Start-up and shutdown of a crmhub process: database (embedded or external), migrations, jobs, HTTP. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { createSecretBox } from '../adapters/crypto/secret-box.js';
import { startEmbeddedDatabase } from '../adapters/db/embedded.js';
import { migrateToLatest, underSetupLock } from '../adapters/db/migrate.js';
import { openDatabase, pingDatabase } from '../adapters/db/pool.js';
import { startJobQueue } from '../adapters/db/queue.js';
import { keyCheckValue } from '../adapters/db/repos/installation.repo.js';
import { createSessionPool } from '../adapters/shared/session-pool.js';
import { lockDataDir, readOrCreateSecretKey, runningInstance } from './data-dir.js';
import { startDatabaseWatch } from './database-watch.js';
import { buildApp } from './http/app.js';
import { loggerOptions } from './http/logger.js';
import { allJobContracts } from './jobs/contracts.js';
import { jobHandlers } from './jobs/index.js';
import { createPopupHub } from './use-cases/callerid/popup-hub.js';
import { createReviewHub } from './use-cases/sync/review-stream.js';

import type { FastifyInstance } from 'fastify';
import type { SecretBox } from '../adapters/crypto/secret-box.js';
import type { EmbeddedDatabase } from '../adapters/db/embedded.js';
import type { DatabaseHandle, Db } from '../adapters/db/pool.js';
import type { JobQueue } from '../adapters/db/queue.js';
import type { Config } from './config.js';
import type { DataDirLock } from './data-dir.js';
import type { AppDeps } from './deps.js';

export type Role = 'all' | 'api' | 'worker';

/** A start-up failure the operator can fix; the CLI prints its message as one line. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export type DatabaseSession = {
  readonly url: string;
  readonly handle: DatabaseHandle;
  readonly secretKey: string;
  readonly embedded: boolean;
  close(): Promise<void>;
};

function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** Opens the database this configuration names, starting the embedded one (and locking the data dir) when needed. */
export async function openConfiguredDatabase(
  config: Config,
  log: (line: string) => void,
  options: { exclusive: boolean },
): Promise<DatabaseSession> {
  let url = config.databaseUrl;
  let lock: DataDirLock | null = null;
  let embedded: EmbeddedDatabase | null = null;
  let secretKey = config.secretKey;
  if (url === null) {
    const running = options.exclusive ? null : await runningInstance(config.dataDir);
    if (running?.databaseUrl != null) {
      url = running.databaseUrl;
    } else {
      lock = await lockDataDir(config.dataDir);
      try {
        embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, log });
      } catch (error) {
        await lock.release();
        throw new StartupError(error instanceof Error ? error.message : String(error));
      }
      url = embedded.url;
      await lock.publish(url);
    }
    secretKey ??= await readOrCreateSecretKey(config.dataDir);
  }
  if (secretKey === null) throw new StartupError('CRMHUB_SECRET_KEY is required with DATABASE_URL');
  const handle = openDatabase(url);
  const close = async (): Promise<void> => {
    await handle.close();
    await embedded?.stop();
    await lock?.release();
  };
  try {
    await pingDatabase(handle.db);
  } catch (error) {
    await close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`cannot reach the database at ${describeServer(url)}: ${reason}`);
  }
  return { url, handle, secretKey, embedded: embedded !== null, close };
}

export type RunningCrmhub = {
  /** The URL the API listens on; null for a worker-only process. */
  readonly url: string | null;
  readonly deps: AppDeps;
  readonly app: FastifyInstance | null;
  stop(): Promise<void>;
};

const KEY_CHECK_PLAINTEXT = 'crmhub master key check';

/** Whether a database's key-check value was encrypted with this master key (or one of the old keys). */
export function masterKeyFits(secretBox: SecretBox, keyCheck: string): boolean {
  try {
    return secretBox.decrypt(keyCheck) === KEY_CHECK_PLAINTEXT;
  } catch {
    return false;
  }
}

/** Applies pending migrations, then refuses a master key that cannot read what this database stores. */
async function migrateAndCheckKey(db: Db, secretBox: SecretBox, log: (line: string) => void): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  const stored = await keyCheckValue(db, () => secretBox.encrypt(KEY_CHECK_PLAINTEXT));
  if (!masterKeyFits(secretBox, stored)) {
    throw new StartupError(
      'CRMHUB_SECRET_KEY is not the key this database was set up with: it cannot read the stored credentials. ' +
        'Start with the original key (or list it in CRMHUB_OLD_SECRET_KEYS while rotating).',
    );
  }
}

type Started = { deps: AppDeps; stops: (() => Promise<void> | void)[] };

/** Schema, key check and the job queue (its own schema too), one instance at a time (see underSetupLock). */
async function startQueue(
  database: DatabaseSession,
  started: Started,
  role: Role,
  log: (line: string) => void,
  logger: pino.Logger,
): Promise<JobQueue> {
  const { config, db, secretBox } = started.deps;
  const queue = await underSetupLock(db, async () => {
    await migrateAndCheckKey(db, secretBox, log);
    return startJobQueue(
      database.url,
      { contracts: allJobContracts, handlers: role === 'api' ? [] : jobHandlers(() => started.deps) },
      {
        role: role === 'api' ? 'producer' : 'worker',
        defaultConcurrency: config.jobConcurrency,
        onReady: (ready) => {
          started.deps = { ...started.deps, queue: ready };
        },
        onError: (error) => {
          logger.warn({ err: error }, 'job queue error');
        },
      },
    );
  });
  started.stops.push(() => queue.stop(config.shutdownTimeoutMs));
  return queue;
}

/** The pop-up fan-out and the HTTP server; returns the app and the URL it listens on. */
async function startApi(
  database: DatabaseSession,
  started: Started,
  logger: pino.Logger,
): Promise<{ app: FastifyInstance; url: string }> {
  const popupHub = createPopupHub(database.url, database.handle.db, (error) => {
    logger.warn({ err: error }, 'caller-ID pop-up listener');
  });
  const reviewHub = createReviewHub(database.url, (error) => {
    logger.warn({ err: error }, 'review stream listener');
  });
  await Promise.all([popupHub.start(), reviewHub.start()]);
  started.stops.push(
    () => popupHub.stop(),
    () => reviewHub.stop(),
  );
  started.deps = { ...started.deps, popupHub, reviewHub };
  const app = await buildApp(started.deps, { logger });
  started.stops.push(() => app.close());
  const url = await app.listen({ host: started.deps.config.host, port: started.deps.config.port });
  return { app, url };
}

async function stopAll(stops: readonly (() => Promise<void> | void)[]): Promise<void> {
  for (const stop of [...stops].reverse()) await stop();
}

function baseDeps(config: Config, database: DatabaseSession, webRoot: string | null | undefined): AppDeps {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  return {
    config,
    db: database.handle.db,
    clock: () => new Date(),
    secretBox: createSecretBox(database.secretKey, config.oldSecretKeys),
    metrics,
    queue: null,
    connectorSessions: createSessionPool(),
    webRoot: webRoot === undefined ? (existsSync(defaultWebRoot) ? defaultWebRoot : null) : webRoot,
  };
}

/** Starts crmhub in the given role: API, workers, or both (the default). */
export async function startCrmhub(
  config: Config,
  options: { role: Role; webRoot?: string | null; log?: (line: string) => void },
): Promise<RunningCrmhub> {
  const logger = pino(loggerOptions(config.logLevel));
  const log =
    options.log ??
    ((line: string) => {
      logger.info(line);
    });
  const database = await openConfiguredDatabase(config, log, { exclusive: true });
  // Everything started is stopped in reverse order, on stop() or when a later step fails.
  const started: Started = { deps: baseDeps(config, database, options.webRoot), stops: [() => database.close()] };
  try {
    const databaseWatch = startDatabaseWatch(database.handle.db, started.deps.clock);
    started.stops.push(() => {
      databaseWatch.stop();
    });
    started.deps = { ...started.deps, databaseWatch };
    const queue = await startQueue(database, started, options.role, log, logger);
    started.deps = { ...started.deps, queue };
    const api = options.role === 'worker' ? null : await startApi(database, started, logger);
    return { url: api?.url ?? null, deps: started.deps, app: api?.app ?? null, stop: () => stopAll(started.stops) };
  } catch (error) {
    await stopAll(started.stops).catch(() => undefined);
    throw error;
  }
}
