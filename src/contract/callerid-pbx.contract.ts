/** The HTTP contract of phone systems: their administration, call events in, and the 3CX contact lookup. */
import { z } from 'zod';

export const pbxIntegrationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  allowedSenders: z
    .array(z.string())
    .describe('IP addresses or CIDR ranges Voys notifications may come from; empty: any address'),
});
export type PbxIntegrationView = z.infer<typeof pbxIntegrationSchema>;
export const pbxIntegrationsSchema = z.object({ integrations: z.array(pbxIntegrationSchema) });

export const pbxEndpointsSchema = z.object({
  events: z.string(),
  urlTemplate: z.string(),
  threeCxLookup: z.string(),
  voipgridName: z.string().describe('VoIPGRID dial-plan webhook URL template ({callerid})'),
  voysNotifications: z.string().describe('Voys / VoIPGRID call notifications URL (token in place of <token>)'),
});
export const pbxCredentialsSchema = pbxIntegrationSchema.extend({
  token: z.string().describe('URL token and 3CX API token; shown only now'),
  webhookSecret: z.string().describe('HMAC-SHA256 secret of the JSON webhook; shown only now'),
  endpoints: pbxEndpointsSchema,
});
export type PbxCredentialsView = z.infer<typeof pbxCredentialsSchema>;

export const newPbxIntegrationBody = z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(100) });
export const pbxIntegrationParams = z.object({ id: z.uuid() });
export const pbxAllowedSendersBody = z.strictObject({
  allowedSenders: z
    .array(z.string().max(100, 'is too long'))
    .max(200, 'has too many entries')
    .describe('IP addresses or CIDR ranges (e.g. 203.0.113.0/24); empty: any address'),
});

export const callIngestSchema = z.object({
  status: z.enum(['new', 'updated', 'duplicate']),
  callId: z.string(),
  state: z.enum(['ringing', 'answered', 'ended']),
  result: z.string().nullable(),
  recipients: z.number().int(),
});

/** The segments of a URL-template call event; `statuses` lists the status words the phone system may send. */
export function urlTemplateParams(statuses: readonly string[]) {
  return z.object({
    token: z.string(),
    calluniqueid: z.string(),
    callfrom: z.string().describe('empty when withheld'),
    callto: z.string(),
    status: z.string().describe(statuses.join(', ')),
    statusDesc: z.string(),
    direction: z.string().describe('in or out'),
    timestamp: z.string().describe('unix seconds'),
  });
}

/** The VoIPGRID dial-plan webhook: the token in the path, the caller in `callerid` (its other variables are ignored). */
export const voipgridNameParams = z.object({ token: z.string().min(1) });
export const voipgridNameQuery = z.looseObject({ callerid: z.string().max(100).default('') });
export const voipgridNameSchema = z
  .string()
  .describe('text/plain: "Company - Person", at most 40 characters; empty: no match');

export const threeCxLookupQuery = z.looseObject({ number: z.string().optional() });
export const threeCxContactsSchema = z.object({
  contacts: z.array(
    z.object({
      id: z.string(),
      first_name: z.string(),
      last_name: z.string(),
      company: z.string(),
      email: z.string(),
      phone_business: z.string(),
      phone_mobile: z.string(),
      url: z.string(),
      entity_type: z.string(),
    }),
  ),
});
export type ThreeCxContactsView = z.infer<typeof threeCxContactsSchema>;

/** What crmhub did with a Voys / VoIPGRID call notification (always 200: Voys need not retry any of these). */
export const voysOutcomeSchema = z.object({
  status: z.enum(['new', 'updated', 'duplicate', 'ignored']),
  callId: z.string(),
  step: z.enum(['created', 'ringing', 'answered', 'transfer', 'ended']).optional(),
  state: z.enum(['ringing', 'answered', 'ended']).optional(),
  result: z.string().nullable().optional(),
  recipients: z.number().int().optional(),
  reason: z.enum(['status_unknown', 'version_unsupported', 'timestamp_stale']).optional(),
  detail: z.string().optional(),
});
export const voysParams = z.object({ token: z.string().min(1) });
