/** Voys / VoIPGRID call notifications (v2 JSON, docs/external-systems/pbx.md#voys--voipgrid-call-notifications) → CallEvent. */
import { z } from 'zod';

import { err, ok } from '../../core/result.js';
import { callIdSchema, required } from './body-rules.js';
import { parseJsonObjectBody, pbxError } from './errors.js';

import type { CallDirection, CallEvent, CallState } from '../../core/model.js';
import type { Result } from '../../core/result.js';
import type { PbxError } from './errors.js';

/** What a notification does to a call in crmhub. */
export type VoysStep = 'created' | 'ringing' | 'answered' | 'transfer' | 'ended';

/**
 * Status words and what they mean. [C] created, ringing, answered, warm transfer, cold transfer, hang-up (the Voys
 * page); [I] their spelling on the wire beyond `created` and `ringing` (the page's headings; `in-progress`, `ended`,
 * `warm-transfer`, `cold-transfer` are what we read as canonical; the others are accepted spellings of the same step).
 */
export const voysStatusSteps: Readonly<Record<string, VoysStep>> = {
  created: 'created',
  ringing: 'ringing',
  'in-progress': 'answered',
  answered: 'answered',
  'warm-transfer': 'transfer',
  warm_transfer: 'transfer',
  'cold-transfer': 'transfer',
  cold_transfer: 'transfer',
  ended: 'ended',
  hangup: 'ended',
  'hang-up': 'ended',
};

/** The version crmhub reads ([C] "at the moment it is always v2"). */
export const VOYS_VERSION = 'v2';

const STEP_STATE: Readonly<Record<VoysStep, CallState>> = {
  created: 'ringing',
  ringing: 'ringing',
  answered: 'answered',
  // A transfer happens on a connected call: the new party joins an answered call.
  transfer: 'answered',
  ended: 'ended',
};

/** Whom a notification points at: the internal numbers, direct numbers and e-mail addresses of users. */
export type VoysTargets = {
  readonly extensions: readonly string[];
  readonly numbers: readonly string[];
  readonly emails: readonly string[];
};

/** A notification crmhub acts on. */
export type VoysEvent = {
  readonly step: VoysStep;
  readonly status: string;
  readonly event: CallEvent;
  /** The users the notification rings (inbound) or who dial (outbound). */
  readonly targets: VoysTargets;
};

/** A well-formed notification crmhub does not act on, and why. */
export type VoysIgnored = {
  readonly kind: 'ignored';
  readonly reason: 'status_unknown' | 'version_unsupported';
  readonly callId: string;
  readonly detail: string;
};

export type VoysParsed = ({ readonly kind: 'event' } & VoysEvent) | VoysIgnored;

const text = (max: number) => z.string().max(max, 'is too long');
const id = z.union([z.string().max(100, 'is too long'), z.number()]).transform(String);
const list = (item: z.ZodType<string>) =>
  z
    .array(item, { error: 'must be a list' })
    .max(100, 'has too many entries')
    .nullish()
    .transform((v) => v ?? []);

/** caller / destination (and destination.target): [C] number, name, account_number, user_numbers, user_emails. */
const partySchema = z.looseObject({
  number: text(200).nullish(),
  name: text(200).nullish(),
  account_number: id.nullish(),
  user_numbers: list(id),
  user_emails: list(text(320)),
});
type Party = z.output<typeof partySchema>;

/** The fields every notification carries ([C]); extra fields are allowed and ignored. */
export const voysNotificationSchema = z.looseObject({
  call_id: callIdSchema,
  timestamp: z.iso.datetime({ offset: true, error: required('an ISO 8601 date-time with a zone') }),
  status: z.string({ error: required('a string') }).max(50, 'is too long'),
  version: z.string({ error: required('a string') }).max(20, 'is too long'),
  direction: z.enum(['inbound', 'outbound'], { error: required('inbound or outbound') }),
  caller: partySchema.nullish(),
  destination: partySchema.extend({ target: partySchema.nullish() }).nullish(),
});
export type VoysNotificationBody = z.input<typeof voysNotificationSchema>;

/**
 * An internal number of a user or phone account (`account_number`, `user_numbers`). [I] these are extensions like
 * `201`; a value that is a full phone number is taken as a direct number instead.
 */
function splitNumbers(values: readonly string[]): { extensions: string[]; numbers: string[] } {
  const extensions: string[] = [];
  const numbers: string[] = [];
  for (const raw of values) {
    const value = raw.trim();
    if (/^\d{1,8}$/.test(value)) extensions.push(value);
    else if (value !== '') numbers.push(value);
  }
  return { extensions, numbers };
}

/** The users a party names: [I] in `destination` itself or in `destination.target`, whichever the page shows. */
function targetsOf(parties: readonly (Party | null | undefined)[], withNumber: boolean): VoysTargets {
  const ids: string[] = [];
  const emails: string[] = [];
  const numbers: string[] = [];
  for (const party of parties) {
    if (party == null) continue;
    if (party.account_number != null) ids.push(party.account_number);
    ids.push(...party.user_numbers);
    emails.push(...party.user_emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')));
    if (withNumber && party.number != null && party.number.trim() !== '') numbers.push(party.number.trim());
  }
  const split = splitNumbers(ids);
  return {
    extensions: [...new Set(split.extensions)],
    numbers: [...new Set([...numbers, ...split.numbers])],
    emails: [...new Set(emails)],
  };
}

function invalid(issues: readonly z.core.$ZodIssue[]): PbxError {
  const fields = issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
  const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return pbxError('body_invalid', `Invalid Voys call notification: ${message}.`, fields[0]?.field);
}

/** Maps a checked notification to crmhub's call event and the users it names. */
function toVoysEvent(body: z.output<typeof voysNotificationSchema>, step: VoysStep): VoysEvent {
  const direction: CallDirection = body.direction === 'inbound' ? 'in' : 'out';
  const destination = body.destination ?? null;
  const caller = body.caller ?? null;
  // Inbound: the destination is the firm's side (its number is the dialled number or a user's direct line).
  // Outbound: the caller is the firm's user and the destination the outside number.
  const targets = direction === 'in' ? targetsOf([destination, destination?.target], true) : targetsOf([caller], false);
  return {
    step,
    status: body.status,
    targets,
    event: {
      callId: body.call_id,
      state: STEP_STATE[step],
      from: caller?.number?.trim() ?? '',
      to: destination?.number?.trim() ?? '',
      extension: targets.extensions[0] ?? null,
      direction,
      at: new Date(body.timestamp).toISOString(),
      source: 'voys',
    },
  };
}

/**
 * Parses the raw body of a Voys call notification. A body that is not a notification (not JSON, a required field
 * missing or of the wrong type) is an error naming the field; an unknown status or version is `ignored`.
 */
export function parseVoysNotification(rawBody: string | Buffer): Result<VoysParsed, PbxError> {
  const json = parseJsonObjectBody(rawBody, '(a Voys call notification)');
  if (!json.ok) return json;
  const parsed = voysNotificationSchema.safeParse(json.value);
  if (!parsed.success) return err(invalid(parsed.error.issues));
  const body = parsed.data;
  if (body.version !== VOYS_VERSION) {
    return ok({ kind: 'ignored', reason: 'version_unsupported', callId: body.call_id, detail: body.version });
  }
  const step = voysStatusSteps[body.status.trim().toLowerCase()];
  if (step === undefined) {
    return ok({ kind: 'ignored', reason: 'status_unknown', callId: body.call_id, detail: body.status });
  }
  return ok({ kind: 'event', ...toVoysEvent(body, step) });
}
