// Runs the Simplicate connector against the in-process simulator: paging, modified-since, phones, every injected
// fault, and auth failures. Sleeps are recorded instead of waited, so retries cost no time.
import { afterEach, describe, expect, it } from 'vitest';

import { startTestSimplicateSim } from '../../sims/simplicate/testing.js';
import { recordedSleep } from '../shared/http.testing.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import { createSimplicateConnector } from './simplicate.connector.js';
import { verifyWebhookSignature } from './webhook.js';

import type { ConnectorError, Page, PhoneRecord, SourceCompany } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { TestSimplicateSim } from '../../sims/simplicate/testing.js';
import type { HttpOptions } from '../shared/http.js';
import type { SimplicateConnector } from './simplicate.connector.js';

let sim: TestSimplicateSim | undefined;
let sleeps: number[] = [];
let requests: string[] = [];

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  sleeps = [];
  requests = [];
});

async function setup(
  orgs = 30,
  http: HttpOptions = {},
  settings: Record<string, unknown> = {},
  options: Record<string, unknown> = {},
): Promise<{ t: TestSimplicateSim; c: SimplicateConnector }> {
  const t = await startTestSimplicateSim({ orgs, options });
  sim = t;
  const countingFetch: typeof fetch = (input, init) => {
    requests.push(input instanceof URL ? input.pathname + input.search : input instanceof Request ? input.url : input);
    return fetch(input, init);
  };
  const created = createSimplicateConnector(
    { baseUrl: t.url, apiKey: t.key, apiSecret: t.secret, ...settings },
    {
      fetch: countingFetch,
      sleep: recordedSleep(sleeps),
      random: () => 0.5,
      timeoutMs: 2000,
      outbound: loopbackOutboundPolicy,
      ...http,
    },
  );
  if (!created.ok) throw new Error(created.error.message);
  return { t, c: created.value };
}

async function drain<T>(
  iterable: AsyncIterable<Result<Page<T>, ConnectorError>>,
): Promise<{ items: T[]; pages: number; error: ConnectorError | null }> {
  const items: T[] = [];
  let pages = 0;
  for await (const page of iterable) {
    if (!page.ok) return { items, pages, error: page.error };
    pages++;
    items.push(...page.value.items);
  }
  return { items, pages, error: null };
}

const fault = async (t: TestSimplicateSim, body: Record<string, unknown>): Promise<void> => {
  const res = await fetch(`${t.url}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
};

type SimOrg = {
  id: string;
  name: string;
  coc_code?: string;
  linked_persons_contacts?: { person_id: string; work_phone?: string | null; work_mobile?: string | null }[];
};

describe('happy paths', () => {
  it('verifies the credentials', async () => {
    const { c } = await setup(1);
    expect(await c.verify()).toEqual({ ok: true, value: undefined });
  });

  it('pages to the end with metadata=count, streaming with one page read ahead', async () => {
    const { c } = await setup(230, {}, { pageSize: 100 });
    const iterator = c.companies(null)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const orgCalls = () => requests.filter((r) => r.includes('/crm/organization')).length;
    // The second page is already on its way while the caller holds the first; the third is not.
    expect(orgCalls()).toBe(2);
    expect(requests.filter((r) => r.includes('offset=100'))).toHaveLength(1);
    const rest = await drain({ [Symbol.asyncIterator]: () => iterator });
    const firstItems = !first.done && first.value.ok ? first.value.value.items : [];
    const all = [...firstItems, ...rest.items];
    expect(rest.error).toBeNull();
    expect(all).toHaveLength(230);
    expect(new Set(all.map((x) => x.externalId)).size).toBe(230);
    expect(orgCalls()).toBe(3);
    expect(requests.every((r) => !r.includes('/crm/organization') || r.includes('metadata=count'))).toBe(true);
  });

  it('maps organizations with their contact person to SourceCompany', async () => {
    const { t, c } = await setup(5);
    const raw = (await (await fetch(`${t.url}/__sim/organizations?limit=5`)).json()) as { items: SimOrg[] };
    const { items } = await drain<SourceCompany>(c.companies(null));
    for (const org of raw.items) {
      const mapped = items.find((x) => x.externalId === org.id);
      expect(mapped?.name).toBe(org.name);
      expect(mapped?.kvk).toBe(org.coc_code ?? null);
      const link = org.linked_persons_contacts?.[0];
      expect(mapped?.contactPerson?.externalId).toBe(link?.person_id);
      const person = (await (await fetch(`${t.url}/__sim/persons/${link?.person_id ?? ''}`)).json()) as {
        family_name: string;
        initials: string;
      };
      expect(mapped?.contactPerson?.lastName).toBe(person.family_name);
      expect(mapped?.contactPerson?.initials).toBe(person.initials);
      expect(mapped?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    }
    const one = await c.company(raw.items[0]?.id ?? '');
    expect(one.ok && one.value.externalId).toBe(raw.items[0]?.id);
    const missing = await c.company('organization:ffffffffffffffffffffffffffffffff');
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });
});

// [I] docs/external-systems/simplicate.md#filters: q[updated_at][ge] is in no public example; the simulator runs both ways.
describe.each([
  { updatedAtFilter: 'honoured', mode: 'filter', returned: 'the edited ones' },
  { updatedAtFilter: 'ignored', mode: 'full_scan', returned: 'all, for change detection' },
  { updatedAtFilter: 'refused', mode: 'full_scan', returned: 'all, for change detection' },
] as const)(
  'modified-since when the server $updatedAtFilter q[updated_at][ge]',
  ({ updatedAtFilter, mode, returned }) => {
    it(`the connect-time probe finds ${mode}; a cursor read returns ${returned}`, async () => {
      const probe = await setup(40, {}, {}, { updatedAtFilter });
      expect(await probe.c.probeIncremental?.()).toEqual({ ok: true, value: mode });
      await sim?.close();
      const { t, c } = await setup(40, {}, { incremental: mode }, { updatedAtFilter });
      t.advance(3_600_000);
      const since = t.now().toISOString();
      t.advance(60_000);
      const raw = (await (await fetch(`${t.url}/__sim/organizations?limit=40`)).json()) as { items: SimOrg[] };
      const edited = [raw.items[3]?.id ?? '', raw.items[17]?.id ?? ''];
      for (const id of edited) {
        await fetch(`${t.url}/__sim/organizations/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'nieuw@voorbeeld.nl' }),
        });
      }
      const { items, error } = await drain<SourceCompany>(c.companies({ modifiedSince: since }));
      expect(error).toBeNull();
      const changed = items.filter((x) => x.email === 'nieuw@voorbeeld.nl').map((x) => x.externalId);
      expect(changed.sort()).toEqual([...edited].sort());
      expect(items).toHaveLength(mode === 'filter' ? 2 : 40);
      const bad = await drain(c.companies({ modifiedSince: 'gisteren' }));
      expect(bad.error?.code ?? null).toBe(mode === 'filter' ? 'rejected' : null);
    });
  },
);

