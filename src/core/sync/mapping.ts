/** Between the connector models (a CRM company, a portal profile) and the sync's field values. */
import { emptyFieldValues, syncFields } from './fields.js';

import type { Address, AdministrationProfile, SourceCompany } from '../connector.js';
import type { FieldValues, SyncField } from './fields.js';

function street(address: Address | null): string | null {
  if (address === null) return null;
  const parts = [address.line1, address.line2].filter((part): part is string => part !== null && part.trim() !== '');
  return parts.length === 0 ? null : parts.join(', ');
}

/** The sync fields of a CRM company, values as typed (normalisation happens when comparing). */
export function fieldValuesOfCompany(company: SourceCompany): FieldValues {
  const contact = company.contactPerson;
  return {
    ...emptyFieldValues(),
    companyName: company.name,
    kvk: company.kvk,
    vat: company.vat,
    contactFirstName: contact?.firstName ?? null,
    contactInitials: contact?.initials ?? null,
    contactPrefix: contact?.prefix ?? null,
    contactLastName: contact?.lastName ?? null,
    visitingStreet: street(company.visitingAddress),
    visitingPostcode: company.visitingAddress?.postcode ?? null,
    visitingCity: company.visitingAddress?.city ?? null,
    visitingCountry: company.visitingAddress?.country ?? null,
    postalStreet: street(company.postalAddress),
    postalPostcode: company.postalAddress?.postcode ?? null,
    postalCity: company.postalAddress?.city ?? null,
    postalCountry: company.postalAddress?.country ?? null,
    phone: company.phone,
    email: company.email,
  };
}

/** Where each sync field lives in the portal's administration profile. */
export const profileKeyOf = {
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
} as const satisfies Record<SyncField, keyof AdministrationProfile>;

/** The sync fields of a portal profile (or a stored copy that may lack newer keys), values as the portal has them. */
export function fieldValuesOfProfile(
  profile: Readonly<Partial<Record<keyof AdministrationProfile, string | null>>>,
): FieldValues {
  const values = emptyFieldValues();
  for (const field of syncFields) values[field] = profile[profileKeyOf[field]] ?? null;
  return values;
}

/** A profile patch writing the given field values (normalised values are what the portal receives). */
export function profilePatchOf(values: Partial<Record<SyncField, string | null>>): Partial<AdministrationProfile> {
  const patch: Partial<Record<keyof AdministrationProfile, string | null>> = {};
  for (const [field, value] of Object.entries(values) as [SyncField, string | null | undefined][]) {
    if (value !== undefined) patch[profileKeyOf[field]] = value;
  }
  return patch;
}

/** The sync fields a portal read could not see (its profile's `unknown` keys): null there means unknown, not empty. */
export function unknownSyncFields(unknown: readonly (keyof AdministrationProfile)[] | undefined): Set<SyncField> {
  const keys = new Set<string>(unknown ?? []);
  return new Set(syncFields.filter((field) => keys.has(profileKeyOf[field])));
}

/** The profile values a read saw (its unknown keys left out), for merging into the stored copy. */
export function knownProfile(
  profile: AdministrationProfile,
  unknown: readonly (keyof AdministrationProfile)[] | undefined,
): Partial<AdministrationProfile> {
  const skip = new Set<string>(unknown ?? []);
  return Object.fromEntries(Object.entries(profile).filter(([key]) => !skip.has(key)));
}

/**
 * The portal's values to link against: what the read saw; for a field it could not see, the stored copy's value
 * (e.g. from an automatic write), else the CRM's own. An unknown field is taken as in sync, so only later CRM changes
 * of it are carried, as with changes of any other field (no "empty in Yuki" is invented).
 */
export function linkPortalValues(
  read: { readonly profile: AdministrationProfile; readonly unknown?: readonly (keyof AdministrationProfile)[] } | null,
  stored: Readonly<Record<string, string | null>>,
  crm: FieldValues,
): FieldValues {
  const seen = read === null ? null : fieldValuesOfProfile(read.profile);
  const unknown = read === null ? null : unknownSyncFields(read.unknown);
  const values = emptyFieldValues();
  for (const field of syncFields) {
    const key = profileKeyOf[field];
    if (seen !== null && unknown?.has(field) !== true) values[field] = seen[field];
    else values[field] = key in stored ? (stored[key] ?? null) : crm[field];
  }
  return values;
}
