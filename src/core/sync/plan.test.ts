import { describe, expect, it } from 'vitest';

import { emptyFieldValues } from './fields.js';
import { heldFields, isStale, planFieldChanges } from './plan.js';

import type { FieldValues, SyncField } from './fields.js';
import type { OpenChange, PlanInput } from './plan.js';

const baseline: FieldValues = {
  ...emptyFieldValues(),
  companyName: 'Bakkerij De Vries B.V.',
  kvk: '12345678',
  vat: 'NL820471616B01',
  visitingStreet: 'Dorpsstraat 1',
  visitingPostcode: '1011 AB',
  visitingCity: 'Amsterdam',
  visitingCountry: 'NL',
  phone: '+31201234567',
  email: 'info@devries.nl',
  contactFirstName: 'Jan',
  contactInitials: 'J.',
  contactPrefix: 'de',
  contactLastName: 'Vries',
};

function input(crm: Partial<FieldValues>, extra: Partial<PlanInput> = {}): PlanInput {
  return {
    baseline,
    crm: { ...baseline, ...crm },
    open: new Map(),
    rejected: new Map(),
    // As after a sync: the CRM held what was synchronised.
    crmHeld: new Set(heldFields(baseline)),
    settings: { policy: 'legal_vat', mode: 'automatic' },
    ...extra,
  };
}

describe('planFieldChanges', () => {
  it('finds nothing when the CRM equals what was synchronised', () => {
    expect(planFieldChanges(input({}))).toEqual([]);
  });

  it('ignores formatting noise: spacing, postcode case, phone formats, email domain case, country names', () => {
    const plans = planFieldChanges(
      input({
        companyName: '  Bakkerij  De Vries B.V. ',
        visitingPostcode: '1011ab',
        phone: '+31 (0)20 123 45 67',
        email: 'info@DeVries.NL',
        visitingCountry: 'Nederland',
        kvk: '1234 5678',
        vat: 'nl 8204.71.616.b01',
      }),
    );
    expect(plans).toEqual([]);
  });

  it('reports a real change with raw and normalised value, held or applied by policy', () => {
    const plans = planFieldChanges(input({ companyName: 'Bakkerij De Vries Holding', phone: '06-12345678' }));
    expect(plans).toEqual([
      {
        action: 'create',
        field: 'companyName',
        newValue: 'Bakkerij De Vries Holding',
        rawValue: 'Bakkerij De Vries Holding',
        invalidReason: null,
        disposition: 'hold',
      },
      {
        action: 'create',
        field: 'phone',
        newValue: '+31612345678',
        rawValue: '06-12345678',
        invalidReason: null,
        disposition: 'apply',
      },
    ]);
  });

  it('holds invalid values with the reason, whatever the policy', () => {
    const plans = planFieldChanges(
      input(
        {
          kvk: '1234567',
          vat: 'NL820471617B01',
          visitingPostcode: '1011 SS',
          phone: 'bel maar',
          email: 'info@@devries',
        },
        { settings: { policy: 'none', mode: 'automatic' } },
      ),
    );
    const byField = new Map(plans.map((plan) => [plan.field, plan]));
    for (const field of ['kvk', 'vat', 'visitingPostcode', 'phone', 'email'] as SyncField[]) {
      const plan = byField.get(field);
      expect(plan, field).toMatchObject({ action: 'create', disposition: 'hold' });
      expect(plan && 'invalidReason' in plan ? plan.invalidReason : null, field).not.toBeNull();
    }
  });

  it('checks postcodes against the country of their own address', () => {
    expect(planFieldChanges(input({ visitingCountry: 'BE', visitingPostcode: '2000' }))).toMatchObject([
      { field: 'visitingPostcode', newValue: '2000', invalidReason: null },
      { field: 'visitingCountry', newValue: 'BE' },
    ]);
  });
});

