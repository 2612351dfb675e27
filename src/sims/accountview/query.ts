/** The `GET /api/v3/accountviewdata` query engine: parameters, numbered filters, sorting and both paging styles. */
import { businessObjects, fieldsOf, resolveField, tableFor, toBusinessObject } from './tables.js';

import type { BusinessObject, CompanyTables, FieldType, FieldValue, Row } from './tables.js';

export const filterOperators = [
  'Equal',
  'NotEqual',
  'Contains',
  'GreaterThan',
  'GreaterThanOrEqual',
  'LessThan',
  'LessThanOrEqual',
  'DateOnOrAfterDate',
  'DateOnOrBeforeDate',
] as const;
export type FilterOperator = (typeof filterOperators)[number];

// [C] docs/external-systems/accountview.md#reading-data: legacy numeric operator codes seen in AV-RB (42/43 = date on-or-after / on-or-before).
const legacyOperators: Record<string, FilterOperator> = { '42': 'DateOnOrAfterDate', '43': 'DateOnOrBeforeDate' };

export type Filter = {
  field: string;
  operator: FilterOperator;
  type: FieldType;
  values: FieldValue[];
};

export type DataQuery = {
  bo: BusinessObject;
  pageSize: number;
  pageNumber: number;
  lastKey: string | null;
  fields: string[] | null;
  sort: string[];
  descending: boolean;
  filters: Filter[];
};

export type QueryLimits = { defaultPageSize: number; maxPageSize: number };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** Query parameters by lower-cased name: ASP.NET binds them case-insensitively [I] docs/external-systems/accountview.md#reading-data. */
export function lowerKeys(query: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(query)) {
    const value: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
    if (typeof value === 'string') out.set(k.toLowerCase(), value);
  }
  return out;
}

const DATE_LITERAL = /^\{\^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?\}$/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/;

/** Parses `{^2024-01-31 10:00:00}` (FoxPro, docs/external-systems/accountview.md#reading-data) or a plain ISO date into `2024-01-31T10:00:00`. */
export function parseDateLiteral(text: string): string | null {
  const m = DATE_LITERAL.exec(text.trim()) ?? ISO_DATE.exec(text.trim());
  if (m === null) return null;
  const [, day = '', time = '00:00:00'] = m;
  const full = time.length === 5 ? `${time}:00` : time;
  return Number.isNaN(Date.parse(`${day}T${full}Z`)) ? null : `${day}T${full}`;
}

function parseValue(raw: string, type: FieldType): FieldValue | undefined {
  switch (type) {
    case 'C':
      return raw;
    case 'N':
    case 'I': {
      const n = Number(raw.trim());
      return raw.trim() === '' || Number.isNaN(n) ? undefined : n;
    }
    case 'L': {
      const v = raw.trim().toLowerCase();
      if (['.t.', 'true', '1'].includes(v)) return true;
      if (['.f.', 'false', '0'].includes(v)) return false;
      return undefined;
    }
    case 'T':
    case 'D':
      return parseDateLiteral(raw) ?? undefined;
  }
}

function isFieldType(v: string): v is FieldType {
  return ['C', 'N', 'I', 'T', 'D', 'L'].includes(v);
}

