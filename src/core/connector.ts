/** The ports every external system implements: record sources (CRM, AccountView) and the portal target (Yuki). */
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

/** A failure of an external call, with the system's own message kept for the user. */
export type ConnectorError = {
  readonly code: ConnectorErrorCode;
  /** The external system's own message (or ours when it gave none), shown to the user. */
  readonly message: string;
  readonly retryAfterMs?: number;
  /** Per-field problems for `rejected`. */
  readonly fieldErrors?: readonly { readonly field: string; readonly message: string }[];
};

export type ConnectorResult<T> = Promise<Result<T, ConnectorError>>;

export const connectorIds = ['simplicate', 'yuki', 'accountview', 'radar', 'visma_advisor', 'clientonline'] as const;
export type ConnectorId = (typeof connectorIds)[number];

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
  readonly source: ConnectorId;
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
  readonly id: ConnectorId;
  /** Checks the credentials with a real, cheap call. */
  verify(): ConnectorResult<void>;
  /** Streams companies modified since the cursor (all when null), page by page. */
  companies(cursor: Cursor | null): AsyncIterable<Result<Page<SourceCompany>, ConnectorError>>;
  /** Reads one company by its external id; `not_found` when deleted. */
  company(externalId: string): ConnectorResult<SourceCompany>;
  /** Streams every phone number the source holds (modified since the cursor when given). */
  phoneRecords(cursor: Cursor | null): AsyncIterable<Result<Page<PhoneRecord>, ConnectorError>>;
}

/** The profile of a Yuki administration that the sync writes. */
export type AdministrationProfile = {
  readonly name: string | null;
  readonly addressLine: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly country: string | null;
  readonly kvk: string | null;
  readonly vat: string | null;
  readonly email: string | null;
  readonly phone: string | null;
};

export type PortalDomain = { readonly id: string; readonly name: string; readonly url: string | null };
export type PortalAdministration = {
  readonly id: string;
  readonly domainId: string;
  readonly name: string;
  readonly active: boolean;
  readonly profile: AdministrationProfile;
};

/** Priority of a portal call: a person's approval never waits behind background work. */
export type CallPriority = 'high' | 'low';
