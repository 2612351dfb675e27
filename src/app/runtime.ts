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
import { lockDataDir, readOrCreateSecretKey, runningInstance } from './data-dir.js';
import { startDatabaseWatch } from './database-watch.js';
import { buildApp } from './http/app.js';
import { loggerOptions } from './http/logger.js';
import { allJobContracts } from './jobs/contracts.js';
import { jobHandlers } from './jobs/index.js';
import { createPopupHub } from './use-cases/callerid/popup-hub.js';

import type { FastifyInstance } from 'fastify';
import type { SecretBox } from '../adapters/crypto/secret-box.js';
import type { EmbeddedDatabase } from '../adapters/db/embedded.js';
import type { DatabaseHandle, Db } from '../adapters/db/pool.js';
import type { JobQueue } from '../adapters/db/queue.js';
import type { PushHub } from '../adapters/push/sse-hub.js';
import type { Config } from './config.js';
import type { DataDirLock } from './data-dir.js';
import type { DatabaseWatch } from './database-watch.js';
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
  let queue: JobQueue | null = null;
  let app: FastifyInstance | null = null;
  let popupHub: PushHub | null = null;
  let databaseWatch: DatabaseWatch | null = null;
  try {
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    const webRoot =
      options.webRoot === undefined ? (existsSync(defaultWebRoot) ? defaultWebRoot : null) : options.webRoot;
    const secretBox = createSecretBox(database.secretKey, config.oldSecretKeys);
    databaseWatch = startDatabaseWatch(database.handle.db, () => new Date());
    let deps: AppDeps = {
      config,
      db: database.handle.db,
      clock: () => new Date(),
      secretBox,
      databaseWatch,
      metrics,
      queue: null,
      webRoot,
    };
    // Schema, key check and the job queue's own schema, one instance at a time (see underSetupLock).
    queue = await underSetupLock(database.handle.db, async () => {
      await migrateAndCheckKey(database.handle.db, secretBox, log);
      return startJobQueue(
        database.url,
        { contracts: allJobContracts, handlers: options.role === 'api' ? [] : jobHandlers(() => deps) },
        {
          role: options.role === 'api' ? 'producer' : 'worker',
          defaultConcurrency: config.jobConcurrency,
          onReady: (ready) => {
            deps = { ...deps, queue: ready };
          },
          onError: (error) => {
            logger.warn({ err: error }, 'job queue error');
          },
        },
      );
    });
    deps = { ...deps, queue };
    let url: string | null = null;
    if (options.role !== 'worker') {
      popupHub = createPopupHub(database.url, database.handle.db, (error) => {
        logger.warn({ err: error }, 'caller-ID pop-up listener');
      });
      await popupHub.start();
      deps = { ...deps, popupHub };
      app = await buildApp(deps, { logger });
      url = await app.listen({ host: config.host, port: config.port });
    }
    const startedApp = app;
    const startedQueue = queue;
    const startedHub = popupHub;
    const startedWatch = databaseWatch;
    return {
      url,
      deps,
      app,
      async stop() {
        await startedApp?.close();
        await startedHub?.stop();
        startedWatch.stop();
        await startedQueue.stop(config.shutdownTimeoutMs);
        await database.close();
      },
    };
  } catch (error) {
    await app?.close();
    await popupHub?.stop();
    databaseWatch?.stop();
    await queue?.stop(1000).catch(() => undefined);
    await database.close();
    throw error;
  }
}
