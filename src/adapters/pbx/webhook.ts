/** The two inbound PBX requests end to end: signed JSON POST and token-guarded URL-template GET → CallEvent. */
import { err } from '../../core/result.js';
import { parseJsonCallEvent, parseUrlTemplatePath, urlTemplateToCallEvent } from './mapper.js';
import { verifyPbxSignature, verifyUrlToken } from './signature.js';

import type { CallEvent } from '../../core/model.js';
import type { Result } from '../../core/result.js';
import type { PbxError } from './errors.js';
import type { UrlTemplateOptions } from './mapper.js';
import type { VerifyInput } from './signature.js';

/** Verifies signature and timestamp, then parses the body. Nothing in the body is trusted before the check. */
export function parseSignedCallEvent(input: VerifyInput): Result<CallEvent, PbxError> {
  const verified = verifyPbxSignature(input);
  if (!verified.ok) return verified;
  return parseJsonCallEvent(input.rawBody);
}

/** Checks the URL token, then parses the seven template segments that follow it. */
export function parseUrlTemplateRequest(
  input: { readonly token: string; readonly expectedToken: string; readonly path: string },
  options: UrlTemplateOptions,
): Result<CallEvent, PbxError> {
  const token = verifyUrlToken(input.token, input.expectedToken);
  if (!token.ok) return err(token.error);
  const params = parseUrlTemplatePath(input.path);
  if (!params.ok) return params;
  return urlTemplateToCallEvent(params.value, options);
}
