// The live review stream across two crmhub instances on one database (LISTEN/NOTIFY): a held change, a decision and
// an unlink reach the streams of the people who may see them and nobody else's, one event per transaction, nothing
// for a rolled-back write, and a catch-up event after the listening connection was lost.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { ingestIntakeBatch } from '../../src/app/use-cases/intake/ingest.js';
import { REVIEW_STREAM_PATH } from '../../src/contract/review-stream.contract.js';
import { loginOverHttp, sessionFetch } from '../helpers/api-session.js';
import { closeInOrder } from '../helpers/close.js';
import { createTestDb } from '../helpers/db.js';
import { clientRecord, pushOverHttp, setUpReviewWorld, worldAccounts } from '../helpers/review-world.js';
import { startTestServer } from '../helpers/server.js';
import { openSse } from '../helpers/sse-client.js';

import type { ReviewChangedView } from '../../src/contract/review-stream.contract.js';
import type { ApiSession } from '../helpers/api-session.js';
import type { TestDatabase } from '../helpers/db.js';
import type { ReviewWorld } from '../helpers/review-world.js';
import type { TestServer } from '../helpers/server.js';
import type { SseClient, SseMessage } from '../helpers/sse-client.js';

let database: TestDatabase;
let a: TestServer;
let b: TestServer;
let world: ReviewWorld;
let adminSession: ApiSession;
let clerkSession: ApiSession;

const changedOf = (m: SseMessage): ReviewChangedView => JSON.parse(m.data) as ReviewChangedView;
const changes = (stream: SseClient): (readonly string[] | null)[] =>
  stream.messages.filter((m) => m.event === 'changed').map((m) => changedOf(m).domainIds);
/** The n-th `changed` event (1-based) of a stream, once it arrived. */
const nthChange = (stream: SseClient, n: number): Promise<SseMessage> =>
  stream.waitFor((m) => m === stream.messages.filter((x) => x.event === 'changed')[n - 1], 15_000);

async function openStream(server: TestServer, session: ApiSession): Promise<SseClient> {
  const stream = await openSse(`${server.url}${REVIEW_STREAM_PATH}?heartbeatSeconds=30`, { cookie: session.cookie });
  expect(stream.status).toBe(200);
  await stream.waitFor((m) => m.event === 'ready');
  return stream;
}

async function pendingEmails(administrationId: string): Promise<{ id: string; newValue: string | null }[]> {
  return database.db
    .selectFrom('sync_changes')
    .select(['id', 'new_value as newValue'])
    .where('administration_id', '=', administrationId)
    .where('field', '=', 'email')
    .where('state', '=', 'pending')
    .execute();
}

beforeAll(async () => {
  database = await createTestDb();
  // Instances of one installation share the master key (stored secrets are encrypted with it).
  const env = { CRMHUB_SECRET_KEY: generateSecretKey() };
  a = await startTestServer({ database, env });
  b = await startTestServer({ database, env });
  world = await setUpReviewWorld(a.deps, a.url);
  adminSession = await loginOverHttp(a.url, worldAccounts.admin);
  clerkSession = await loginOverHttp(a.url, worldAccounts.clerk);
});
afterAll(() => closeInOrder(a, b, database));

