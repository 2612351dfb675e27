/** Record tables of one AccountView company: rows by key plus a sorted key list, so paging never sorts the whole set. */

export type FieldValue = string | number | boolean | null;
export type Row = Record<string, FieldValue>;

/** Business objects the simulator serves and the table each answers with (docs/external-systems/accountview.md#reading-data). */
export const businessObjects = {
  AR1: { table: 'CONTACT', key: 'SUB_NR', kind: 'debtor' },
  AP1: { table: 'CONTACT', key: 'SUB_NR', kind: 'creditor' },
  // [I] docs/external-systems/accountview.md#reading-data, #contact-fields: AV-GO maps CON to the CONTACT table with
  // the same fields; we serve every relation (debtors and creditors) for it, since no separate contact-person table is confirmed.
  CON: { table: 'CONTACT', key: 'SUB_NR', kind: null },
  // [I] docs/external-systems/accountview.md#reading-data: delivery addresses keyed by REC_ID, the default key AV-RB pages on.
  ADDR: { table: 'DEL_ADDR', key: 'REC_ID', kind: null },
} as const;
export type BusinessObject = keyof typeof businessObjects;

/** FoxPro field types: C char, N numeric, I integer, T datetime, D date, L logical (docs/external-systems/accountview.md#reading-data, #writes). */
export type FieldType = 'C' | 'N' | 'I' | 'T' | 'D' | 'L';

/** The CONTACT fields the simulator stores (a subset of the 189 in docs/external-systems/accountview.md#contact-fields), in output order. */
export const contactFields: Readonly<Record<string, FieldType>> = {
  SUB_NR: 'C',
  ACCT_NAME: 'C',
  SRC_CODE: 'C',
  ACCT_NR: 'C',
  MAIN_CONT: 'C',
  MC_MAILB: 'C',
  TEL_BUS: 'C',
  TEL_MOB: 'C',
  FAX_BUS: 'C',
  CHN_TEL: 'C',
  MAIL_BUS: 'C',
  WWW_URL: 'C',
  COC_CODE: 'C',
  VAT_NR: 'C',
  ADDRESS1: 'C',
  ST_STREET: 'C',
  ST_NR: 'C',
  POST_CODE: 'C',
  CITY: 'C',
  COUNTRY: 'C',
  CNT_CODE: 'C',
  REC_BLK: 'L',
  INP_DATE: 'T',
  INP_USR: 'C',
  CNG_DATE: 'T',
  CNG_NR: 'I',
  CNG_USR: 'C',
  EXT_KEY: 'I',
  CONTACT_Id: 'I',
};

/** [I] docs/external-systems/accountview.md#reading-data: DEL_ADDR fields are not documented; these follow the CONTACT naming. */
export const deliveryAddressFields: Readonly<Record<string, FieldType>> = {
  REC_ID: 'C',
  SUB_NR: 'C',
  ADDR_CODE: 'C',
  ACCT_NAME: 'C',
  ADDRESS1: 'C',
  POST_CODE: 'C',
  CITY: 'C',
  CNT_CODE: 'C',
  TEL_BUS: 'C',
  CNG_DATE: 'T',
};

/** Field definitions of the table a business object answers with. */
export function fieldsOf(bo: BusinessObject): Readonly<Record<string, FieldType>> {
  return businessObjects[bo].table === 'CONTACT' ? contactFields : deliveryAddressFields;
}

/** Resolves a field name case-insensitively, with an optional `table.` qualifier; null when unknown. */
export function resolveField(bo: BusinessObject, name: string): string | null {
  const dot = name.lastIndexOf('.');
  const table = dot >= 0 ? name.slice(0, dot).trim().toUpperCase() : null;
  if (table !== null && table !== businessObjects[bo].table) return null;
  const bare = (dot >= 0 ? name.slice(dot + 1) : name).trim().toUpperCase();
  return Object.keys(fieldsOf(bo)).find((f) => f.toUpperCase() === bare) ?? null;
}

/** The empty value of a field type, used when a write leaves a field out. */
export function emptyValue(type: FieldType): FieldValue {
  switch (type) {
    case 'C':
      return '';
    case 'N':
    case 'I':
      return 0;
    case 'L':
      return false;
    case 'T':
    case 'D':
      return null;
  }
}
export type ContactKind = 'debtor' | 'creditor';

/** Looks a business object up case-insensitively (clients send `ap1` as well as `AP1`). */
export function toBusinessObject(value: string): BusinessObject | null {
  const upper = value.trim().toUpperCase();
  return Object.hasOwn(businessObjects, upper) ? (upper as BusinessObject) : null;
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One table: rows by key, keys kept sorted (string order, as a FoxPro character index), a version for caches. */
export class RecordTable {
  private readonly rows = new Map<string, Row>();
  private keys: string[] = [];
  private readonly kinds = new Map<string, ContactKind>();
  version = 0;

  constructor(readonly keyField: string) {}

  get size(): number {
    return this.rows.size;
  }

  get(key: string): Row | undefined {
    return this.rows.get(key);
  }

  kindOf(key: string): ContactKind | undefined {
    return this.kinds.get(key);
  }

  /** Inserts or replaces a row; its key field must be a non-empty string. */
  put(row: Row, kind: ContactKind | null = null): void {
    const key = row[this.keyField];
    if (typeof key !== 'string' || key === '') throw new Error(`row has no ${this.keyField}`);
    if (!this.rows.has(key)) this.keys.splice(lowerBound(this.keys, key), 0, key);
    this.rows.set(key, row);
    if (kind !== null) this.kinds.set(key, kind);
    this.version += 1;
  }

  /** Loads many rows at once (seeding): one sort instead of n splices. */
  load(rows: readonly Row[], kind: ContactKind | null = null): void {
    for (const row of rows) {
      const key = row[this.keyField];
      if (typeof key !== 'string' || key === '') throw new Error(`row has no ${this.keyField}`);
      this.rows.set(key, row);
      if (kind !== null) this.kinds.set(key, kind);
    }
    this.keys = [...this.rows.keys()].sort();
    this.version += 1;
  }

  delete(key: string): boolean {
    if (!this.rows.delete(key)) return false;
    const at = lowerBound(this.keys, key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
    this.kinds.delete(key);
    this.version += 1;
    return true;
  }

  /** Rows in key order, starting after `afterKey` (or at the start), optionally only one kind. */
  *scan(afterKey: string | null, kind: ContactKind | null): Generator<Row> {
    let at = afterKey === null ? 0 : lowerBound(this.keys, afterKey);
    if (afterKey !== null && this.keys[at] === afterKey) at += 1;
    for (; at < this.keys.length; at++) {
      const key = this.keys[at];
      if (key === undefined) break;
      if (kind !== null && this.kinds.get(key) !== kind) continue;
      const row = this.rows.get(key);
      if (row !== undefined) yield row;
    }
  }

  /** Rows with their kinds, for snapshots. */
  dump(): { row: Row; kind: ContactKind | null }[] {
    return this.keys.flatMap((key) => {
      const row = this.rows.get(key);
      return row === undefined ? [] : [{ row, kind: this.kinds.get(key) ?? null }];
    });
  }
}

/** The tables of one company (onderneming). */
export type CompanyTables = { readonly contacts: RecordTable; readonly addresses: RecordTable };

export function createCompanyTables(): CompanyTables {
  return { contacts: new RecordTable('SUB_NR'), addresses: new RecordTable('REC_ID') };
}

export function tableFor(tables: CompanyTables, bo: BusinessObject): RecordTable {
  return businessObjects[bo].table === 'CONTACT' ? tables.contacts : tables.addresses;
}
