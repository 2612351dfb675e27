/** The HTTP contract of caller-ID set-up: AccountView connect, sources and assignees, users' extensions, health. */
import { z } from 'zod';

import { connectorErrorCodes, connectorReasons } from '../core/connector.js';
import { connectionStatusSchema } from './connections.contract.js';
import { fieldProblemSchema } from './problem.contract.js';
import { runFailureSchema } from './run-failure.contract.js';

const companySchema = z.object({ id: z.string(), code: z.string(), description: z.string() });

/** Why an AccountView connect failed (docs/errors.md#accountview-connect-reasons): the codes the settings page words. */
export const accountViewConnectReasons = [
  ...connectorReasons,
  ...connectorErrorCodes,
  'state_missing',
  'state_unknown',
  'state_used',
  'state_expired',
  'attempt_unreadable',
  'tokens_missing',
] as const;
export type AccountViewConnectReason = (typeof accountViewConnectReasons)[number];

export const accountViewStatusSchema = z.object({
  redirectUri: z
    .string()
    .describe('Register exactly this redirect URI in AccountView.net (Ontwikkelaar → Applicatie toevoegen)'),
  connection: z
    .object({
      id: z.uuid(),
      status: connectionStatusSchema,
      companyId: z.string().nullable(),
      companies: z.array(companySchema),
      environmentUrl: z.string().nullable(),
      tokenExpiresAt: z.string().nullable(),
      lastError: z.string().nullable(),
      lastFailure: runFailureSchema.nullable(),
      lastErrorAt: z.string().nullable(),
      connectedAt: z.string(),
    })
    .nullable(),
  lastAttempt: z
    .object({
      id: z.uuid(),
      startedAt: z.string(),
      outcome: z.enum(['pending', 'connected', 'failed', 'expired']),
      /** English, for logs and API clients; the UI words `reason` and `fieldErrors` instead. */
      message: z.string().nullable(),
      reason: z.enum(accountViewConnectReasons).nullable(),
      fieldErrors: z.array(fieldProblemSchema),
    })
    .nullable(),
});
export type AccountViewStatusView = z.infer<typeof accountViewStatusSchema>;

/** An optional text field of the connect form, with its length limit and its description in the API document. */
const optionalSetting = (maxLength: number, description: string) =>
  z.string().max(maxLength).optional().describe(description);

export const accountViewConnectBody = z.strictObject({
  apiKey: optionalSetting(500, 'API-sleutel (OAuth client id)'),
  apiSecret: optionalSetting(1000, 'API-secret (OAuth client secret)'),
  companyId: optionalSetting(500, 'Onderneming ID (GUID, or the ShowCompany.aspx URL)'),
  environmentUrl: optionalSetting(500, 'AccountView environment; default production (https://www.accountview.net)'),
  authorizeUrl: optionalSetting(500, 'Full OAuth authorize URL; default from the environment'),
  tokenUrl: optionalSetting(500, 'Full OAuth token URL; default from the environment'),
  issuer: optionalSetting(
    500,
    "OAuth issuer identifier; default the authorize URL's origin. A callback naming another issuer fails",
  ),
});
export type AccountViewConnectInput = z.infer<typeof accountViewConnectBody>;

export const accountViewConnectSchema = z.object({
  authorizationUrl: z.string(),
  attemptId: z.uuid(),
  redirectUri: z.string(),
});
export type AccountViewConnectView = z.infer<typeof accountViewConnectSchema>;

export const accountViewCallbackQuery = z.looseObject({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

export const noContentSchema = z.null();

export const callerIdPhoneSchema = z.object({
  kind: z.enum(['extension', 'number']),
  value: z.string(),
  raw: z.string(),
});
export type CallerIdPhoneView = z.infer<typeof callerIdPhoneSchema>;

export const callerIdSourceSchema = z.object({
  connectionId: z.uuid(),
  system: z.string(),
  systemName: z.string(),
  role: z.enum(['crm', 'portal_target', 'callerid_source']),
  status: connectionStatusSchema,
  indexable: z.boolean(),
  assignees: z.array(z.uuid()).describe('Users who get pop-ups from this source (administrators see all)'),
});
export type CallerIdSourceView = z.infer<typeof callerIdSourceSchema>;
export const callerIdSourcesSchema = z.object({ sources: z.array(callerIdSourceSchema) });

export const sourceParams = z.object({ connectionId: z.uuid() });
export const assigneesBody = z.strictObject({ userIds: z.array(z.uuid()).max(1000) });
export const assigneesSchema = z.object({
  assignees: z.array(z.uuid()),
  added: z.array(z.uuid()),
  removed: z.array(z.uuid()),
});
export type AssigneesView = z.infer<typeof assigneesSchema>;

export const phoneUserParams = z.object({ userId: z.uuid() });
export const userPhonesBody = z.strictObject({ phones: z.array(z.string().max(60)).max(20) });
export const userPhonesSchema = z.object({ phones: z.array(callerIdPhoneSchema) });
export const myCallerIdSchema = z.object({ phones: z.array(callerIdPhoneSchema), connectionIds: z.array(z.uuid()) });
export type MyCallerIdView = z.infer<typeof myCallerIdSchema>;

export const reindexBody = z.strictObject({ full: z.boolean().default(true) });
export const reindexSchema = z.object({ queued: z.boolean() });

/** Why a stored phone value was not indexed (core/phone/extract.ts `unreadablePhoneReasons`). */
export const unreadablePhoneReasonSchema = z.enum(['not_a_phone_number', 'invalid_for_region', 'too_short']);

/** A stored value the index could not read, for the firm to correct at the source. */
export const unreadablePhoneSchema = z.object({
  recordKind: z.string(),
  recordId: z.string(),
  name: z.string(),
  field: z.string(),
  raw: z.string(),
  reason: unreadablePhoneReasonSchema,
  deepLink: z.string().nullable(),
});

export const callerIdHealthSchema = z.object({
  sources: z.array(
    z.object({
      connectionId: z.uuid(),
      system: z.string(),
      systemName: z.string(),
      status: connectionStatusSchema,
      needsReconnect: z.boolean(),
      lastError: z.string().nullable(),
      lastFailure: runFailureSchema.nullable(),
      lastErrorAt: z.string().nullable(),
      tokenExpiresAt: z.string().nullable(),
      index: z.object({
        numbers: z.number().int(),
        lastFullAt: z.string().nullable(),
        lastIncrementalAt: z.string().nullable(),
        lastError: z.string().nullable(),
        lastFailure: runFailureSchema.nullable(),
        lastErrorAt: z.string().nullable(),
        unreadable: z.object({
          count: z.number().int().describe('Stored values without a readable phone number'),
          items: z.array(unreadablePhoneSchema).describe('The first 200, by record name'),
        }),
      }),
    }),
  ),
  phoneSystems: z.array(z.object({ id: z.uuid(), name: z.string(), lastEventAt: z.string().nullable() })),
  liveStreams: z.boolean().describe('This instance receives pop-up notifications'),
});
export type CallerIdHealthView = z.infer<typeof callerIdHealthSchema>;
