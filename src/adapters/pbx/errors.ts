/** PBX input failures: a closed set of codes, each with the HTTP status crmhub answers the PBX with. */
import { err, ok } from '../../core/result.js';

import type { Result } from '../../core/result.js';

export const pbxErrorCodes = [
  'signature_missing',
  'signature_malformed',
  'signature_mismatch',
  'timestamp_missing',
  'timestamp_invalid',
  'timestamp_stale',
  'token_invalid',
  'body_not_json',
  'body_invalid',
  'path_invalid',
  'status_unknown',
  'direction_mismatch',
  'number_missing',
] as const;
export type PbxErrorCode = (typeof pbxErrorCodes)[number];

/** Why a PBX request was refused; `field` names the offending body field or path segment. Never holds a secret. */
export type PbxError = {
  readonly code: PbxErrorCode;
  readonly message: string;
  readonly field?: string;
};

/** Status to answer with: authentication problems are 401 (the PBX should not retry), input problems 400. */
export const pbxErrorStatus: Readonly<Record<PbxErrorCode, 400 | 401>> = {
  signature_missing: 401,
  signature_malformed: 401,
  signature_mismatch: 401,
  timestamp_missing: 401,
  timestamp_invalid: 401,
  timestamp_stale: 401,
  token_invalid: 401,
  body_not_json: 400,
  body_invalid: 400,
  path_invalid: 400,
  status_unknown: 400,
  direction_mismatch: 400,
  number_missing: 400,
};

/** Builds a PbxError (with `field` only when given, as exactOptionalPropertyTypes wants). */
export function pbxError(code: PbxErrorCode, message: string, field?: string): PbxError {
  return field === undefined ? { code, message } : { code, message, field };
}

/** Reads a PBX request body as a JSON object; `expected` completes "The request body must be a JSON object …". */
export function parseJsonObjectBody(rawBody: string | Buffer, expected: string): Result<object, PbxError> {
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    return err(pbxError('body_not_json', 'The request body is not valid JSON.'));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err(pbxError('body_invalid', `The request body must be a JSON object ${expected}.`));
  }
  return ok(json);
}
