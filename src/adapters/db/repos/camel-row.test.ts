import { describe, expect, it } from 'vitest';

import { camelColumns, camelRow, snakeRow } from './camel-row.js';

describe('camelRow', () => {
  it('renames snake_case columns to camelCase and keeps the values and their order', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const row = camelRow({ id: 'x', portal_id: 'p', poll_interval_seconds: 60, last_error_at: at, e164: null });
    expect(row).toEqual({ id: 'x', portalId: 'p', pollIntervalSeconds: 60, lastErrorAt: at, e164: null });
    expect(Object.keys(row)).toEqual(['id', 'portalId', 'pollIntervalSeconds', 'lastErrorAt', 'e164']);
  });
});

describe('camelColumns', () => {
  it('selects each column under its camelCase name, qualified by the table alias when given', () => {
    expect(camelColumns(['id', 'portal_id', 'last_error_at'])).toEqual([
      'id as id',
      'portal_id as portalId',
      'last_error_at as lastErrorAt',
    ]);
    expect(camelColumns(['crm_external_id'], 'l')).toEqual(['l.crm_external_id as crmExternalId']);
  });
});

describe('snakeRow', () => {
  it('turns camelCase keys back into their columns', () => {
    expect(snakeRow({ id: 'x', portalId: 'p', sourceUpdatedAt: null, e164: '+31' })).toEqual({
      id: 'x',
      portal_id: 'p',
      source_updated_at: null,
      e164: '+31',
    });
  });
});
