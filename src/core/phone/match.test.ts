import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { callerLookupKeys, classifyMatch, matchCaller, phoneIndexKeys } from './match.js';

import type { PhoneCandidate } from './match.js';

type Row = PhoneCandidate & { readonly id: string };
const row = (id: string, e164: string, companyId: string | null, personal = false): Row => ({
  id,
  e164,
  companyId,
  personal,
});
const ids = (rows: readonly { candidate: Row }[]): string[] => rows.map((m) => m.candidate.id);

describe('classifyMatch', () => {
  it('finds exact, suffix and tail matches and rejects the rest', () => {
    expect(classifyMatch('31201234567', '31201234567')).toEqual({ kind: 'exact', matchedDigits: 11 });
    expect(classifyMatch('1234567', '31201234567')).toEqual({ kind: 'suffix', matchedDigits: 7 });
    expect(classifyMatch('0031201234567', '31201234567')).toEqual({ kind: 'suffix', matchedDigits: 11 });
    expect(classifyMatch('0201234567', '31201234567')).toEqual({ kind: 'tail', matchedDigits: 9 });
    expect(classifyMatch('32201234567', '31201234567')).toEqual({ kind: 'tail', matchedDigits: 9 });
    expect(classifyMatch('31301234567', '31201234567')).toBeNull();
    expect(classifyMatch('', '31201234567')).toBeNull();
  });

  it('honours the minimum suffix and tail lengths', () => {
    expect(classifyMatch('34567', '31201234567')).toBeNull();
    expect(classifyMatch('34567', '31201234567', { minSuffixDigits: 5 })).toEqual({ kind: 'suffix', matchedDigits: 5 });
    expect(classifyMatch('0201234567', '31201234567', { minTailDigits: 10 })).toBeNull();
    expect(classifyMatch('0501234567', '31201234567', { minTailDigits: 8 })).toEqual({
      kind: 'tail',
      matchedDigits: 8,
    });
  });
});

describe('matchCaller', () => {
  it('ranks exact before suffix before tail, longer tails first', () => {
    const rows = [
      row('tail9', '+32201234567', 'c3'),
      row('exact', '+31201234567', 'c1'),
      row('none', '+31301234567', 'c4'),
      row('tail10', '+41201234567', 'c5'),
      row('suffix', '+0031201234567', 'c2'),
    ];
    const result = matchCaller('+31201234567', rows);
    expect(ids(result.matches)).toEqual(['exact', 'suffix', 'tail10', 'tail9']);
    expect(result.bestKind).toBe('exact');
    expect(result.ambiguous).toBe(false);
  });

  it('puts a person’s direct line above the company switchboard at the same level', () => {
    const rows = [row('switchboard', '+31201234567', 'c1', false), row('mobile', '+31201234567', 'c1', true)];
    const result = matchCaller('+31201234567', rows);
    expect(ids(result.matches)).toEqual(['mobile', 'switchboard']);
    expect(result.companies).toHaveLength(1);
    expect(result.companies[0]?.best.candidate.id).toBe('mobile');
    expect(result.ambiguous).toBe(false);
  });

  it('does not let a personal tail match beat a switchboard exact match', () => {
    const rows = [row('mobile', '+32201234567', 'c2', true), row('switchboard', '+31201234567', 'c1')];
    expect(ids(matchCaller('+31201234567', rows).matches)).toEqual(['switchboard', 'mobile']);
  });

  it('groups by company, ordered by each group’s best match, and returns every match', () => {
    const rows = [
      row('a-tail', '+32201234567', 'A'),
      row('b-exact', '+31201234567', 'B'),
      row('a-exact', '+31201234567', 'A', true),
      row('b-suffix', '+0031201234567', 'B', true),
    ];
    const result = matchCaller('+31201234567', rows);
    expect(result.companies.map((c) => c.companyId)).toEqual(['A', 'B']);
    expect(ids(result.companies[0]?.matches ?? [])).toEqual(['a-exact', 'a-tail']);
    expect(ids(result.companies[1]?.matches ?? [])).toEqual(['b-exact', 'b-suffix']);
    expect(result.matches).toHaveLength(4);
  });
});

