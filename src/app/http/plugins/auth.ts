/** Sessions from the cookie, the per-route role check every route must declare, and CSRF for state changes. */
import { timingSafeEqual } from 'node:crypto';

import { sessionContext, sessionCsrfToken } from '../../use-cases/login.js';
import { ApiError } from '../problem.js';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '../../../contract/auth.contract.js';
import type { AppDeps } from '../../deps.js';
import type { User } from '../../use-cases/users.js';

/** Who may call a route: anyone (`public`, e.g. health, login, signed webhooks) or the listed roles. */
export type RouteAccess = 'public' | readonly UserRole[];

export const anyUser: readonly UserRole[] = ['portal_admin', 'employee'];
export const adminOnly: readonly UserRole[] = ['portal_admin'];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    user: User | null;
    sessionToken: string | null;
    sessionId: string | null;
    mustChangePassword: boolean;
  }
}

export const SESSION_COOKIE = 'crmhub_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user with an administrator-issued temporary password may do before choosing their own. */
const DURING_PASSWORD_CHANGE = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout']);

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure whenever the request came over TLS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

/** Registers the access hook on the root instance, so it runs for every route, plugins' routes included. */
export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('mustChangePassword', false);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // Unmatched URLs fall through to the not-found handler, which needs no session.
    if (request.routeOptions.url === undefined || access === 'public') return;
    if (access === undefined) {
      request.log.error({ url: request.routeOptions.url }, 'route has no access declaration');
      throw new ApiError('forbidden', 'this route declares no roles');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '') throw new ApiError('unauthenticated');
    const session = await sessionContext(deps, token);
    if (session === null) throw new ApiError('unauthenticated', 'your session has ended; log in again');
    const { user } = session;
    request.user = user;
    request.sessionToken = token;
    request.sessionId = session.sessionId;
    request.mustChangePassword = session.mustChangePassword;
    if (session.mustChangePassword && !DURING_PASSWORD_CHANGE.has(request.routeOptions.url)) {
      throw new ApiError('password_change_required', 'choose your own password first (POST /api/auth/password)');
    }
    if (!access.includes(user.role)) throw new ApiError('forbidden', `this needs the role ${access.join(' or ')}`);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, sessionCsrfToken(token))) {
        throw new ApiError('csrf_invalid', 'send the x-csrf-token header you received at login');
      }
    }
  });
}

/** The logged-in user of a route that declared roles (the access hook guarantees one). */
export function currentUser(request: FastifyRequest): User {
  if (request.user === null) throw new ApiError('unauthenticated');
  return request.user;
}
