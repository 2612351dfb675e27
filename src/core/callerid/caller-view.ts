/** What a caller-ID pop-up shows for a number: the caller classified, index hits ranked and grouped by company. */
import { validateKvk } from '../identifiers/kvk.js';
import { matchCaller } from '../phone/match.js';
import { normalizePhone } from '../phone/normalize.js';

import type { MatchKind, MatchOptions } from '../phone/match.js';
import type { NormalizeOptions, PhoneInvalidReason } from '../phone/normalize.js';

/** How crmhub read the caller's number; only `e164` and `partial` are looked up. */
export type CallerNumber =
  | {
      readonly kind: 'e164';
      readonly raw: string;
      readonly e164: string;
      readonly national: string;
      readonly country: string | null;
      readonly extension: string | null;
    }
  /** Only digits, too few for a full number (a PBX that sends the last digits): matched as a suffix. */
  | { readonly kind: 'partial'; readonly raw: string; readonly digits: string }
  | { readonly kind: 'withheld'; readonly raw: string }
  /** A 2–5 digit internal extension: a colleague calling, nothing to look up. */
  | { readonly kind: 'internal'; readonly raw: string; readonly extension: string }
  | { readonly kind: 'too_short'; readonly raw: string; readonly digits: string }
  | { readonly kind: 'invalid'; readonly raw: string; readonly reason: PhoneInvalidReason };

export type CallerOptions = NormalizeOptions & MatchOptions;

const DEFAULT_MIN_SUFFIX = 6;

/** Classifies a caller number as sent by a PBX (E.164, partial digits, withheld, internal, too short, invalid). */
export function classifyCaller(raw: string, options: CallerOptions): CallerNumber {
  const normalized = normalizePhone(raw, options);
  switch (normalized.kind) {
    case 'e164':
      return {
        kind: 'e164',
        raw,
        e164: normalized.e164,
        national: normalized.national,
        country: normalized.country,
        extension: normalized.extension,
      };
    case 'withheld':
      return { kind: 'withheld', raw };
    case 'extension':
      return { kind: 'internal', raw, extension: normalized.digits };
    case 'too_short':
    case 'invalid': {
      // A bare run of digits long enough for a suffix match is a truncated caller (3CX MaxLength, some PBXs).
      const compact = raw.trim().replace(/[\s\-./()]/g, '');
      const minSuffix = options.minSuffixDigits ?? DEFAULT_MIN_SUFFIX;
      if (/^\d+$/.test(compact) && !compact.startsWith('0') && compact.length >= minSuffix) {
        return { kind: 'partial', raw, digits: compact };
      }
      return normalized.kind === 'too_short'
        ? { kind: 'too_short', raw, digits: normalized.digits }
        : { kind: 'invalid', raw, reason: normalized.reason };
    }
  }
}

/** The digits or E.164 to look up for a caller; null when the caller is not looked up at all. */
export function lookupNumberOf(caller: CallerNumber): string | null {
  if (caller.kind === 'e164') return caller.e164;
  if (caller.kind === 'partial') return caller.digits;
  return null;
}

/** One phone-index entry as the pop-up needs it (structurally the index row). */
export type IndexedNumber = {
  readonly connectionId: string;
  readonly source: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly field: string;
  readonly e164: string;
  readonly raw: string;
  readonly personal: boolean;
  readonly name: string;
  readonly company: string | null;
  readonly companyId: string | null;
  readonly kvk: string | null;
  readonly relationNumber: string | null;
  readonly deepLink: string | null;
};

export type RecordMatch = {
  readonly connectionId: string;
  readonly source: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly name: string;
  readonly company: string | null;
  readonly companyId: string | null;
  /** The source field that holds the number, e.g. `TEL_BUS`, `work_mobile`. */
  readonly field: string;
  readonly raw: string;
  readonly e164: string;
  readonly personal: boolean;
  readonly matchKind: MatchKind;
  readonly matchedDigits: number;
  /** KvK number as 8 digits when valid, otherwise as typed. */
  readonly kvk: string | null;
  readonly relationNumber: string | null;
  readonly deepLink: string | null;
};

export type CompanyMatch = {
  /** The grouping key: `kvk:<8 digits>` (the same client across systems) or `<connection>:<company id>`. */
  readonly key: string | null;
  readonly name: string | null;
  readonly kvk: string | null;
  readonly relationNumber: string | null;
  readonly bestKind: MatchKind;
  readonly records: readonly RecordMatch[];
};

