import { describe, expect, it } from 'vitest';

import { emptyFieldValues } from './fields.js';
import { knownProfile, linkPortalValues, unknownSyncFields } from './mapping.js';
import { taskVerdict } from './write-mode.js';

import type { AdministrationProfile } from '../connector.js';

describe('taskVerdict', () => {
  it('applied when Yuki shows the new value, waiting on the old one, mismatch on anything else', () => {
    const task = { oldValue: 'Oud B.V.', newValue: 'Nieuw B.V.' };
    expect(taskVerdict(task, 'Nieuw B.V.')).toBe('applied');
    expect(taskVerdict(task, 'Oud B.V.')).toBe('waiting');
    expect(taskVerdict(task, 'Nieuw BV')).toBe('mismatch');
    expect(taskVerdict(task, null)).toBe('mismatch');
    expect(taskVerdict({ oldValue: 'x', newValue: null }, null)).toBe('applied');
  });
});

describe('unknown profile fields', () => {
  it('maps unknown profile keys to sync fields and leaves them out of the stored copy', () => {
    const unknown: (keyof AdministrationProfile)[] = ['email', 'mailCity', 'contactLastName'];
    expect([...unknownSyncFields(unknown)].sort()).toEqual(['contactLastName', 'email', 'postalCity']);
    expect(unknownSyncFields(undefined).size).toBe(0);
    const profile = {
      name: 'A',
      email: null,
      mailCity: null,
      contactLastName: null,
    } as unknown as AdministrationProfile;
    expect(knownProfile(profile, unknown)).toEqual({ name: 'A' });
  });
});

describe('linkPortalValues', () => {
  it('takes what the read saw; an unknown field from the stored copy, else as the CRM has it (no change invented)', () => {
    const profile = { name: 'Yuki B.V.', email: null, phone: null } as unknown as AdministrationProfile;
    const crm = { ...emptyFieldValues(), companyName: 'CRM B.V.', email: 'crm@example.nl', phone: '020 1234567' };
    const values = linkPortalValues({ profile, unknown: ['email', 'phone'] }, { phone: '06 12345678' }, crm);
    expect(values).toMatchObject({ companyName: 'Yuki B.V.', email: 'crm@example.nl', phone: '06 12345678' });
    // The portal could not be read: the stored copy, and the CRM's value where it holds none.
    expect(linkPortalValues(null, { name: 'Opgeslagen B.V.' }, crm)).toMatchObject({
      companyName: 'Opgeslagen B.V.',
      email: 'crm@example.nl',
    });
  });
});
