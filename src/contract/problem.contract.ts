/** The shape of every API error (RFC 9457 problem+json), as the server sends it and the web reads it. */
import { z } from 'zod';

import { fieldProblemCodes } from '../core/field-problem.js';

export { fieldProblemCodes };
export type { FieldProblemCode } from '../core/field-problem.js';

/** One field's problem: the UI words `code` (+ `params`); `message` is English, for API clients and logs. */
export const fieldProblemSchema = z.object({
  field: z.string(),
  code: z.enum(fieldProblemCodes),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});
export type FieldProblemView = z.infer<typeof fieldProblemSchema>;

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  /** Stable: clients match on it (docs/errors.md), never on title or detail. */
  code: z.string(),
  detail: z.string().optional(),
  /** A finer cause next to `code`, e.g. why a connection check failed (`unreachable`, `auth_invalid`, …). */
  reason: z.string().optional(),
  errors: z.array(fieldProblemSchema).optional(),
});
export type ProblemView = z.infer<typeof problemSchema>;