function parseFilters(bo: BusinessObject, q: Map<string, string>): Parsed<Filter[]> {
  const filters: Filter[] = [];
  for (let n = 1; q.has(`filtercontrolsource${String(n)}`); n++) {
    const source = q.get(`filtercontrolsource${String(n)}`) ?? '';
    const field = resolveField(bo, source);
    if (field === null)
      return fail(`Filter ${String(n)}: veld '${source}' bestaat niet in tabel ${businessObjects[bo].table}.`);
    const opText = (q.get(`filteroperator${String(n)}`) ?? 'Equal').trim();
    const operator =
      legacyOperators[opText] ?? filterOperators.find((o) => o.toLowerCase() === opText.toLowerCase()) ?? null;
    if (operator === null) return fail(`Filter ${String(n)}: onbekende operator '${opText}'.`);
    const typeText = (q.get(`filtervaluetype${String(n)}`) ?? fieldsOf(bo)[field] ?? 'C').trim().toUpperCase();
    if (!isFieldType(typeText)) return fail(`Filter ${String(n)}: onbekend waardetype '${typeText}'.`);
    const raw = q.get(`filtervalue${String(n)}`) ?? '';
    const isList = (q.get(`filterislistofvalues${String(n)}`) ?? 'false').trim().toLowerCase() === 'true';
    const values: FieldValue[] = [];
    for (const part of isList ? raw.split(',') : [raw]) {
      const value = parseValue(part, typeText);
      if (value === undefined) return fail(`Filter ${String(n)}: waarde '${part}' past niet bij type ${typeText}.`);
      values.push(value);
    }
    filters.push({ field, operator, type: typeText, values });
  }
  return { ok: true, value: filters };
}

function positiveInt(text: string | undefined, name: string): Parsed<number | null> {
  if (text === undefined || text.trim() === '') return { ok: true, value: null };
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) return fail(`${name} moet een positief geheel getal zijn ('${text}').`);
  return { ok: true, value: n };
}

/** Parses and validates the query string of a data request; the message is the AccountView ErrorMessage. */
export function parseDataQuery(query: Record<string, unknown>, limits: QueryLimits): Parsed<DataQuery> {
  const q = lowerKeys(query);
  const boText = q.get('businessobject');
  if (boText === undefined || boText.trim() === '') return fail('BusinessObject ontbreekt.');
  const bo = toBusinessObject(boText);
  if (bo === null) return fail(`Onbekend BusinessObject '${boText}'.`);
  if (q.has('filter')) {
    // [I] docs/external-systems/accountview.md#reading-data: the raw FoxPro `Filter` expression is optional in docs/external-systems/accountview.md#simulator and not simulated.
    return fail('De parameter Filter wordt door deze simulator niet ondersteund; gebruik genummerde filters.');
  }
  const size = positiveInt(q.get('pagesize'), 'PageSize');
  if (!size.ok) return size;
  const page = positiveInt(q.get('pagenumber'), 'PageNumber');
  if (!page.ok) return page;
  // [I] docs/external-systems/accountview.md#reading-data: PageSize above the cap is clamped rather than refused.
  const pageSize = Math.min(size.value ?? limits.defaultPageSize, limits.maxPageSize);

  let fields: string[] | null = null;
  const fieldsText = q.get('fields');
  if (fieldsText !== undefined && fieldsText.trim() !== '') {
    fields = [];
    for (const name of fieldsText.split(',')) {
      const field = resolveField(bo, name);
      if (field === null) return fail(`Veld '${name.trim()}' bestaat niet in tabel ${businessObjects[bo].table}.`);
      fields.push(field);
    }
  }
  const sort: string[] = [];
  for (const name of (q.get('sortfields') ?? '').split(',').filter((s) => s.trim() !== '')) {
    const field = resolveField(bo, name);
    if (field === null) return fail(`Sorteerveld '${name.trim()}' bestaat niet in tabel ${businessObjects[bo].table}.`);
    sort.push(field);
  }
  const order = (q.get('sortorder') ?? 'Ascending').trim().toLowerCase();
  if (order !== 'ascending' && order !== 'descending') return fail(`Onbekende SortOrder '${order}'.`);
  const filters = parseFilters(bo, q);
  if (!filters.ok) return fail(filters.message);
  const lastKey = q.get('lastkey');
  return {
    ok: true,
    value: {
      bo,
      pageSize,
      pageNumber: page.value ?? 1,
      lastKey: lastKey === undefined || lastKey === '' ? null : lastKey,
      fields,
      sort,
      descending: order === 'descending',
      filters: filters.value,
    },
  };
}

