/** Knobs of the Simplicate simulator; every [I] (inferred) behaviour of docs/external-systems/simplicate.md is an option here. */
import { z } from 'zod';

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number): z.ZodCoercedNumber => z.coerce.number().int().min(min).max(max);

export const simplicateOptionsSchema = z.object({
  /** Environment name: `{domain}.simplicate.nl`, sent as `X-Simplicate-Domain` and used in `simplicate_url`. */
  domain: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('crmhub-demo'),
  /** [I] docs/external-systems/simplicate.md#envelope-and-paging: page size when `limit` is absent (clients assume 100; the swagger says 5). */
  defaultLimit: int(1, 100).default(100),
  /** [C] docs/external-systems/simplicate.md#envelope-and-paging: clients never get more than 100 per page. */
  maxLimit: int(1, 1000).default(100),
  /** [I] docs/external-systems/simplicate.md#envelope-and-paging: a `limit` above the cap is silently capped ('cap') or refused with 400 ('reject'). */
  overLimit: z.enum(['cap', 'reject']).default('cap'),
  /** [I] docs/external-systems/simplicate.md#envelope-and-paging: `sort=-field` sorts descending (not documented). */
  descendingSort: flag.default(true),
  /** [I] docs/external-systems/simplicate.md#filters: `q[...]` matching ignores case (MySQL-style collation). */
  caseInsensitiveFilters: flag.default(true),
  /**
   * [I] docs/external-systems/simplicate.md#filters, #open-questions: whether `q[updated_at][...]` filters
   * ('honoured'), is silently ignored so every row comes back ('ignored') or answers 400 ('refused'). No public example
   * shows it, so the documented-only default is 'ignored' (issue 10 point 1); `true`/`false` mean honoured/refused.
   */
  updatedAtFilter: z
    .union([z.enum(['honoured', 'ignored', 'refused']), flag.transform((v) => (v ? 'honoured' : 'refused'))])
    .default('ignored'),
  /** [I] docs/external-systems/simplicate.md#organization: how fields without a value are sent: left out, `null`, or `""`. */
  emptyFields: z.enum(['omit', 'null', 'empty_string']).default('omit'),
  /** [I] docs/external-systems/simplicate.md#organization: API writes may set a contact person's `work_phone` (absent from the Post schemas). */
  acceptWorkPhoneOnWrite: flag.default(false),
  /** [I] docs/external-systems/simplicate.md#organization, #person: changing a person↔organization link also bumps both records' `updated_at`. */
  linkChangeTouchesBoth: flag.default(true),
  /** [I] docs/external-systems/simplicate.md#filters timestamps `YYYY-MM-DD HH:mm:ss` are local Dutch time. */
  timeZone: z.string().default('Europe/Amsterdam'),
  /** [C] docs/external-systems/simplicate.md#errors-and-rate-limit at least 120 requests per minute per key; [I] exceeding it gives 429. */
  rateLimitPerMinute: int(1, 1_000_000).default(120),
  /** [I] docs/external-systems/simplicate.md#errors-and-rate-limit: the 429 carries `Retry-After` (seconds). */
  rateLimitRetryAfter: flag.default(true),
  /** [I] docs/external-systems/simplicate.md#errors-and-rate-limit: status for a key without the needed right (403; some tenants may answer 401). */
  noRightStatus: z.union([z.literal(401), z.literal(403)]).default(403),
  /**
   * [I] docs/external-systems/simplicate.md#webhooks: webhook body shape: `{"event","id"}` ('flat') or
   * `{"event","data":{"id"},"timestamp"}` ('nested'). No organisation payload is documented; the default is the one
   * without a top-level id, and whose events differ by their time (crmhub counts an identical body once).
   */
  webhookPayload: z.enum(['flat', 'nested']).default('nested'),
  /** [C] docs/external-systems/simplicate.md#webhooks: attempts per webhook delivery (429 → honour Retry-After). */
  webhookMaxAttempts: int(1, 10).default(3),
  /** [I] docs/external-systems/simplicate.md#webhooks: delay before retrying a non-429 failure, and the cap on a consumer's Retry-After. */
  webhookRetryDelayMs: int(0, 600_000).default(1000),
  webhookMaxRetryAfterSeconds: int(0, 3600).default(60),
  /** [I] docs/external-systems/simplicate.md#webhooks: non-2xx answers other than 429 (and network errors) are retried too ("may retry"). */
  webhookRetryOnError: flag.default(true),
  /** Optional initial API key pair with every right (CLI/demo convenience; tests register keys via /__sim/keys). */
  apiKey: z.string().min(1).optional(),
  apiSecret: z.string().min(1).optional(),
});

export type SimplicateOptions = z.infer<typeof simplicateOptionsSchema>;

/** Parses options (from `extra` strings or typed values), failing with every bad knob listed. */
export function parseSimplicateOptions(input: Record<string, unknown> = {}): SimplicateOptions {
  const parsed = simplicateOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid Simplicate simulator options: ${list}`);
  }
  return parsed.data;
}
