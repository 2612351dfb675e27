import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb } from '../../../../test/helpers/db.js';
import { createPostgresQuotaLedger } from './quota.repo.js';

import type { TestDatabase } from '../../../../test/helpers/db.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.close();
});

describe('PostgreSQL quota ledger', () => {
  it('grants exactly the limit under concurrent reservations from two pools', async () => {
    const second = database.open();
    const first = createPostgresQuotaLedger(database.db);
    const other = createPostgresQuotaLedger(second.db);
    const key = { system: 'yuki', scope: 'domain-a', day: '2026-11-22' } as const;
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? first : other).reserve(key, { limit: 25, reserve: 0, priority: 'high' }),
      ),
    );
    expect(decisions.filter((decision) => decision.granted)).toHaveLength(25);
    expect(await first.usage(key)).toEqual({ used: 25, exhausted: false });
    await second.close();
  });

  it('keeps the reserve for high-priority calls', async () => {
    const ledger = createPostgresQuotaLedger(database.db);
    const key = { system: 'yuki', scope: 'domain-b', day: '2026-11-22' } as const;
    const low = { limit: 5, reserve: 2, priority: 'low' } as const;
    const high = { ...low, priority: 'high' } as const;
    for (let i = 0; i < 3; i += 1) expect((await ledger.reserve(key, low)).granted).toBe(true);
    expect(await ledger.reserve(key, low)).toEqual({ granted: false, used: 3, reason: 'reserved' });
    expect((await ledger.reserve(key, high)).granted).toBe(true);
    expect((await ledger.reserve(key, high)).granted).toBe(true);
    expect(await ledger.reserve(key, high)).toEqual({ granted: false, used: 5, reason: 'exhausted' });
  });

  it('stops everything once the system itself said the day is over, and starts afresh the next day', async () => {
    const ledger = createPostgresQuotaLedger(database.db);
    const today = { system: 'yuki', scope: 'domain-c', day: '2026-11-22' } as const;
    await ledger.markExhausted(today);
    expect(await ledger.reserve(today, { limit: 1000, reserve: 0, priority: 'high' })).toMatchObject({
      granted: false,
      reason: 'exhausted',
    });
    expect(
      (await ledger.reserve({ ...today, day: '2026-11-23' }, { limit: 1000, reserve: 0, priority: 'low' })).granted,
    ).toBe(true);
  });
});
