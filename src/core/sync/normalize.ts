/** Normalises one field's value before comparing, so formatting noise is never a change; says why a value is invalid. */
import { validateEmail } from '../identifiers/email.js';
import { validateKvk } from '../identifiers/kvk.js';
import { validatePostcode } from '../identifiers/postcode.js';
import { validateVat } from '../identifiers/vat.js';
import { normalizePhone } from '../phone/normalize.js';

import type { FieldValues, SyncField } from './fields.js';

/** A field's value ready to compare: `value` is canonical; `invalidReason` set means it must never be applied automatically. */
export type NormalizedValue = { readonly value: string | null; readonly invalidReason: string | null };

const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  NEDERLAND: 'NL',
  'THE NETHERLANDS': 'NL',
  NETHERLANDS: 'NL',
  HOLLAND: 'NL',
  BELGIE: 'BE',
  BELGIË: 'BE',
  BELGIUM: 'BE',
  DUITSLAND: 'DE',
  GERMANY: 'DE',
  DEUTSCHLAND: 'DE',
};

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Country names and codes as typed → ISO 3166 alpha-2 when recognised, else the collapsed text. */
export function normalizeCountry(raw: string): string {
  const upper = collapse(raw).toUpperCase();
  return COUNTRY_ALIASES[upper] ?? upper;
}

function fromValidation(
  result: { ok: true; value: string } | { ok: false; reason: string },
  raw: string,
): NormalizedValue {
  return result.ok
    ? { value: result.value, invalidReason: null }
    : { value: collapse(raw), invalidReason: result.reason };
}

function phoneFieldOf(raw: string): NormalizedValue {
  const phone = normalizePhone(raw, { defaultCountry: 'NL' });
  return phone.kind === 'e164'
    ? { value: phone.extension === null ? phone.e164 : `${phone.e164};ext=${phone.extension}`, invalidReason: null }
    : { value: collapse(raw), invalidReason: phone.kind === 'invalid' ? phone.reason : phone.kind };
}

// A record's phone is checked when it arrives and normalised again when the sync plans it, each a full
// libphonenumber parse (9 % of an intake push's CPU, BENCHMARKS.md intake.push_ratio); the answer depends on the raw
// text alone, so recent answers are kept (bounded: the map starts over when full).
const PHONE_MEMO_SIZE = 5_000;
const phoneMemo = new Map<string, NormalizedValue>();

function normalizedPhoneField(raw: string): NormalizedValue {
  const known = phoneMemo.get(raw);
  if (known !== undefined) return known;
  if (phoneMemo.size >= PHONE_MEMO_SIZE) phoneMemo.clear();
  const value = phoneFieldOf(raw);
  phoneMemo.set(raw, value);
  return value;
}

/**
 * Canonical form of one field. `countryOfAddress` decides whether a postcode must be Dutch (other countries' postcodes
 * are only collapsed). Empty input is null, which is a real value ("the CRM cleared it").
 */
export function normalizeFieldValue(
  field: SyncField,
  raw: string | null,
  countryOfAddress: string | null,
): NormalizedValue {
  if (raw === null || collapse(raw) === '') return { value: null, invalidReason: null };
  switch (field) {
    case 'kvk':
      return fromValidation(validateKvk(raw), raw);
    case 'vat':
      return fromValidation(validateVat(raw), raw);
    case 'email':
      return fromValidation(validateEmail(raw), raw);
    case 'visitingPostcode':
    case 'postalPostcode':
      return countryOfAddress === null || countryOfAddress === 'NL'
        ? fromValidation(validatePostcode(raw), raw)
        : { value: collapse(raw).toUpperCase(), invalidReason: null };
    case 'phone':
      return normalizedPhoneField(raw);
    case 'visitingCountry':
    case 'postalCountry':
      return { value: normalizeCountry(raw), invalidReason: null };
    case 'companyName':
    case 'contactFirstName':
    case 'contactInitials':
    case 'contactPrefix':
    case 'contactLastName':
    case 'visitingStreet':
    case 'visitingCity':
    case 'postalStreet':
    case 'postalCity':
      return { value: collapse(raw), invalidReason: null };
  }
}

/** Normalises every field of a record, using each address's own country for its postcode. */
export function normalizeFieldValues(raw: FieldValues): Readonly<Record<SyncField, NormalizedValue>> {
  const visitingCountry = raw.visitingCountry === null ? null : normalizeCountry(raw.visitingCountry);
  const postalCountry = raw.postalCountry === null ? null : normalizeCountry(raw.postalCountry);
  const out = {} as Record<SyncField, NormalizedValue>;
  for (const field of Object.keys(raw) as SyncField[]) {
    const country = field.startsWith('postal') ? postalCountry : visitingCountry;
    out[field] = normalizeFieldValue(field, raw[field], country);
  }
  return out;
}
