import { describe, expect, it } from 'vitest';

import { createMemoryQuotaLedger } from './quota-ledger.js';

import type { QuotaKey } from '../../core/connector.js';

const key = (day: string, scope = 'd1'): QuotaKey => ({ system: 'yuki', scope, day });

describe('memory QuotaLedger', () => {
  it('stops low priority `reserve` calls short of the limit while high priority continues to the limit', async () => {
    const ledger = createMemoryQuotaLedger();
    const rule = { limit: 10, reserve: 3 } as const;
    const low: boolean[] = [];
    for (let i = 0; i < 8; i++)
      low.push((await ledger.reserve(key('2024-07-01'), { ...rule, priority: 'low' })).granted);
    expect(low).toEqual([true, true, true, true, true, true, true, false]);
    expect(await ledger.reserve(key('2024-07-01'), { ...rule, priority: 'low' })).toEqual({
      granted: false,
      used: 7,
      reason: 'reserved',
    });
    const high: boolean[] = [];
    for (let i = 0; i < 4; i++)
      high.push((await ledger.reserve(key('2024-07-01'), { ...rule, priority: 'high' })).granted);
    expect(high).toEqual([true, true, true, false]);
    expect(await ledger.reserve(key('2024-07-01'), { ...rule, priority: 'high' })).toEqual({
      granted: false,
      used: 10,
      reason: 'exhausted',
    });
    expect(await ledger.usage(key('2024-07-01'))).toEqual({ used: 10, exhausted: false });
  });

  it('counts each domain and each day separately', async () => {
    const ledger = createMemoryQuotaLedger();
    const rule = { limit: 1, reserve: 0, priority: 'high' } as const;
    expect((await ledger.reserve(key('2024-07-01', 'a'), rule)).granted).toBe(true);
    expect((await ledger.reserve(key('2024-07-01', 'a'), rule)).granted).toBe(false);
    expect((await ledger.reserve(key('2024-07-01', 'b'), rule)).granted).toBe(true);
    expect((await ledger.reserve(key('2024-07-02', 'a'), rule)).granted).toBe(true);
  });

  it('refuses everything for the rest of the day once the system said the limit is reached', async () => {
    const ledger = createMemoryQuotaLedger();
    await ledger.markExhausted(key('2024-07-01'));
    expect(await ledger.reserve(key('2024-07-01'), { limit: 1000, reserve: 50, priority: 'high' })).toEqual({
      granted: false,
      used: 0,
      reason: 'exhausted',
    });
    expect((await ledger.reserve(key('2024-07-02'), { limit: 1000, reserve: 50, priority: 'high' })).granted).toBe(
      true,
    );
  });

  it('never grants more than the limit to concurrent callers', async () => {
    const ledger = createMemoryQuotaLedger();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => ledger.reserve(key('2024-07-01'), { limit: 20, reserve: 0, priority: 'high' })),
    );
    expect(results.filter((r) => r.granted)).toHaveLength(20);
  });
});
