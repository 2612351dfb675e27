// A portal administrator who connected the Yuki simulator's portal through the API (SOAP key only, no Platform API).
import { expect } from 'vitest';

import { injectAs, loginAs } from './http.js';

import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/adapters/db/pool.js';
import type { Session } from './http.js';

export async function adminWithYukiPortal(
  app: FastifyInstance,
  db: Db,
  sim: { readonly key: string; readonly url: string },
): Promise<Session> {
  const admin = await loginAs(app, db, 'portal_admin');
  const portal = await injectAs(app, admin, {
    method: 'POST',
    url: '/api/connections/portal',
    payload: { accessKey: sim.key, baseUrl: sim.url },
  });
  expect(portal.statusCode, portal.body).toBe(201);
  return admin;
}
