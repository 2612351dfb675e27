/** Splits a contact person's full name as Dutch CRMs write it ("J. de Vries", "Vries, Jan de") into its parts. */
import type { PersonName } from '../connector.js';

const PREFIXES = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  "'t",
  't',
  'ter',
  'ten',
  'te',
  'in',
  'op',
  'onder',
  'aan',
  'bij',
  'uit',
  'voor',
  'la',
  'le',
  'du',
  'des',
  'di',
  'da',
  'von',
  'vom',
  'zu',
  'of',
  'el',
  'al',
  "d'",
  'lo',
]);
const SALUTATIONS = /^(?:dhr|mevr|mw|mr|mrs|ms|hr|heer|mevrouw|de heer|drs|dr|ir|ing|prof)\.?\s+/i;
const INITIALS = /^(?:[A-Z]\.)+[A-Z]?\.?$|^[A-Z]$|^(?:[A-Z]\.?){2,3}$/;

const EMPTY: PersonName = { firstName: null, initials: null, prefix: null, lastName: null };

function splitGiven(tokens: readonly string[]): Pick<PersonName, 'firstName' | 'initials'> {
  const initials = tokens.filter((token) => INITIALS.test(token));
  const names = tokens.filter((token) => !INITIALS.test(token));
  return {
    firstName: names.length === 0 ? null : names.join(' '),
    initials: initials.length === 0 ? null : initials.join(''),
  };
}

/**
 * "Jan de Vries" → Jan / de / Vries; "J.P. van der Berg" → initials J.P. / van der / Berg; "Vries, Jan de" → the same
 * parts in surname-first order; salutations (Dhr., Mevr.) are dropped. A single word is taken as the last name.
 */
export function splitContactName(raw: string): PersonName {
  let text = raw.replace(/\s+/g, ' ').trim();
  while (SALUTATIONS.test(text)) text = text.replace(SALUTATIONS, '');
  if (text === '') return EMPTY;
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const last = text.slice(0, comma).trim();
    const rest = text
      .slice(comma + 1)
      .trim()
      .split(' ')
      .filter(Boolean);
    const prefixStart = rest.findIndex((token) => PREFIXES.has(token.toLowerCase()));
    const given = prefixStart < 0 ? rest : rest.slice(0, prefixStart);
    const prefix = prefixStart < 0 ? [] : rest.slice(prefixStart);
    return { ...splitGiven(given), prefix: prefix.length === 0 ? null : prefix.join(' '), lastName: last || null };
  }
  const tokens = text.split(' ');
  if (tokens.length === 1) return { ...EMPTY, lastName: text };
  // The prefix is the first run of prefix words after at least one given name, before the last word.
  let start = -1;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (PREFIXES.has((tokens[i] ?? '').toLowerCase())) {
      start = i;
      break;
    }
  }
  if (start < 0) {
    // A double surname joined by a prefix ("Jansen-de Boer") runs from its hyphenated word to the end.
    const joined = tokens.findIndex(
      (token, i) => i > 0 && token.includes('-') && PREFIXES.has((token.split('-').pop() ?? '').toLowerCase()),
    );
    const from = joined > 0 ? joined : tokens.length - 1;
    return { ...splitGiven(tokens.slice(0, from)), prefix: null, lastName: tokens.slice(from).join(' ') };
  }
  let end = start;
  while (end < tokens.length - 1 && PREFIXES.has((tokens[end] ?? '').toLowerCase())) end++;
  return {
    ...splitGiven(tokens.slice(0, start)),
    prefix: tokens.slice(start, end).join(' '),
    lastName: tokens.slice(end).join(' '),
  };
}
