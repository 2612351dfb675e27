/** One external system as the app sees it: its manifest plus a factory for each role it plays (all optional). */
import { ok } from '../../core/result.js';

import type {
  ConnectorError,
  Cursor,
  Page,
  PhoneRecord,
  PortalTarget,
  QuotaLedger,
  RecordSource,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpOptions } from './http.js';
import type { ConnectorManifest } from './manifest.js';
import type { OAuthClientConfig, TokenStore } from './oauth2.js';
import type { OutboundPolicy } from './outbound-policy.js';
import type { SessionPool } from './session-pool.js';

/** What the phone index needs from a connection: every phone record, or those changed since a cursor, page by page. */
export type PhoneSource = {
  phoneRecords(cursor: Cursor | null): AsyncIterable<Result<Page<PhoneRecord>, ConnectorError>>;
};

/** What a portal target is built with besides its settings: the app's clock and quota ledger, and where it lives. */
export type PortalTargetDeps = {
  readonly clock: () => Date;
  /** Shared by every crmhub instance (PostgreSQL), so several workers never overspend a daily quota. */
  readonly ledger: QuotaLedger;
  /** The connection's environment URL (a simulator, another region); null for the system's default. */
  readonly baseUrl: string | null;
  readonly http?: HttpOptions;
  /** The connection's OAuth grant (systems with an `oauth` role); absent while the connection is only being checked. */
  readonly grant?: { readonly tokenStore: TokenStore; readonly grantId: string };
  /** The process's login sessions, so the connectors built per job share one (absent: each keeps its own). */
  readonly sessions?: SessionPool;
};

/**
 * One stored connection, handed to a phone-source factory by the app. The other roles of the connection come
 * ready-built (the way the sync builds them), so a CRM or a portal only says which one its numbers come from.
 */
export type PhoneSourceContext = {
  readonly connectionId: string;
  readonly baseUrl: string | null;
  /** The stored credentials, decrypted and parsed; null once disconnected. Throws when they cannot be read. */
  readonly credentials: () => unknown;
  /** The token-store key of the connection's OAuth grant. */
  readonly grantId: string;
  readonly tokenStore: TokenStore;
  readonly clock: () => Date;
  /** Which addresses the source may call (the app's configuration). */
  readonly outbound: OutboundPolicy;
  readonly recordSource: () => Promise<Result<RecordSource, ConnectorError>>;
  readonly portalTarget: () => Promise<Result<PortalTarget, ConnectorError>>;
  /** The portal domains whose contacts an administrator selected for caller ID (none by default). */
  readonly contactDomains: () => Promise<readonly string[]>;
};

export type PhoneSourceRole = {
  /** Incremental index runs this often (full reloads are daily for every source). */
  readonly pollMs: number;
  create(context: PhoneSourceContext): Promise<Result<PhoneSource, ConnectorError>>;
};

/** Header values as Node gives them (lower-case names). */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * What a verified webhook hints at: re-read these records by id (and, with `poll`, also run an incremental read), or
 * only look for changes with an incremental read.
 */
export type WebhookHint =
  | { readonly kind: 'records'; readonly recordIds: readonly string[]; readonly poll: boolean }
  | { readonly kind: 'changes' };

export type WebhookVerifier = {
  /** True when the signature in the headers matches the exact raw bytes under the connection's webhook secret. */
  verify(rawBody: Buffer, headers: WebhookHeaders, secret: string): boolean;
  /** The hint a verified body carries, whatever its shape (a body it cannot read hints at changes). */
  hint(rawBody: Buffer): WebhookHint;
};

export type OAuthRole = {
  /** The OAuth client of a stored connection, from its decrypted credentials and environment URL. */
  clientConfig(
    credentials: unknown,
    baseUrl: string | null,
    outbound?: OutboundPolicy,
  ): Result<OAuthClientConfig, ConnectorError>;
};

/**
 * A CRM without a pull API: its records arrive through crmhub's push API or file import and crmhub keeps their last
 * state, which the app reads as the system's record source (docs/intake.md).
 */
export type IntakeRole = {
  /** Whom the firm asks to set up the push (the CRM's vendor); null for a CRM crmhub does not name. */
  readonly vendor: string | null;
};

/** The one object `src/adapters/<system>/index.ts` exports; `src/adapters/registry.ts` lists them, one line each. */
export type SystemDefinition = {
  readonly manifest: ConnectorManifest;
  /** The short name pop-ups and source lists show (e.g. "AccountView"); the manifest's display name when absent. */
  readonly shortName?: string;
  /** A CRM record source from stored settings (`baseUrl`, `apiKey`, `apiSecret`, `webhookSecret`), validated here. */
  readonly recordSource?: (settings: unknown, http?: HttpOptions) => Result<RecordSource, ConnectorError>;
  /** The portal the sync writes to, from stored settings. */
  readonly portalTarget?: (settings: unknown, deps: PortalTargetDeps) => Result<PortalTarget, ConnectorError>;
  /** Where the caller-ID phone index reads this system's numbers. */
  readonly phoneSource?: PhoneSourceRole;
  /** Checks inbound webhooks of the system and reads their hints. */
  readonly webhookVerifier?: WebhookVerifier;
  /** The system is connected with an OAuth grant, whose tokens the app keeps fresh. */
  readonly oauth?: OAuthRole;
  /** The system's records are pushed to crmhub or imported from files (it has no record source of its own). */
  readonly intake?: IntakeRole;
};

/** The default poll interval of incremental index runs. */
export const DEFAULT_PHONE_POLL_MS = 5 * 60_000;

/** A CRM's numbers come from its record source (the connection the sync reads). */
export const phonesFromRecordSource: PhoneSourceRole = {
  pollMs: DEFAULT_PHONE_POLL_MS,
  async create(context) {
    const source = await context.recordSource();
    if (!source.ok) return source;
    return ok({ phoneRecords: (cursor) => source.value.phoneRecords(cursor) });
  },
};
