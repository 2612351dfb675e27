import { describe } from 'vitest';

import { validatePostcode } from './postcode.js';
import { validatorCases } from './testing.js';

describe('validatePostcode', () => {
  validatorCases(validatePostcode, {
    accepts: [
      ['1011 AB', '1011 AB'],
      ['1011AB', '1011 AB'],
      ['1011ab', '1011 AB'],
      [' 1011  ab ', '1011 AB'],
      ['1011-AB', '1011 AB'],
      ['NL-1011 AB', '1011 AB'],
      ['9999 ZZ', '9999 ZZ'],
    ],
    rejects: [
      ['', 'empty'],
      ['1011', 'missing_letters'],
      ['1011 SA', 'reserved_letters'],
      ['1011 sd', 'reserved_letters'],
      ['1011SS', 'reserved_letters'],
      ['0123 AB', 'leading_zero'],
      ['101 AB', 'wrong_format'],
      ['1011 A', 'wrong_format'],
      ['1011 ABC', 'wrong_format'],
      ['B-2000', 'wrong_format'],
      ['SW1A 1AA', 'wrong_format'],
    ],
  });
});
