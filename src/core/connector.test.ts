import { describe, expect, it } from 'vitest';

import { runFailureOf, withSystemSaid } from './connector.js';

describe('runFailureOf', () => {
  it("keeps the codes and the system's words, never crmhub's English message", () => {
    const error = {
      code: 'forbidden',
      reason: 'company_blocked',
      message: 'AccountView refused access: the onderneming is blocked (BLK).',
      systemSaid: '  De onderneming is geblokkeerd.  ',
      retryAfterMs: 5000,
    } as const;
    expect(runFailureOf(error)).toEqual({
      code: 'forbidden',
      reason: 'company_blocked',
      systemSaid: 'De onderneming is geblokkeerd.',
    });
    expect(runFailureOf({ code: 'transient', network: 'timeout', message: 'timed out' })).toEqual({
      code: 'transient',
      network: 'timeout',
    });
  });

  it('bounds a long quote and drops an empty one', () => {
    const long = runFailureOf({ code: 'rejected', message: 'x', systemSaid: 'y'.repeat(2000) });
    expect(long.systemSaid).toHaveLength(500);
    expect(runFailureOf({ code: 'rejected', message: 'x', systemSaid: '   ' })).toEqual({ code: 'rejected' });
  });
});

describe('withSystemSaid', () => {
  it('attaches words only when the system said some', () => {
    const error = { code: 'unknown', message: 'Unexpected answer' } as const;
    expect(withSystemSaid(error, ' teapot ')).toEqual({ ...error, systemSaid: 'teapot' });
    expect(withSystemSaid(error, '')).toBe(error);
    expect(withSystemSaid(error, null)).toBe(error);
  });
});
