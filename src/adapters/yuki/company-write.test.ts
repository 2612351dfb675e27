import { describe, expect, it } from 'vitest';

import { companyProfile, companyUnknownKeys } from './company-read.js';
import { mailingNeedsCurrent, profilePatch } from './company-write.js';

describe('Platform API Company object, documented fields only (docs/external-systems/yuki.md#platform-api)', () => {
  it('maps a documented company; fields it lacks (or leaves out) are null, never an error', () => {
    const r = companyProfile({
      id: 'AAAAAAAA-0000-4000-8000-000000000001',
      companyName: 'Bakkerij De Vries B.V.',
      address: { addressLine: 'Dorpsstraat 1', postalCode: '1011 AB', city: 'Amsterdam' },
      mailingAddress: { addressLine: 'Postbus 12', postalCode: '1000 AA', city: 'Amsterdam', country: 'NL' },
      country: 'NL',
      emailAddress: 'info@devries.nl',
      phone: '020 123 4567',
      website: 'devries.nl',
      legalForm: 'PrivateLimited',
      cocNumber: '12345678',
      customerCode: 'KL-1',
      startDate: '2020-01-01',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'aaaaaaaa-0000-4000-8000-000000000001',
        profile: {
          name: 'Bakkerij De Vries B.V.',
          addressLine: 'Dorpsstraat 1',
          postcode: '1011 AB',
          city: 'Amsterdam',
          country: 'NL',
          mailAddressLine: 'Postbus 12',
          mailPostcode: '1000 AA',
          mailCity: 'Amsterdam',
          mailCountry: 'NL',
          kvk: '12345678',
          email: 'info@devries.nl',
          phone: '020 123 4567',
        },
      },
    });
    // No domainId, vatNumber, contactPerson or active: still a company; missing parts are null.
    const bare = companyProfile({ id: 'a', companyName: 'X', mailingAddress: null, address: { city: ' ' } });
    expect(bare.ok && bare.value.profile).toMatchObject({ name: 'X', city: null, mailCity: null, email: null });
    expect(companyProfile({ companyName: 'no id' }).ok).toBe(false);
    expect(companyUnknownKeys).toContain('vat');
  });
});

describe('Platform API company ([I] docs/external-systems/yuki.md#write-modes) write, assumed', () => {
  it('writes the contact person field by field, the tussenvoegsel as middleName', () => {
    expect(profilePatch({ contactPrefix: 'van der', contactInitials: null })).toEqual({
      ok: true,
      value: { contactPerson: { middleName: 'van der', initials: null } },
    });
    expect(profilePatch({ contactFirstName: 'Jan', contactLastName: 'Vries' })).toEqual({
      ok: true,
      value: { contactPerson: { firstName: 'Jan', lastName: 'Vries' } },
    });
    expect(profilePatch({ contactLastName: 'a\u0001b' })).toMatchObject({
      ok: false,
      error: { code: 'rejected', fieldErrors: [{ field: 'contactLastName' }] },
    });
  });

  it('writes the mailing address whole: all four fields, completed from the current one when some change', () => {
    const all = { mailAddressLine: 'Postbus 12', mailPostcode: '1000 AA', mailCity: 'Amsterdam', mailCountry: 'nl' };
    expect(mailingNeedsCurrent(all)).toBe(false);
    expect(profilePatch(all)).toEqual({
      ok: true,
      value: { mailingAddress: { addressLine: 'Postbus 12', postalCode: '1000 AA', city: 'Amsterdam', country: 'NL' } },
    });
    expect(mailingNeedsCurrent({ mailCity: 'Ede' })).toBe(true);
    expect(mailingNeedsCurrent({ city: 'Ede' })).toBe(false);
    // Without the current address a partial change is refused rather than wiping the other fields.
    expect(profilePatch({ mailCity: 'Ede' })).toMatchObject({ ok: false, error: { code: 'unknown' } });
    const current = {
      mailAddressLine: 'Postbus 12',
      mailPostcode: '1000 AA',
      mailCity: 'Amsterdam',
      mailCountry: 'NL',
    };
    expect(profilePatch({ mailPostcode: '6710 AB', mailCity: 'Ede', phone: null }, current)).toEqual({
      ok: true,
      value: {
        mailingAddress: { addressLine: 'Postbus 12', postalCode: '6710 AB', city: 'Ede', country: 'NL' },
        phone: null,
      },
    });
    const none = { mailAddressLine: null, mailPostcode: null, mailCity: null, mailCountry: null };
    expect(profilePatch({ mailCity: 'Ede' }, none)).toEqual({
      ok: true,
      value: { mailingAddress: { addressLine: null, postalCode: null, city: 'Ede', country: null } },
    });
    // Clearing every postal field removes the separate postal address.
    expect(
      profilePatch({ mailAddressLine: null, mailPostcode: null }, { ...current, mailCity: null, mailCountry: null }),
    ).toEqual({
      ok: true,
      value: { mailingAddress: null },
    });
    expect(profilePatch({ mailCountry: 'Nederland' }, current)).toMatchObject({
      ok: false,
      error: { fieldErrors: [{ field: 'mailCountry' }] },
    });
  });

  it('builds a PATCH with only the changed fields, and refuses an empty name', () => {
    expect(profilePatch({ postcode: '1011 AB', phone: null, country: 'nl' })).toEqual({
      ok: true,
      value: { address: { postalCode: '1011 AB' }, phone: null, country: 'NL' },
    });
    expect(profilePatch({ name: '  ' })).toMatchObject({ ok: false, error: { fieldErrors: [{ field: 'name' }] } });
    expect(profilePatch({ country: 'Nederland' })).toMatchObject({
      ok: false,
      error: { fieldErrors: [{ field: 'country' }] },
    });
  });
});
