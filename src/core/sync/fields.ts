/** The client master-data fields crmhub synchronises from the CRM to Yuki, and which of them are legal identity. */

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

/** Legal and VAT data (product.md): the fields the "Legal and VAT data only" policy holds for approval. */
export const legalFields: ReadonlySet<SyncField> = new Set<SyncField>(['companyName', 'kvk', 'vat']);

/** Fields that live on the administration's contact person in Yuki rather than on its profile. */
export const contactPersonFields: ReadonlySet<SyncField> = new Set<SyncField>([
  'contactFirstName',
  'contactInitials',
  'contactPrefix',
  'contactLastName',
]);

/** One value per field; null when the source has none. */
export type FieldValues = Readonly<Record<SyncField, string | null>>;

/** All fields set to null: the starting point for building a FieldValues. */
export function emptyFieldValues(): Record<SyncField, string | null> {
  return Object.fromEntries(syncFields.map((field) => [field, null])) as Record<SyncField, string | null>;
}

export function isSyncField(value: string): value is SyncField {
  return (syncFields as readonly string[]).includes(value);
}
