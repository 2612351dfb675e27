// Typed client for the crmhub API: same-origin cookies, CSRF header on writes, problem+json errors as ApiError.
import { z } from 'zod/mini';

import { navCountsSchema, sessionSchema, setupStatusSchema } from '../../src/contract/auth.contract.js';
import { problemSchema } from '../../src/contract/problem.contract.js';

import type { $ZodType, output } from 'zod/v4/core';
import type { NavCounts, SetupInput, UserView } from '../../src/contract/auth.contract.js';
import type { FieldProblemView } from '../../src/contract/problem.contract.js';

export type User = UserView;

/** A signed-in session: who, and whether they must first replace an administrator-issued temporary password. */
export type SignedIn = { readonly user: User; readonly mustChangePassword: boolean };
export type Role = User['role'];
export type FieldError = FieldProblemView;

/** Client-side codes next to the server's: no answer at all, or an answer that is not the agreed shape. */
export type ClientErrorCode = 'network_error' | 'bad_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number; // 0 when the server was not reached
  readonly code: string;
  readonly fieldErrors: readonly FieldError[];
  readonly retryAfterSeconds: number | null;
  readonly reason: string | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fieldErrors?: readonly FieldError[];
    retryAfterSeconds?: number | null;
    reason?: string | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.reason = init.reason ?? null;
  }

  /** The server's problem with a form field (word it with fieldProblemText); named by its place (`body.password`). */
  fieldProblem(field: string): FieldError | undefined {
    return this.fieldErrors.find((error) => error.field === field || error.field === `body.${field}`);
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ status: 0, code: 'network_error' satisfies ClientErrorCode, message });
}

let csrfToken: string | null = null;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const problem = z.safeParse(problemSchema, body);
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  if (!problem.success) {
    return new ApiError({ status: response.status, code: 'bad_response', message: `HTTP ${response.status}` });
  }
  return new ApiError({
    status: response.status,
    code: problem.data.code,
    message: problem.data.detail ?? problem.data.title,
    fieldErrors: problem.data.errors ?? [],
    retryAfterSeconds,
    reason: problem.data.reason ?? null,
  });
}

export async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const headers = new Headers({ accept: 'application/json, application/problem+json' });
  // A file (Blob) goes as its raw bytes, e.g. an export to the intake file import; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers.set('content-type', raw ? 'application/octet-stream' : 'application/json');
  if (method !== 'GET' && csrfToken !== null) headers.set('x-csrf-token', csrfToken);
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = raw ? body : JSON.stringify(body);
  const response = await fetch(path, init).catch((error: unknown) => {
    throw toApiError(error);
  });
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** Sends a request and checks the answer against its schema in the shared API contract. */
export async function sendJson<S extends $ZodType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
): Promise<output<S>> {
  const response = await send(method, path, body);
  const parsed = z.safeParse(schema, await response.json().catch(() => null));
  if (!parsed.success) {
    throw new ApiError({ status: response.status, code: 'bad_response', message: `Unexpected answer from ${path}` });
  }
  return parsed.data;
}

export async function getSetupStatus(): Promise<{ needed: boolean }> {
  return sendJson(setupStatusSchema, 'GET', '/api/setup');
}

/** Creates the first portal administrator, who is then logged in; the CSRF token comes along or from /me. */
export async function completeSetup(input: SetupInput): Promise<SignedIn> {
  const created = await sendJson(sessionSchema, 'POST', '/api/setup', input);
  csrfToken = created.csrfToken;
  return { user: created.user, mustChangePassword: created.mustChangePassword };
}

export async function login(input: { email: string; password: string }): Promise<SignedIn> {
  const session = await sendJson(sessionSchema, 'POST', '/api/auth/login', input);
  csrfToken = session.csrfToken;
  return { user: session.user, mustChangePassword: session.mustChangePassword };
}

export async function logout(): Promise<void> {
  await send('POST', '/api/auth/logout');
  csrfToken = null;
}

/** The logged-in user, or null when there is no session. */
export async function getMe(): Promise<SignedIn | null> {
  try {
    const session = await sendJson(sessionSchema, 'GET', '/api/auth/me');
    csrfToken = session.csrfToken;
    return { user: session.user, mustChangePassword: session.mustChangePassword };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrfToken = null;
      return null;
    }
    throw error;
  }
}

export async function getNavCounts(): Promise<NavCounts> {
  return sendJson(navCountsSchema, 'GET', '/api/nav/counts');
}
