// A whole crmhub (API, workers, web UI) on a fresh database and a free port, for integration and browser tests.
import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { loadConfig } from '../../src/app/config.js';
import { defaultWebRoot, startCrmhub } from '../../src/app/runtime.js';
import { createTestDb } from './db.js';

import type { AppDeps } from '../../src/app/deps.js';
import type { Role } from '../../src/app/runtime.js';
import type { TestDatabase } from './db.js';

export type TestServer = {
  readonly url: string;
  readonly deps: AppDeps;
  readonly database: TestDatabase;
  close(): Promise<void>;
};

export async function startTestServer(
  options: { env?: Record<string, string>; role?: Role; database?: TestDatabase } = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDb());
  const config = loadConfig({
    DATABASE_URL: database.url,
    CRMHUB_SECRET_KEY: generateSecretKey(),
    PORT: '0',
    LOG_LEVEL: 'silent',
    CRMHUB_SHUTDOWN_TIMEOUT_MS: '2000',
    // The simulators listen on http://127.0.0.1.
    CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true',
    ...options.env,
  });
  const running = await startCrmhub(config, {
    role: options.role ?? 'all',
    webRoot: defaultWebRoot,
    log: () => undefined,
  });
  return {
    url: running.url ?? '',
    deps: running.deps,
    database,
    async close() {
      await running.stop();
      if (options.database === undefined) await database.close();
    },
  };
}
