/** List query of Simplicate v2: offset/limit, sort, select (trailing-dot subtrees), metadata and the `q[...]` filters. */
import { isSimplicateTimestamp } from './time.js';

import type { SimplicateOptions } from './options.js';
import type { Json, JsonObject } from './records.js';

export const compareOps = ['ge', 'gt', 'le', 'lt'] as const;
export type CompareOp = (typeof compareOps)[number];

/** One `q[...]` condition; `values` is an OR list (`q[f][]=a&q[f][]=b`). */
export type Condition =
  | { kind: 'match'; path: string[]; values: string[] }
  | { kind: 'compare'; path: string[]; op: CompareOp; value: string };

export type ListQuery = {
  offset: number;
  limit: number;
  sort: { path: string[]; desc: boolean }[];
  select: string[][] | null;
  metadata: Set<string>;
  /** Plain conditions (all must hold) … */
  and: Condition[];
  /** … or any of the `q[or][...]` conditions ([I] docs/external-systems/simplicate.md#filters reading of "OR across fields"). */
  or: Condition[];
};

export type ParseResult = { ok: true; query: ListQuery } | { ok: false; message: string };

const FILTER_KEY = /^q\[([^\]]*)\](.*)$/;
const NEXT_BRACKET = /^\[([^\]]*)\](.*)$/;

/** Parses the query string of a list request; every bad parameter gets a specific message. */
export function parseListQuery(params: URLSearchParams, opts: SimplicateOptions): ParseResult {
  const fail = (message: string): ParseResult => ({ ok: false, message });
  const query: ListQuery = {
    offset: 0,
    limit: opts.defaultLimit,
    sort: [],
    select: null,
    metadata: new Set(),
    and: [],
    or: [],
  };
  const lists = new Map<string, Condition & { kind: 'match' }>();
  for (const [key, value] of params) {
    if (key === 'offset') {
      if (!/^\d+$/.test(value)) return fail(`offset must be a non-negative integer, got "${value}"`);
      query.offset = Number(value);
    } else if (key === 'limit') {
      if (!/^\d+$/.test(value) || Number(value) < 1) return fail(`limit must be a positive integer, got "${value}"`);
      const limit = Number(value);
      if (limit > opts.maxLimit && opts.overLimit === 'reject') return fail(`limit may not exceed ${opts.maxLimit}`);
      query.limit = Math.min(limit, opts.maxLimit);
    } else if (key === 'sort') {
      for (const raw of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const desc = raw.startsWith('-');
        if (desc && !opts.descendingSort) return fail(`sort does not support "-" (descending): "${raw}"`);
        query.sort.push({ path: (desc ? raw.slice(1) : raw).split('.'), desc });
      }
    } else if (key === 'select') {
      query.select = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        // A trailing dot selects the whole subtree, which is what a bare path selects too.
        .map((s) => (s.endsWith('.') ? s.slice(0, -1) : s).split('.'));
    } else if (key === 'metadata') {
      for (const m of value.split(',')) query.metadata.add(m.trim());
    } else if (key.startsWith('q[')) {
      // [I] docs/external-systems/simplicate.md#filters: a server that does not know this filter may just ignore it.
      if (opts.updatedAtFilter === 'ignored' && /^q\[(or\]\[)?updated_at\]/.test(key)) continue;
      const parsed = parseFilter(key, value, opts);
      if (typeof parsed === 'string') return fail(parsed);
      const target = parsed.or ? query.or : query.and;
      if (parsed.cond.kind === 'match' && parsed.list) {
        const listKey = `${parsed.or ? 'or' : 'and'}:${parsed.cond.path.join('.')}`;
        const existing = lists.get(listKey);
        if (existing !== undefined) {
          existing.values.push(...parsed.cond.values);
          continue;
        }
        lists.set(listKey, parsed.cond);
      }
      target.push(parsed.cond);
    }
  }
  return { ok: true, query };
}

