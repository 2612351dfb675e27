/** Record writes shared by `POST /api/v3/accountviewdata` and the admin API: upsert with CNG_DATE/CNG_NR, delete. */
import { wallClock, wallDateTime } from '../shared/wall-clock.js';
import { businessObjects, emptyValue, fieldsOf, resolveField, tableFor, toBusinessObject } from './tables.js';

import type { BusinessObject, CompanyTables, FieldValue, Row } from './tables.js';

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** `2006-01-02T15:04:05` in the given zone (docs/external-systems/accountview.md#reading-data datetimes carry no zone). */
export function localStamp(date: Date, timeZone: string): string {
  return wallDateTime(wallClock(date.getTime(), timeZone), 'T');
}

/** Converts an incoming value to the stored type of `field`; undefined when it does not fit. */
export function coerceValue(bo: BusinessObject, field: string, value: unknown): FieldValue | undefined {
  const type = fieldsOf(bo)[field] ?? 'C';
  if (value === null) return emptyValue(type);
  switch (type) {
    case 'C':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    case 'N':
    case 'I': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      return Number.isNaN(n) ? undefined : type === 'I' ? Math.trunc(n) : n;
    }
    case 'L':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    case 'T':
    case 'D': {
      if (typeof value !== 'string') return undefined;
      const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2}))?/.exec(value);
      return m === null ? undefined : `${m[1] ?? ''}T${m[2] ?? '00:00:00'}`;
    }
  }
}

export type WriteContext = { now: Date; timeZone: string; user: string };

/**
 * Inserts or updates one record by its key; only the given fields change. Maintains CNG_DATE/CNG_NR/CNG_USR
 * (and INP_DATE/INP_USR on insert) as AccountView does (docs/external-systems/accountview.md#writes, #simulator).
 */
export function upsertRecord(
  tables: CompanyTables,
  bo: BusinessObject,
  values: Readonly<Record<string, unknown>>,
  ctx: WriteContext,
): Parsed<{ row: Row; created: boolean }> {
  const def = businessObjects[bo];
  const table = tableFor(tables, bo);
  const changes: Row = {};
  for (const [name, raw] of Object.entries(values)) {
    if (name.toLowerCase() === 'rowid' || name.toLowerCase() === 'headerid') continue;
    const field = resolveField(bo, name);
    if (field === null) return fail(`Veld '${name}' bestaat niet in tabel ${def.table}.`);
    const value = coerceValue(bo, field, raw);
    if (value === undefined) return fail(`Ongeldige waarde voor veld ${field}.`);
    changes[field] = value;
  }
  let key = changes[def.key];
  if (def.table === 'DEL_ADDR' && (key === undefined || key === '')) key = String(table.size + 1);
  if (typeof key !== 'string' || key.trim() === '') return fail(`Het veld ${def.key} is verplicht.`);
  const stamp = localStamp(ctx.now, ctx.timeZone);
  const existing = table.get(key);
  if (existing !== undefined) {
    const kind = table.kindOf(key);
    if (def.kind !== null && kind !== undefined && kind !== def.kind) {
      return fail(`Nummer ${key} is al in gebruik als ${kind === 'debtor' ? 'debiteur' : 'crediteur'}.`);
    }
    const cngNr = existing['CNG_NR'];
    const row: Row = { ...existing, ...changes, CNG_DATE: stamp };
    if ('CNG_NR' in fieldsOf(bo)) {
      row['CNG_NR'] = (typeof cngNr === 'number' ? cngNr : 0) + 1;
      row['CNG_USR'] = ctx.user;
    }
    table.put(row, def.kind);
    return { ok: true, value: { row, created: false } };
  }
  if (def.table === 'CONTACT' && (typeof changes['ACCT_NAME'] !== 'string' || changes['ACCT_NAME'].trim() === '')) {
    return fail('Het veld ACCT_NAME (Bedrijfsnaam) is verplicht.');
  }
  if (def.table === 'CONTACT' && def.kind === null) {
    return fail('Nieuwe relaties kunnen alleen via AR1 (debiteuren) of AP1 (crediteuren) worden toegevoegd.');
  }
  const row: Row = {};
  for (const [field, type] of Object.entries(fieldsOf(bo))) {
    const value = changes[field];
    row[field] = value === undefined ? emptyValue(type) : value;
  }
  row[def.key] = key;
  row['CNG_DATE'] = stamp;
  if ('INP_DATE' in row) {
    row['INP_DATE'] = stamp;
    row['INP_USR'] = ctx.user;
    row['CNG_NR'] = 0;
    row['CNG_USR'] = ctx.user;
    if (row['SRC_CODE'] === '') row['SRC_CODE'] = String(row['ACCT_NAME']).slice(0, 10).toUpperCase();
    row['EXT_KEY'] = table.size + 1;
    row['CONTACT_Id'] = table.size + 1;
  }
  table.put(row, def.kind);
  return { ok: true, value: { row, created: true } };
}

/** Finds a JSON object key case-insensitively (docs/external-systems/accountview.md#writes: AV-PHP sends `name`/`values`, AV-GO `Name`/`Values`). */
function pick(obj: unknown, name: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export type UpsertRequest = { bo: BusinessObject; rows: Record<string, unknown>[] };

/** Parses the Definition/TableData body of a write (docs/external-systems/accountview.md#writes) into field → value rows. */
export function parseUpsertBody(body: unknown): Parsed<UpsertRequest> {
  const boText = pick(body, 'BusinessObject');
  if (typeof boText !== 'string') return fail('BusinessObject ontbreekt.');
  const bo = toBusinessObject(boText);
  if (bo === null) return fail(`Onbekend BusinessObject '${boText}'.`);
  const definition = pick(pick(body, 'Table'), 'Definition');
  const tableName = pick(definition, 'Name');
  if (typeof tableName !== 'string' || tableName.toUpperCase() !== businessObjects[bo].table) {
    return fail(`Table.Definition.Name moet ${businessObjects[bo].table} zijn voor ${bo}.`);
  }
  const defFields = pick(definition, 'Fields');
  if (!Array.isArray(defFields) || defFields.length === 0) return fail('Table.Definition.Fields ontbreekt.');
  const names: string[] = [];
  for (const f of defFields) {
    const name = pick(f, 'Name');
    if (typeof name !== 'string' || name === '') return fail('Elk veld in Definition.Fields heeft een Name nodig.');
    names.push(name);
  }
  const dataRows = pick(pick(pick(body, 'TableData'), 'Data'), 'Rows');
  if (!Array.isArray(dataRows)) return fail('TableData.Data.Rows ontbreekt.');
  const rows: Record<string, unknown>[] = [];
  for (const [i, r] of dataRows.entries()) {
    const values = pick(r, 'Values');
    if (!Array.isArray(values) || values.length !== names.length) {
      return fail(`Rij ${String(i + 1)}: Values moet ${String(names.length)} waarden hebben.`);
    }
    rows.push(Object.fromEntries(names.map((n, j): [string, unknown] => [n, values[j]])));
  }
  return { ok: true, value: { bo, rows } };
}
