import { describe, expect, it } from 'vitest';

import { intakeShapeOfFileRecord } from './intake-shape.js';

describe('intakeShapeOfFileRecord', () => {
  it('gives the shared intake record: addresses and contact person grouped, unmapped fields null, active by default', () => {
    const shape = intakeShapeOfFileRecord({
      externalId: '1010',
      fields: {
        companyName: 'Bakkerij De Vries',
        kvk: '12345678',
        visitingStreet: 'Dorpsstraat 1',
        visitingPostcode: '1011 AB',
        visitingCity: 'Amsterdam',
        contactFirstName: 'Jan',
        contactPrefix: 'de',
        contactLastName: 'Vries',
        contactInitials: null,
      },
      updatedAt: '2026-12-01T10:00:00.000Z',
      active: null,
    });
    expect(shape).toEqual({
      externalId: '1010',
      name: 'Bakkerij De Vries',
      kvk: '12345678',
      vat: null,
      email: null,
      phone: null,
      relationNumber: null,
      visitingAddress: { line1: 'Dorpsstraat 1', line2: null, postcode: '1011 AB', city: 'Amsterdam', country: null },
      postalAddress: null,
      contactPerson: {
        externalId: null,
        firstName: 'Jan',
        initials: null,
        prefix: 'de',
        lastName: 'Vries',
        email: null,
        phone: null,
      },
      updatedAt: '2026-12-01T10:00:00.000Z',
      active: true,
    });
  });

  it('a contact person known only by e-mail and phone', () => {
    const shape = intakeShapeOfFileRecord({
      externalId: '8',
      fields: {},
      updatedAt: null,
      active: true,
      contact: { email: 'jan@example.nl', phone: '0612345678' },
    });
    expect(shape.contactPerson).toEqual({
      externalId: null,
      firstName: null,
      initials: null,
      prefix: null,
      lastName: null,
      email: 'jan@example.nl',
      phone: '0612345678',
    });
  });

  it('a deactivated record without a contact person', () => {
    const shape = intakeShapeOfFileRecord({ externalId: '7', fields: {}, updatedAt: null, active: false });
    expect(shape).toMatchObject({ contactPerson: null, visitingAddress: null, active: false });
  });
});
