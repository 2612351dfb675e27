import { describe, expect, it } from 'vitest';

import { validateKvk } from './kvk.js';

describe('validateKvk', () => {
  it.each([
    ['12345678', '12345678'],
    ['1234 5678', '12345678'],
    ['12.34.56.78', '12345678'],
    [' 01234567 ', '01234567'],
    ['1234-5678', '12345678'],
  ])('%j → %s', (input, value) => {
    expect(validateKvk(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['  . ', 'empty'],
    ['KvK 12345678', 'not_digits'],
    ['1234567a', 'not_digits'],
    ['1234567', 'too_short'],
    ['123456789', 'too_long'],
    ['000012345678', 'branch_number'],
    ['0000 0000', 'all_zeros'],
  ])('%j is rejected: %s', (input, reason) => {
    expect(validateKvk(input)).toEqual({ ok: false, reason });
  });
});
