/** Zero or more E.164 numbers out of one stored phone field as people type it (labels, remarks, two numbers). */
import { normalizePhone } from './normalize.js';

import type { NormalizedPhone, NormalizeOptions } from './normalize.js';

/** Why a stored value yielded no indexable number (stable codes, worded in the web locales). */
export const unreadablePhoneReasons = [
  /** No digits, or digits that are not a phone number (KvK, VAT id, postcode, IBAN, date, free text). */
  'not_a_phone_number',
  /** Digits of a plausible phone shape that the numbering plan does not issue or of a wrong length. */
  'invalid_for_region',
  /** Too few digits for an external number (an internal extension or a short code). */
  'too_short',
] as const;
/** One of {@link unreadablePhoneReasons}. */
export type UnreadablePhoneReason = (typeof unreadablePhoneReasons)[number];

/** An extracted number (the `e164` outcome of `normalizePhone`). */
export type ExtractedPhone = Extract<NormalizedPhone, { kind: 'e164' }>;

/** The outcome of {@link extractPhones}: the numbers found, and when none, why. */
export type PhoneExtraction =
  | { readonly kind: 'numbers'; readonly numbers: readonly ExtractedPhone[] }
  | { readonly kind: 'empty' }
  | { readonly kind: 'unreadable'; readonly reason: UnreadablePhoneReason };

// Label words before a number (Dutch and English), with optional `.`/`:`; folded (lower case, no accents) first.
const LABEL =
  /^(?:tel(?:efoon)?|telephone|phone|ph|mob(?:iel|ile)?|gsm|cell(?:phone)?|werk|work|kantoor|office|prive|privat|home|thuis|fax|direct|doorkiesnummer|doorkies|algemeen|nummer|nr|no|t|m|p|w|f)\b\s*[.:]?\s*/i;
// Between two numbers: `/`, `;`, `,`, `|`, newline, or the words of/or/en/and/or `&`.
const SPLIT = /\s*(?:[/;,|&\n]|\bof\b|\bor\b|\ben\b|\band\b)\s*/i;
// A remark in brackets that holds letters (`(alleen ochtend)`); `(0)`, `(020)` and `(toestel 12)` stay.
const REMARK = /\((?!\s*(?:ext|extension|toestel|toestelnr|tst|extensie|poste)\b)([^()]*[a-z][^()]*)\)/gi;
// Things that are never phone numbers even though libphonenumber-js might read their digits.
const IBAN = /\b[a-z]{2}\d{2}\s?[a-z]{4}\s?(?:\d\s?){6,}/i;
const VAT = /\b[a-z]{2}\s?\d{9}\s?b\s?\d{2}\b/i;
// Eight bare digits not starting with 0 is a KvK number; nobody types a Dutch phone number that way.
const KVK = /^[1-9]\d{7}$/;
const POSTCODE = /^\d{4}\s?[a-z]{2}$/i;
// A `tel:`/`sip:` URI (no space after the colon) is one number whose `;` and `,` are parameters, not separators.
const URI_START = /(?:^|<)(?:sips?|tel):[+\d]/i;
const DATE = /^(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})$/;

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Strips label words (possibly several: `tel. werk:`) and a trailing remark in brackets from one part. */
function cleanPart(part: string): string {
  let text = fold(part).replace(REMARK, ' ').trim();
  for (let i = 0; i < 3; i += 1) {
    const next = text.replace(LABEL, '').trim();
    if (next === text) break;
    text = next;
  }
  return text.replace(/[\s,;:.-]+$/, '').trim();
}

function reasonOf(result: NormalizedPhone): UnreadablePhoneReason {
  if (result.kind === 'extension' || result.kind === 'too_short') return 'too_short';
  if (result.kind === 'invalid' && (result.reason === 'not_valid' || result.reason === 'invalid_length')) {
    return 'invalid_for_region';
  }
  return 'not_a_phone_number';
}

/** True for digit strings that look like something else: IBAN, VAT id, postcode, date (`tel:` URIs excepted). */
function isOtherIdentifier(text: string): boolean {
  const compact = text.trim();
  return (
    KVK.test(compact.replace(/[\s.]/g, '')) ||
    IBAN.test(compact) ||
    VAT.test(compact) ||
    POSTCODE.test(compact) ||
    DATE.test(compact)
  );
}

/**
 * Reads every phone number in a stored field: `tel. 020-1234567 (receptie)`, `+31 (0)20 123 45 67`,
 * `020-1234567 / 06-12345678`, `020 1234567 of 06 12345678`. Each part must pass `normalizePhone` (so `isValid()`
 * for Dutch numbers); KvK numbers, VAT ids, postcodes, IBANs and dates yield none. Unlike `normalizePhone`, a value
 * that is only an extension or withheld marker is not a number to index. Duplicates in one field are reported once.
 */
export function extractPhones(raw: string, options: NormalizeOptions): PhoneExtraction {
  const value = raw.trim();
  if (value === '' || !/\d/.test(value)) {
    return value === '' || /^[\s\-./]*$/.test(value)
      ? { kind: 'empty' }
      : { kind: 'unreadable', reason: 'not_a_phone_number' };
  }
  if (isOtherIdentifier(value)) return { kind: 'unreadable', reason: 'not_a_phone_number' };
  const whole = normalizePhone(cleanPart(value), options);
  if (whole.kind === 'e164') return { kind: 'numbers', numbers: [{ ...whole, raw }] };
  const parts = URI_START.test(value) ? [value] : value.split(SPLIT);
  const numbers = new Map<string, ExtractedPhone>();
  let partProblem: NormalizedPhone | null = null;
  for (const part of parts) {
    const cleaned = cleanPart(part);
    if (!/\d/.test(cleaned) || isOtherIdentifier(cleaned)) continue;
    const result = normalizePhone(cleaned, options);
    if (result.kind === 'e164') {
      if (!numbers.has(result.e164)) numbers.set(result.e164, { ...result, raw });
    } else partProblem ??= result;
  }
  if (numbers.size > 0) return { kind: 'numbers', numbers: [...numbers.values()] };
  return { kind: 'unreadable', reason: reasonOf(partProblem ?? whole) };
}
