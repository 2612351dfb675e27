import { describe, expect, it } from 'vitest';

import { invalid, valid } from './validated.js';

describe('validated', () => {
  it('builds ok and not-ok values', () => {
    expect(valid('x')).toEqual({ ok: true, value: 'x' });
    expect(invalid('empty')).toEqual({ ok: false, reason: 'empty' });
  });
});
