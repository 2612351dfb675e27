/** Knobs of the Yuki simulator; every inferred ([I]) behaviour is an option whose default is the assumption. */
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const yukiSimOptionsSchema = z.strictObject({
  // Seeded contacts per administration: this many companies, each with its contact person (so twice as many rows).
  contactCompaniesPerAdministration: int(0, 5000).default(3),
  // [C] docs/external-systems/yuki.md#quota: 1,000 calls a day per domain by default (5,000 / 10,000 with paid features).
  dailyCallLimit: int(1, 10_000_000).default(1000),
  // [C] docs/external-systems/yuki.md#quota documented fault texts.
  quotaFaultMessage: z.string().min(1).default('Daily limit exceeded'),
  quotaFaultDetail: z.string().default('Every domain has 1000 free webservice calls a day.'),
  // [I] docs/external-systems/yuki.md#quota: the day the quota counts in; Yuki is Dutch, so Amsterdam midnight.
  quotaTimeZone: z.string().min(1).default('Europe/Amsterdam'),
  // [I] docs/external-systems/yuki.md#quota: HTTP status of a SOAP fault (ASMX default 500).
  faultHttpStatus: int(400, 599).default(500),
  // [I] docs/external-systems/yuki.md#sessions: idle timeout "~30 min" and its fault text (docs/external-systems/yuki.md#open-questions open question). 0 expires every session at once.
  sessionIdleMinutes: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(30),
  sessionFaultMessage: z.string().min(1).default('Invalid or expired SessionID. Please authenticate again.'),
  // [C] docs/external-systems/yuki.md#sessions contains "Invalid access key".
  accessKeyFaultMessage: z.string().min(1).default('Invalid access key'),
  // [I] docs/external-systems/yuki.md#sessions: AuthenticateByUserName failure text.
  userFaultMessage: z.string().min(1).default('Invalid username or password'),
  // [I] docs/external-systems/yuki.md#soap-framing: ASMX serves SOAP 1.2 besides 1.1.
  soap12: bool.default(true),
  // [I] docs/external-systems/yuki.md#search-contacts: substring matching is case-insensitive.
  searchCaseInsensitive: bool.default(true),
  // [I] docs/external-systems/yuki.md#search-contacts, docs/external-systems/pbx.md#caller-id-rules: search rows also carry PhoneWork, MobileHome, MobileWork and EMailHome when set.
  searchExtraFields: bool.default(true),
  // [I] docs/external-systems/yuki.md#portal-tree: the domainID of Contact methods may also be an administration GUID (apideck fallback).
  acceptAdministrationIdAsDomain: bool.default(true),
  // [I] docs/external-systems/yuki.md#portal-tree: Administrations/Companies list everything the key reaches (the fixture rows carry DomainID).
  // `current_domain` lists only the session's current domain instead.
  administrationsScope: z.enum(['key', 'current_domain']).default('key'),
  // [I] docs/external-systems/yuki.md#update-contact, #open-questions: reject xmlDoc children that contact.xsd does not know (as schema validation would).
  strictContactElements: bool.default(true),
  // [C] docs/external-systems/yuki.md#platform-api: the Yuki Platform REST API (portal, domains, companies by customer code).
  platformApi: bool.default(true),
  // [I] docs/external-systems/yuki.md#platform-api: company objects also carry the undocumented domainId, vatNumber,
  // contactPerson, active and lastModified (off: the documented Company object only).
  platformCompanyExtras: bool.default(false),
  // [I] docs/external-systems/yuki.md#platform-api: the undocumented company list and read by id.
  platformCompanyReads: bool.default(false),
  // [I] docs/external-systems/yuki.md#write-modes: the undocumented company write (PUT/PATCH …/companies/{id}), which
  // crmhub's opt-in automatic write mode uses. Yuki has published no such call.
  platformCompanyWrite: bool.default(false),
  // [I] docs/external-systems/yuki.md#platform-api: status of a REST call over the daily quota.
  platformQuotaStatus: int(400, 599).default(429),
  // [I] docs/external-systems/yuki.md#search-contacts: wall-clock zone of Created/Modified (US format) and of modifiedAfter without an offset.
  timeZone: z.string().min(1).default('Europe/Amsterdam'),
  // docs/external-systems/yuki.md#visma-connect: the Visma Connect-like authorization server of the Platform API.
  // [C] Visma Connect access tokens last at most one hour.
  vismaConnectTokenSeconds: int(1, 86_400).default(3600),
  // [A] test/demo only: approve the consent at once (real Visma Connect asks the user to log in and allow).
  vismaConnectAutoApprove: bool.default(true),
  // [I] each refresh returns a new refresh token, and a reused one is refused.
  vismaConnectRotateRefresh: bool.default(true),
  // [I] reusing a rotated refresh token revokes the whole grant (OAuth 2.0 Security BCP §4.14).
  vismaConnectReuseRevokes: bool.default(true),
  // Fixed credentials for the demo (otherwise derived from the seed; see GET /__sim/credentials).
  accessKey: z.string().min(8).optional(),
  platformToken: z.string().min(8).optional(),
  vismaConnectClientId: z.string().min(4).optional(),
  vismaConnectClientSecret: z.string().min(8).optional(),
});

export type YukiSimOptions = z.output<typeof yukiSimOptionsSchema>;
export type YukiSimOptionsInput = z.input<typeof yukiSimOptionsSchema>;

/** Parses options (strings from the CLI `extra` map or typed values from tests); throws listing every bad key. */
export function parseYukiSimOptions(input: Record<string, unknown> = {}): YukiSimOptions {
  const parsed = yukiSimOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new Error(`Invalid Yuki simulator options:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
