/** Yuki's daily call quota per domain ([C] docs/external-systems/yuki.md#quota): counted in the ledger before each call, reported per domain. */
import { yukiProtocol } from './manifest.js';
import { localDay, msUntilLocalMidnight } from './time.js';

import type { CallPriority, ConnectorError, QuotaKey, QuotaLedger, QuotaStatus } from '../../core/connector.js';
import type { YukiSettings } from './settings.js';

const TZ = yukiProtocol.quota.timeZone;

/** Product decision 4: background calls for caller ID may use at most 5% of a domain's daily quota (50 of 1,000). */
export const BACKGROUND_SHARE = 0.05;

/** The calls a day background work may make in a domain with this daily limit. */
export const backgroundLimitOf = (limit: number): number => Math.floor(limit * BACKGROUND_SHARE);

export type YukiQuota = {
  /** Counts one call before it is made; low priority stops `reserve` calls short of the limit. Null = granted. */
  spend(domainId: string | null, priority: CallPriority): Promise<ConnectorError | null>;
  /** Yuki refused for the day: no more calls for this domain today. */
  exhausted(domainId: string | null): Promise<void>;
  /** Today's position of a domain (no call is made). */
  status(domainId: string): Promise<QuotaStatus>;
};

export function createYukiQuota(
  settings: YukiSettings,
  deps: { readonly clock: () => Date; readonly ledger: QuotaLedger },
): YukiQuota {
  const reserve = settings.lowPriorityReserve ?? yukiProtocol.quota.lowPriorityReserve;
  // [I] docs/external-systems/yuki.md#quota: a call counts against the domain it names; calls naming none count against a domain-scoped key's domain.
  const scopeOf = (domainId: string | null): string | null => domainId?.toLowerCase() ?? settings.keyDomainId;
  const limitOf = (scope: string): number =>
    settings.dailyCallLimits[scope] ?? settings.dailyCallLimit ?? yukiProtocol.quota.dailyCallLimit;
  const keyOf = (scope: string): QuotaKey => ({ system: 'yuki', scope, day: localDay(deps.clock(), TZ) });
  // The background share is counted under its own key; its calls count against the domain's quota as well.
  const backgroundKeyOf = (scope: string): QuotaKey => keyOf(`background:${scope}`);

  async function spendBackground(scope: string, limit: number): Promise<ConnectorError | null> {
    const share = backgroundLimitOf(limit);
    const decision = await deps.ledger.reserve(backgroundKeyOf(scope), { limit: share, reserve: 0, priority: 'high' });
    if (decision.granted) return null;
    return {
      code: 'quota_exhausted',
      message: `Caller ID has used its share of domain ${scope}'s Yuki calls today (${String(share)}, 5% of ${String(limit)}); it continues after midnight (Europe/Amsterdam).`,
      retryAfterMs: msUntilLocalMidnight(deps.clock(), TZ),
    };
  }

  return {
    async spend(domainId, priority) {
      const scope = scopeOf(domainId);
      if (scope === null) return null;
      const limit = limitOf(scope);
      if (priority === 'background') {
        const denied = await spendBackground(scope, limit);
        if (denied !== null) return denied;
      }
      const decision = await deps.ledger.reserve(keyOf(scope), { limit, reserve, priority });
      if (decision.granted) return null;
      const message =
        decision.reason === 'reserved'
          ? `Yuki's daily call quota for domain ${scope} is nearly used (${String(decision.used)} of ${String(limit)}); the last ${String(reserve)} calls are kept for approved changes.`
          : `Yuki's daily call quota for domain ${scope} is used up (${String(limit)} calls); it resets at midnight (Europe/Amsterdam).`;
      return { code: 'quota_exhausted', message, retryAfterMs: msUntilLocalMidnight(deps.clock(), TZ) };
    },

    async exhausted(domainId) {
      const scope = scopeOf(domainId);
      if (scope !== null) await deps.ledger.markExhausted(keyOf(scope));
    },

    async status(domainId) {
      const scope = domainId.toLowerCase();
      const key = keyOf(scope);
      const { used, exhausted: done } = await deps.ledger.usage(key);
      const background = await deps.ledger.usage(backgroundKeyOf(scope));
      const limit = limitOf(scope);
      return {
        scope,
        day: key.day,
        used,
        limit,
        remainingLow: done ? 0 : Math.max(0, limit - reserve - used),
        remainingHigh: done ? 0 : Math.max(0, limit - used),
        exhausted: done || used >= limit,
        background: { used: background.used, limit: backgroundLimitOf(limit) },
      };
    },
  };
}
