/** Caller lookup against the local phone index only (never an external system): classify, fetch, rank, group. */
import { findPhoneCandidates } from '../../../adapters/db/repos/phone-index.repo.js';
import { pbxManifest } from '../../../adapters/pbx/manifest.js';
import { buildCallerView, classifyCaller, lookupNumberOf } from '../../../core/callerid/caller-view.js';
import { callerLookupKeys } from '../../../core/phone/match.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { PhoneIndexHit } from '../../../adapters/db/repos/phone-index.repo.js';
import type { CallerNumber, CallerOptions, CallerView } from '../../../core/callerid/caller-view.js';

/** How crmhub reads numbers: Dutch by default (§7.4), internal extensions as the PBX manifest says. */
export const callerOptions: CallerOptions = {
  defaultCountry: 'NL',
  extensionDigits: pbxManifest.options.extensionDigits,
  minTailDigits: 9,
  minSuffixDigits: 6,
};

/** The index rows that may match a caller, in one query; none when the caller is not looked up. */
export async function candidatesFor(
  db: Db,
  caller: CallerNumber,
  filter: { readonly portalId: string; readonly connectionIds?: readonly string[] },
): Promise<PhoneIndexHit[]> {
  const number = lookupNumberOf(caller);
  if (number === null) return [];
  return findPhoneCandidates(db, callerLookupKeys(number, callerOptions), filter);
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
