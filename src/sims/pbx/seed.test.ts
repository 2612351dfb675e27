import { describe, expect, it } from 'vitest';

import { generateCompany } from '../shared/dutch-data.js';
import { seedCallers } from './seed.js';

describe('seedCallers', () => {
  it('is deterministic per seed', () => {
    expect(seedCallers(7, 50)).toEqual(seedCallers(7, 50));
    expect(seedCallers(7, 50)).not.toEqual(seedCallers(8, 50));
  });

  it('mostly uses numbers exactly as the seeded companies hold them', () => {
    const callers = seedCallers(42, 30, 500);
    const known = callers.filter((c) => c.companyIndex !== null);
    expect(known.length / callers.length).toBeGreaterThan(0.7);
    for (const c of known) {
      const company = generateCompany(42, c.companyIndex ?? -1);
      const expected = {
        company: company.phone,
        contact_phone: company.contact.phone,
        contact_mobile: company.contact.mobile,
      };
      expect(c.number).toBe(expected[c.kind as keyof typeof expected]);
    }
  });

  it('includes strangers, foreign numbers and withheld callers', () => {
    const kinds = new Set(seedCallers(3, 10, 500).map((c) => c.kind));
    expect(kinds).toEqual(new Set(['company', 'contact_phone', 'contact_mobile', 'unknown', 'foreign', 'withheld']));
  });

  it('has only strangers when there are no companies', () => {
    expect(seedCallers(1, 0, 50).every((c) => c.companyIndex === null)).toBe(true);
  });
});
