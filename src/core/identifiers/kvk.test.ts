import { describe } from 'vitest';

import { validateKvk } from './kvk.js';
import { validatorCases } from './testing.js';

describe('validateKvk', () => {
  validatorCases(validateKvk, {
    accepts: [
      ['12345678', '12345678'],
      ['1234 5678', '12345678'],
      ['12.34.56.78', '12345678'],
      [' 01234567 ', '01234567'],
      ['1234-5678', '12345678'],
    ],
    rejects: [
      ['', 'empty'],
      ['  . ', 'empty'],
      ['KvK 12345678', 'not_digits'],
      ['1234567a', 'not_digits'],
      ['1234567', 'too_short'],
      ['123456789', 'too_long'],
      ['000012345678', 'branch_number'],
      ['0000 0000', 'all_zeros'],
    ],
  });
});
