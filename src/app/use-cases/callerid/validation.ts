/** Field problems of a request as one `validation_failed` failure, in the shape the API has always answered with. */
import { fail } from '../failure.js';

import type { Err } from '../../../core/result.js';
import type { Failure, FieldProblem } from '../failure.js';

/** `validation_failed` naming every problem (`body.phones.1: …; body.phones.3: …`), each under `prefix`. */
export function fieldsFailure(problems: readonly FieldProblem[], prefix = ''): Err<Failure> {
  const errors = problems.map((p) => ({ ...p, field: `${prefix}${p.field}` }));
  return fail('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