describe('happy paths (continued)', () => {
  it('streams organization, contact-person and person phones, never the relation manager', async () => {
    const { t, c } = await setup(20);
    const { items, error } = await drain<PhoneRecord>(c.phoneRecords(null));
    expect(error).toBeNull();
    const raw = (await (await fetch(`${t.url}/__sim/organizations?limit=20`)).json()) as {
      items: (SimOrg & { phone?: string | null })[];
    };
    const expectedOrgPhones = raw.items.filter((o) => typeof o.phone === 'string').length;
    expect(items.filter((p) => p.recordKind === 'organization')).toHaveLength(expectedOrgPhones);
    const contactPhones = raw.items.flatMap((o) =>
      (o.linked_persons_contacts ?? []).flatMap((l) =>
        [l.work_phone, l.work_mobile].filter((x): x is string => typeof x === 'string'),
      ),
    );
    const mappedContacts = items.filter((p) => p.recordKind === 'contact_person');
    expect(mappedContacts.map((p) => p.raw).sort()).toEqual(contactPhones.sort());
    expect(mappedContacts.every((p) => p.personal && p.name !== '' && p.company !== null)).toBe(true);
    expect(items.some((p) => p.recordKind === 'person')).toBe(true);
    // The seeded relation managers' numbers (the firm's own staff) must not appear.
    expect(items.some((p) => /230 ?40 ?5|2304052/.test(p.raw))).toBe(false);
  });
});

