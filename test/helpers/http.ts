// Small helpers for app.inject() tests: log in as a role and send requests with the session cookie and CSRF token.
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/adapters/db/pool.js';
import type { UserRole } from '../../src/adapters/db/schema.js';

export type Session = { readonly cookie: string; readonly csrfToken: string; readonly userId: string };

export const TEST_PASSWORD = 'a long enough password';

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name === 'crmhub_session');
  if (cookie === undefined) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `crmhub_session=${cookie.value}`;
}

/** Posts a login; `request` adds headers or the client address. */
export function postLogin(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
  request: Pick<InjectOptions, 'headers' | 'remoteAddress'> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...request });
}

export async function loginAs(
  app: FastifyInstance,
  db: Db,
  role: UserRole,
  email = `${role}-${Math.random()}@example.nl`,
): Promise<Session> {
  const user = mustSucceed(await createUser(db, { email, name: role, password: TEST_PASSWORD, role }));
  const response = await postLogin(app, email);
  const body = response.json<{ csrfToken: string }>();
  return { cookie: sessionCookieOf(response), csrfToken: body.csrfToken, userId: user.id };
}

/** Sends a request as the session's user, with the CSRF header on state-changing methods. */
export function injectAs(
  app: FastifyInstance,
  session: Session | null,
  options: InjectOptions,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
  if (session !== null) {
    headers['cookie'] = session.cookie;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(options.method ?? 'GET')) headers['x-csrf-token'] = session.csrfToken;
  }
  return app.inject({ ...options, headers });
}