describe('review stream', () => {
  it('answers only a signed-in request that accepts an event stream', async () => {
    const plain = await fetch(`${a.url}${REVIEW_STREAM_PATH}`, { headers: { cookie: adminSession.cookie } });
    expect(plain.status).toBe(406);
    expect(await plain.json()).toMatchObject({ code: 'not_acceptable' });
    const anonymous = await fetch(`${a.url}${REVIEW_STREAM_PATH}`, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
  });

  it('tells the people who may see a domain about a held change committed through the other instance', async () => {
    const admin = await openStream(a, adminSession);
    const clerk = await openStream(a, clerkSession);
    // The clerk may not see the south domain: its change reaches the administrator only.
    expect(await pushOverHttp(b.url, world, [clientRecord(world.south, 'info@jansen.nl')])).toBe(200);
    expect(changedOf(await nthChange(admin, 1))).toEqual({ domainIds: [world.south.domainId] });
    expect(await pendingEmails(world.south.administrationId)).toHaveLength(1);
    expect(await pushOverHttp(b.url, world, [clientRecord(world.north, 'info@korenschoof.nl')])).toBe(200);
    expect(changedOf(await nthChange(admin, 2))).toEqual({ domainIds: [world.north.domainId] });
    expect(changedOf(await nthChange(clerk, 1))).toEqual({ domainIds: [world.north.domainId] });
    // Notices arrive in commit order, so had the clerk heard the south change it would have come first.
    expect(changes(clerk)).toEqual([[world.north.domainId]]);
    admin.close();
    clerk.close();
  });

  it('sends one event for a transaction with many changes, naming every domain in it', async () => {
    const admin = await openStream(b, adminSession);
    const records = [
      { ...clientRecord(world.north, 'post@korenschoof.nl'), phone: '020 123 4567' },
      { ...clientRecord(world.south, 'post@jansen.nl'), phone: '030 765 4321' },
    ];
    expect(await pushOverHttp(a.url, world, records)).toBe(200);
    expect(await pendingEmails(world.north.administrationId)).toEqual([
      expect.objectContaining({ newValue: 'post@korenschoof.nl' }),
    ]);
    const first = changedOf(await nthChange(admin, 1));
    expect([...(first.domainIds ?? [])].sort()).toEqual([world.north.domainId, world.south.domainId].sort());
    // A marker change afterwards: the batch must not have sent anything between.
    expect(await pushOverHttp(a.url, world, [clientRecord(world.south, 'marker@jansen.nl')])).toBe(200);
    await nthChange(admin, 2);
    expect(changes(admin)).toHaveLength(2);
    admin.close();
  });

  it('announces nothing for a write that is rolled back', async () => {
    const clerk = await openStream(a, clerkSession);
    const preview = await ingestIntakeBatch(b.deps, {
      sourceId: world.source.id,
      records: [clientRecord(world.north, 'preview@korenschoof.nl')],
      mode: 'preview',
      origin: { kind: 'push', label: null },
      atomic: false,
    });
    // The preview planned a change (and announced it inside its transaction) and was then rolled back.
    expect(preview.ok && preview.value).toMatchObject({ counts: { changed: 1 }, rolledBack: true });
    expect((await pendingEmails(world.north.administrationId)).map((c) => c.newValue)).not.toContain(
      'preview@korenschoof.nl',
    );
    expect(await pushOverHttp(b.url, world, [clientRecord(world.north, 'echt@korenschoof.nl')])).toBe(200);
    await nthChange(clerk, 1);
    expect(changes(clerk)).toEqual([[world.north.domainId]]);
    clerk.close();
  });

  it('tells about a decision and an unlink made through the other instance', async () => {
    const clerk = await openStream(a, clerkSession);
    const [change] = await pendingEmails(world.north.administrationId);
    const admin = await loginOverHttp(b.url, worldAccounts.admin);
    const approved = await sessionFetch(`${b.url}/api/review/changes/${change?.id ?? ''}/approve`, admin, 'POST', {});
    expect(approved.status, await approved.text()).toBe(200);
    expect(changedOf(await nthChange(clerk, 1))).toEqual({ domainIds: [world.north.domainId] });
    const unlinked = await sessionFetch(
      `${b.url}/api/administrations/${world.north.administrationId}/link`,
      admin,
      'DELETE',
    );
    expect(unlinked.status).toBe(204);
    expect(changedOf(await nthChange(clerk, 2))).toEqual({ domainIds: [world.north.domainId] });
    clerk.close();
  });

  it('sends a catch-up event after its listening connection was lost and is back', async () => {
    const admin = await openStream(a, adminSession);
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'crmhub-review'`.execute(
      database.db,
    );
    // Notices sent while nobody listened are lost: "anything may have changed".
    expect(changedOf(await nthChange(admin, 1))).toEqual({ domainIds: null });
    expect(await pushOverHttp(b.url, world, [clientRecord(world.south, 'terug@jansen.nl')])).toBe(200);
    await admin.waitFor((m) => m.event === 'changed' && changedOf(m).domainIds?.[0] === world.south.domainId, 15_000);
    admin.close();
  });
});
