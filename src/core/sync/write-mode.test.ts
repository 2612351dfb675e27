import { describe, expect, it } from 'vitest';

import { knownProfile, unknownSyncFields } from './mapping.js';
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
