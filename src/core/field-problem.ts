/** Stable codes for a problem with one request field (docs/errors.md#field-codes): the UI words them, never `message`. */

export const fieldProblemCodes = [
  'required',
  'too_short',
  'too_long',
  'below_minimum',
  'above_maximum',
  'not_whole_number',
  'invalid',
  'invalid_email',
  'invalid_url',
  'invalid_guid',
  'invalid_choice',
  'invalid_country',
  'invalid_phone',
  'key_malformed',
  'control_character',
  'unknown_field',
  'unknown_domain',
  'unknown_user',
  'current_password_wrong',
  'password_too_weak',
  'credentials_rejected',
  'redirect_uri_mismatch',
  'issuer_mismatch',
  'company_unknown',
  'crm_unknown',
  'crm_use_intake',
  'crm_on_request',
  'connection_other_system',
  'senders_invalid',
  'url_not_allowed',
  'system_refused',
] as const;
export type FieldProblemCode = (typeof fieldProblemCodes)[number];

/** Values the wording of a code needs (`max` of `too_long`, `reachable` of `company_unknown`, …). */
export type FieldProblemParams = Readonly<Record<string, string | number>>;

/** One field's problem: where (`apiKey`, `body.apiKey`), a stable code, and an English message for logs and API clients. */
export type CodedFieldProblem = {
  readonly field: string;
  readonly code: FieldProblemCode;
  readonly params?: FieldProblemParams;
  readonly message: string;
};

/** The parts of a schema-validation issue (zod's, also as Fastify reports it) that decide its code. */
export type ValidationIssue = {
  readonly code: string;
  readonly message?: string;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly format?: unknown;
};

const formatCodes: Readonly<Record<string, FieldProblemCode>> = {
  email: 'invalid_email',
  url: 'invalid_url',
  uuid: 'invalid_guid',
  guid: 'invalid_guid',
};

const isLength = (origin: unknown): boolean => origin !== 'number' && origin !== 'bigint' && origin !== 'date';

/** The code (and its params) of a validation issue: a missing or empty value is `required`. */
export function fieldProblemOfIssue(issue: ValidationIssue): Pick<CodedFieldProblem, 'code' | 'params'> {
  const bound = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
  switch (issue.code) {
    case 'invalid_type':
      // zod says what it expected and received; an absent value is a field left empty, not a wrong type.
      if (/received undefined$/.test(issue.message ?? '')) return { code: 'required' };
      return { code: /expected int\b/.test(issue.message ?? '') ? 'not_whole_number' : 'invalid' };
    case 'too_small':
      if (!isLength(issue.origin)) return { code: 'below_minimum', params: { min: bound(issue.minimum) } };
      return bound(issue.minimum) <= 1
        ? { code: 'required' }
        : { code: 'too_short', params: { min: bound(issue.minimum) } };
    case 'too_big':
      return isLength(issue.origin)
        ? { code: 'too_long', params: { max: bound(issue.maximum) } }
        : { code: 'above_maximum', params: { max: bound(issue.maximum) } };
    case 'invalid_format':
      return { code: (typeof issue.format === 'string' ? formatCodes[issue.format] : undefined) ?? 'invalid' };
    case 'invalid_value':
      return { code: 'invalid_choice' };
    case 'not_multiple_of':
      return { code: 'not_whole_number' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    default:
      return { code: 'invalid' };
  }
}
