// The 17 synchronised fields and the reason codes of invalid values (mirroring src/core), as translated text.
import type { TFunction } from 'i18next';

export const syncFields = [
  'companyName',
  'kvk',
  'vat',
  'contactFirstName',
  'contactInitials',
  'contactPrefix',
  'contactLastName',
  'visitingStreet',
  'visitingPostcode',
  'visitingCity',
  'visitingCountry',
  'postalStreet',
  'postalPostcode',
  'postalCity',
  'postalCountry',
  'phone',
  'email',
] as const;
export type SyncField = (typeof syncFields)[number];

/** Legal and VAT data: what the "Legal and VAT data only" policy holds. */
export const legalFields: readonly SyncField[] = ['companyName', 'kvk', 'vat'];

// Reason codes of src/core/identifiers/*.ts and src/core/phone/normalize.ts (phone also uses the result kind).
export const invalidReasons = {
  kvk: ['empty', 'not_digits', 'too_short', 'too_long', 'branch_number', 'all_zeros'],
  vat: ['empty', 'not_dutch', 'wrong_format', 'checksum'],
  postcode: ['empty', 'missing_letters', 'wrong_format', 'leading_zero', 'reserved_letters'],
  email: [
    'empty',
    'multiple_addresses',
    'contains_spaces',
    'missing_at',
    'multiple_at',
    'invalid_local_part',
    'invalid_domain',
    'too_long',
  ],
  phone: [
    'not_a_number',
    'unknown_country_code',
    'too_long',
    'invalid_length',
    'not_valid',
    'too_short',
    'extension',
    'withheld',
  ],
} as const;

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

// Where each field lives in an administration profile (src/core/sync/mapping.ts `profileKeyOf`): the detail API
// returns the profile under these keys.
const profileKeys: Readonly<Record<SyncField, string>> = {
  companyName: 'name',
  kvk: 'kvk',
  vat: 'vat',
  contactFirstName: 'contactFirstName',
  contactInitials: 'contactInitials',
  contactPrefix: 'contactPrefix',
  contactLastName: 'contactLastName',
  visitingStreet: 'addressLine',
  visitingPostcode: 'postcode',
  visitingCity: 'city',
  visitingCountry: 'country',
  postalStreet: 'mailAddressLine',
  postalPostcode: 'mailPostcode',
  postalCity: 'mailCity',
  postalCountry: 'mailCountry',
  phone: 'phone',
  email: 'email',
};

/** A field's value in a profile keyed by profile keys (or, should the API send them so, by field names). */
export function profileValue(profile: Readonly<Record<string, string | null>>, field: SyncField): string | null {
  return profile[profileKeys[field]] ?? profile[field] ?? null;
}