describe('faults', () => {
  it('survives latency', async () => {
    const { t, c } = await setup(3);
    await fault(t, { kind: 'latency', latencyMs: 50, count: 2 });
    expect((await drain(c.companies(null))).items).toHaveLength(3);
  });

  it('retries 5xx and succeeds, or reports transient when it persists', async () => {
    const { t, c } = await setup(3, { maxAttempts: 3 });
    await fault(t, { kind: 'status', status: 503, count: 2, pathPrefix: '/api/v2/crm/organization' });
    expect((await drain(c.companies(null))).items).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    await fault(t, { kind: 'status', status: 500, count: 10 });
    const failed = await drain(c.companies(null));
    expect(failed.error?.code).toBe('transient');
    expect(failed.error?.message).toContain('HTTP 500');
  });

  it('honours Retry-After on 429', async () => {
    const { t, c } = await setup(3);
    await fault(t, { kind: 'rate_limit', count: 1, retryAfterSeconds: 4 });
    expect((await drain(c.companies(null))).items).toHaveLength(3);
    expect(sleeps).toEqual([4000]);
  });

  it('backs off on 429 without Retry-After, and reports rate_limited with a wait when it persists', async () => {
    const { t, c } = await setup(3, { maxAttempts: 2, baseDelayMs: 200 });
    await fault(t, { kind: 'rate_limit', count: 1, retryAfterSeconds: null });
    expect((await drain(c.companies(null))).items).toHaveLength(3);
    expect(sleeps).toEqual([150]);
    await fault(t, { kind: 'rate_limit', count: 5, retryAfterSeconds: null });
    const failed = await drain(c.companies(null));
    expect(failed.error).toMatchObject({ code: 'rate_limited', retryAfterMs: 10_000 });
  });

  it.each([
    { what: 'a reset connection', kind: 'reset', network: 'connection_reset' },
    { what: 'a truncated body', kind: 'malformed', network: 'malformed_response' },
  ] as const)('retries $what once, and names it when it persists', async ({ kind, network }) => {
    const { t, c } = await setup(3, { maxAttempts: 2 });
    await fault(t, { kind, count: 1 });
    expect((await drain(c.companies(null))).items).toHaveLength(3);
    await fault(t, { kind, count: 5 });
    const failed = await c.verify();
    expect(!failed.ok && failed.error).toMatchObject({ code: 'transient', network });
  });

  it('gives up on a server that never answers and says so', async () => {
    const { t, c } = await setup(3, { maxAttempts: 2, timeoutMs: 300 });
    await fault(t, { kind: 'timeout', count: 1 });
    expect((await drain(c.companies(null))).items).toHaveLength(3);
    await fault(t, { kind: 'timeout', count: 2 });
    const failed = await c.verify();
    expect(!failed.ok && failed.error).toMatchObject({ code: 'transient', network: 'timeout' });
    // Worded like an unknown host or a refused port: the kind is for retries, not for whoever entered the address.
    expect(!failed.ok && failed.error.message).toBe(`Could not reach Simplicate at ${new URL(t.url).host}`);
  });
});

describe('auth', () => {
  it('maps a wrong secret to auth_invalid with Simplicate’s message', async () => {
    const t = await startTestSimplicateSim({ orgs: 1 });
    sim = t;
    const c = createSimplicateConnector(
      { baseUrl: t.url, apiKey: t.key, apiSecret: 'wrong' },
      { outbound: loopbackOutboundPolicy },
    );
    if (!c.ok) throw new Error(c.error.message);
    const res = await c.value.verify();
    expect(!res.ok && res.error).toEqual({
      code: 'auth_invalid',
      message: 'Simplicate: Invalid API key or secret',
      systemSaid: 'Invalid API key or secret',
    });
  });

  it('maps a key without read rights to forbidden', async () => {
    const t = await startTestSimplicateSim({ orgs: 1 });
    sim = t;
    await fetch(`${t.url}/__sim/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'writer', secret: 'w-secret', rights: ['write'] }),
    });
    const c = createSimplicateConnector(
      { baseUrl: t.url, apiKey: 'writer', apiSecret: 'w-secret' },
      { outbound: loopbackOutboundPolicy },
    );
    if (!c.ok) throw new Error(c.error.message);
    const res = await c.value.verify();
    expect(!res.ok && res.error.code).toBe('forbidden');
    expect(!res.ok && res.error.message).toContain('no read rights');
  });

  it('rejects bad settings field by field', () => {
    const res = createSimplicateConnector({ baseUrl: 'ftp://x', apiKey: '', apiSecret: 's' });
    expect(!res.ok && res.error.fieldErrors?.map((f) => f.field)).toEqual(['apiKey']);
    const url = createSimplicateConnector({ baseUrl: 'http://firm.simplicate.nl', apiKey: 'k', apiSecret: 's' });
    expect(!url.ok && url.error.fieldErrors?.[0]?.field).toBe('baseUrl');
  });
});

describe('webhooks', () => {
  it('verifies the signature of a webhook the simulator sent', async () => {
    const { t } = await setup(1, {}, { webhookSecret: 'x' });
    const received: { body: Buffer; signature: string | undefined }[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks),
          signature: req.headers['x-webhook-signature'] as string | undefined,
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const reg = (await (
      await fetch(`${t.url}/__sim/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://127.0.0.1:${String(port)}/hook` }),
      })
    ).json()) as { secret: string };
    await fetch(`${t.url}/__sim/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Webhook B.V.' }),
    });
    await t.sim.webhooks.idle();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    const got = received[0];
    expect(got).toBeDefined();
    if (got === undefined) return;
    expect(verifyWebhookSignature(got.body, got.signature, reg.secret)).toBe(true);
    expect(verifyWebhookSignature(Buffer.concat([got.body, Buffer.from(' ')]), got.signature, reg.secret)).toBe(false);
    expect(verifyWebhookSignature(got.body, got.signature, 'other-secret')).toBe(false);
    expect(verifyWebhookSignature(got.body, undefined, reg.secret)).toBe(false);
    expect(verifyWebhookSignature(got.body, 'sha256=zz', reg.secret)).toBe(false);
  });
});
