/** In-memory QuotaLedger (one process); a PostgreSQL ledger implements the same port for several workers. */
import type { QuotaDecision, QuotaKey, QuotaLedger, QuotaRule } from '../../core/connector.js';

const keyOf = (k: QuotaKey): string => `${k.system}\u0000${k.scope}\u0000${k.day}`;

/** Counts per (system, scope, day); old days are dropped as new ones start, so memory stays bounded. */
export function createMemoryQuotaLedger(): QuotaLedger {
  const counts = new Map<string, { used: number; exhausted: boolean; day: string }>();
  const entry = (k: QuotaKey): { used: number; exhausted: boolean; day: string } => {
    const id = keyOf(k);
    let e = counts.get(id);
    if (!e) {
      for (const [other, v] of counts) if (v.day < k.day) counts.delete(other);
      e = { used: 0, exhausted: false, day: k.day };
      counts.set(id, e);
    }
    return e;
  };
  return {
    // Check and count happen in one synchronous step, so concurrent callers in this process cannot overspend.
    reserve(key: QuotaKey, rule: QuotaRule): Promise<QuotaDecision> {
      const e = entry(key);
      if (e.exhausted) return Promise.resolve({ granted: false, used: e.used, reason: 'exhausted' });
      const ceiling = rule.priority === 'high' ? rule.limit : Math.max(0, rule.limit - rule.reserve);
      if (e.used >= ceiling) {
        return Promise.resolve({
          granted: false,
          used: e.used,
          reason: e.used >= rule.limit ? 'exhausted' : 'reserved',
        });
      }
      e.used += 1;
      return Promise.resolve({ granted: true, used: e.used });
    },
    markExhausted(key: QuotaKey): Promise<void> {
      entry(key).exhausted = true;
      return Promise.resolve();
    },
    usage(key: QuotaKey): Promise<{ used: number; exhausted: boolean }> {
      const e = counts.get(keyOf(key));
      return Promise.resolve({ used: e?.used ?? 0, exhausted: e?.exhausted ?? false });
    },
  };
}
