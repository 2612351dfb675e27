// Behaviour of the Simplicate simulator over HTTP: auth and rights, rate limit, writes and link consistency,
// updated_at, errors, merge, webhooks (signature, 429 retries), admin edits, snapshots and seeding.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { startSimplicateSim } from './cli.js';
import { startTestSimplicateSim } from './testing.js';

import type { TestSimplicateSim } from './testing.js';

type Envelope = {
  data: unknown;
  metadata?: Record<string, number>;
  errors: { code: number; message: string }[] | null;
};
type Org = {
  id: string;
  name: string;
  updated_at: string;
  linked_persons_contacts?: { person_id: string; work_phone?: string }[];
};
type Person = {
  id: string;
  full_name: string;
  updated_at: string;
  linked_as_contact_to_organization?: { organization_id: string }[];
};

let t: TestSimplicateSim | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await t?.close();
  t = undefined;
});

const start = async (opts: Parameters<typeof startTestSimplicateSim>[0] = {}): Promise<TestSimplicateSim> => {
  t = await startTestSimplicateSim(opts);
  return t;
};

async function api(
  sim: TestSimplicateSim,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = sim.headers,
): Promise<{ status: number; body: Envelope; headers: Headers }> {
  const res = await fetch(`${sim.url}/api/v2${path}`, {
    method,
    headers: { ...headers, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Envelope, headers: res.headers };
}

async function admin(
  sim: TestSimplicateSim,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

describe('authentication and rights', () => {
  it('rejects a wrong secret with 401 and a key without write rights with 403', async () => {
    const sim = await start();
    expect(
      (await api(sim, 'GET', '/crm/organization', undefined, { ...sim.headers, 'Authentication-Secret': 'nope' }))
        .status,
    ).toBe(401);
    await admin(sim, 'POST', '/keys', { key: 'ro', secret: 'ro-secret', rights: ['read'] });
    const ro = { 'Authentication-Key': 'ro', 'Authentication-Secret': 'ro-secret' };
    expect((await api(sim, 'GET', '/crm/organization?limit=1', undefined, ro)).status).toBe(200);
    const denied = await api(sim, 'POST', '/crm/organization', { name: 'X' }, ro);
    expect(denied.status).toBe(403);
    expect(denied.body.errors?.[0]?.message).toContain('create');
  });

  it('expires keys by the simulator clock and binds keys to an environment host', async () => {
    const sim = await start();
    await admin(sim, 'POST', '/keys', {
      key: 'tmp',
      secret: 's3cret',
      expiresAt: new Date(sim.now().getTime() + 60_000).toISOString(),
    });
    const tmp = { 'Authentication-Key': 'tmp', 'Authentication-Secret': 's3cret' };
    expect((await api(sim, 'GET', '/crm/person?limit=1', undefined, tmp)).status).toBe(200);
    sim.advance(61_000);
    const expired = await api(sim, 'GET', '/crm/person?limit=1', undefined, tmp);
    expect(expired.status).toBe(401);
    expect(expired.body.errors?.[0]?.message).toContain('expired');
    await admin(sim, 'POST', '/keys', { key: 'other', secret: 's3cret', host: 'firm.simplicate.nl' });
    expect(
      (
        await api(sim, 'GET', '/crm/person', undefined, {
          'Authentication-Key': 'other',
          'Authentication-Secret': 's3cret',
        })
      ).status,
    ).toBe(401);
  });

  it('rate-limits per key with Retry-After, and the window slides with the clock', async () => {
    const sim = await start({ options: { rateLimitPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await api(sim, 'GET', '/crm/organization?limit=1')).status).toBe(200);
    const limited = await api(sim, 'GET', '/crm/organization?limit=1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    sim.advance(60_001);
    expect((await api(sim, 'GET', '/crm/organization?limit=1')).status).toBe(200);
  });

  it('can send 429 without Retry-After', async () => {
    const sim = await start({ options: { rateLimitPerMinute: 1, rateLimitRetryAfter: false } });
    await api(sim, 'GET', '/crm/organization?limit=1');
    const limited = await api(sim, 'GET', '/crm/organization?limit=1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });
});

describe('records', () => {
  it('pages with offset/limit, caps limit at 100 and reports bad parameters', async () => {
    const sim = await start({ orgs: 230 });
    const page = await api(sim, 'GET', '/crm/organization?limit=500&offset=200&metadata=count,limit');
    expect(page.body.metadata).toEqual({ count: 230, limit: 100 });
    expect(page.body.data).toHaveLength(30);
    expect((await api(sim, 'GET', '/crm/organization?offset=300')).body.data).toEqual([]);
    const bad = await api(sim, 'GET', '/crm/organization?limit=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.message).toContain('limit');
    expect((await api(sim, 'GET', '/crm/organization?q[name][like]=x')).status).toBe(400);
  });

  it('q[id][] lists the named records in default order, any case, together with the other filters', async () => {
    const sim = await start({ orgs: 40 });
    const all = (await api(sim, 'GET', '/crm/person?limit=100')).body.data as Person[];
    const id = (index: number): string => all[index]?.id ?? '';
    const [a, b, c] = [id(30), id(3), id(17)];
    const listed = await api(
      sim,
      'GET',
      `/crm/person?q[id][]=${a}&q[id][]=${b.toUpperCase()}&q[id][]=${c}&q[id][]=person:unknown&metadata=count`,
    );
    expect((listed.body.data as Person[]).map((p) => p.id)).toEqual([b, c, a]);
    expect(listed.body.metadata).toEqual({ count: 3 });
    const name = all[17]?.full_name ?? '';
    const narrowed = await api(
      sim,
      'GET',
      `/crm/person?q[id][]=${a}&q[id][]=${c}&q[full_name]=${encodeURIComponent(name)}`,
    );
    expect((narrowed.body.data as Person[]).map((p) => p.id)).toEqual([c]);
  });

  it('answers 404 in an error envelope for unknown ids', async () => {
    const sim = await start();
    for (const path of [
      '/crm/organization/organization:nope',
      '/crm/person/person:nope',
      '/crm/contactperson/contactperson:nope',
    ]) {
      const res = await api(sim, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ data: null, errors: [{ code: 404 }] });
    }
    expect((await api(sim, 'PUT', '/crm/organization/organization:nope', { name: 'x' })).status).toBe(404);
  });

  it('validates writes with field-level messages', async () => {
    const sim = await start();
    const res = await api(sim, 'POST', '/crm/organization', { email: 'x@y.nl', is_active: 'yes' });
    expect(res.status).toBe(400);
    const messages = (res.body.errors ?? []).map((e) => e.message);
    expect(messages).toContain('name: is required');
    expect(messages.some((m) => m.startsWith('is_active:'))).toBe(true);
    const badLink = await api(sim, 'POST', '/crm/organization', {
      name: 'A',
      linked_persons_contacts: [{ person_id: 'person:none' }],
    });
    expect(badLink.body.errors?.[0]?.message).toBe('linked_persons_contacts.0.person_id: unknown person person:none');
  });
});

describe('records: updates, links and merges', () => {
  it('PUT is a partial update that bumps updated_at; links show on both sides and in /crm/contactperson', async () => {
    const sim = await start({ orgs: 2 });
    const orgs = (await api(sim, 'GET', '/crm/organization')).body.data as Org[];
    const org = orgs[0];
    if (org === undefined) throw new Error('no org');
    sim.advance(3_600_000);
    const created = await api(sim, 'POST', '/crm/person', {
      first_name: 'Jan',
      family_name_prefix: 'van der',
      family_name: 'Berg',
      linked_as_contact_to_organization: [
        { organization_id: org.id, work_function: 'DGA', work_mobile: '06 12345678' },
      ],
    });
    const personId = (created.body.data as { id: string }).id;
    const person = (await api(sim, 'GET', `/crm/person/${personId}`)).body.data as Person;
    expect(person.full_name).toBe('Jan van der Berg');
    expect(person.linked_as_contact_to_organization?.map((l) => l.organization_id)).toEqual([org.id]);
    const after = (await api(sim, 'GET', `/crm/organization/${org.id}`)).body.data as Org;
    expect(after.linked_persons_contacts?.map((l) => l.person_id)).toContain(personId);
    expect(after.updated_at).toBe(sim.sim.timestamp(sim.now()));
    expect(after.updated_at > org.updated_at).toBe(true);
    const links = (await api(sim, 'GET', `/crm/contactperson?q[person_id]=${personId}`)).body.data as {
      organization: { id: string };
    }[];
    expect(links.map((l) => l.organization.id)).toEqual([org.id]);

    sim.advance(1000);
    expect((await api(sim, 'PUT', `/crm/organization/${org.id}`, { name: 'Hernoemd B.V.' })).status).toBe(200);
    const renamed = (await api(sim, 'GET', `/crm/organization/${org.id}`)).body.data as Org & { email?: string };
    expect(renamed.name).toBe('Hernoemd B.V.');
    expect(renamed.email).toBe((org as Org & { email?: string }).email);
    expect(renamed.updated_at).toBe(sim.sim.timestamp(sim.now()));

    expect((await api(sim, 'DELETE', `/crm/organization/${org.id}`)).status).toBe(200);
    const orphan = (await api(sim, 'GET', `/crm/person/${personId}`)).body.data as Person;
    expect(orphan.linked_as_contact_to_organization ?? []).toEqual([]);
  });

  it('API writes ignore work_phone (not in the Post schema) unless configured', async () => {
    const sim = await start({ orgs: 1 });
    const org = ((await api(sim, 'GET', '/crm/organization')).body.data as Org[])[0];
    const person = ((await api(sim, 'POST', '/crm/person', { family_name: 'Smit' })).body.data as { id: string }).id;
    await api(sim, 'PUT', `/crm/organization/${org?.id ?? ''}`, {
      linked_persons_contacts: [{ person_id: person, work_phone: '020 111 2222' }],
    });
    const link = (
      (await api(sim, 'GET', `/crm/contactperson?q[person_id]=${person}`)).body.data as { work_phone?: string }[]
    )[0];
    expect(link?.work_phone).toBeUndefined();
  });

  it('mergeorganization moves contact persons to the target and deletes the source', async () => {
    const sim = await start({ orgs: 2 });
    const [a, b] = (await api(sim, 'GET', '/crm/organization')).body.data as Org[];
    if (a === undefined || b === undefined) throw new Error('need two orgs');
    const res = await fetch(`${sim.url}/api/v2/crm/mergeorganization`, {
      method: 'POST',
      headers: { ...sim.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ source_id: a.id, target_id: b.id }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true });
    expect((await api(sim, 'GET', `/crm/organization/${a.id}`)).status).toBe(404);
    const target = (await api(sim, 'GET', `/crm/organization/${b.id}`)).body.data as Org;
    const moved = (a.linked_persons_contacts ?? []).map((l) => l.person_id);
    expect(target.linked_persons_contacts?.map((l) => l.person_id)).toEqual(expect.arrayContaining(moved));
  });

  it('can send empty fields as null instead of leaving them out', async () => {
    const sim = await start({ orgs: 0, options: { emptyFields: 'null' } });
    const id = ((await api(sim, 'POST', '/crm/organization', { name: 'Leeg' })).body.data as { id: string }).id;
    const org = (await api(sim, 'GET', `/crm/organization/${id}`)).body.data as Record<string, unknown>;
    expect(org['email']).toBeNull();
  });
});

describe('webhooks', () => {
  it('posts signed events, retries a 429 honouring Retry-After, and fires on admin edits', async () => {
    const sim = await start({ orgs: 1 });
    const received: { body: string; signature: string | undefined; domain: string | undefined }[] = [];
    let refuse = 2;
    const target = Fastify();
    target.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) => {
      done(null, body);
    });
    target.post('/hook', (request, reply) => {
      if (refuse-- > 0) return reply.code(429).header('retry-after', '0').send('slow down');
      received.push({
        body: String(request.body),
        signature: request.headers['x-webhook-signature'] as string | undefined,
        domain: request.headers['x-simplicate-domain'] as string | undefined,
      });
      return reply.code(204).send();
    });
    await target.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => target.close());
    const address = target.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const reg = (
      await admin(sim, 'POST', '/webhooks', {
        url: `http://127.0.0.1:${String(port)}/hook`,
        events: ['organization.updated'],
      })
    ).body as { secret: string };

    const org = ((await api(sim, 'GET', '/crm/organization')).body.data as Org[])[0];
    const patched = await admin(sim, 'PATCH', `/organizations/${org?.id ?? ''}`, { phone: '020 - 123 45 67' });
    expect(patched.status).toBe(200);
    await sim.sim.webhooks.idle();

    expect(received).toHaveLength(1);
    const first = received[0];
    expect(JSON.parse(first?.body ?? '')).toEqual({
      event: 'organization.updated',
      data: { id: org?.id },
      timestamp: expect.any(String) as unknown,
    });
    expect(first?.signature).toBe(
      `sha256=${createHmac('sha256', reg.secret)
        .update(first?.body ?? '')
        .digest('hex')}`,
    );
    expect(first?.domain).toBe('crmhub-demo.simplicate.nl');
    const log = sim.sim.webhooks.deliveries[0];
    expect(log?.attempts.map((a) => a.status)).toEqual([429, 429, 204]);
  });

  it('gives up after 3 attempts', async () => {
    const sim = await start({ orgs: 1 });
    const target = Fastify();
    let calls = 0;
    target.post('/hook', (_request, reply) => {
      calls++;
      return reply.code(429).send('no');
    });
    await target.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => target.close());
    const address = target.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await admin(sim, 'POST', '/webhooks', { url: `http://127.0.0.1:${String(port)}/hook` });
    await admin(sim, 'POST', '/organizations', { name: 'Nieuw' });
    await sim.sim.webhooks.idle();
    expect(calls).toBe(3);
    expect(sim.sim.webhooks.deliveries[0]?.delivered).toBe(false);
  });
});

describe('seeding and snapshots', () => {
  it('generates the same data for the same seed', async () => {
    const a = await start({ orgs: 50, seed: 3 });
    const first = (await api(a, 'GET', '/crm/organization?limit=100')).body.data as Org[];
    await admin(a, 'POST', '/seed', { seed: 3, orgs: 50 });
    const again = (await api(a, 'GET', '/crm/organization?limit=100')).body.data as Org[];
    expect(again).toEqual(first);
    expect(new Set(first.map((o) => o.id)).size).toBe(50);
    expect((await admin(a, 'POST', '/seed', { seed: 'x' })).status).toBe(400);
  });

  it('saves state to the snapshot on close and loads it at the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simplicate-snap-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const snapshotPath = join(dir, 'state.json');
    const extra = { apiKey: 'k', apiSecret: 'secret-k' };
    const first = await startSimplicateSim({ port: 0, seed: 1, orgs: 5, snapshotPath, extra });
    const headers = {
      'Authentication-Key': 'k',
      'Authentication-Secret': 'secret-k',
      'Content-Type': 'application/json',
    };
    const res = await fetch(`${first.url}/api/v2/crm/organization`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Bewaard B.V.' }),
    });
    const id = ((await res.json()) as { data: { id: string } }).data.id;
    await first.close();
    const second = await startSimplicateSim({ port: 0, seed: 99, orgs: 1, snapshotPath, extra });
    cleanups.push(() => second.close());
    const got = await fetch(`${second.url}/api/v2/crm/organization?metadata=count&limit=1`, { headers });
    expect(((await got.json()) as Envelope).metadata?.['count']).toBe(6);
    const one = await fetch(`${second.url}/api/v2/crm/organization/${id}`, { headers });
    expect(((await one.json()) as { data: { name: string } }).data.name).toBe('Bewaard B.V.');
  });
});
