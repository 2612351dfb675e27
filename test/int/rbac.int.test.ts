import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSession, csrfTokenFor } from '../../src/adapters/db/repos/sessions.repo.js';
import { userRoles } from '../../src/adapters/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { UserRole } from '../../src/adapters/db/schema.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
const sessions = new Map<UserRole, Session>();

beforeAll(async () => {
  t = await buildTestApp();
  for (const role of userRoles) sessions.set(role, await loginAs(t.app, t.deps.db, role));
});
afterAll(async () => {
  await t.close();
});

async function freshSession(role: UserRole): Promise<Session> {
  const userId = sessions.get(role)?.userId ?? '';
  const token = await createSession(t.deps.db, { userId, expiresAt: new Date(Date.now() + 3600_000), userAgent: null });
  return { cookie: `crmhub_session=${token}`, csrfToken: csrfTokenFor(token), userId };
}

const concrete = (url: string): string => url.replace(/:[A-Za-z]+/g, randomUUID()).replace(/\*$/, 'x');

describe('route access declarations', () => {
  it('every registered route declares who may call it', () => {
    expect(t.app.routeCatalogue().length).toBeGreaterThan(10);
    const undeclared = t.app.routeCatalogue().filter((route) => route.access === undefined);
    expect(undeclared).toEqual([]);
  });

  it('enforces every route × role combination', async () => {
    const protectedRoutes = t.app
      .routeCatalogue()
      .filter((route) => route.access !== 'public' && route.method !== 'HEAD');
    expect(protectedRoutes.length).toBeGreaterThan(3);
    for (const route of protectedRoutes) {
      const request = {
        method: route.method as 'GET',
        url: concrete(route.url),
        ...(route.method === 'GET' ? {} : { payload: {} }),
      };
      const anonymous = await injectAs(t.app, null, request);
      expect({ route: route.url, method: route.method, status: anonymous.statusCode }).toEqual({
        route: route.url,
        method: route.method,
        status: 401,
      });
      for (const role of userRoles) {
        // A fresh session per call: the matrix includes logout, which ends the session it is called with.
        const response = await injectAs(t.app, await freshSession(role), request);
        const allowed = route.access !== undefined && route.access !== 'public' && route.access.includes(role);
        const verdict =
          response.statusCode === 403 ? 'refused' : response.statusCode === 401 ? 'unauthenticated' : 'let through';
        expect({ route: route.url, method: route.method, role, verdict }).toEqual({
          route: route.url,
          method: route.method,
          role,
          verdict: allowed ? 'let through' : 'refused',
        });
      }
    }
  });

  it('lets anyone reach the public routes without a session', async () => {
    for (const url of ['/healthz', '/readyz', '/api/setup', '/api/openapi.json', '/api/docs', '/api/auth/sso']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(200);
    }
    // Single sign-on starts and ends with a redirect, for anyone (here: back to the login page, since it is off).
    for (const url of ['/api/auth/sso/start', '/api/auth/sso/callback']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(302);
    }
  });

  it('describes every API route in the OpenAPI 3.1 document', async () => {
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toBe('3.1.0');
    const apiRoutes = t.app
      .routeCatalogue()
      .filter(
        (route) =>
          route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && route.url !== '/api/openapi.json',
      );
    for (const route of apiRoutes) {
      expect(Object.keys(spec.paths), route.url).toContain(route.url.replace(/:(\w+)/g, '{$1}'));
    }
  });
});
