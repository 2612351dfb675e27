import { describe, expect, it } from 'vitest';

import { syncFields } from './fields.js';
import { approvalModes, approvalPolicies, dispositionFor } from './policy.js';

describe('dispositionFor: portal policy × administration mode × validity', () => {
  const legal = ['companyName', 'kvk', 'vat'] as const;
  const table = {
    automatic: { all: 'hold all', legal_vat: 'hold legal only', none: 'apply all' },
    manual: { all: 'hold all', legal_vat: 'hold all', none: 'hold all' },
  } as const;

  for (const mode of approvalModes) {
    for (const policy of approvalPolicies) {
      it(`${mode} administration, policy ${policy}: ${table[mode][policy]}`, () => {
        for (const field of syncFields) {
          const expected =
            table[mode][policy] === 'hold all'
              ? 'hold'
              : table[mode][policy] === 'apply all'
                ? 'apply'
                : (legal as readonly string[]).includes(field)
                  ? 'hold'
                  : 'apply';
          expect(dispositionFor(field, { policy, mode, invalid: false }), field).toBe(expected);
          expect(dispositionFor(field, { policy, mode, invalid: true }), `${field} invalid`).toBe('hold');
          expect(dispositionFor(field, { policy, mode, invalid: false, clear: true }), `${field} clear`).toBe('hold');
        }
      });
    }
  }
});
