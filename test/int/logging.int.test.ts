import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app/http/app.js';
import { loggerOptions } from '../../src/app/http/logger.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs, TEST_PASSWORD } from '../helpers/http.js';

import type { TestApp } from '../helpers/app.js';

let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('logs', () => {
  it('never contain passwords, session cookies, CSRF tokens or Authorization headers', async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ ...loggerOptions('trace') }, sink);
    const app = await buildApp({ ...t.deps, metrics: new Registry() }, { logger });
    const session = await loginAs(app, t.deps.db, 'portal_admin', 'log@kantoor.nl');
    await injectAs(app, session, {
      method: 'POST',
      url: '/api/users',
      headers: { authorization: 'Bearer super-secret-bearer' },
      payload: { email: 'other@kantoor.nl', name: 'Other', password: 'another secret password', role: 'employee' },
    });
    logger.info({ connection: { apiSecret: 'shh-api-secret', refreshToken: 'rt-123' } }, 'connector configured');
    await app.close();

    const text = lines.join('');
    expect(text).toContain('incoming request');
    for (const secret of [
      TEST_PASSWORD,
      'another secret password',
      'super-secret-bearer',
      'shh-api-secret',
      'rt-123',
      session.csrfToken,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(session.cookie.split('=')[1]);
    expect(text).toContain('[redacted]');
  });
});