function parseFilter(
  key: string,
  value: string,
  opts: SimplicateOptions,
): { cond: Condition; or: boolean; list: boolean } | string {
  const m = FILTER_KEY.exec(key);
  if (m === null) return `malformed filter "${key}"`;
  let field = m[1] ?? '';
  let rest = m[2] ?? '';
  let or = false;
  if (field === 'or') {
    const next = NEXT_BRACKET.exec(rest);
    if (next === null) return `malformed filter "${key}": expected q[or][field]`;
    or = true;
    field = next[1] ?? '';
    rest = next[2] ?? '';
  }
  if (field === '' || !/^[A-Za-z0-9_.]+$/.test(field)) return `malformed filter "${key}": bad field name`;
  const path = field.split('.');
  if (path[0] === 'updated_at' && opts.updatedAtFilter === 'refused') return `filtering on updated_at is not supported`;
  if (rest === '') return { cond: { kind: 'match', path, values: [value] }, or, list: false };
  const op = NEXT_BRACKET.exec(rest);
  if (op === null || op[2] !== '') return `malformed filter "${key}"`;
  const name = op[1] ?? '';
  if (name === '' || /^\d+$/.test(name)) return { cond: { kind: 'match', path, values: [value] }, or, list: true };
  if (!(compareOps as readonly string[]).includes(name)) {
    return `unsupported filter operator "[${name}]" in "${key}" (use ge, gt, le or lt)`;
  }
  const last = path[path.length - 1] ?? '';
  if ((last === 'created_at' || last === 'updated_at') && !isSimplicateTimestamp(value)) {
    return `${key} must be "YYYY-MM-DD HH:mm:ss", got "${value}"`;
  }
  return { cond: { kind: 'compare', path, op: name as CompareOp, value }, or, list: false };
}

/** Every leaf value at a dot path; arrays along the way fan out (`linked_persons_contacts.work_phone`). */
export function leaves(root: Json | undefined, path: readonly string[], from = 0): Json[] {
  if (root === undefined) return [];
  if (Array.isArray(root)) return root.flatMap((item) => leaves(item, path, from));
  if (from >= path.length) return [root];
  if (root === null || typeof root !== 'object') return [];
  return leaves(root[path[from] ?? ''], path, from + 1);
}

const asText = (v: Json): string | null =>
  v === null ? null : typeof v === 'object' ? null : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);

const patternCache = new Map<string, RegExp>();
function wildcard(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let re = patternCache.get(key);
  if (re === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    if (patternCache.size > 500) patternCache.clear();
    patternCache.set(key, re);
  }
  return re;
}

/** Tests one condition against the values found at its path. */
export function conditionHolds(cond: Condition, found: Json[], caseInsensitive: boolean): boolean {
  const texts = found.map(asText).filter((t): t is string => t !== null && t !== '');
  if (cond.kind === 'compare') {
    return texts.some((t) => {
      const numeric = /^-?\d+(\.\d+)?$/.test(t) && /^-?\d+(\.\d+)?$/.test(cond.value);
      const c = numeric ? Number(t) - Number(cond.value) : t < cond.value ? -1 : t > cond.value ? 1 : 0;
      return cond.op === 'ge' ? c >= 0 : cond.op === 'gt' ? c > 0 : cond.op === 'le' ? c <= 0 : c < 0;
    });
  }
  return cond.values.some((want) => {
    if (want === 'null') return texts.length === 0;
    if (want === '*') return texts.length > 0;
    if (want.includes('*')) {
      const re = wildcard(want, caseInsensitive);
      return texts.some((t) => re.test(t));
    }
    const w = want === 'true' ? '1' : want === 'false' ? '0' : want;
    return texts.some((t) => (caseInsensitive ? t.toLowerCase() === w.toLowerCase() : t === w));
  });
}

/** Keeps only the selected paths of a rendered record; `id` always comes back ([I] docs/external-systems/simplicate.md#envelope-and-paging "some fields regardless"). */
export function project(src: JsonObject, paths: readonly (readonly string[])[]): JsonObject {
  const out: JsonObject = {};
  if (src['id'] !== undefined) out['id'] = src['id'];
  const groups = new Map<string, string[][]>();
  for (const path of paths) {
    const [head, ...tail] = path;
    if (head === undefined || head === '') continue;
    const group = groups.get(head) ?? [];
    group.push(tail);
    groups.set(head, group);
  }
  for (const [head, tails] of groups) {
    const value = src[head];
    if (value === undefined) continue;
    if (tails.some((t) => t.length === 0)) {
      out[head] = value;
    } else if (Array.isArray(value)) {
      out[head] = value.map((item) =>
        item !== null && typeof item === 'object' && !Array.isArray(item) ? project(item, tails) : item,
      );
    } else if (value !== null && typeof value === 'object') {
      const sub = project(value, tails);
      if (value['id'] === undefined) delete sub['id'];
      out[head] = sub;
    }
  }
  return out;
}

/** Compares sort keys (already lower-cased by sortKey); numbers numerically; missing values last either way. */
export function compareSortValues(a: string | null, b: string | null, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const numeric = /^-?\d+(\.\d+)?$/;
  const c = numeric.test(a) && numeric.test(b) ? Number(a) - Number(b) : a < b ? -1 : 1;
  return desc ? -c : c;
}

export function sortKey(found: Json[]): string | null {
  for (const v of found) {
    const t = asText(v);
    // Plain lower-case comparison: a collator is ten times slower on 100,000 rows and names are mostly ASCII.
    if (t !== null && t !== '') return t.toLowerCase();
  }
  return null;
}
