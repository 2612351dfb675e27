// The HTTP app on a fresh database without listening or workers: for app.inject() route tests.
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';

import { createSecretBox, generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { loadConfig } from '../../src/app/config.js';
import { buildApp } from '../../src/app/http/app.js';
import { loggerOptions } from '../../src/app/http/logger.js';
import { createTestDb } from './db.js';

import type { FastifyInstance } from 'fastify';
import type { AppDeps, Clock } from '../../src/app/deps.js';
import type { TestDatabase } from './db.js';

export type TestApp = {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  readonly database: TestDatabase;
  close(): Promise<void>;
};

export async function buildTestApp(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDb();
  const secretKey = generateSecretKey();
  const config = loadConfig({
    DATABASE_URL: database.url,
    CRMHUB_SECRET_KEY: secretKey,
    LOG_LEVEL: 'silent',
    // The simulators listen on http://127.0.0.1.
    CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true',
    ...options.env,
  });
  const deps: AppDeps = {
    config,
    db: database.db,
    clock: options.clock ?? (() => new Date()),
    secretBox: createSecretBox(secretKey),
    metrics: new Registry(),
    queue: null,
    webRoot: null,
  };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A second app on the same dependencies that logs everything (trace) into `logLines`, as the server's logger would. */
export async function buildLoggingApp(deps: AppDeps): Promise<{ app: FastifyInstance; logLines: string[] }> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp({ ...deps, metrics: new Registry() }, { logger: pino(loggerOptions('trace'), sink) });
  return { app, logLines };
}
