/** Sender allow-lists of phone systems: IP addresses and CIDR ranges, checked with Node's BlockList. */
import { BlockList, isIP } from 'node:net';

import { err, ok } from '../../core/result.js';

import type { CodedFieldProblem } from '../../core/field-problem.js';
import type { Result } from '../../core/result.js';

/** Most entries in one list (a phone platform publishes a handful of ranges). */
export const MAX_ALLOWED_SENDERS = 50;

type Entry = { readonly address: string; readonly family: 'ipv4' | 'ipv6'; readonly prefix: number | null };

/** Reads `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`; null when it is neither. */
function parseEntry(raw: string): Entry | null {
  const [address = '', prefixText, ...rest] = raw.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family, prefix: null };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix > (version === 4 ? 32 : 128) ? null : { address, family, prefix };
}

/** Why an allow-list is refused: the entries that are no address, and the field problem the API answers with. */
export type SendersRefusal = {
  readonly invalid: readonly string[];
  readonly problem: Pick<CodedFieldProblem, 'code' | 'params'>;
  readonly message: string;
};

/**
 * Checks and tidies an allow-list as an administrator typed it (one entry per line or comma-separated): every entry
 * an IP address or CIDR range, no duplicates. The error names the entries that are not.
 */
export function parseAllowedSenders(values: readonly string[]): Result<string[], SendersRefusal> {
  const entries = values.flatMap((v) => v.split(/[\s,;]+/)).filter((v) => v !== '');
  const invalid = entries.filter((v) => parseEntry(v) === null);
  if (invalid.length > 0) {
    const shown = invalid.slice(0, 5).join(', ');
    return err({
      invalid,
      problem: { code: 'senders_invalid', params: { entries: shown } },
      message: `not an IP address or CIDR range: ${shown}`,
    });
  }
  const unique = [...new Set(entries)];
  if (unique.length > MAX_ALLOWED_SENDERS) {
    return err({
      invalid: [],
      problem: { code: 'too_long', params: { max: MAX_ALLOWED_SENDERS } },
      message: `at most ${String(MAX_ALLOWED_SENDERS)} entries`,
    });
  }
  return ok(unique);
}

/** An IPv4 address written as IPv6 (`::ffff:192.0.2.1`, how a dual-stack socket reports it) as plain IPv4. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Whether `address` may send: always when the list is empty, else when an entry covers it. */
export function senderAllowed(allowed: readonly string[], address: string): boolean {
  if (allowed.length === 0) return true;
  const plain = plainAddress(address);
  const version = isIP(plain);
  if (version === 0) return false;
  const list = new BlockList();
  for (const raw of allowed) {
    const entry = parseEntry(raw);
    if (entry === null) continue;
    if (entry.prefix === null) list.addAddress(entry.address, entry.family);
    else list.addSubnet(entry.address, entry.prefix, entry.family);
  }
  return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
}
