// The synchronised fields and the reason codes of invalid values (from the shared API contract), as translated text.
import { invalidValueReasons, profileKeyOf, syncFields } from '../../src/contract/sync.contract.js';

import type { TFunction } from 'i18next';
import type { SyncField } from '../../src/contract/sync.contract.js';

export { syncFields };
export type { SyncField };

/** Reason codes by kind of value (kvk, vat, postcode, email, phone). */
export const invalidReasons = invalidValueReasons;

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return list.some((item) => item === value);
}

export function isSyncField(value: string): value is SyncField {
  return isOneOf(syncFields, value);
}

/** The field's label in the current language; an unknown field keeps its code. */
export function fieldLabel(t: TFunction, field: string): string {
  return isSyncField(field) ? t(`fields.${field}`) : field;
}

/** Why a value is invalid, in words; the same code means different things per field, so the field decides. */
export function invalidReasonText(t: TFunction, field: string, reason: string): string {
  if (field === 'kvk' && isOneOf(invalidReasons.kvk, reason)) return t(`invalid.kvk.${reason}`);
  if (field === 'vat' && isOneOf(invalidReasons.vat, reason)) return t(`invalid.vat.${reason}`);
  if (field.endsWith('Postcode') && isOneOf(invalidReasons.postcode, reason)) return t(`invalid.postcode.${reason}`);
  if (field === 'email' && isOneOf(invalidReasons.email, reason)) return t(`invalid.email.${reason}`);
  if (field === 'phone' && isOneOf(invalidReasons.phone, reason)) return t(`invalid.phone.${reason}`);
  return t('invalid.other', { code: reason });
}

/** A field's value in a profile keyed by profile keys (the detail API's keys), or, should the API send them so, by field names. */
export function profileValue(profile: Readonly<Record<string, string | null>>, field: SyncField): string | null {
  return profile[profileKeyOf[field]] ?? profile[field] ?? null;
}
