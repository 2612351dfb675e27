/** Reading the extensions and numbers an administrator types for a user: each one an extension or an E.164 number. */
import { normalizePhone } from '../../../core/phone/normalize.js';
import { err, ok } from '../../../core/result.js';
import { callerOptions } from './lookup.js';

import type { Result } from '../../../core/result.js';
import type { FieldProblem } from '../failure.js';

export type ParsedUserPhone = { readonly kind: 'extension' | 'number'; readonly value: string; readonly raw: string };

const reasons: Record<string, string> = {
  withheld: 'is empty or a "withheld" marker',
  too_short: 'is too short for a phone number and not an internal extension (2–5 digits, not starting with 0)',
  not_a_number: 'is not a phone number or extension',
  unknown_country_code: 'starts with a country code that does not exist',
  too_long: 'has too many digits for a phone number',
  invalid_length: 'has a digit count no phone number of that country has',
  not_valid: 'is not a number the numbering plan issues',
};

/** Normalises every entry; reports each bad one with its index (`phones.<i>`). */
export function parseUserPhones(inputs: readonly string[]): Result<ParsedUserPhone[], FieldProblem[]> {
  const out: ParsedUserPhone[] = [];
  const problems: FieldProblem[] = [];
  inputs.forEach((raw, i) => {
    const normalized = normalizePhone(raw, callerOptions);
    switch (normalized.kind) {
      case 'extension':
        out.push({ kind: 'extension', value: normalized.digits, raw: raw.trim() });
        return;
      case 'e164':
        out.push({ kind: 'number', value: normalized.e164, raw: raw.trim() });
        return;
      case 'invalid':
      case 'withheld':
      case 'too_short': {
        const reason = normalized.kind === 'invalid' ? normalized.reason : normalized.kind;
        const value = raw.slice(0, 40);
        problems.push({
          field: `phones.${String(i)}`,
          code: 'invalid_phone',
          params: { reason, value },
          message: `'${value}' ${reasons[reason] ?? 'is not valid'}`,
        });
        return;
      }
    }
  });
  return problems.length > 0 ? err(problems) : ok(out);
}
