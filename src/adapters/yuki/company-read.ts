/** The documented Platform API Company object (docs/external-systems/yuki.md#platform-api) → the profile fields it gives. */
import { z } from 'zod';

import { err, ok } from '../../core/result.js';

import type { AdministrationProfile, AdministrationRef, PortalAdministration } from '../../core/connector.js';
import type { Result } from '../../core/result.js';

// Address sub-fields are not documented ([I] docs/external-systems/yuki.md#platform-api); any of them may be missing.
const addressSchema = z.looseObject({
  addressLine: z.string().nullish(),
  postalCode: z.string().nullish(),
  city: z.string().nullish(),
});
const mailingSchema = addressSchema.extend({ country: z.string().nullish() });

/** Only `id` is required: every other documented field may be absent, and then it is unknown, not an error. */
const companySchema = z.looseObject({
  id: z.string().min(1),
  companyName: z.string().nullish(),
  address: addressSchema.nullish(),
  mailingAddress: mailingSchema.nullish(),
  country: z.string().nullish(),
  emailAddress: z.string().nullish(),
  phone: z.string().nullish(),
  cocNumber: z.string().nullish(),
  customerCode: z.string().nullish(),
});

/** Profile keys the documented Company object has no field for: VAT (SOAP `Administrations` has it) and the contact person. */
export const companyUnknownKeys = [
  'vat',
  'contactFirstName',
  'contactInitials',
  'contactPrefix',
  'contactLastName',
] as const satisfies readonly (keyof AdministrationProfile)[];

export type CompanyProfile = Omit<AdministrationProfile, (typeof companyUnknownKeys)[number]>;

const text = (v: string | null | undefined): string | null => {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
};

/** A company as documented: its id and the profile fields it gives (absent fields read as null). */
export function companyProfile(body: unknown): Result<{ id: string; profile: CompanyProfile }, string> {
  const parsed = companySchema.safeParse(body);
  if (!parsed.success)
    return err(`Yuki sent a company that is not readable (${parsed.error.issues[0]?.path.join('.') ?? ''}).`);
  const c = parsed.data;
  return ok({
    id: c.id.toLowerCase(),
    profile: {
      name: text(c.companyName),
      addressLine: text(c.address?.addressLine),
      postcode: text(c.address?.postalCode),
      city: text(c.address?.city),
      country: text(c.country),
      mailAddressLine: text(c.mailingAddress?.addressLine),
      mailPostcode: text(c.mailingAddress?.postalCode),
      mailCity: text(c.mailingAddress?.city),
      mailCountry: text(c.mailingAddress?.country),
      kvk: text(c.cocNumber),
      email: text(c.emailAddress),
      phone: text(c.phone),
    },
  });
}

/** The administration as a company read or write shows it: its documented fields known, VAT and contact person unknown. */
export function administrationOfCompany(ref: AdministrationRef, company: CompanyProfile): PortalAdministration {
  const unknownParts = Object.fromEntries(companyUnknownKeys.map((key) => [key, null]));
  return {
    id: ref.administrationId.toLowerCase(),
    domainId: ref.domainId.toLowerCase(),
    name: company.name ?? '',
    active: true,
    profile: { ...company, ...unknownParts } as AdministrationProfile,
    unknown: companyUnknownKeys,
  };
}
