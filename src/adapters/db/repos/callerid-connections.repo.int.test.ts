import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb } from '../../../../test/helpers/db.js';
import { markNeedsReconnect } from './callerid-connections.repo.js';
import { findConnection, insertConnection, updateConnectionCredentials } from './connections.repo.js';
import { ensurePortal } from './users.repo.js';

import type { TestDatabase } from '../../../../test/helpers/db.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.close();
});

describe('a connection that needs a new authorization', () => {
  it('keeps the failure in codes and in English, plans no run until reconnected, and forgets it then', async () => {
    const db = database.db;
    const portalId = await ensurePortal(db, 'Kantoor');
    const at = new Date('2026-12-08T01:00:00Z');
    const created = await insertConnection(db, {
      portalId,
      role: 'crm',
      system: 'simplicate',
      baseUrl: 'https://kantoor.simplicate.nl',
      credentialsEnc: 'sealed',
      nextRunAt: at,
    });
    const refused = {
      code: 'auth_invalid',
      message: 'Simplicate: Invalid API key or secret',
      systemSaid: 'Invalid API key or secret',
    } as const;
    await markNeedsReconnect(db, created.id, refused, at);
    expect(await findConnection(db, created.id)).toMatchObject({
      status: 'needs_reconnect',
      nextRunAt: null,
      lastError: 'Simplicate: Invalid API key or secret',
      lastFailure: { code: 'auth_invalid', systemSaid: 'Invalid API key or secret' },
      lastErrorAt: at,
    });

    await updateConnectionCredentials(db, created.id, { baseUrl: null, credentialsEnc: 'resealed', now: at });
    expect(await findConnection(db, created.id)).toMatchObject({
      status: 'active',
      nextRunAt: at,
      lastError: null,
      lastFailure: null,
      lastErrorAt: null,
    });
  });
});
