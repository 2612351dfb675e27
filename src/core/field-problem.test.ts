// Schema-validation issues (zod's, as the error handler and the adapters see them) get the field code the UI words.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { fieldProblemOfIssue } from './field-problem.js';

function codeOf(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  const issue = parsed.error.issues[0];
  if (issue === undefined) throw new Error('expected an issue');
  return fieldProblemOfIssue(issue);
}

describe('fieldProblemOfIssue', () => {
  it('calls an absent or empty value required', () => {
    expect(codeOf(z.object({ name: z.string() }), {})).toEqual({ code: 'required' });
    expect(codeOf(z.string().min(1), '')).toEqual({ code: 'required' });
  });

  it('names the bound of a length or a number', () => {
    expect(codeOf(z.string().max(200), 'x'.repeat(201))).toEqual({ code: 'too_long', params: { max: 200 } });
    expect(codeOf(z.string().min(8), 'short')).toEqual({ code: 'too_short', params: { min: 8 } });
    expect(codeOf(z.number().min(60), 5)).toEqual({ code: 'below_minimum', params: { min: 60 } });
    expect(codeOf(z.number().max(10), 11)).toEqual({ code: 'above_maximum', params: { max: 10 } });
  });

  it('tells e-mail, URL, GUID and choice apart', () => {
    expect(codeOf(z.email(), 'nope')).toEqual({ code: 'invalid_email' });
    expect(codeOf(z.url(), 'nope')).toEqual({ code: 'invalid_url' });
    expect(codeOf(z.uuid(), 'nope')).toEqual({ code: 'invalid_guid' });
    expect(codeOf(z.enum(['a', 'b']), 'c')).toEqual({ code: 'invalid_choice' });
    expect(codeOf(z.int(), 1.5)).toEqual({ code: 'not_whole_number' });
    expect(codeOf(z.strictObject({}), { extra: 1 })).toEqual({ code: 'unknown_field' });
    expect(codeOf(z.string().regex(/^a$/), 'b')).toEqual({ code: 'invalid' });
  });
});
