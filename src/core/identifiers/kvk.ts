/** KvK (Dutch Chamber of Commerce) numbers: normalise as typed, validate, say why not. */
import { invalid, valid } from './validated.js';

import type { Validated } from './validated.js';

/** Why a KvK number was rejected (stable codes; the UI translates them). */
export const kvkReasons = [
  'empty',
  /** Something other than digits, spaces, dots or dashes. */
  'not_digits',
  /** Fewer than 8 digits (often a spreadsheet that dropped a leading zero). */
  'too_short',
  'too_long',
  /** 12 digits: a vestigingsnummer (branch number), not the KvK number. */
  'branch_number',
  'all_zeros',
] as const;
/** One of {@link kvkReasons}. */
export type KvkReason = (typeof kvkReasons)[number];

/**
 * Validates a KvK number: exactly 8 digits once spaces, dots and dashes are removed. There is no checksum: KvK
 * numbers issued since 2008 are not 11-proof.
 *
 * @example validateKvk('1234 5678') // → { ok: true, value: '12345678' }
 */
export function validateKvk(input: string): Validated<string, KvkReason> {
  const compact = input.replace(/[\s.-]/g, '');
  if (compact === '') return invalid('empty');
  if (!/^\d+$/.test(compact)) return invalid('not_digits');
  if (compact.length === 12) return invalid('branch_number');
  if (compact.length < 8) return invalid('too_short');
  if (compact.length > 8) return invalid('too_long');
  if (compact === '00000000') return invalid('all_zeros');
  return valid(compact);
}
