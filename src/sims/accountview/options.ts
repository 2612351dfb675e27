/** Knobs of the AccountView.net simulator; every inferred ([I]) behaviour is an option whose default is the assumption. */
import { z } from 'zod';

/** The AccountView-side prerequisites from the seed text, each a state the simulator can be put in. */
export const prerequisiteKinds = [
  'restricted_app',
  'server_access',
  'user_email',
  'group_boekhouding',
  'user_administration',
  'book_year',
  'company_blocked',
] as const;
export type PrerequisiteKind = (typeof prerequisiteKinds)[number];

// [I] docs/external-systems/accountview.md#errors-and-limits, #open-questions: the real wording is unknown; these Dutch texts are our guess and can be replaced.
const defaultPrerequisiteMessages: Record<PrerequisiteKind, string> = {
  restricted_app: 'De applicatie is niet als beperkt toegankelijke app toegevoegd voor deze gebruiker.',
  server_access: 'Backoffice server-limitatie is niet toegestaan voor deze gebruiker.',
  user_email: 'Voor deze gebruiker is geen e-mailadres ingevoerd.',
  group_boekhouding: 'De gebruiker is geen lid van de gebruikersgroep Boekhouding.',
  user_administration: 'De gebruiker heeft geen toegang tot de administratie van deze onderneming.',
  book_year: 'Voor deze onderneming is geen boekjaar aanwezig.',
  company_blocked: 'De onderneming is geblokkeerd (BLK).',
};

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const accountViewSimOptionsSchema = z.strictObject({
  // [I] docs/external-systems/accountview.md#oauth: PKCE is not documented; `supported` verifies S256/plain challenges, `ignored` drops them,
  // `required` refuses code requests without one.
  pkce: z.enum(['supported', 'ignored', 'required']).default('supported'),
  // [I] docs/external-systems/accountview.md#oauth, #open-questions: lifetimes are undocumented ("short-lived" access tokens).
  accessTokenTtlSeconds: int(1, 86_400 * 365).default(3600),
  refreshTokenTtlSeconds: int(1, 86_400 * 3650).default(86_400 * 30),
  codeTtlSeconds: int(1, 3600).default(60),
  // [I] docs/external-systems/accountview.md#oauth: refresh tokens rotate (AV-PHP stores the new one); a used one is then refused with invalid_grant.
  rotateRefreshTokens: bool.default(true),
  // [I] docs/external-systems/accountview.md#oauth: whether presenting an already-used refresh token also revokes the whole grant (OAuth 2.1 advice).
  revokeGrantOnRefreshReuse: bool.default(false),
  // [C] docs/external-systems/accountview.md#oauth: client credentials go in the form body; AV-GO treats the host as not supporting HTTP Basic.
  acceptBasicClientAuth: bool.default(false),
  // [I] docs/external-systems/accountview.md#oauth: the code flow shows a consent page; `true` approves at once for the logged-in user (tests, demo).
  autoConsent: bool.default(false),
  // [I] docs/external-systems/accountview.md#simulator: status codes of x-company problems.
  missingCompanyStatus: int(200, 599).default(400),
  unknownCompanyStatus: int(200, 599).default(403),
  // [I] docs/external-systems/accountview.md#errors-and-limits: status of a refused prerequisite (the body is always the AccountView error object).
  prerequisiteStatus: int(200, 599).default(400),
  // [I] docs/external-systems/accountview.md#errors-and-limits: status of a malformed data request (unknown BusinessObject, field, operator).
  badRequestStatus: int(200, 599).default(400),
  prerequisiteMessages: z
    .partialRecord(z.enum(prerequisiteKinds), z.string().min(1))
    .default({})
    .transform((m): Record<PrerequisiteKind, string> => ({ ...defaultPrerequisiteMessages, ...m })),
  // [I] docs/external-systems/accountview.md#reading-data: PageSize default and cap are undocumented (clients use 20–1000).
  defaultPageSize: int(1, 10_000).default(100),
  maxPageSize: int(1, 10_000).default(1000),
  // [C] docs/external-systems/accountview.md#reading-data AV-PHP guard: a single record may come back as an object; off by default.
  singleRecordAsObject: bool.default(false),
  // [I] docs/external-systems/accountview.md#reading-data: CNG_DATE/INP_DATE are local times without zone; we assume Dutch time.
  timeZone: z.string().min(1).default('Europe/Amsterdam'),
  // [I] docs/external-systems/accountview.md#oauth: accepted scope values for reads and writes (AV-GO asks for `*`).
  readScopes: z.array(z.string().min(1)).default(['readaccountviewdata', 'writeaccountviewdata', '*']),
  writeScopes: z.array(z.string().min(1)).default(['writeaccountviewdata', '*']),
});

export type AccountViewSimOptionsInput = z.input<typeof accountViewSimOptionsSchema>;
export type AccountViewSimOptions = z.output<typeof accountViewSimOptionsSchema>;

/** Parses options from an object (tests) or from string `extra` knobs (CLI); throws listing every bad knob. */
export function parseAccountViewSimOptions(
  input: AccountViewSimOptionsInput | Record<string, unknown>,
): AccountViewSimOptions {
  const parsed = accountViewSimOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new Error(`invalid AccountView simulator options:\n  - ${lines.join('\n  - ')}`);
  }
  return parsed.data;
}
