/** zod rules shared by the PBX bodies crmhub reads (its JSON webhook and Voys notifications), worded the same way. */
import { z } from 'zod';

/** The zod error text of a field: "is required" when it is absent, else "must be <what>". */
export const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

/** The PBX's id of a call: a non-empty string (trimmed) of at most 200 characters. */
export const callIdSchema = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'is too long');
