/** Email addresses as typed in a CRM: trim, lower-case the domain, check the syntax, say why not. */
import { invalid, valid } from './validated.js';

import type { Validated } from './validated.js';

/** Why an email address was rejected (stable codes; the UI translates them). */
export const emailReasons = [
  'empty',
  /** Two or more addresses in one field (`a@x.nl; b@x.nl`). */
  'multiple_addresses',
  'contains_spaces',
  'missing_at',
  'multiple_at',
  /** Empty, over 64 characters, or characters not allowed before the `@` (quoted local parts are not accepted). */
  'invalid_local_part',
  /** Not a dotted host name with a top-level domain of at least two letters. */
  'invalid_domain',
  /** Over 254 characters. */
  'too_long',
] as const;
/** One of {@link emailReasons}. */
export type EmailReason = (typeof emailReasons)[number];

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

// Internationalised domains (`bäckerei.de`) are checked in their punycode form; WHATWG URL does the conversion.
function asciiDomain(domain: string): string {
  if (/^[\x20-\x7e]*$/.test(domain)) return domain;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return '';
  }
}

/**
 * Checks the syntax of an email address (RFC 5321 dot-atom; no quoted local parts, no IP literals) and normalises
 * it: surrounding spaces and a `mailto:` prefix removed, the domain lower-cased (the local part keeps its case).
 *
 * @example validateEmail(' Info@Bakkerij-Jansen.NL ') // → { ok: true, value: 'Info@bakkerij-jansen.nl' }
 */
export function validateEmail(input: string): Validated<string, EmailReason> {
  const trimmed = input.trim().replace(/^mailto:/i, '');
  if (trimmed === '') return invalid('empty');
  if ((trimmed.match(/@/g) ?? []).length > 1 && /[,;\s]/.test(trimmed)) return invalid('multiple_addresses');
  if (/\s/.test(trimmed)) return invalid('contains_spaces');
  const parts = trimmed.split('@');
  if (parts.length === 1) return invalid('missing_at');
  if (parts.length > 2) return invalid('multiple_at');
  const [local = '', rawDomain = ''] = parts;
  if (trimmed.length > 254) return invalid('too_long');
  if (local.length === 0 || local.length > 64 || !LOCAL_PART.test(local)) return invalid('invalid_local_part');
  const domain = rawDomain.toLowerCase();
  const labels = asciiDomain(domain).split('.');
  const top = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TOP_LEVEL.test(top)) {
    return invalid('invalid_domain');
  }
  return valid(`${local}@${domain}`);
}
