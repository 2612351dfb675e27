/** Dutch postcodes: normalise to `1011 AB`, validate, say why not. */
import { invalid, valid } from './validated.js';

import type { Validated } from './validated.js';

/** Why a postcode was rejected (stable codes; the UI translates them). */
export const postcodeReasons = [
  'empty',
  /** Four digits only: the two letters are missing. */
  'missing_letters',
  /** Not four digits followed by two letters. */
  'wrong_format',
  /** Dutch postcodes start at 1000. */
  'leading_zero',
  /** SA, SD and SS are never issued. */
  'reserved_letters',
] as const;
/** One of {@link postcodeReasons}. */
export type PostcodeReason = (typeof postcodeReasons)[number];

const RESERVED = new Set(['SA', 'SD', 'SS']);

/**
 * Validates a Dutch postcode and normalises it to four digits, one space, two capital letters. An `NL-` prefix,
 * missing or extra spaces and lower case are accepted.
 *
 * @example validatePostcode('1011ab') // → { ok: true, value: '1011 AB' }
 */
export function validatePostcode(input: string): Validated<string, PostcodeReason> {
  const compact = input
    .toUpperCase()
    .replace(/^\s*NL[\s-]*(?=\d)/, '')
    .replace(/[\s-]/g, '');
  if (compact === '') return invalid('empty');
  if (/^\d{4}$/.test(compact)) return invalid('missing_letters');
  const match = /^(\d{4})([A-Z]{2})$/.exec(compact);
  const digits = match?.[1];
  const letters = match?.[2];
  if (digits === undefined || letters === undefined) return invalid('wrong_format');
  if (digits.startsWith('0')) return invalid('leading_zero');
  if (RESERVED.has(letters)) return invalid('reserved_letters');
  return valid(`${digits} ${letters}`);
}
