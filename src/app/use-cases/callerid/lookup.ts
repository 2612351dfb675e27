/** Caller lookup against the local phone index only (never an external system): classify, fetch, rank, group. */
import { listLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { findPhoneCandidates } from '../../../adapters/db/repos/phone-index.repo.js';
import { pbxManifest } from '../../../adapters/pbx/manifest.js';
import { buildCallerView, classifyCaller, lookupNumberOf } from '../../../core/callerid/caller-view.js';
import { callerLookupKeys } from '../../../core/phone/match.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { PhoneIndexHit } from '../../../adapters/db/repos/phone-index.repo.js';
import type { CallerNumber, CallerOptions, CallerView } from '../../../core/callerid/caller-view.js';

/** How crmhub reads numbers: Dutch by default (docs/external-systems/pbx.md#caller-id-rules), internal extensions as the PBX manifest says. */
export const callerOptions: CallerOptions = {
  defaultCountry: 'NL',
  extensionDigits: pbxManifest.options.extensionDigits,
  minTailDigits: 9,
  minSuffixDigits: 6,
};

/** How long the set of a portal's live connections is reused; a disconnect reaches lookups within this time. */
const LIVE_CACHE_MS = 2_000;
const liveCache = new WeakMap<Db, Map<string, { ids: readonly string[]; until: number }>>();

/** The ids of a portal's live (not disconnected) connections, cached briefly per database handle. */
export async function liveConnectionIds(db: Db, portalId: string): Promise<readonly string[]> {
  const perDb = liveCache.get(db) ?? new Map<string, { ids: readonly string[]; until: number }>();
  liveCache.set(db, perDb);
  const now = performance.now();
  const cached = perDb.get(portalId);
  if (cached !== undefined && cached.until > now) return cached.ids;
  const ids = (await listLiveConnections(db, portalId)).map((c) => c.id);
  perDb.set(portalId, { ids, until: now + LIVE_CACHE_MS });
  return ids;
}

/** Forgets the cached live connections (after a connect or disconnect in this process). */
export function forgetLiveConnections(db: Db): void {
  liveCache.delete(db);
}

/**
 * The index rows that may match a caller, in one query over the portal's live sources (only `connectionIds` of
 * them when given); none when the caller is not looked up.
 */
export async function candidatesFor(
  db: Db,
  caller: CallerNumber,
  filter: { readonly portalId: string; readonly connectionIds?: readonly string[] },
): Promise<PhoneIndexHit[]> {
  const number = lookupNumberOf(caller);
  if (number === null) return [];
  let live = await liveConnectionIds(db, filter.portalId);
  if (filter.connectionIds?.some((id) => !live.includes(id)) === true) {
    // A source connected a moment ago may not be in the cached set yet.
    forgetLiveConnections(db);
    live = await liveConnectionIds(db, filter.portalId);
  }
  const wanted = filter.connectionIds === undefined ? live : live.filter((id) => filter.connectionIds?.includes(id));
  return findPhoneCandidates(db, callerLookupKeys(number, callerOptions), wanted);
}

/** Looks a raw caller number up in the index of a portal's live sources (or only the given connections). */
export async function lookupCaller(
  db: Db,
  input: { readonly portalId: string; readonly raw: string; readonly connectionIds?: readonly string[] },
): Promise<CallerView> {
  const caller = classifyCaller(input.raw, callerOptions);
  const hits = await candidatesFor(db, caller, input);
  return buildCallerView(caller, hits, callerOptions);
}
