/** Ranks phone-index candidates for a caller: exact, suffix, longest tail (3CX FindContacts order, docs/external-systems/pbx.md#3cx-template, #caller-id-rules). */

/** What the matcher needs from a phone-index entry; callers pass richer records and get them back. */
export type PhoneCandidate = {
  /** The indexed number in E.164 (`+31201234567`). */
  readonly e164: string;
  /** True for a person's direct line or mobile, false for a company switchboard. */
  readonly personal: boolean;
  /** The company the number belongs to; null for a person without a company. */
  readonly companyId: string | null;
};

/** Match levels, strongest first. */
export const matchKinds = ['exact', 'suffix', 'tail'] as const;
/** `exact`: same digits; `suffix`: one number ends with the whole other; `tail`: a long enough common ending. */
export type MatchKind = (typeof matchKinds)[number];

/** One candidate that matches the caller, with how well. */
export type PhoneMatch<C extends PhoneCandidate> = {
  readonly candidate: C;
  readonly kind: MatchKind;
  /** How many trailing digits the caller and the candidate share. */
  readonly matchedDigits: number;
};

/** All matches of one company (or of one company-less record), best first. */
export type CompanyMatches<C extends PhoneCandidate> = {
  readonly companyId: string | null;
  readonly best: PhoneMatch<C>;
  readonly matches: readonly PhoneMatch<C>[];
};

/** Everything {@link matchCaller} found for one caller. */
export type MatchResult<C extends PhoneCandidate> = {
  /** Every match, best first. */
  readonly matches: readonly PhoneMatch<C>[];
  /** The same matches grouped by company, groups ordered by their best match. */
  readonly companies: readonly CompanyMatches<C>[];
  /** Kind of the best match, null when nothing matched. */
  readonly bestKind: MatchKind | null;
  /** True when more than one company (or company-less record) matches at the best kind and length. */
  readonly ambiguous: boolean;
};

/** Minimum lengths for suffix and tail matches. */
export type MatchOptions = {
  /** Shortest common tail that still counts as a match (docs/external-systems/pbx.md#caller-id-rules: N = 9 for NL). */
  readonly minTailDigits?: number;
  /**
   * Shortest number that may match as a suffix of another (e.g. a PBX sending only the last digits, 3CX
   * `MaxLength`). [I] docs/external-systems/pbx.md#3cx-template: 3CX sets no minimum; 6 keeps two-digit noise from matching everything.
   */
  readonly minSuffixDigits?: number;
};

const DEFAULT_MIN_TAIL = 9;
const DEFAULT_MIN_SUFFIX = 6;
const KIND_ORDER: Record<MatchKind, number> = { exact: 0, suffix: 1, tail: 2 };

function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}

function reverseDigits(digits: string): string {
  return digits.split('').reverse().join('');
}

function commonTailLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Classifies one caller/candidate pair; null when they do not match. */
export function classifyMatch(
  callerDigits: string,
  candidateDigits: string,
  options: MatchOptions = {},
): { kind: MatchKind; matchedDigits: number } | null {
  if (callerDigits === '' || candidateDigits === '') return null;
  const tail = commonTailLength(callerDigits, candidateDigits);
  if (tail === callerDigits.length && tail === candidateDigits.length) return { kind: 'exact', matchedDigits: tail };
  const shorter = Math.min(callerDigits.length, candidateDigits.length);
  if (tail === shorter && shorter >= (options.minSuffixDigits ?? DEFAULT_MIN_SUFFIX)) {
    return { kind: 'suffix', matchedDigits: tail };
  }
  if (tail >= (options.minTailDigits ?? DEFAULT_MIN_TAIL)) return { kind: 'tail', matchedDigits: tail };
  return null;
}

function compareMatches<C extends PhoneCandidate>(a: PhoneMatch<C>, b: PhoneMatch<C>): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    b.matchedDigits - a.matchedDigits ||
    Number(b.candidate.personal) - Number(a.candidate.personal)
  );
}

/**
 * Ranks the index candidates for a caller. Order: exact E.164, then suffix, then the longest common tail of at
 * least `minTailDigits`; within a level a person's direct line or mobile comes before a company switchboard.
 * Pass the caller in E.164 (from `normalizePhone`); a bare digit string (e.g. a PBX's truncated number) also works.
 *
 * @example matchCaller('+31201234567', candidates).companies[0]?.best.kind // 'exact'
 */
export function matchCaller<C extends PhoneCandidate>(
  caller: string,
  candidates: readonly C[],
  options: MatchOptions = {},
): MatchResult<C> {
  const callerDigits = digitsOf(caller);
  const matches: PhoneMatch<C>[] = [];
  for (const candidate of candidates) {
    const found = classifyMatch(callerDigits, digitsOf(candidate.e164), options);
    if (found !== null) matches.push({ candidate, ...found });
  }
  matches.sort(compareMatches);

  const groups = new Map<string, { companyId: string | null; matches: PhoneMatch<C>[] }>();
  matches.forEach((match, i) => {
    // A record without a company is its own group: two such people sharing a number are still two answers.
    const key = match.candidate.companyId === null ? `\u0000${String(i)}` : `c:${match.candidate.companyId}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { companyId: match.candidate.companyId, matches: [match] });
    else group.matches.push(match);
  });
  const companies: CompanyMatches<C>[] = [];
  for (const group of groups.values()) {
    const [best] = group.matches;
    if (best !== undefined) companies.push({ companyId: group.companyId, best, matches: group.matches });
  }

  const top = matches[0];
  const ambiguous =
    top !== undefined &&
    companies.filter((c) => c.best.kind === top.kind && c.best.matchedDigits === top.matchedDigits).length > 1;
  return { matches, companies, bestKind: top?.kind ?? null, ambiguous };
}

/** The keys to store beside an indexed number so candidates can be fetched with plain indexed equality/prefix. */
export type PhoneIndexKeys = {
  /** All digits of the E.164 number, without `+`. */
  readonly digits: string;
  /** The last `minTailDigits` digits (all of them when shorter): equal for exact, long suffix and tail matches. */
  readonly tail: string;
  /** The digits reversed, so "ends with" becomes a prefix query (`LIKE 'x%'` on a text_pattern_ops index). */
  readonly reversed: string;
};

/** Index keys for an E.164 number. */
export function phoneIndexKeys(e164: string, options: Pick<MatchOptions, 'minTailDigits'> = {}): PhoneIndexKeys {
  const digits = digitsOf(e164);
  return {
    digits,
    tail: digits.slice(-(options.minTailDigits ?? DEFAULT_MIN_TAIL)),
    reversed: reverseDigits(digits),
  };
}

/** How to fetch the candidates for a caller; run each non-null query and pass the union to {@link matchCaller}. */
export type CallerLookupKeys = {
  readonly digits: string;
  /** Match index rows whose `tail` equals this (null when the caller has fewer digits than the tail). */
  readonly tail: string | null;
  /** Match index rows whose `reversed` starts with this: for short callers, which only match as a suffix. */
  readonly reversedPrefix: string | null;
};

/** Lookup keys for a caller number (E.164 or digits). */
export function callerLookupKeys(caller: string, options: MatchOptions = {}): CallerLookupKeys {
  const digits = digitsOf(caller);
  const minTail = options.minTailDigits ?? DEFAULT_MIN_TAIL;
  const minSuffix = options.minSuffixDigits ?? DEFAULT_MIN_SUFFIX;
  const long = digits.length >= minTail;
  return {
    digits,
    tail: long ? digits.slice(-minTail) : null,
    reversedPrefix: !long && digits.length >= minSuffix ? reverseDigits(digits) : null,
  };
}