function compare(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.trim().toLowerCase();
    const y = b.trim().toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
}

function matchesOne(value: FieldValue, f: Filter, target: FieldValue): boolean {
  // D compares the date part only, also against a T field.
  const v = f.type === 'D' && typeof value === 'string' ? value.slice(0, 10) : value;
  const t = f.type === 'D' && typeof target === 'string' ? target.slice(0, 10) : target;
  switch (f.operator) {
    case 'Equal':
      return compare(v, t) === 0;
    case 'NotEqual':
      return compare(v, t) !== 0;
    case 'Contains':
      return typeof v === 'string' && typeof t === 'string' && v.toLowerCase().includes(t.toLowerCase());
    case 'GreaterThan':
      return v !== null && compare(v, t) > 0;
    case 'GreaterThanOrEqual':
    case 'DateOnOrAfterDate':
      return v !== null && compare(v, t) >= 0;
    case 'LessThan':
      return v !== null && compare(v, t) < 0;
    case 'LessThanOrEqual':
    case 'DateOnOrBeforeDate':
      return v !== null && compare(v, t) <= 0;
  }
}

/** [I] docs/external-systems/accountview.md#reading-data: numbered filters are ANDed; a list of values matches when any value does (none, for NotEqual). */
export function matches(row: Row, filters: readonly Filter[]): boolean {
  return filters.every((f) => {
    const value = row[f.field] ?? null;
    return f.operator === 'NotEqual'
      ? f.values.every((t) => matchesOne(value, f, t))
      : f.values.some((t) => matchesOne(value, f, t));
  });
}

function project(row: Row, fields: readonly string[]): Row {
  const out: Row = {};
  for (const f of fields) out[f] = row[f] ?? null;
  return out;
}

/** Caches filtered/sorted result lists per table version, so PageNumber paging does not refilter every page. */
export class QueryCache {
  private readonly entries = new Map<string, { version: number; rows: Row[] }>();
  constructor(private readonly max = 32) {}

  get(key: string, version: number, build: () => Row[]): Row[] {
    const hit = this.entries.get(key);
    if (hit?.version === version) return hit.rows;
    const rows = build();
    this.entries.delete(key);
    this.entries.set(key, { version, rows });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return rows;
  }
}

/** Runs a query against a company's tables and returns the selected, projected rows (one page). */
export function runDataQuery(tables: CompanyTables, q: DataQuery, cache: QueryCache, cacheScope: string): Row[] {
  const table = tableFor(tables, q.bo);
  const kind = businessObjects[q.bo].kind;
  const fields = q.fields ?? Object.keys(fieldsOf(q.bo));
  const page: Row[] = [];
  if (q.lastKey !== null || (q.sort.length === 0 && q.pageNumber === 1)) {
    // [C-client] docs/external-systems/accountview.md#reading-data AV-RB: lastKey pages in key order, after the given key; SortFields do not apply to it [I].
    for (const row of table.scan(q.lastKey, kind)) {
      if (!matches(row, q.filters)) continue;
      page.push(project(row, fields));
      if (page.length >= q.pageSize) break;
    }
    return page;
  }
  const key = JSON.stringify([cacheScope, q.bo, q.filters, q.sort, q.descending]);
  const all = cache.get(key, table.version, () => {
    const rows: Row[] = [];
    for (const row of table.scan(null, kind)) if (matches(row, q.filters)) rows.push(row);
    if (q.sort.length > 0) {
      const dir = q.descending ? -1 : 1;
      rows.sort((a, b) => {
        for (const f of q.sort) {
          const c = compare(a[f] ?? null, b[f] ?? null);
          if (c !== 0) return c * dir;
        }
        return 0;
      });
    }
    return rows;
  });
  const start = (q.pageNumber - 1) * q.pageSize;
  return all.slice(start, start + q.pageSize).map((row) => project(row, fields));
}
