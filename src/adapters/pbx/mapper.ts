/** PBX payloads ⇄ core: JSON webhook body and URL-template path → CallEvent; caller matches → 3CX lookup response. */
import { z } from 'zod';

import { callDirections, callStates } from '../../core/model.js';
import { normalizePhone } from '../../core/phone/normalize.js';
import { err, ok } from '../../core/result.js';
import { callIdSchema, required } from './body-rules.js';
import { parseJsonObjectBody, pbxError } from './errors.js';

import type { PhoneRecord } from '../../core/connector.js';
import type { CallDirection, CallEvent, CallState } from '../../core/model.js';
import type { MatchResult, PhoneCandidate } from '../../core/phone/match.js';
import type { NormalizeOptions } from '../../core/phone/normalize.js';
import type { Result } from '../../core/result.js';
import type { PbxError } from './errors.js';

// ---------------------------------------------------------------------------------------------------------------
// Signed JSON webhook (crmhub's own contract; docs/external-systems/pbx.md#json-webhook names the fields).

const TIMESTAMP_RULE = 'must be unix seconds or an ISO 8601 date-time with a zone, e.g. 2025-03-01T09:30:00Z';

/** The JSON body a PBX (or our simulator) POSTs to `/api/callerid/events`. */
export const jsonCallEventSchema = z.object({
  callId: callIdSchema,
  state: z.enum(callStates, { error: required(`one of ${callStates.join(', ')}`) }),
  from: z.string({ error: required('a string (empty when withheld)') }).max(200, 'is too long'),
  to: z.string({ error: required('a string') }).max(200, 'is too long'),
  extension: z.string({ error: 'must be a string or null' }).max(50, 'is too long').nullable().optional(),
  direction: z.enum(callDirections, { error: required(`one of ${callDirections.join(', ')}`) }),
  timestamp: z.union(
    [
      z.int({ error: TIMESTAMP_RULE }).nonnegative(TIMESTAMP_RULE),
      z.iso.datetime({ offset: true, error: TIMESTAMP_RULE }),
    ],
    { error: required(TIMESTAMP_RULE.replace(/^must be /, '')) },
  ),
});
export type JsonCallEventBody = z.input<typeof jsonCallEventSchema>;

function isoFromUnixSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Parses the raw JSON body of a call-event webhook (after its signature was checked) into a CallEvent. */
export function parseJsonCallEvent(rawBody: string | Buffer): Result<CallEvent, PbxError> {
  const json = parseJsonObjectBody(rawBody, 'with the call event fields');
  if (!json.ok) return json;
  const parsed = jsonCallEventSchema.safeParse(json.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
    const first = issues[0];
    const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    return err(pbxError('body_invalid', `Invalid call event: ${message}.`, first?.field));
  }
  const body = parsed.data;
  const extension = body.extension?.trim() ?? '';
  return ok({
    callId: body.callId,
    state: body.state,
    from: body.from,
    to: body.to,
    extension: extension === '' ? null : extension,
    direction: body.direction,
    at:
      typeof body.timestamp === 'number' ? isoFromUnixSeconds(body.timestamp) : new Date(body.timestamp).toISOString(),
    source: 'json',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// URL-template GET (VOIPZeker style, docs/external-systems/pbx.md#url-template [C]).

export const urlTemplateSegments = [
  'calluniqueid',
  'callfrom',
  'callto',
  'status',
  'status_desc',
  'direction',
  'timestamp',
] as const;
export type UrlTemplateParams = Readonly<Record<(typeof urlTemplateSegments)[number], string>>;

export const urlTemplateStatuses = ['INCOMING_RINGING', 'OUTGOING_RINGING', 'CONNECTED', 'DISCONNECTED'] as const;
type UrlTemplateStatus = (typeof urlTemplateStatuses)[number];

const STATUS_MAP: Record<UrlTemplateStatus, { state: CallState; direction: CallDirection | null }> = {
  INCOMING_RINGING: { state: 'ringing', direction: 'in' },
  OUTGOING_RINGING: { state: 'ringing', direction: 'out' },
  CONNECTED: { state: 'answered', direction: null },
  DISCONNECTED: { state: 'ended', direction: null },
};

/**
 * Splits the path after the token, `/{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp}`,
 * into its seven percent-decoded segments. Empty segments are kept: a withheld caller arrives as `//`.
 */
export function parseUrlTemplatePath(path: string): Result<UrlTemplateParams, PbxError> {
  const trimmed = path.split('?', 1)[0] ?? '';
  const parts = (trimmed.startsWith('/') ? trimmed.slice(1) : trimmed).split('/');
  if (parts.length !== urlTemplateSegments.length) {
    return err(
      pbxError(
        'path_invalid',
        `Expected ${String(urlTemplateSegments.length)} path segments /${urlTemplateSegments.map((s) => `{${s}}`).join('/')}, got ${String(parts.length)}.`,
      ),
    );
  }
  const params: Record<string, string> = {};
  for (const [i, name] of urlTemplateSegments.entries()) {
    try {
      params[name] = decodeURIComponent(parts[i] ?? '');
    } catch {
      return err(pbxError('path_invalid', `Path segment {${name}} is not valid percent-encoding.`, name));
    }
  }
  return ok(params as UrlTemplateParams);
}

export type UrlTemplateOptions = {
  /** How to recognise an internal extension in callto/callfrom (default country and extension length). */
  readonly phone: NormalizeOptions;
};

function extensionOf(number: string, options: NormalizeOptions): string | null {
  const normalized = normalizePhone(number, options);
  return normalized.kind === 'extension' ? normalized.digits : null;
}

/** Maps URL-template segments to a CallEvent; statuses and directions are matched case-insensitively. */
export function urlTemplateToCallEvent(
  params: UrlTemplateParams,
  options: UrlTemplateOptions,
): Result<CallEvent, PbxError> {
  const callId = params.calluniqueid.trim();
  if (callId === '') return err(pbxError('path_invalid', 'Path segment {calluniqueid} is empty.', 'calluniqueid'));
  const statusKey = params.status.trim().toUpperCase();
  const status = (urlTemplateStatuses as readonly string[]).includes(statusKey)
    ? STATUS_MAP[statusKey as UrlTemplateStatus]
    : null;
  if (status === null) {
    return err(
      pbxError(
        'status_unknown',
        `Unknown {status} '${params.status}'; expected one of ${urlTemplateStatuses.join(', ')}.`,
        'status',
      ),
    );
  }
  const direction = params.direction.trim().toLowerCase();
  if (direction !== 'in' && direction !== 'out') {
    return err(
      pbxError(
        'path_invalid',
        `Path segment {direction} must be 'in' or 'out', got '${params.direction}'.`,
        'direction',
      ),
    );
  }
  if (status.direction !== null && status.direction !== direction) {
    return err(
      pbxError('direction_mismatch', `{status} ${statusKey} contradicts {direction} '${direction}'.`, 'direction'),
    );
  }
  const rawTimestamp = params.timestamp.trim();
  if (!/^\d{1,13}$/.test(rawTimestamp)) {
    return err(pbxError('path_invalid', 'Path segment {timestamp} must be a unix time in seconds.', 'timestamp'));
  }
  // [I] docs/external-systems/pbx.md#url-template says "unix"; a 13-digit value can only be milliseconds (seconds would be past the year 5000).
  const seconds = rawTimestamp.length === 13 ? Number(rawTimestamp) / 1000 : Number(rawTimestamp);
  // [I] docs/external-systems/pbx.md#url-template: VOIPZeker does not say which side is the internal party; the
  // extension is callto on inbound calls and callfrom on outbound ones, when that value looks like an internal extension.
  const internal = direction === 'in' ? params.callto : params.callfrom;
  return ok({
    callId,
    state: status.state,
    from: params.callfrom,
    to: params.callto,
    extension: extensionOf(internal, options.phone),
    direction,
    at: isoFromUnixSeconds(seconds),
    source: 'url_template',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 3CX server-side CRM lookup (docs/external-systems/pbx.md#3cx-template).

/** The [I] recommended 3CX response entry (docs/external-systems/pbx.md#3cx-template); every value is a string, '' when unknown. */
export type ThreeCxContact = {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly company: string;
  readonly email: string;
  readonly phone_business: string;
  readonly phone_mobile: string;
  readonly url: string;
  readonly entity_type: string;
};
export type ThreeCxLookupResponse = { readonly contacts: readonly ThreeCxContact[] };

/** A phone-index candidate with what the 3CX response shows. */
export type ThreeCxCandidate = PhoneCandidate &
  Pick<PhoneRecord, 'source' | 'recordKind' | 'recordId' | 'field' | 'name' | 'company' | 'deepLink'> & {
    readonly firstName?: string | null;
    readonly lastName?: string | null;
    readonly email?: string | null;
    /** True when the number is a mobile (from `normalizePhone`); otherwise the field name decides. */
    readonly mobile?: boolean;
  };

export type ThreeCxResponseOptions = {
  /** Most contacts to return (default 10). */
  readonly maxContacts?: number;
  /**
   * [I] docs/external-systems/pbx.md#3cx-template: what 3CX gets when several companies match equally well: `all` (default) lists them, best first;
   * `none` returns no contacts so 3CX pops nothing (the crmhub pop-up still shows every match).
   */
  readonly onAmbiguous?: 'all' | 'none';
};

const PERSON_KINDS: ReadonlySet<PhoneRecord['recordKind']> = new Set(['person', 'contact_person']);

function splitName(candidate: ThreeCxCandidate): { first: string; last: string } {
  if (candidate.firstName != null || candidate.lastName != null) {
    return { first: candidate.firstName ?? '', last: candidate.lastName ?? '' };
  }
  if (!PERSON_KINDS.has(candidate.recordKind)) return { first: '', last: candidate.name };
  // "Jan de Vries" → Jan / de Vries: the tussenvoegsel belongs to the last name.
  const name = candidate.name.trim();
  const space = name.indexOf(' ');
  return space === -1 ? { first: '', last: name } : { first: name.slice(0, space), last: name.slice(space + 1) };
}

function toThreeCxContact(candidate: ThreeCxCandidate): ThreeCxContact {
  const { first, last } = splitName(candidate);
  const mobile = candidate.mobile ?? /mob|gsm|cell/i.test(candidate.field);
  return {
    id: `${candidate.source}:${candidate.recordKind}:${candidate.recordId}`,
    first_name: first,
    last_name: last,
    company: candidate.company ?? (PERSON_KINDS.has(candidate.recordKind) ? '' : candidate.name),
    email: candidate.email ?? '',
    phone_business: mobile ? '' : candidate.e164,
    phone_mobile: mobile ? candidate.e164 : '',
    url: candidate.deepLink ?? '',
    // [I] docs/external-systems/pbx.md#3cx-template: 3CX templates use e.g. `Contacts`/`Leads`; we say `Contacts` for people, `Accounts` for companies.
    entity_type: PERSON_KINDS.has(candidate.recordKind) ? 'Contacts' : 'Accounts',
  };
}

/**
 * Builds the 3CX lookup response from a match result: one contact per company (its best match), best company
 * first. No match gives `{"contacts":[]}`, which fails the template's `Any` rule, so 3CX shows the caller as unknown.
 */
export function toThreeCxLookupResponse(
  result: MatchResult<ThreeCxCandidate>,
  options: ThreeCxResponseOptions = {},
): ThreeCxLookupResponse {
  if (result.ambiguous && (options.onAmbiguous ?? 'all') === 'none') return { contacts: [] };
  return {
    contacts: result.companies
      .slice(0, options.maxContacts ?? 10)
      .map((group) => toThreeCxContact(group.best.candidate)),
  };
}

/**
 * Reads `number` from the 3CX lookup query. [I] docs/external-systems/pbx.md#3cx-template: if 3CX puts `[Number]` in
 * the URL without encoding, the `+` of `+31…` arrives as a space; a leading space before digits is read back as `+`.
 */
export function parseThreeCxLookupQuery(query: Readonly<Record<string, unknown>>): Result<string, PbxError> {
  const value = query['number'];
  const raw = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof raw !== 'string' || raw.trim() === '') {
    return err(pbxError('number_missing', 'The query parameter `number` is missing or empty.', 'number'));
  }
  return ok(/^ \d/.test(raw) ? `+${raw.slice(1)}` : raw.trim());
}

/**
 * A ringing CallEvent for a 3CX lookup, so lookups show up in the call log. 3CX sends no call id, so one is derived
 * from the number and the time.
 */
export function threeCxLookupToCallEvent(input: {
  readonly number: string;
  readonly at: string;
  readonly extension?: string | null;
}): CallEvent {
  return {
    callId: `3cx:${input.number}:${input.at}`,
    state: 'ringing',
    from: input.number,
    to: '',
    extension: input.extension ?? null,
    // [I] docs/external-systems/pbx.md#3cx-template: 3CX runs the lookup for inbound and outbound calls alike and does
    // not say which; inbound is the case a pop-up is for.
    direction: 'in',
    at: input.at,
    source: '3cx',
  };
}
