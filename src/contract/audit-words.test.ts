import { describe, expect, it } from 'vitest';

import { auditLanguages, auditReasonText, auditWords } from './audit-words.js';
import { auditReasonCodes } from './audit.contract.js';
import { invalidValueReasons } from './sync.contract.js';

describe('auditReasonText', () => {
  it('words every reason code in both languages, parameters filled in and code values worded', () => {
    for (const language of auditLanguages) {
      for (const code of auditReasonCodes) expect(auditReasonText(language, code, {}), code).not.toBe(code);
    }
    expect(auditReasonText('nl', 'linked', { crmName: 'Bakkerij Jansen', mode: 'manual' })).toBe(
      'Gekoppeld aan CRM-organisatie Bakkerij Jansen (handmatig)',
    );
    expect(auditReasonText('en', 'portal_value_changed', { portalValue: null })).toBe(
      'The portal value changed to (empty) since detection',
    );
  });

  it('words every invalid-value reason of a held change (no code such as too_short on a Dutch page)', () => {
    const reasons = new Set(Object.values(invalidValueReasons).flat());
    for (const language of auditLanguages) {
      for (const reason of reasons) {
        expect(auditWords[language].values[reason], `${language} ${reason}`).toBeTypeOf('string');
      }
    }
    expect(auditReasonText('nl', 'held_invalid', { invalidReason: 'too_short' })).toBe(
      'Vastgehouden: ongeldige waarde (te kort)',
    );
  });

  it("words a failed write from its code and the next attempt in Amsterdam time, never crmhub's English", () => {
    const params = {
      errorCode: 'rejected',
      message: 'Yuki refused company write (HTTP 400).',
      nextAttemptAt: '2026-12-08T13:05:00.000Z',
    };
    expect(auditReasonText('nl', 'write_failed', params)).toBe('Schrijven mislukt: het portaal weigerde de waarde');
    expect(auditReasonText('nl', 'retry_scheduled', { ...params, errorCode: 'transient' })).toBe(
      'Schrijven mislukt, nieuwe poging op 8 dec 2026, 14:05: het portaal was tijdelijk niet beschikbaar',
    );
    expect(auditReasonText('en', 'write_failed', params)).toBe('Writing failed: the portal refused the value');
  });

  it('shows an unknown code as it is, rather than nothing', () => {
    expect(auditReasonText('nl', 'from_a_newer_version', {})).toBe('from_a_newer_version');
  });

  it('has the same words in both languages (none left out)', () => {
    const keys = (language: 'nl' | 'en') =>
      Object.entries(auditWords[language]).flatMap(([group, words]) =>
        typeof words === 'string' ? [group] : Object.keys(words).map((key) => `${group}.${key}`),
      );
    expect(keys('nl').sort()).toEqual(keys('en').sort());
  });
});
