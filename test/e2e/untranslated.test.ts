// The walk's detector of untranslated text: it flags raw keys, English UI texts and English server words, and leaves
// Dutch texts, shared words and data alone.
import { describe, expect, it } from 'vitest';

import { findUntranslated } from './untranslated.js';

describe('findUntranslated', () => {
  it('flags a raw key, an English UI text (also with parameters) and English server words', () => {
    const findings = findUntranslated(
      [
        'review.bulkLabel',
        'Review queue',
        'Signed in as anna@kantoor.nl',
        'Vastgehouden: ongeldige waarde (too_short)',
        'body.password: Required',
      ],
      new Set(),
    );
    expect(findings).toEqual([
      'English server word "Required" in "body.password: Required"',
      'English server word "too_short" in "Vastgehouden: ongeldige waarde (too_short)"',
      'English text "Review queue" (en.json pages.review.title)',
      'English text "Signed in as anna@kantoor.nl" (en.json userMenu.signedInAs)',
      'raw translation key "review.bulkLabel" in "review.bulkLabel"',
    ]);
  });

  it('flags a server detail seen in an API answer', () => {
    expect(findUntranslated(['Fout: the key was refused'], new Set(['the key was refused']))).toEqual([
      'English server text "the key was refused"',
    ]);
  });

  it('leaves Dutch texts, words both languages share, addresses and data alone', () => {
    const dutch = [
      'Te beoordelen',
      'Status',
      'CRMHub',
      'administratie1@voorbeeld.nl',
      'portal.example.nl',
      'Klant 00001 B.V.',
    ];
    expect(findUntranslated(dutch, new Set())).toEqual([]);
  });
});
