/** The ports every external system implements: record sources (CRM, AccountView) and the portal target (Yuki). */
import type { CodedFieldProblem } from './field-problem.js';
import type { Result } from './result.js';

export const connectorErrorCodes = [
  'auth_invalid',
  'auth_expired',
  'forbidden',
  'rate_limited',
  'quota_exhausted',
  'transient',
  'not_found',
  'rejected',
  'unsupported',
  'unknown',
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

/** A failure of an external call: codes the UI words, crmhub's English account of it, and the system's own words. */
export type ConnectorError = {
  readonly code: ConnectorErrorCode;
  /** crmhub's English account of the failure (it may include the system's words), for logs and API clients. */
  readonly message: string;
  /** The external system's own words about the failure, verbatim (not crmhub's); the UI may quote them as such. */
  readonly systemSaid?: string;
  readonly retryAfterMs?: number;
  /** Per-field problems for `rejected`. */
  readonly fieldErrors?: readonly CodedFieldProblem[];
  /** For network failures: which kind, so the UI can say e.g. "unknown host" rather than "try again later". */
  readonly network?: NetworkFailure;
  /** A finer, stable cause next to `code` that the UI words (e.g. `issuer_mismatch`, `scope_missing`). */
  readonly reason?: ConnectorReason;
};

/**
 * Finer causes of OAuth failures (docs/errors.md#accountview-connect-reasons); `grant_missing`: the grant's tokens are
 * gone (never connected, or forgotten after a refusal).
 */
export const connectorReasons = [
  'issuer_mismatch',
  'scope_missing',
  'grant_refused',
  'grant_missing',
  // A set-up step the administrator must do in AccountView itself (adapters/accountview/errors.ts, the seed's list).
  'restricted_app',
  'server_access',
  'group_boekhouding',
  'book_year',
  'company_blocked',
  'user_email',
  'user_administration',
] as const;
export type ConnectorReason = (typeof connectorReasons)[number];

export const networkFailures = [
  'unknown_host',
  'connection_refused',
  'connection_reset',
  'timeout',
  'tls',
  'malformed_response',
  'network',
  'redirect',
  'address_not_allowed',
] as const;
/** How a call failed below HTTP (or with an unreadable body), or why it was not made (a redirect, a refused address). */
export type NetworkFailure = (typeof networkFailures)[number];

/** What is kept of a failure for the user to read later: the codes the UI words and the system's own words. */
export type RunFailure = Pick<ConnectorError, 'code' | 'reason' | 'network' | 'systemSaid'>;

/** Longest quote of a system's words that is kept: enough for any real error text, bounded for a hostile one. */
const SYSTEM_SAID_MAX = 500;

export function runFailureOf(error: ConnectorError): RunFailure {
  const said = error.systemSaid?.trim().slice(0, SYSTEM_SAID_MAX);
  return {
    code: error.code,
    ...(error.reason === undefined ? {} : { reason: error.reason }),
    ...(error.network === undefined ? {} : { network: error.network }),
    ...(said === undefined || said === '' ? {} : { systemSaid: said }),
  };
}

/** The error with the system's own words attached, when it said any. */
export function withSystemSaid(error: ConnectorError, said: string | null | undefined): ConnectorError {
  const words = said?.trim() ?? '';
  return words === '' ? error : { ...error, systemSaid: words };
}

export type ConnectorResult<T> = Promise<Result<T, ConnectorError>>;

/** The systems crmhub ships with (src/adapters/registry.ts lists their definitions). */
export const connectorIds = [
  'simplicate',
  'yuki',
  'accountview',
  'radar',
  'visma_advisor',
  'clientonline',
  'other_crm',
] as const;
export type ConnectorId = (typeof connectorIds)[number];

/** The id of a registered system: one of {@link connectorIds}, or one a test registers (lower-case, `_` allowed). */
export type SystemId = string;

export type SourceEntity = 'organization' | 'person' | 'contactperson' | 'debtor' | 'creditor' | 'contact';

/** A postal or visiting address as the CRM holds it. */
export type Address = {
  readonly line1: string | null;
  readonly line2: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly country: string | null;
};

/** A contact person's name parts (Dutch: voorletters, tussenvoegsel). */
export type PersonName = {
  readonly firstName: string | null;
  readonly initials: string | null;
  readonly prefix: string | null;
  readonly lastName: string | null;
};

/** A client company as a CRM holds it, mapped to our model (values as typed, not yet normalised). */
export type SourceCompany = {
  readonly externalId: string;
  readonly name: string | null;
  readonly kvk: string | null;
  readonly vat: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly relationNumber: string | null;
  readonly visitingAddress: Address | null;
  readonly postalAddress: Address | null;
  readonly contactPerson: (PersonName & { readonly externalId: string | null }) | null;
  readonly isActive: boolean;
  readonly updatedAt: string | null;
  readonly deepLink: string | null;
};

/** A phone number found in a source system, with enough context for a caller-ID pop-up. */
export type PhoneRecord = {
  readonly source: SystemId;
  readonly recordKind: 'organization' | 'person' | 'contact_person' | 'debtor' | 'creditor' | 'contact';
  readonly recordId: string;
  /** Which field held the number, e.g. `phone`, `work_mobile`, `TEL_BUS`. */
  readonly field: string;
  readonly raw: string;
  readonly name: string;
  readonly company: string | null;
  readonly companyId: string | null;
  readonly kvk: string | null;
  readonly relationNumber: string | null;
  /** True for a person's direct line or mobile, false for a company switchboard. */
  readonly personal: boolean;
  readonly deepLink: string | null;
  readonly updatedAt: string | null;
};

/** An opaque position in a source's change stream. */
export type Cursor = { readonly modifiedSince: string | null };

/** Paged output of a source, streamed so that 100,000 records never sit in memory at once. */
export type Page<T> = { readonly items: readonly T[] };

/** A one-way source of client records (a CRM or AccountView). Nothing is ever written to it. */
export interface RecordSource {
  readonly id: SystemId;
  /** Checks the credentials with a real, cheap call. */
  verify(): ConnectorResult<void>;
  /** Streams companies modified since the cursor (all when null), page by page. */
  companies(cursor: Cursor | null): AsyncIterable<Result<Page<SourceCompany>, ConnectorError>>;
  /** Reads one company by its external id; `not_found` when deleted. */
  company(externalId: string): ConnectorResult<SourceCompany>;
  /** Streams every phone number the source holds (modified since the cursor when given). */
  phoneRecords(cursor: Cursor | null): AsyncIterable<Result<Page<PhoneRecord>, ConnectorError>>;
  /**
   * Checks at connect time whether the source's modified-since filter really filters; absent when the source has
   * only documented filters. `full_scan`: incremental reads fetch everything and the sync detects the changes.
   */
  probeIncremental?(): ConnectorResult<IncrementalMode>;
}

/** How incremental reads run: with the source's modified-since filter, or as full reads with change detection. */
export const incrementalModes = ['filter', 'full_scan'] as const;
export type IncrementalMode = (typeof incrementalModes)[number];

/** The profile of a Yuki administration that the sync writes. */
export type AdministrationProfile = {
  readonly name: string | null;
  readonly addressLine: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly country: string | null;
  /** The postal (mailing) address, e.g. a Postbus; all null when it is the visiting address. */
  readonly mailAddressLine: string | null;
  readonly mailPostcode: string | null;
  readonly mailCity: string | null;
  readonly mailCountry: string | null;
  readonly kvk: string | null;
  readonly vat: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  /** The administration's contact person (Dutch name parts: voorletters, tussenvoegsel). */
  readonly contactFirstName: string | null;
  readonly contactInitials: string | null;
  readonly contactPrefix: string | null;
  readonly contactLastName: string | null;
};

export type PortalDomain = { readonly id: string; readonly name: string; readonly url: string | null };
export type PortalAdministration = {
  readonly id: string;
  readonly domainId: string;
  readonly name: string;
  readonly active: boolean;
  readonly profile: AdministrationProfile;
  /** Profile keys the read that produced this could not see: their null means unknown, not empty (none when absent). */
  readonly unknown?: readonly (keyof AdministrationProfile)[];
};

/**
 * Priority of a portal call: a person's approval never waits behind background work. `background` is low priority that may also use only a small share of a day's quota (caller-ID polling, product
 * decision 4: at most 5% of a Yuki domain's calls).
 */
export type CallPriority = 'high' | 'low' | 'background';

/** Per-call options of the portal target: priority decides who may spend the last calls of a day's quota. */
export type CallOptions = { readonly priority: CallPriority };

/**
 * A profile read before a write: `fields` names the profile fields about to be written, so a portal may skip a read
 * that returns none of them (absent: every field is read).
 */
export type ProfileReadOptions = CallOptions & { readonly fields?: readonly (keyof AdministrationProfile)[] };

/** Which administration: its domain is needed too, because the daily quota is counted per domain. */
export type AdministrationRef = { readonly domainId: string; readonly administrationId: string };

/** A portal contact GUID that has been checked; the only key crmhub ever writes a contact by. */
export type PortalContactId = string & { readonly __brand: 'PortalContactId' };

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks that a value is a GUID and brands it; null otherwise. */
export function parsePortalContactId(raw: string): PortalContactId | null {
  const v = raw.trim();
  return GUID_PATTERN.test(v) ? (v.toLowerCase() as PortalContactId) : null;
}

export const portalContactTypes = ['person', 'company'] as const;
export type PortalContactType = (typeof portalContactTypes)[number];

/** The writable text fields of a portal contact (null clears a field). */
export const portalContactFields = [
  'code',
  'name',
  'firstName',
  'middleName',
  'lastName',
  'addressLine1',
  'addressLine2',
  'postcode',
  'city',
  'country',
  'mailAddressLine1',
  'mailAddressLine2',
  'mailPostcode',
  'mailCity',
  'phoneHome',
  'phoneWork',
  'mobileHome',
  'mobileWork',
  'emailHome',
  'emailWork',
  'website',
  'vatNumber',
  'cocNumber',
] as const;
export type PortalContactField = (typeof portalContactFields)[number];

/** A contact in a portal domain (a Yuki customer/supplier company or person), values as saved there. */
export type PortalContact = { readonly [K in PortalContactField]: string | null } & {
  readonly id: PortalContactId;
  readonly domainId: string;
  readonly type: PortalContactType;
  /** The company's main contact person (a person contact's GUID). */
  readonly mainContactPersonId: string | null;
  readonly tags: readonly string[];
  /** ISO 8601 UTC. */
  readonly createdAt: string | null;
  readonly modifiedAt: string | null;
};

/**
 * A change to one existing contact. `id` is required by design: without it Yuki matches by Code or by name, and
 * creates a new contact when nothing matches (docs/external-systems/yuki.md#update-contact), which crmhub must never do.
 */
export type PortalContactUpdate = {
  readonly id: PortalContactId;
  readonly type: PortalContactType;
  readonly fields: { readonly [K in PortalContactField]?: string | null };
};

/** What the portal said about a written contact. */
export type PortalContactReceipt = {
  readonly id: PortalContactId;
  readonly message: string;
  readonly timestamp: string | null;
};

export const portalSearchFields = [
  'all',
  'name',
  'city',
  'postcode',
  'tag',
  'email',
  'website',
  'phone',
  'code',
  'cocNumber',
  'vatNumber',
  'bankAccount',
] as const;
export type PortalSearchField = (typeof portalSearchFields)[number];

/** A contact search: substring `value` in `field` (all contacts when value is empty), modified after an instant. */
export type PortalContactQuery = {
  readonly field?: PortalSearchField;
  readonly value?: string;
  /** ISO 8601 instant; only contacts modified strictly after it (second precision). */
  readonly modifiedAfter?: string | null;
  readonly active?: 'both' | 'active' | 'inactive';
};

/** How much of a domain's daily call quota is left for crmhub today. */
export type QuotaStatus = {
  readonly scope: string;
  readonly day: string;
  readonly used: number;
  readonly limit: number;
  /** Calls low-priority work may still make (the reserve is kept for high-priority ones). */
  readonly remainingLow: number;
  readonly remainingHigh: number;
  /** The portal itself refused: nothing more today. */
  readonly exhausted: boolean;
  /** The share of the day's calls background work may use, and how much of it is used. */
  readonly background?: { readonly used: number; readonly limit: number };
};

/** The accountant portal (Yuki) that the sync writes to: domains, administration profiles, contacts. */
export interface PortalTarget {
  readonly id: SystemId;
  /** Checks the credentials with a real, cheap call. */
  verify(opts: CallOptions): ConnectorResult<void>;
  listDomains(opts: CallOptions): ConnectorResult<readonly PortalDomain[]>;
  /** Every administration the credentials reach, with its profile. */
  listAdministrations(opts: CallOptions): ConnectorResult<readonly PortalAdministration[]>;
  readProfile(ref: AdministrationRef, opts: CallOptions): ConnectorResult<PortalAdministration>;
  /**
   * The profile as read just before `writeProfile`, through the same (possibly undocumented) API as that write, so
   * that the stale guard sees the fields it writes. Absent: `readProfile` is used.
   */
  readProfileForWrite?(ref: AdministrationRef, opts: ProfileReadOptions): ConnectorResult<PortalAdministration>;
  /**
   * Reads several administrations as `readProfile` (or, with `forWrite`, `readProfileForWrite`) would one by one,
   * making a call that answers for all of them once (a bulk link reads a chunk so); one result per ref, in order.
   */
  readProfiles(
    refs: readonly AdministrationRef[],
    opts: CallOptions & { readonly forWrite: boolean },
  ): Promise<readonly Result<PortalAdministration, ConnectorError>[]>;
  /** Writes the given profile fields (others unchanged) and returns the administration as the portal now has it. */
  writeProfile(
    ref: AdministrationRef,
    changes: Partial<AdministrationProfile>,
    opts: CallOptions,
  ): ConnectorResult<PortalAdministration>;
  /** Streams matching contacts of a domain page by page, to the last page. */
  searchContacts(
    domainId: string,
    query: PortalContactQuery,
    opts: CallOptions,
  ): AsyncIterable<Result<Page<PortalContact>, ConnectorError>>;
  /** Reads one contact by GUID; `not_found` when the domain has none with that id. */
  readContact(domainId: string, id: PortalContactId, opts: CallOptions): ConnectorResult<PortalContact>;
  /** Updates one existing contact by GUID; never creates one (`not_found` when the GUID is unknown). */
  writeContact(domainId: string, update: PortalContactUpdate, opts: CallOptions): ConnectorResult<PortalContactReceipt>;
  /** Today's quota position of a domain (no call is made). */
  quota(domainId: string): Promise<QuotaStatus>;
}

/** Identifies one day's counter: a system, a quota scope (a Yuki domain) and the scope's local calendar day. */
export type QuotaKey = { readonly system: SystemId; readonly scope: string; readonly day: string };

/** The ceiling of a reservation: `limit` for high priority, `limit - reserve` for low. */
export type QuotaRule = { readonly limit: number; readonly reserve: number; readonly priority: CallPriority };

export type QuotaDecision =
  | { readonly granted: true; readonly used: number }
  | { readonly granted: false; readonly used: number; readonly reason: 'exhausted' | 'reserved' };

/**
 * Counts calls against daily quotas. Implementations must make `reserve` atomic (check and count in one step, e.g.
 * one `INSERT … ON CONFLICT DO UPDATE … WHERE used < ceiling RETURNING used` in PostgreSQL), so that several workers
 * sharing a domain never overspend it. All methods are async so a database-backed ledger fits.
 */
export interface QuotaLedger {
  /** Counts one call unless the rule's ceiling is reached (or the day was marked exhausted). */
  reserve(key: QuotaKey, rule: QuotaRule): Promise<QuotaDecision>;
  /** The system itself refused for the day: no more calls for this key, whatever the count says. */
  markExhausted(key: QuotaKey): Promise<void>;
  usage(key: QuotaKey): Promise<{ readonly used: number; readonly exhausted: boolean }>;
}
