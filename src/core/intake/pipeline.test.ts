import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { collectIntakeEvents } from './collect.js';
import { IntakePipeline } from './pipeline.js';

import type { IntakeEvent } from './pipeline.js';

type Row = { readonly id: string; readonly name: string; readonly kvk: string };

function* run(rows: readonly Row[]): Generator<IntakeEvent> {
  const pipeline = new IntakePipeline({
    mapping: { Id: 'externalId', Naam: 'companyName', KvK: 'kvk' },
    maxRows: 1_000,
  });
  const header = pipeline.header(['Id', 'Naam', 'KvK'], 1);
  if (!header.ok) throw new Error(header.error.code);
  for (const [index, row] of rows.entries()) {
    const cells = [row.id, row.name, row.kvk].map((text) => ({ kind: 'text' as const, text }));
    const events = pipeline.row(cells, index + 2);
    if (!events.ok) throw new Error(events.error.code);
    yield* events.value;
  }
  yield pipeline.end(1);
}

const rowArb = fc.record({
  id: fc.constantFrom('1', '2', '3', '4'),
  name: fc.constantFrom('Alfa', 'Beta'),
  // '123' is an invalid KvK: that row is rejected for its value.
  kvk: fc.constantFrom('12345678', '87654321', '123'),
});

describe('IntakePipeline', () => {
  it('accounts for every row once, keeps each external id at most once, and never keeps an id whose rows differ', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 25 }), async (rows) => {
        const result = await collectIntakeEvents(run(rows));
        if (!result.ok) throw new Error(result.reject.code);
        const { records, rejected, dropped, counts } = result;
        expect(records.length + rejected.length + dropped.length).toBe(rows.length);
        expect(counts).toMatchObject({ records: records.length, rejected: rejected.length, dropped: dropped.length });
        const ids = records.map((r) => r.record.externalId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of new Set(rows.map((row) => row.id))) {
          const versions = new Set(rows.filter((row) => row.id === id).map((row) => `${row.name}|${row.kvk}`));
          const clean = versions.size === 1 && !rows.some((row) => row.id === id && row.kvk === '123');
          expect(ids.includes(id)).toBe(clean);
          if (clean)
            expect(records.find((r) => r.record.externalId === id)?.row).toBe(rows.findIndex((r) => r.id === id) + 2);
        }
      }),
    );
  });

  it('refuses the file at the first row past maxRows', () => {
    const pipeline = new IntakePipeline({ mapping: { Id: 'externalId' }, maxRows: 1 });
    pipeline.header(['Id'], 1);
    expect(pipeline.row([{ kind: 'text', text: '1' }], 2).ok).toBe(true);
    expect(pipeline.row([{ kind: 'text', text: '2' }], 3)).toEqual({
      ok: false,
      error: { code: 'too_many_rows', line: 3, detail: '1' },
    });
  });
});
