/** The HTTP contract of caller ID for users: the pop-up stream and its payload, the call logs and a number lookup. */
import { z } from 'zod';

export const callStates = ['ringing', 'answered', 'ended'] as const;
export const callDirections = ['in', 'out'] as const;
/** How a call event arrived (the same list as the core model's `callEventSources`). */
export const callEventChannels = ['json', 'url_template', '3cx', 'voys'] as const;

export const popupStreamQuery = z.object({
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a sequence number')
    .optional()
    .describe('Same as Last-Event-ID'),
  heartbeatSeconds: z.coerce.number().int().min(1).max(60).default(15),
});

const popupRecordSchema = z.object({
  source: z.string(),
  system: z.string(),
  connectionId: z.string(),
  recordKind: z.string(),
  recordId: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  matchedField: z.string(),
  matchedNumber: z.string(),
  e164: z.string(),
  personal: z.boolean(),
  matchKind: z.string(),
  kvk: z.string().nullable(),
  relationNumber: z.string().nullable(),
  link: z.object({ url: z.string(), system: z.string() }).nullable(),
});
const popupAdministrationSchema = z.object({
  administrationId: z.string(),
  name: z.string(),
  domain: z.string(),
  pendingApprovals: z.number(),
  pendingFields: z.array(z.string()),
});
const popupCompanySchema = z.object({
  name: z.string().nullable(),
  kvk: z.string().nullable(),
  relationNumber: z.string().nullable(),
  bestMatch: z.string(),
  records: z.array(popupRecordSchema),
  administrations: z.array(popupAdministrationSchema),
});

/** The JSON of an SSE `call` event (version 1); answered/ended events repeat it with the new state. */
export const popupSchema = z.object({
  v: z.literal(1),
  callId: z.string(),
  callPk: z.string(),
  state: z.enum(callStates),
  direction: z.enum(callDirections),
  channel: z.enum(callEventChannels),
  extension: z.string().nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  number: z.object({ raw: z.string(), e164: z.string().nullable(), display: z.string(), kind: z.string() }),
  result: z.string(),
  ambiguous: z.boolean(),
  companies: z.array(popupCompanySchema),
});
export type PopupView = z.infer<typeof popupSchema>;

/** The screen-pop page (/pop?number=…): a number's matches in the user's sources, shaped as a pop-up shows them. */
export const screenPopSchema = popupSchema.pick({ number: true, result: true, ambiguous: true, companies: true });
export type ScreenPopView = z.infer<typeof screenPopSchema>;

/** What to configure in Teams and in CTI clients so that they open the screen-pop page (public crmhub address). */
export const screenPopAddressesSchema = z.object({
  teams: z.string().describe('PopoutAppPathForIncomingPstnCalls value; Teams replaces {phone}'),
  template: z
    .string()
    .describe('URL template for CloudCTI and desktop CTI clients: replace NUMBER with their placeholder'),
});

export const callSchema = z.object({
  id: z.uuid(),
  callId: z.string(),
  channel: z.string(),
  direction: z.enum(callDirections),
  state: z.enum(callStates),
  number: z.string(),
  numberE164: z.string().nullable(),
  callee: z.string(),
  extension: z.string().nullable(),
  result: z.string(),
  ambiguous: z.boolean(),
  bestKind: z.string().nullable(),
  matchCount: z.number().int(),
  bestName: z.string().nullable(),
  bestCompany: z.string().nullable(),
  bestSource: z.string().nullable(),
  matches: z.unknown().describe('Portal log only: every matched company with its records'),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  recipients: z.array(z.object({ userId: z.uuid(), name: z.string() })),
});
export type CallView = z.infer<typeof callSchema>;
export const callsSchema = z.object({ calls: z.array(callSchema) });

export const callLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.iso.datetime({ offset: true }).optional().describe('Page: calls that started before this instant'),
});
export type CallLogQuery = z.infer<typeof callLogQuery>;

export const lookupQuery = z.object({ number: z.string().min(1, 'must not be empty').max(100) });
export const lookupSchema = z.object({
  view: z.unknown().describe('CallerView: caller, result, ambiguous, companies'),
});
