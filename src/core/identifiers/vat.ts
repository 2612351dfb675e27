/** Dutch VAT identification numbers (btw-id): normalise as typed, validate both checksum schemes, say why not. */
import { invalid, valid } from './validated.js';

import type { Validated } from './validated.js';

/** Why a VAT id was rejected (stable codes; the UI translates them). */
export const vatReasons = [
  'empty',
  /** Another EU country's prefix (e.g. `BE0824148721`); only Dutch numbers are accepted here. */
  'not_dutch',
  /** Not `NL` + 9 digits + `B` + 2 digits. */
  'wrong_format',
  /** The format is right but neither the mod-11 nor the mod-97 check passes: a typo. */
  'checksum',
] as const;
/** One of {@link vatReasons}. */
export type VatReason = (typeof vatReasons)[number];

// Classic btw-nummer (legal entities): weights 9..2 on the first 8 digits, the 9th is the remainder mod 11.
function passesMod11(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  return sum % 11 === Number(digits[8]);
}

// Btw-identificatienummer for sole proprietors (since 2020): ISO 7064 mod 97-10 over the whole id, letters as
// numbers the IBAN way (N=23, L=21, B=11); valid when the remainder is 1.
function passesMod97(digits: string, suffix: string): boolean {
  let rem = 0;
  for (const ch of `2321${digits}11${suffix}`) rem = (rem * 10 + Number(ch)) % 97;
  return rem === 1;
}

/**
 * Validates a Dutch VAT id, accepting the mod-11 (legal entities) and mod-97 (sole proprietors since 2020) checks.
 * Case, spaces, dots and dashes are ignored, and a missing `NL` prefix is added.
 *
 * @example validateVat('nl 8204.71.616.b01') // → { ok: true, value: 'NL820471616B01' }
 */
export function validateVat(input: string): Validated<string, VatReason> {
  let compact = input.replace(/[\s.-]/g, '').toUpperCase();
  if (compact === '') return invalid('empty');
  if (/^\d{9}B\d{2}$/.test(compact)) compact = `NL${compact}`;
  if (/^[A-Z]{2}/.test(compact) && !compact.startsWith('NL')) return invalid('not_dutch');
  const match = /^NL(\d{9})B(\d{2})$/.exec(compact);
  const digits = match?.[1];
  const suffix = match?.[2];
  if (digits === undefined || suffix === undefined) return invalid('wrong_format');
  if (/^0+$/.test(digits)) return invalid('checksum');
  if (!passesMod11(digits) && !passesMod97(digits, suffix)) return invalid('checksum');
  return valid(compact);
}
