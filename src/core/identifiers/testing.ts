/** Test kit for the identifier validators: one table of accepted and one of rejected inputs per validator. */
import { expect, it } from 'vitest';

import type { Validated } from './validated.js';

/** Registers one test per accepted input (with its normalised value) and per rejected input (with its reason). */
export function validatorCases<R extends string>(
  validate: (input: string) => Validated<string, R>,
  cases: {
    readonly accepts: readonly (readonly [input: string, value: string])[];
    readonly rejects: readonly (readonly [input: string, reason: R])[];
    readonly acceptTitle?: string;
  },
): void {
  it.each(cases.accepts)(cases.acceptTitle ?? '%j → %s', (input, value) => {
    expect(validate(input)).toEqual({ ok: true, value });
  });
  it.each(cases.rejects)('%j is rejected: %s', (input, reason) => {
    expect(validate(input)).toEqual({ ok: false, reason });
  });
}
