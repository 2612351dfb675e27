/** Deterministic caller numbers for the PBX simulator: mostly numbers the seeded CRMs hold, as typed, plus strangers. */
import { generateCompany } from '../shared/dutch-data.js';
import { createRng, mixSeed } from '../shared/random.js';

export type SeededCaller = {
  readonly number: string;
  /** Where the number comes from, so a demo can tell a hit from a miss. */
  readonly kind: 'company' | 'contact_phone' | 'contact_mobile' | 'unknown' | 'foreign' | 'withheld';
  /** Index of the generated company (same seed ⇒ same company in the CRM simulators). */
  readonly companyIndex: number | null;
};

// Numbers nobody in the CRMs has, in the formats PBXs present them.
const STRANGERS = ['+31 6 9876 5432', '0612300001', '+31 85 401 2345', '0031 30 699 1234', '088-4501200'] as const;
// [I] docs/external-systems/pbx.md#caller-id-rules: Belgian and German callers reach Dutch firms too; these are possible but unknown numbers.
const FOREIGN = ['+32 3 123 45 67', '0032 470 12 34 56', '+49 30 1234567', '0049 211 9876543'] as const;
const WITHHELD = ['anonymous', '', 'Anoniem'] as const;

/**
 * Builds `count` callers from the same companies the CRM simulators generate for (seed, orgs). About 80% are known
 * numbers (switchboard, contact's direct line or mobile, exactly as typed in the CRM), the rest strangers, foreign
 * numbers and withheld callers.
 */
export function seedCallers(seed: number, orgs: number, count = 200): SeededCaller[] {
  const rng = createRng(mixSeed(seed, 0x9b1c));
  const callers: SeededCaller[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (orgs > 0 && roll < 0.8) {
      const companyIndex = rng.int(0, orgs - 1);
      const company = generateCompany(seed, companyIndex);
      const which = rng.int(0, 2);
      if (which === 0) callers.push({ number: company.phone, kind: 'company', companyIndex });
      else if (which === 1) callers.push({ number: company.contact.phone, kind: 'contact_phone', companyIndex });
      else callers.push({ number: company.contact.mobile, kind: 'contact_mobile', companyIndex });
    } else if (roll < 0.9) {
      callers.push({ number: rng.pick(STRANGERS), kind: 'unknown', companyIndex: null });
    } else if (roll < 0.95) {
      callers.push({ number: rng.pick(FOREIGN), kind: 'foreign', companyIndex: null });
    } else {
      callers.push({ number: rng.pick(WITHHELD), kind: 'withheld', companyIndex: null });
    }
  }
  return callers;
}
