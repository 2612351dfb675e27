import { describe, expect, it } from 'vitest';

import { splitContactName } from './contact-name.js';

describe('splitContactName', () => {
  it.each([
    ['Jan de Vries', { firstName: 'Jan', initials: null, prefix: 'de', lastName: 'Vries' }],
    ['J.P. van der Berg', { firstName: null, initials: 'J.P.', prefix: 'van der', lastName: 'Berg' }],
    ['Vries, Jan de', { firstName: 'Jan', initials: null, prefix: 'de', lastName: 'Vries' }],
    ['Dhr. A. Jansen', { firstName: null, initials: 'A.', prefix: null, lastName: 'Jansen' }],
    ['Anouk Jansen-de Boer', { firstName: 'Anouk', initials: null, prefix: null, lastName: 'Jansen-de Boer' }],
    ['Noël  Hendriks ', { firstName: 'Noël', initials: null, prefix: null, lastName: 'Hendriks' }],
    ['Pietersen', { firstName: null, initials: null, prefix: null, lastName: 'Pietersen' }],
    ['Mevr. M. van den Heuvel', { firstName: null, initials: 'M.', prefix: 'van den', lastName: 'Heuvel' }],
    ['', { firstName: null, initials: null, prefix: null, lastName: null }],
  ])('%j', (raw, parts) => {
    expect(splitContactName(raw)).toEqual(parts);
  });
});
