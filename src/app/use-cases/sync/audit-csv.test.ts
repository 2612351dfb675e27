import { describe, expect, it } from 'vitest';

import { exportLanguage } from './audit-csv.js';

describe('exportLanguage', () => {
  it('takes lang, else the browser language it has, else Dutch', () => {
    expect(exportLanguage('en', 'nl-NL')).toBe('en');
    expect(exportLanguage(undefined, 'de-DE,en-GB;q=0.8,nl;q=0.5')).toBe('en');
    expect(exportLanguage(undefined, 'nl-BE')).toBe('nl');
    expect(exportLanguage(undefined, 'fr')).toBe('nl');
    expect(exportLanguage(undefined, undefined)).toBe('nl');
  });
});
