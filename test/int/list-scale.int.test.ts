// Lists at a firm's scale: 20,000 administrations and 10,000 waiting changes page, filter and count on the server
// (the same answers at any page), bulk decisions by filter, and the SQL copies of the KvK/VAT normalisation that the
// "with a suggestion" filter uses agree with src/core/identifiers on generated input.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validateKvk } from '../../src/core/identifiers/kvk.js';
import { validateVat } from '../../src/core/identifiers/vat.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs } from '../helpers/http.js';
import { SCALE_ADMINISTRATIONS, SCALE_FIELDS, SCALE_LINKED, seedFirmAtScale } from '../helpers/scale-seed.js';

import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

const ADMINISTRATIONS = SCALE_ADMINISTRATIONS;
const LINKED = SCALE_LINKED;
const FIELDS = SCALE_FIELDS;

let t: TestApp;
let admin: Session;

type Page = { page: number; size: number; total: number };
type List = { administrations: { id: string; name: string; suggestionCount: number; link: unknown }[]; page: Page };
type Review = { groups: { administrationName: string; changes: { id: string; clear: boolean }[] }[]; page: Page };

async function get<T>(url: string): Promise<T> {
  const response = await injectAs(t.app, admin, { url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, t.deps.db, 'portal_admin');
  await seedFirmAtScale(t.deps.db, { id: admin.userId });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('the administrations list at 20,000', () => {
  it('pages in a stable order with the total, and the pages together are the whole list', async () => {
    const first = await get<List>('/api/administrations?size=500');
    expect(first.page).toEqual({ page: 1, size: 500, total: ADMINISTRATIONS });
    expect(first.administrations).toHaveLength(500);
    const last = await get<List>('/api/administrations?size=500&page=40');
    expect(last.administrations).toHaveLength(500);
    const beyond = await get<List>('/api/administrations?size=500&page=41');
    expect(beyond.administrations).toEqual([]);
    const ids = new Set([...first.administrations, ...last.administrations].map((row) => row.id));
    expect(ids.size).toBe(1000);
  });

  it('filters linked, unlinked, with a suggestion and with exactly one, and searches name and KvK', async () => {
    const linked = (await get<List>('/api/administrations?show=linked&size=1')).page.total;
    const linkedExpected = Array.from({ length: LINKED }, (_, i) => i + 1).filter((i) => i % 3 !== 2).length;
    expect(linked).toBe(linkedExpected);
    expect((await get<List>('/api/administrations?show=unlinked&size=1')).page.total).toBe(
      ADMINISTRATIONS - linkedExpected,
    );
    const unlinkedWith = (remainders: number[]) =>
      Array.from({ length: ADMINISTRATIONS }, (_, i) => i + 1).filter(
        (i) => remainders.includes(i % 3) && !(i <= LINKED && i % 3 !== 2),
      ).length;
    expect((await get<List>('/api/administrations?show=suggested&size=1')).page.total).toBe(unlinkedWith([0, 1]));
    const single = await get<List>('/api/administrations?show=single_suggestion&size=100&page=3');
    expect(single.page.total).toBe(unlinkedWith([0]));
    expect(single.administrations.every((row) => row.suggestionCount === 1 && row.link === null)).toBe(true);
    const two = await get<List>('/api/administrations?q=Klant%2019999');
    expect(two.administrations.map((row) => [row.name, row.suggestionCount])).toEqual([['Klant 19999 B.V.', 2]]);
    expect((await get<List>('/api/administrations?q=00012345')).administrations.map((row) => row.name)).toEqual([
      'Klant 12345 B.V.',
    ]);
    expect((await get<List>('/api/administrations?q=50%25')).page.total).toBe(0); // % is a character, not a wildcard
  });
});

describe('the review queue at 10,000', () => {
  const waiting = Array.from({ length: LINKED }, (_, i) => i + 1).filter((i) => i % 3 !== 2).length * FIELDS.length;

  it('pages and filters with totals, names each administration, and marks clears', async () => {
    const first = await get<Review>('/api/review?size=100');
    expect(first.page).toEqual({ page: 1, size: 100, total: waiting });
    expect(first.groups[0]?.administrationName).toBe('Klant 00001 B.V.');
    const clears = await get<Review>('/api/review?kind=clear&size=500');
    const clearCount = Array.from({ length: LINKED }, (_, i) => i + 1).filter((i) => i % 3 !== 2 && i % 5 === 0).length;
    expect(clears.page.total).toBe(clearCount);
    expect(clears.groups.flatMap((group) => group.changes).every((change) => change.clear)).toBe(true);
    expect((await get<Review>('/api/review?category=legal_vat&size=1')).page.total).toBe((waiting / 5) * 2);
    expect((await get<Review>('/api/review?field=email&kind=update&size=1')).page.total).toBe(waiting / 5 - clearCount);
  });

  it('approves everything matching a filter in one request, leaving the clears, and counts what it did', async () => {
    const emails = (await get<Review>('/api/review?field=email&size=1')).page.total;
    const response = await injectAs(t.app, admin, {
      method: 'POST',
      url: '/api/review/approve',
      payload: { filter: { field: 'email' }, expectedCount: emails },
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<{ approved: number; skippedClears: number; failed: number }>();
    const clearCount = (await get<Review>('/api/review?kind=clear&size=1')).page.total;
    expect(result).toMatchObject({ approved: emails - clearCount, skippedClears: clearCount, failed: 0 });
    expect((await get<Review>('/api/review?size=1')).page.total).toBe(waiting - (emails - clearCount));
    const audited = await t.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('action', '=', 'change_approved')
      .executeTakeFirstOrThrow();
    expect(Number(audited.count)).toBe(emails - clearCount);
  });
});

describe('KvK and VAT keys in SQL', () => {
  it('agree with validateKvk and validateVat', async () => {
    const db = t.deps.db;
    const digits = (min: number, max: number) =>
      fc.string({
        unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
        minLength: min,
        maxLength: max,
      });
    const noise = fc.constantFrom('', ' ', '.', '-', '\u00a0', 'x', 'B', 'nl', 'NL', 'be');
    const candidate = fc.oneof(
      fc.tuple(noise, digits(7, 9), noise).map((parts) => parts.join('')),
      fc
        .tuple(fc.constantFrom('NL', 'nl', '', 'BE'), digits(9, 9), fc.constantFrom('B', 'b', 'X'), digits(2, 2), noise)
        .map((parts) => parts.join('')),
      fc.string({ maxLength: 16 }),
    );
    const known = ['NL820471616B01', 'nl 8204.71.616.b01', '12345678', '1234 5678', '00000000', 'NL000000000B00'];
    const inputs = [...known, ...fc.sample(candidate, { numRuns: 3000, seed: 1208 })];
    const { rows } = await sql<{ input: string; kvk: string | null; vat: string | null }>`
      SELECT input, crmhub_kvk_key(input) AS kvk, crmhub_vat_key(input) AS vat
      FROM unnest(${sql.val(inputs)}::text[]) AS input`.execute(db);
    const canonical = (result: { ok: true; value: string } | { ok: false }) => (result.ok ? result.value : null);
    const mismatches = rows.filter(
      (row) => row.kvk !== canonical(validateKvk(row.input)) || row.vat !== canonical(validateVat(row.input)),
    );
    expect(mismatches).toEqual([]);
    expect(rows.filter((row) => row.vat !== null).length).toBeGreaterThan(10);
  });
});
