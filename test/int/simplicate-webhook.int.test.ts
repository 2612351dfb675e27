// Simplicate as documented (issue 10 point 5): signed webhooks of any shape are hints, identical bodies within 10
// minutes count once on every instance, and connecting checks whether q[updated_at][ge] filters.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findUserById } from '../../src/adapters/db/repos/users.repo.js';
import { connectionHealth } from '../../src/app/use-cases/sync/connection-settings.js';
import { disconnectCrm } from '../../src/app/use-cases/sync/crm-connection.js';
import { receiveCrmWebhook } from '../../src/app/use-cases/sync/crm-webhook.js';
import { startTestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { connectCrmRow } from '../helpers/connections.js';
import { loginAs } from '../helpers/http.js';

import type { JobQueue } from '../../src/adapters/db/queue.js';
import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { TestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import type { TestApp } from '../helpers/app.js';

const SECRET = 'whsec-simplicate-test';
let t: TestApp;
let admin: User;
const clock = { now: new Date('2026-12-07T09:00:00Z') };
/** Jobs queued, as `<job name> <data>`. */
const sent: string[] = [];
const recordingQueue = {
  send(contract: { name: string }, data: unknown) {
    sent.push(`${contract.name} ${JSON.stringify(data)}`);
    return Promise.resolve('job');
  },
} as unknown as JobQueue;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => clock.now });
  const session = await loginAs(t.app, t.deps.db, 'portal_admin');
  const user = await findUserById(t.deps.db, session.userId);
  if (user === null) throw new Error('no admin');
  admin = user;
});
afterAll(() => t.close());

async function connectTo(sim: TestSimplicateSim): Promise<Connection> {
  return connectCrmRow({ ...t.deps, queue: recordingQueue }, admin, {
    system: 'simplicate',
    baseUrl: sim.url,
    apiKey: sim.key,
    apiSecret: sim.secret,
    webhookSecret: SECRET,
  });
}

describe.each([
  { updatedAtFilter: 'honoured', expected: 'filter' },
  { updatedAtFilter: 'ignored', expected: 'full_scan' },
  { updatedAtFilter: 'refused', expected: 'full_scan' },
] as const)('a Simplicate whose q[updated_at][ge] is $updatedAtFilter', ({ updatedAtFilter, expected }) => {
  it(`is synced incrementally by ${expected}, and the health page says so`, async () => {
    const sim = await startTestSimplicateSim({ orgs: 3, options: { updatedAtFilter } });
    try {
      await connectTo(sim);
      const health = await connectionHealth(t.deps, admin.portalId);
      expect(health.find((c) => c.role === 'crm')?.incrementalSync).toBe(expected);
    } finally {
      await disconnectCrm(t.deps, admin);
      await sim.close();
    }
  });
});

describe('signed webhooks', () => {
  let sim: TestSimplicateSim;
  let connection: Connection;
  beforeAll(async () => {
    sim = await startTestSimplicateSim({ orgs: 3 });
    connection = await connectTo(sim);
  });
  afterAll(async () => {
    await disconnectCrm(t.deps, admin);
    await sim.close();
  });

  async function post(body: string, deps: AppDeps = t.deps) {
    sent.length = 0;
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const outcome = await receiveCrmWebhook(
      { ...deps, queue: recordingQueue },
      { connectionId: connection.id, rawBody: Buffer.from(body), headers: { 'x-webhook-signature': signature } },
    );
    if (!outcome.ok) throw new Error(outcome.error.code);
    return { ...outcome.value, sent: [...sent] };
  }

  it('takes organisation ids found anywhere in the body as targeted reads', async () => {
    const body = JSON.stringify({ payload: { items: [{ ref: 'organization:aa11' }, 'organization:bb22'] } });
    const got = await post(body);
    expect(got).toMatchObject({ queued: true, duplicate: false });
    expect(got.sent.sort()).toEqual([
      `crm-record ${JSON.stringify({ connectionId: connection.id, externalId: 'organization:aa11' })}`,
      `crm-record ${JSON.stringify({ connectionId: connection.id, externalId: 'organization:bb22' })}`,
    ]);
  });

  it.each([
    ['no id at all', JSON.stringify({ event: 'subscription.updated', when: 'now' })],
    ['not JSON', 'ping'],
    ['a JSON array', '[1,2,3]'],
  ])('accepts a body with %s and queues an incremental poll', async (_name, body) => {
    const got = await post(body);
    expect(got).toMatchObject({ queued: true, duplicate: false });
    expect(got.sent).toEqual([`crm-sync ${JSON.stringify({ connectionId: connection.id, full: false })}`]);
  });

  it('polls as well when a person is named next to an organisation', async () => {
    const got = await post(JSON.stringify({ data: { id: 'person:p1', organization: { id: 'organization:cc33' } } }));
    expect(got.sent.map((s) => s.split(' ')[0]).sort()).toEqual(['crm-record', 'crm-sync']);
  });

  it('counts an identical body once within 10 minutes, also on another instance, and again after that', async () => {
    const body = JSON.stringify({ event: 'organization.updated', id: 'organization:dd44' });
    const other = t.database.open();
    try {
      expect((await post(body)).sent).toHaveLength(1);
      clock.now = new Date(clock.now.getTime() + 9 * 60_000);
      const repeat = await post(body, { ...t.deps, db: other.db });
      expect(repeat).toMatchObject({ queued: false, duplicate: true, sent: [] });
      expect((await post(`${body} `)).sent).toHaveLength(1);
      clock.now = new Date(clock.now.getTime() + 60_000);
      expect((await post(body, { ...t.deps, db: other.db })).sent).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
