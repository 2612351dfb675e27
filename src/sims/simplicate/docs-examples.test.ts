// Replays the examples of Simplicate's public API documentation
// (docs/external-systems/simplicate.md#envelope-and-paging, #filters, #errors-and-rate-limit) as raw HTTP against the simulator, without any crmhub connector code, and checks the answers against what the documentation says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestSimplicateSim } from './testing.js';

import type { TestSimplicateSim } from './testing.js';

type Envelope = {
  data: Record<string, unknown>[] | Record<string, unknown> | null;
  metadata?: Record<string, number>;
  errors: { code: number; type: string; message: string }[] | null;
  debug: unknown;
};

let t: TestSimplicateSim;

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Envelope }> => {
  const res = await fetch(`${t.url}/api/v2${path}`, {
    method,
    headers: { ...t.headers, Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Envelope };
};
const list = async (query: string): Promise<Record<string, unknown>[]> => {
  const { status, body } = await call('GET', `/crm/organization?${query}`);
  expect(status).toBe(200);
  expect(Array.isArray(body.data)).toBe(true);
  return body.data as Record<string, unknown>[];
};
const names = (rows: Record<string, unknown>[]): string[] => rows.map((r) => String(r['name'])).sort();

beforeAll(async () => {
  t = await startTestSimplicateSim({ orgs: 0 });
  const people = [
    { name: 'Alice', email: 'alice@gmail.com' },
    { name: 'Alice', email: 'alice@alice-bv.nl' },
    { name: 'Bob de Bouwer', email: 'bob@bouw.nl' },
    { name: 'Bakkerij Bob', email: 'info@bakkerijbob.nl' },
    { name: 'Charlie', email: 'charlie@gmail.com' },
    { name: 'Donald Duck B.V.', email: 'donald@duckstad.nl' },
    { name: 'Dongen Transport', email: 'planning@dongen.nl' },
    {
      name: 'Eva Zorg',
      email: null,
      visiting_address: { line_1: 'Dam 1', postal_code: '1012 JS', locality: 'Amsterdam' },
    },
  ];
  for (const p of people) {
    // [C] docs/external-systems/simplicate.md#errors-and-rate-limit: POST answers 200 (not 201) with the new id in data.
    const { status, body } = await call('POST', '/crm/organization', p);
    expect(status).toBe(200);
    expect((body.data as { id: string }).id).toMatch(/^organization:[0-9a-f]{32}$/);
  }
});

afterAll(async () => {
  await t.close();
});

describe('filtering (developer.simplicate.com/docs/api/v2/filtering)', () => {
  it('q[name]=Alice is an exact match', async () => {
    expect(names(await list('q[name]=Alice'))).toEqual(['Alice', 'Alice']);
  });

  it('q[name]=Don* matches names starting with Don', async () => {
    expect(names(await list('q[name]=Don*'))).toEqual(['Dongen Transport', 'Donald Duck B.V.'].sort());
  });

  it('q[name]=*Bob* matches names containing Bob', async () => {
    expect(names(await list('q[name]=*Bob*'))).toEqual(['Bakkerij Bob', 'Bob de Bouwer']);
  });

  it('q[name][]=Alice&q[name][]=Charlie is an OR on one field', async () => {
    expect(names(await list('q[name][]=Alice&q[name][]=Charlie'))).toEqual(['Alice', 'Alice', 'Charlie']);
  });

  it('q[name]=Alice&q[email]=*gmail.com is an AND across fields', async () => {
    const rows = await list('q[name]=Alice&q[email]=*gmail.com');
    expect(rows.map((r) => r['email'])).toEqual(['alice@gmail.com']);
  });

  it('q[name]=Alice&q[or][email]=*gmail.com is an OR across fields', async () => {
    expect(names(await list('q[name]=Alice&q[or][email]=*gmail.com'))).toEqual(['Alice', 'Alice', 'Charlie']);
  });

  it('q[email]=null finds empty fields and q[email]=* the filled ones', async () => {
    expect(names(await list('q[email]=null'))).toEqual(['Eva Zorg']);
    expect(await list('q[email]=*')).toHaveLength(7);
  });

  it('nested fields use a dot path', async () => {
    expect(names(await list('q[visiting_address.locality]=*dam*'))).toEqual(['Eva Zorg']);
  });

  it('q[created_at][ge] with "YYYY-MM-DD HH:mm:ss" compares timestamps', async () => {
    expect(await list('q[created_at][ge]=2025-03-10 00:00:00')).toHaveLength(8);
    expect(await list('q[created_at][lt]=2025-03-10 00:00:00')).toHaveLength(0);
    const bad = await call('GET', '/crm/organization?q[created_at][ge]=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.message).toContain('YYYY-MM-DD HH:mm:ss');
  });
});

describe('sorting, selecting, paging', () => {
  it('sort=name&limit=10 returns at most 10 rows in name order', async () => {
    const rows = await list('sort=name&limit=10');
    const got = rows.map((r) => String(r['name']));
    expect(got).toHaveLength(8);
    expect(got).toEqual([...got].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await list('sort=name&limit=3')).toHaveLength(3);
  });

  it('select=id,relation_type.,name returns those fields, the trailing dot with all children', async () => {
    const created = await call('POST', '/crm/organization', {
      name: 'Selectief B.V.',
      email: 'x@selectief.nl',
      relation_type: { id: 'relationtype:abc' },
    });
    const id = (created.body.data as { id: string }).id;
    const rows = await list(`q[id]=${id}&select=id,relation_type.,name`);
    expect(rows).toEqual([{ id, relation_type: { id: 'relationtype:abc' }, name: 'Selectief B.V.' }]);
    await call('DELETE', `/crm/organization/${id}`);
  });

  it('metadata=count gives the total number of matching rows; pysimplicate pages with offset += 100', async () => {
    const { body } = await call('GET', '/crm/organization?metadata=count&limit=3&q[name]=*o*');
    expect(body.metadata?.['count']).toBe(5);
    expect(body.data).toHaveLength(3);
    const seen: unknown[] = [];
    let offset = 0;
    let count = Infinity;
    while (offset < count) {
      const page = await call('GET', `/crm/organization?metadata=count&offset=${String(offset)}&limit=3`);
      count = page.body.metadata?.['count'] ?? 0;
      seen.push(...(page.body.data as unknown[]));
      offset += 3;
    }
    expect(seen).toHaveLength(8);
  });

  it('metadata=offset,total_count,count (the PHP client) returns each key asked for', async () => {
    const { body } = await call('GET', '/crm/organization?metadata=offset,total_count,count&offset=2&q[name]=Alice');
    expect(body.metadata).toEqual({ offset: 2, total_count: 8, count: 2 });
  });

  it('the old .json suffix variant answers the same', async () => {
    const { body } = await call('GET', '/crm/organization.json?q[name]=Charlie');
    expect(names(body.data as Record<string, unknown>[])).toEqual(['Charlie']);
  });
});

describe('create and read back, errors', () => {
  it('POST returns data.id, and GET /crm/organization/{id} returns the record in the envelope', async () => {
    const created = await call('POST', '/crm/organization', { name: 'Nieuw B.V.', coc_code: '12345678' });
    expect(created.status).toBe(200);
    const id = (created.body.data as { id: string }).id;
    const got = await call('GET', `/crm/organization/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      data: { id, name: 'Nieuw B.V.', coc_code: '12345678' },
      errors: null,
      debug: null,
    });
    await call('DELETE', `/crm/organization/${id}`);
  });

  it('requests without the two Authentication headers get 401 in an error envelope', async () => {
    const res = await fetch(`${t.url}/api/v2/crm/organization`, { headers: { 'Authentication-Key': t.key } });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Envelope;
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ code: 401, type: 'unauthorized' });
  });
});
