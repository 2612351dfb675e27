/** The QuotaLedger port on PostgreSQL: one atomic statement per reservation, so workers never overspend a quota. */
import { sql } from 'kysely';

import type { QuotaDecision, QuotaKey, QuotaLedger, QuotaRule } from '../../../core/connector.js';
import type { Db } from '../pool.js';

export function createPostgresQuotaLedger(db: Db): QuotaLedger {
  return {
    async reserve(key: QuotaKey, rule: QuotaRule): Promise<QuotaDecision> {
      const ceiling = rule.priority === 'high' ? rule.limit : rule.limit - rule.reserve;
      if (ceiling <= 0) return { granted: false, used: (await this.usage(key)).used, reason: 'reserved' };
      // Counts the call only while under the ceiling; no row back means the ceiling (or exhaustion) stopped it.
      const granted = await sql<{ used: number }>`
        INSERT INTO quota_usage (system, scope, day, used) VALUES (${key.system}, ${key.scope}, ${key.day}, 1)
        ON CONFLICT (system, scope, day) DO UPDATE SET used = quota_usage.used + 1
          WHERE quota_usage.used < ${ceiling} AND NOT quota_usage.exhausted
        RETURNING used`.execute(db);
      const row = granted.rows[0];
      if (row !== undefined) return { granted: true, used: row.used };
      const current = await this.usage(key);
      return {
        granted: false,
        used: current.used,
        reason: current.exhausted || current.used >= rule.limit ? 'exhausted' : 'reserved',
      };
    },
    async markExhausted(key: QuotaKey): Promise<void> {
      await sql`
        INSERT INTO quota_usage (system, scope, day, used, exhausted) VALUES (${key.system}, ${key.scope}, ${key.day}, 0, true)
        ON CONFLICT (system, scope, day) DO UPDATE SET exhausted = true`.execute(db);
    },
    async usage(key: QuotaKey) {
      const row = await sql<{ used: number; exhausted: boolean }>`
        SELECT used, exhausted FROM quota_usage WHERE system = ${key.system} AND scope = ${key.scope} AND day = ${key.day}`.execute(
        db,
      );
      return { used: row.rows[0]?.used ?? 0, exhausted: row.rows[0]?.exhausted ?? false };
    },
  };
}