describe('planFieldChanges: open and rejected changes', () => {
  it('folds a newer value into a pending change, and replaces an approved one', () => {
    const pending: OpenChange = { id: 'c1', state: 'pending', newValue: 'Old Name' };
    const approved: OpenChange = { id: 'c2', state: 'approved', newValue: '+31612345678' };
    const plans = planFieldChanges(
      input(
        { companyName: 'Newer Name', phone: '06 87654321' },
        {
          open: new Map([
            ['companyName', pending],
            ['phone', approved],
          ]),
        },
      ),
    );
    expect(plans).toMatchObject([
      { action: 'fold', field: 'companyName', changeId: 'c1', newValue: 'Newer Name' },
      { action: 'replace', field: 'phone', changeId: 'c2', newValue: '+31687654321' },
    ]);
  });

  it('does nothing when the open change already has this value (a duplicate webhook)', () => {
    const open: OpenChange = { id: 'c1', state: 'pending', newValue: 'New Name' };
    expect(planFieldChanges(input({ companyName: 'New Name' }, { open: new Map([['companyName', open]]) }))).toEqual(
      [],
    );
  });

  it('withdraws an open change when the CRM returns to the synchronised value', () => {
    const open: OpenChange = { id: 'c1', state: 'pending', newValue: 'Temporary' };
    expect(planFieldChanges(input({}, { open: new Map([['companyName', open]]) }))).toEqual([
      { action: 'withdraw', field: 'companyName', changeId: 'c1' },
    ]);
  });

  it('does not propose a rejected value again, until the CRM value changes again', () => {
    const rejected = new Map<SyncField, string | null>([['companyName', 'Rejected Name']]);
    expect(planFieldChanges(input({ companyName: 'Rejected  Name' }, { rejected }))).toEqual([]);
    expect(planFieldChanges(input({ companyName: 'Another Name' }, { rejected }))).toMatchObject([
      { action: 'forget_rejection', field: 'companyName' },
      { action: 'create', field: 'companyName', newValue: 'Another Name' },
    ]);
  });

  it('treats a cleared CRM value as a change to null', () => {
    expect(planFieldChanges(input({ email: '  ' }))).toMatchObject([
      { action: 'create', field: 'email', newValue: null },
    ]);
  });
});

describe('planFieldChanges: clears (product decision 2)', () => {
  const everythingApplies = { settings: { policy: 'none', mode: 'automatic' } } as const;

  it('at linking, proposes nothing for fields the CRM leaves empty (the portal keeps its values)', () => {
    const crm = { vat: null, kvk: null, postalStreet: null, companyName: 'Bakkerij De Vries Holding' };
    expect(planFieldChanges(input(crm, { crmHeld: new Set(), ...everythingApplies }))).toMatchObject([
      { action: 'create', field: 'companyName', newValue: 'Bakkerij De Vries Holding', disposition: 'apply' },
    ]);
  });

  it('holds a value that disappears from the CRM as a clear, whatever the policy and mode', () => {
    expect(planFieldChanges(input({ vat: null, phone: '' }, everythingApplies))).toEqual([
      { action: 'create', field: 'vat', newValue: null, rawValue: null, invalidReason: null, disposition: 'hold' },
      { action: 'create', field: 'phone', newValue: null, rawValue: '', invalidReason: null, disposition: 'hold' },
    ]);
  });

  it('folds a pending change into a held clear when the CRM empties the field again', () => {
    const open: OpenChange = { id: 'c1', state: 'pending', newValue: '+31612345678' };
    expect(
      planFieldChanges(input({ phone: null }, { open: new Map([['phone', open]]), ...everythingApplies })),
    ).toEqual([
      {
        action: 'fold',
        field: 'phone',
        changeId: 'c1',
        newValue: null,
        rawValue: null,
        invalidReason: null,
        disposition: 'hold',
      },
    ]);
  });

  it('keeps an open clear while the CRM stays empty (the field is no longer held by the CRM)', () => {
    const open: OpenChange = { id: 'c1', state: 'pending', newValue: null };
    const crmHeld = new Set(heldFields({ ...baseline, vat: null }));
    expect(planFieldChanges(input({ vat: null }, { open: new Map([['vat', open]]), crmHeld }))).toEqual([]);
  });

  it('proposes a value the CRM fills in later for a field it left empty at linking', () => {
    expect(planFieldChanges(input({ email: 'nieuw@devries.nl' }, { crmHeld: new Set() }))).toMatchObject([
      { action: 'create', field: 'email', newValue: 'nieuw@devries.nl' },
    ]);
  });
});

describe('heldFields', () => {
  it('lists the fields with a value after normalisation (blank text is no value)', () => {
    expect(heldFields({ ...baseline, email: '  ', vat: null })).not.toContain('email');
    expect(heldFields({ ...baseline, email: '  ', vat: null })).toContain('kvk');
    expect(heldFields({ ...baseline, vat: null })).not.toContain('vat');
  });
});

describe('isStale', () => {
  it('is a conflict only when the portal value differs from the one detected against', () => {
    expect(isStale('Bakkerij', 'Bakkerij')).toBe(false);
    expect(isStale('Bakkerij', 'Bakkerij Jansen')).toBe(true);
    expect(isStale(null, 'x')).toBe(true);
  });
});
