/** Knobs of the PBX simulator; every inferred ([I]) behaviour is an option whose default is the assumption. */
import { z } from 'zod';

export const pbxSimModes = ['json', 'url_template', 'both', 'voys'] as const;
export type PbxSimMode = (typeof pbxSimModes)[number];

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const seconds = z.coerce.number().min(0).max(86_400);
const list = z.union([
  z.array(z.string()),
  z.string().transform((s) =>
    // Callers in mixed formats contain spaces but never `|` or `,`; JSON arrays are accepted too.
    s.trim().startsWith('[') ? (JSON.parse(s) as string[]) : s.split(/[|,]/).map((v) => v.trim()),
  ),
]);
const range = z
  .strictObject({ min: z.coerce.number().min(0), max: z.coerce.number().min(0) })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });

export const pbxSimOptionsSchema = z
  .strictObject({
    /** crmhub's base URL, e.g. `http://127.0.0.1:3000`; events go to `${target}/api/callerid/...`. */
    target: z.url({ error: 'target must be an absolute http(s) URL' }).transform((u) => u.replace(/\/+$/, '')),
    mode: z.enum(pbxSimModes).default('both'),
    /** Shared HMAC secret for the signed JSON webhook (needed for `json` and `both`). */
    secret: z.string().min(1).optional(),
    /** Path token of the URL-template webhook (needed for `url_template` and `both`). */
    token: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._~-]+$/, 'token must be URL-safe')
      .optional(),
    /** Average new calls per second (Poisson arrivals); 0 = calls only on demand. */
    ratePerSecond: z.coerce.number().min(0).max(1000).default(0.2),
    /** Stop starting new calls after this many seconds (running calls still finish). */
    durationSeconds: seconds.optional(),
    /** Internal extensions that ring (inbound) or dial (outbound). */
    extensions: list
      .pipe(z.array(z.string().regex(/^\d{2,6}$/, 'extensions are 2–6 digits')).min(1))
      .default(['201', '202', '203', '204', '205']),
    /** Caller numbers as people type them; empty = drawn from the seed (see seed.ts). */
    callers: list.default([]),
    /** The firm's own number that inbound calls dial (the `to` of an inbound call before it reaches an extension). */
    firmNumber: z.string().min(1).default('+31 20 760 4000'),
    // Realistic phase lengths; `timeScale` compresses them (0.001 turns minutes into milliseconds for tests).
    ringSeconds: range.default({ min: 3, max: 20 }),
    talkSeconds: range.default({ min: 20, max: 420 }),
    timeScale: z.coerce.number().min(0).max(1000).default(1),
    /** Share of generated calls that are outbound. */
    outboundShare: z.coerce.number().min(0).max(1).default(0.2),
    /** Share of generated calls nobody answers (ringing → ended). The brief's default is every call answered. */
    missedShare: z.coerce.number().min(0).max(1).default(0),
    // [I] docs/external-systems/pbx.md#json-webhook: the JSON `timestamp` is unix seconds; `iso` sends an ISO 8601 string instead.
    jsonTimestamp: z.enum(['unix', 'iso']).default('unix'),
    // [I] docs/external-systems/pbx.md#url-template: VOIPZeker's {status_desc} wording is not documented; these are our guesses.
    statusDescriptions: z
      .strictObject({
        INCOMING_RINGING: z.string(),
        OUTGOING_RINGING: z.string(),
        CONNECTED: z.string(),
        DISCONNECTED: z.string(),
      })
      .default({
        INCOMING_RINGING: 'Inkomend gesprek',
        OUTGOING_RINGING: 'Uitgaand gesprek',
        CONNECTED: 'Verbonden',
        DISCONNECTED: 'Opgehangen',
      }),
    // [I] docs/external-systems/pbx.md#url-template: on an inbound call {callto} carries the ringing extension (`extension`) or the dialled number (`did`).
    urlInboundCallTo: z.enum(['extension', 'did']).default('extension'),
    // [I] docs/external-systems/pbx.md#url-template: a hosted PBX fires each webhook once; set > 0 to retry failed deliveries (network error or 5xx).
    retries: z.coerce.number().int().min(0).max(10).default(0),
    // [I] docs/external-systems/pbx.md#voys--voipgrid-call-notifications: the wire words of the answered and ended steps.
    voysStatuses: z
      .strictObject({ answered: z.string().min(1), ended: z.string().min(1) })
      .default({ answered: 'in-progress', ended: 'ended' }),
    // [I] same section: the ringing users in `destination` itself (`flat`) or in `destination.target` (`target`).
    voysDestinationShape: z.enum(['flat', 'target']).default('flat'),
    // [C] `ringing` may repeat as more devices ring; [I] how often: each repeat names one more extension.
    voysRingDevices: z.coerce.number().int().min(1).max(5).default(1),
    // [I] same section: `user_emails` of an extension's users (extension → e-mail); default none.
    voysUserEmails: z.record(z.string(), z.email()).default({}),
    /** Abort a delivery after this long. */
    requestTimeoutMs: z.coerce.number().int().min(1).max(120_000).default(5000),
    /** Calls kept in the log for `/__sim/calls` (oldest dropped first). */
    keepCalls: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    /** Send nothing, only log (to run the generator without a crmhub). */
    dryRun: bool.default(false),
  })
  .superRefine((o, ctx) => {
    if ((o.mode === 'json' || o.mode === 'both') && o.secret === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: `mode ${o.mode} signs JSON events and needs a secret`,
      });
    }
    if (o.mode !== 'json' && o.token === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `mode ${o.mode} puts the phone-system token in the address and needs it`,
      });
    }
  });
export type PbxSimOptions = z.output<typeof pbxSimOptionsSchema>;
export type PbxSimOptionsInput = z.input<typeof pbxSimOptionsSchema>;

/** Parses knobs, throwing one error that lists every bad option. */
export function parsePbxSimOptions(raw: unknown): PbxSimOptions {
  const parsed = pbxSimOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
  throw new Error(`invalid PBX simulator options: ${problems}`);
}
