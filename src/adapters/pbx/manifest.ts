/** Declarative description of how PBXs talk to crmhub: paths, headers, signing and the [I] knobs (zod-validated). */
import { z } from 'zod';

import { urlTemplateSegments, urlTemplateStatuses } from './mapper.js';
import { DEFAULT_REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

/** Tunable PBX behaviour; every [I] assumption of docs/external-systems/pbx.md is an option whose default is the assumption. */
export const pbxOptionsSchema = z.strictObject({
  /** How far a webhook timestamp may be from our clock, in seconds. */
  replayWindowSeconds: z.int().min(1).max(86_400).default(DEFAULT_REPLAY_WINDOW_SECONDS),
  /** Digit counts treated as internal extensions (docs/external-systems/pbx.md#caller-id-rules [I]). */
  extensionDigits: z
    .strictObject({ min: z.int().min(1).max(10), max: z.int().min(1).max(10) })
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max' })
    .default({ min: 2, max: 5 }),
  /** Most contacts in a 3CX lookup response. */
  threeCxMaxContacts: z.int().min(1).max(100).default(10),
  /** [I] docs/external-systems/pbx.md#3cx-template: whether 3CX gets all equally good matches (`all`) or none (`none`) when they are ambiguous. */
  threeCxOnAmbiguous: z.enum(['all', 'none']).default('all'),
});
export type PbxOptions = z.infer<typeof pbxOptionsSchema>;

const manifestSchema = z.strictObject({
  id: z.literal('pbx'),
  displayName: z.string().min(1),
  jsonWebhook: z.strictObject({
    method: z.literal('POST'),
    path: z.string().startsWith('/'),
    contentType: z.literal('application/json'),
    signatureHeader: z.string().min(1),
    timestampHeader: z.string().min(1),
    algorithm: z.literal('HMAC-SHA256'),
    signatureFormat: z.string().min(1),
    signedString: z.string().min(1),
    fields: z.array(z.string().min(1)).min(1),
  }),
  urlTemplate: z.strictObject({
    method: z.literal('GET'),
    pathPrefix: z.string().startsWith('/'),
    segments: z.array(z.string().min(1)).length(7),
    statuses: z.array(z.string().min(1)).min(1),
  }),
  threeCxLookup: z.strictObject({
    method: z.literal('GET'),
    path: z.string().startsWith('/'),
    numberParameter: z.string().min(1),
    template: z.string().min(1),
  }),
  options: pbxOptionsSchema,
});
export type PbxManifest = z.infer<typeof manifestSchema>;

/** The PBX integration, validated when this module loads (a broken manifest fails at startup, not at ring time). */
export const pbxManifest: PbxManifest = manifestSchema.parse({
  id: 'pbx',
  displayName: 'Phone system (PBX)',
  jsonWebhook: {
    method: 'POST',
    path: '/api/callerid/events',
    contentType: 'application/json',
    signatureHeader: SIGNATURE_HEADER,
    timestampHeader: TIMESTAMP_HEADER,
    algorithm: 'HMAC-SHA256',
    signatureFormat: 'sha256=<lower-case hex>',
    signedString: '${timestamp}.${rawBody}',
    fields: ['callId', 'state', 'from', 'to', 'extension', 'direction', 'timestamp'],
  },
  urlTemplate: {
    method: 'GET',
    pathPrefix: '/api/callerid/pbx/:token',
    segments: [...urlTemplateSegments],
    statuses: [...urlTemplateStatuses],
  },
  threeCxLookup: {
    method: 'GET',
    path: '/api/callerid/3cx/lookup',
    numberParameter: 'number',
    template: 'integrations/3cx/crmhub.xml',
  },
  options: pbxOptionsSchema.parse({}),
});
