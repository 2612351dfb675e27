import { describe, expect, it } from 'vitest';

import { camelRow } from './camel-row.js';

describe('camelRow', () => {
  it('renames snake_case columns to camelCase and keeps the values and their order', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const row = camelRow({ id: 'x', portal_id: 'p', poll_interval_seconds: 60, last_error_at: at, e164: null });
    expect(row).toEqual({ id: 'x', portalId: 'p', pollIntervalSeconds: 60, lastErrorAt: at, e164: null });
    expect(Object.keys(row)).toEqual(['id', 'portalId', 'pollIntervalSeconds', 'lastErrorAt', 'e164']);
  });
});
