/** Raw phone numbers as people and PBXs type them → E.164 (via libphonenumber-js), extension, withheld or rejected. */
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

import type { CountryCode } from 'libphonenumber-js/max';

/** Why a string was not accepted as a phone number. */
export const phoneInvalidReasons = [
  /** Letters or symbols that are not part of a phone number (a KvK/VAT label, free text). */
  'not_a_number',
  /** Starts with `+`/`00` and a calling code that does not exist. */
  'unknown_country_code',
  /** More digits than any number of that country has. */
  'too_long',
  /** A digit count that no number of that country has, neither too short nor too long. */
  'invalid_length',
  /** The right length but not a number the country's numbering plan issues (e.g. a Belgian CoC `0824.148.721`). */
  'not_valid',
] as const;
/** One of {@link phoneInvalidReasons}. */
export type PhoneInvalidReason = (typeof phoneInvalidReasons)[number];

/** The outcome of {@link normalizePhone}; only `e164` values are indexed or matched as external numbers. */
export type NormalizedPhone =
  | {
      readonly kind: 'e164';
      /** E.164 without extension, e.g. `+31201234567`. */
      readonly e164: string;
      /** National format for display, e.g. `020 123 4567`. */
      readonly national: string;
      /** The input exactly as given. */
      readonly raw: string;
      /** ISO 3166 country of the number, null for non-geographic numbers. */
      readonly country: string | null;
      /** An extension typed after the number (`ext 12`, `toestel 12`, `tst. 12`, `x12`, `#12`), stripped from `e164`. */
      readonly extension: string | null;
      /** True when the numbering plan says mobile. */
      readonly mobile: boolean;
    }
  | { readonly kind: 'extension'; readonly digits: string }
  | { readonly kind: 'withheld' }
  | { readonly kind: 'too_short'; readonly digits: string }
  | { readonly kind: 'invalid'; readonly reason: PhoneInvalidReason };

/** How to read numbers: the default country plus the knobs for extensions, short codes and foreign numbers. */
export type NormalizeOptions = {
  /** Country assumed for numbers written without `+`/`00` (NL for crmhub). */
  readonly defaultCountry: CountryCode;
  /** Digit counts treated as internal PBX extensions (default 2–5); an extension never starts with 0. */
  readonly extensionDigits?: { readonly min: number; readonly max: number };
  /** Service numbers that look like extensions but are not callers to look up (default NL: 112, 144). */
  readonly shortCodes?: readonly string[];
  /** Extra words meaning "number withheld", compared case- and accent-insensitively. */
  readonly withheldMarkers?: readonly string[];
  /**
   * How strict to be with numbers of other countries, written with `+`/`00` (docs/external-systems/pbx.md#caller-id-rules [I]):
   * `possible` (default) accepts any number of a plausible length, because our metadata may lag a foreign numbering
   * plan and an explicit international prefix already rules out a KvK or CoC number; `valid` requires `isValid()`.
   * Numbers in the default country always need `isValid()`.
   */
  readonly foreignNumbers?: 'possible' | 'valid';
};

const DEFAULT_WITHHELD = [
  'anonymous',
  'anoniem',
  'unknown',
  'onbekend',
  'private',
  'prive',
  'restricted',
  'withheld',
  'unavailable',
  'hidden',
  'geheim',
  'afgeschermd',
  'nummer onderdrukt',
  'onderdrukt',
  'private number',
  'unknown number',
  'no caller id',
] as const;

const DEFAULT_SHORT_CODES = ['112', '144'] as const;

// Dutch/Belgian extension words, and `(ext. 12)` in brackets, rewritten to the ` ext. 12` that libphonenumber-js
// parses itself (it already understands `ext`, `x`, `#` and `;ext=` at the end of a number).
const LOCAL_EXTENSION_WORDS =
  /[\s,;(]*\b(?:toestelnummer|toestelnr\.?|toestel|tst\.?|extensie|poste|ext(?:ension)?\.?)\s*[:.]?\s*(\d{1,7})\)?\s*$/i;
const URI = /^(?:sips?|tel):([^@]*)/i;
const SEPARATORS = /[\s\-./()]/g;

function foldWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Pulls the number out of `sip:`/`tel:` URIs and `"Name" <sip:…>` display forms that PBXs send. */
function unwrapUri(text: string): string {
  const angled = /<((?:sips?|tel):[^>]*)>/i.exec(text);
  const candidate = angled?.[1] ?? text;
  const uri = URI.exec(candidate);
  // Keep `;ext=` (libphonenumber-js reads it) and drop other URI parameters such as `;phone-context=` or `;user=phone`.
  return uri === null ? text : decodeURIComponentSafe((uri[1] ?? '').replace(/;(?!ext=)[^;]*/gi, ''));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Normalises a phone number as typed in a CRM or sent by a PBX.
 *
 * Formats like `020-123 45 67`, `+31 (0)20 1234567`, `0031201234567`, `06-12345678`, `+32 3 123 45 67` become
 * E.164; an extension suffix is stripped and reported; 2–5 digit strings are internal extensions; withheld markers
 * (`anonymous`, `Anoniem`, empty, `+`) are `withheld`; KvK/CoC/VAT numbers and other non-numbers are `invalid`.
 *
 * @example normalizePhone('020 1234567 toestel 12', { defaultCountry: 'NL' })
 *   // → { kind: 'e164', e164: '+31201234567', national: '020 123 4567', extension: '12', … }
 */
export function normalizePhone(raw: string, options: NormalizeOptions): NormalizedPhone {
  const text = unwrapUri(raw.normalize('NFKC').trim()).trim();
  const folded = foldWord(text);
  const markers = options.withheldMarkers ?? [];
  if (!/\d/.test(text)) {
    if (folded === '' || DEFAULT_WITHHELD.some((m) => m === folded) || markers.some((m) => foldWord(m) === folded)) {
      return { kind: 'withheld' };
    }
    return { kind: 'invalid', reason: 'not_a_number' };
  }

  const compact = text.replace(SEPARATORS, '');
  if (/^\d+$/.test(compact)) {
    const { min, max } = options.extensionDigits ?? { min: 2, max: 5 };
    const shortCodes = options.shortCodes ?? DEFAULT_SHORT_CODES;
    if (compact.length <= max && shortCodes.includes(compact)) return { kind: 'too_short', digits: compact };
    if (compact.length >= min && compact.length <= max && !compact.startsWith('0')) {
      return { kind: 'extension', digits: compact };
    }
  }

  const withExt = text.replace(LOCAL_EXTENSION_WORDS, (_match, digits: string) => ` ext. ${digits}`);
  const parseOptions = { defaultCountry: options.defaultCountry, extract: false } as const;
  const parsed = parsePhoneNumberFromString(withExt, parseOptions);
  if (parsed === undefined || !parsed.isPossible()) {
    return fromLengthVerdict(validatePhoneNumberLength(withExt, options.defaultCountry), compact);
  }
  const foreign = parsed.country !== options.defaultCountry;
  const lenient = foreign && (options.foreignNumbers ?? 'possible') === 'possible';
  if (!parsed.isValid() && !lenient) return { kind: 'invalid', reason: 'not_valid' };
  const type = parsed.getType();
  return {
    kind: 'e164',
    e164: parsed.number,
    national: parsed.formatNational(),
    raw,
    country: parsed.country ?? null,
    extension: parsed.ext ?? null,
    mobile: type === 'MOBILE',
  };
}

function fromLengthVerdict(verdict: ReturnType<typeof validatePhoneNumberLength>, compact: string): NormalizedPhone {
  switch (verdict) {
    case 'TOO_SHORT':
      return { kind: 'too_short', digits: compact.replace(/\D/g, '') };
    case 'TOO_LONG':
      return { kind: 'invalid', reason: 'too_long' };
    case 'INVALID_COUNTRY':
      return { kind: 'invalid', reason: 'unknown_country_code' };
    case 'INVALID_LENGTH':
      return { kind: 'invalid', reason: 'invalid_length' };
    case 'NOT_A_NUMBER':
      return { kind: 'invalid', reason: 'not_a_number' };
    case undefined:
      // libphonenumber-js found the length plausible yet could not parse: treat as not a number.
      return { kind: 'invalid', reason: 'not_a_number' };
  }
}

/** Convenience: the E.164 form of a number to index or look up, or null when it is not an external number. */
export function toE164(raw: string, options: NormalizeOptions): string | null {
  const result = normalizePhone(raw, options);
  return result.kind === 'e164' ? result.e164 : null;
}