export const callerResults = ['match', 'no_match', 'withheld', 'internal', 'too_short', 'invalid'] as const;
/** The outcome a pop-up and the call log show. */
export type CallerResult = (typeof callerResults)[number];

export type CallerView = {
  readonly caller: CallerNumber;
  readonly result: CallerResult;
  readonly bestKind: MatchKind | null;
  /** True when several companies match equally well. */
  readonly ambiguous: boolean;
  /** Best company first; records within a company best first (a person's line before the switchboard). */
  readonly companies: readonly CompanyMatch[];
  readonly matchCount: number;
};

function kvkKey(kvk: string | null): string | null {
  if (kvk === null) return null;
  const checked = validateKvk(kvk);
  return checked.ok ? checked.value : null;
}

function groupKey(hit: IndexedNumber): string | null {
  const kvk = kvkKey(hit.kvk);
  if (kvk !== null) return `kvk:${kvk}`;
  return hit.companyId === null ? null : `${hit.connectionId}:${hit.companyId}`;
}

/** The result kind for a caller that is not looked up. */
function resultOf(caller: CallerNumber, matches: number): CallerResult {
  switch (caller.kind) {
    case 'e164':
    case 'partial':
      return matches > 0 ? 'match' : 'no_match';
    case 'withheld':
      return 'withheld';
    case 'internal':
      return 'internal';
    case 'too_short':
      return 'too_short';
    case 'invalid':
      return 'invalid';
  }
}

/**
 * Ranks the index hits for a caller (exact → suffix → tail ≥ 9; a person's direct line or mobile before a
 * switchboard), groups them by company (the same KvK number in several systems is one company) and flags ambiguity.
 * Hits are only considered when the caller is looked up at all.
 */
export function buildCallerView(
  caller: CallerNumber,
  hits: readonly IndexedNumber[],
  options: MatchOptions = {},
): CallerView {
  const number = lookupNumberOf(caller);
  if (number === null) {
    return { caller, result: resultOf(caller, 0), bestKind: null, ambiguous: false, companies: [], matchCount: 0 };
  }
  const candidates = hits.map((hit) => ({ hit, e164: hit.e164, personal: hit.personal, companyId: groupKey(hit) }));
  const ranked = matchCaller(number, candidates, options);
  const companies = ranked.companies.map((group): CompanyMatch => {
    const records = group.matches.map((m): RecordMatch => ({
      connectionId: m.candidate.hit.connectionId,
      source: m.candidate.hit.source,
      recordKind: m.candidate.hit.recordKind,
      recordId: m.candidate.hit.recordId,
      name: m.candidate.hit.name,
      company: m.candidate.hit.company,
      companyId: m.candidate.hit.companyId,
      field: m.candidate.hit.field,
      raw: m.candidate.hit.raw,
      e164: m.candidate.hit.e164,
      personal: m.candidate.hit.personal,
      matchKind: m.kind,
      matchedDigits: m.matchedDigits,
      kvk: kvkKey(m.candidate.hit.kvk) ?? m.candidate.hit.kvk,
      relationNumber: m.candidate.hit.relationNumber,
      deepLink: m.candidate.hit.deepLink,
    }));
    const first = records[0];
    return {
      key: group.companyId,
      name: records.find((r) => r.company !== null)?.company ?? first?.name ?? null,
      kvk: records.find((r) => r.kvk !== null)?.kvk ?? null,
      relationNumber: records.find((r) => r.relationNumber !== null)?.relationNumber ?? null,
      bestKind: group.best.kind,
      records,
    };
  });
  return {
    caller,
    result: resultOf(caller, ranked.matches.length),
    bestKind: ranked.bestKind,
    ambiguous: ranked.ambiguous,
    companies,
    matchCount: ranked.matches.length,
  };
}

/** The view restricted to the records of some connections (what one assigned user may see). */
export function restrictView(
  view: CallerView,
  connectionIds: ReadonlySet<string>,
  options: MatchOptions = {},
): CallerView {
  const hits: IndexedNumber[] = view.companies.flatMap((c) =>
    c.records.filter((r) => connectionIds.has(r.connectionId)),
  );
  return buildCallerView(view.caller, hits, options);
}