describe('matchCaller: ambiguity and edge cases', () => {
  it('flags ambiguity when several companies share the best match', () => {
    const rows = [row('a', '+31201234567', 'A'), row('b', '+31201234567', 'B', true)];
    const result = matchCaller('+31201234567', rows);
    expect(result.ambiguous).toBe(true);
    expect(result.companies.map((c) => c.companyId)).toEqual(['B', 'A']);
  });

  it('is not ambiguous when the other companies only match at a weaker level', () => {
    const rows = [row('a', '+31201234567', 'A'), row('b', '+32201234567', 'B')];
    expect(matchCaller('+31201234567', rows).ambiguous).toBe(false);
  });

  it('compares tail lengths when deciding ambiguity among tail matches', () => {
    const rows = [row('a', '+31201234567', 'A'), row('b', '+32201234567', 'B')];
    const tenVersusNine = matchCaller('+41201234567', rows);
    expect(tenVersusNine.matches.map((m) => [m.candidate.id, m.kind, m.matchedDigits])).toEqual([
      ['a', 'tail', 10],
      ['b', 'tail', 9],
    ]);
    expect(tenVersusNine.ambiguous).toBe(false);
    expect(matchCaller('+44201234567', rows).ambiguous).toBe(true);
  });

  it('treats company-less records as separate answers', () => {
    const rows = [row('p1', '+31612345678', null, true), row('p2', '+31612345678', null, true)];
    const result = matchCaller('+31612345678', rows);
    expect(result.companies).toHaveLength(2);
    expect(result.ambiguous).toBe(true);
  });

  it('matches a truncated caller number (3CX MaxLength) as a suffix', () => {
    const rows = [row('a', '+31201234567', 'A'), row('b', '+31301234567', 'B')];
    const result = matchCaller('234567', rows);
    expect(result.bestKind).toBe('suffix');
    expect(result.ambiguous).toBe(true);
    expect(matchCaller('01234567', rows).companies.map((c) => c.companyId)).toEqual(['A', 'B']);
  });

  it('returns an empty, unambiguous result when nothing matches', () => {
    const result = matchCaller('+31201234567', [row('x', '+31301234567', 'X')]);
    expect(result).toEqual({ matches: [], companies: [], bestKind: null, ambiguous: false });
  });

  it('keeps the caller’s extra fields on each candidate', () => {
    const rows = [{ ...row('x', '+31201234567', 'X'), name: 'Bakkerij Jansen' }];
    expect(matchCaller('+31201234567', rows).matches[0]?.candidate.name).toBe('Bakkerij Jansen');
  });
});

describe('lookup keys', () => {
  it('gives tail, digits and reversed digits to index', () => {
    expect(phoneIndexKeys('+31201234567')).toEqual({
      digits: '31201234567',
      tail: '201234567',
      reversed: '76543210213',
    });
    expect(phoneIndexKeys('+31201234567', { minTailDigits: 7 }).tail).toBe('1234567');
  });

  it('gives a tail key for long callers and a reversed prefix for short ones', () => {
    expect(callerLookupKeys('+31201234567')).toEqual({
      digits: '31201234567',
      tail: '201234567',
      reversedPrefix: null,
    });
    expect(callerLookupKeys('1234567')).toEqual({ digits: '1234567', tail: null, reversedPrefix: '7654321' });
    expect(callerLookupKeys('4567')).toEqual({ digits: '4567', tail: null, reversedPrefix: null });
  });

  it('fetches every candidate that matchCaller would accept (keys are complete for ≥9-digit numbers)', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    const number = fc.string({ unit: digit, minLength: 9, maxLength: 13 });
    fc.assert(
      fc.property(
        fc.oneof(number, fc.string({ unit: digit, minLength: 6, maxLength: 8 })),
        number,
        (caller, indexed) => {
          const matched = classifyMatch(caller, indexed) !== null;
          const keys = callerLookupKeys(caller);
          const index = phoneIndexKeys(`+${indexed}`);
          const fetched =
            (keys.tail !== null && keys.tail === index.tail) ||
            (keys.reversedPrefix !== null && index.reversed.startsWith(keys.reversedPrefix));
          if (matched) expect(fetched).toBe(true);
        },
      ),
    );
  });
});
