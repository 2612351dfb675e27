/** Kysely table types (snake_case rows) for every table the migrations create. */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { SsoProviderKind } from '../../contract/sso.contract.js';
import type { RunFailure } from '../../core/connector.js';
import type { CallEventSource } from '../../core/model.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type PortalsTable = {
  id: Generated<string>;
  name: string;
  approval_policy: Generated<'all' | 'legal_vat' | 'none'>;
  write_mode: Generated<'assisted' | 'automatic'>;
  created_at: Timestamp;
};

export type DomainsTable = {
  id: Generated<string>;
  portal_id: string;
  external_id: string;
  name: string;
  url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type AdministrationsTable = {
  id: Generated<string>;
  domain_id: string;
  external_id: string;
  name: string;
  active: Generated<boolean>;
  profile: Json<Record<string, string | null>>;
  /** The profile's KvK and VAT numbers in canonical form (null when invalid), kept by PostgreSQL for suggestions. */
  kvk_key: GeneratedAlways<string | null>;
  vat_key: GeneratedAlways<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export const userRoles = ['portal_admin', 'employee'] as const;
export type UserRole = (typeof userRoles)[number];

export type UsersTable = {
  id: Generated<string>;
  portal_id: string;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
  created_at: Timestamp;
  last_login_at: Date | null;
  active: Generated<boolean>;
  all_domains: Generated<boolean>;
  must_change_password: Generated<boolean>;
  temporary_password_expires_at: Date | null;
};

export type UserDomainsTable = { user_id: string; domain_id: string };

export type SessionsTable = {
  id: Generated<string>;
  token_hash: string;
  user_agent: string | null;
  user_id: string;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
};

export type LoginAttemptsTable = {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
};

export type LoginThrottleTable = {
  key: string;
  attempts: number;
  window_started_at: Date;
};

export type ConnectionRole = 'crm' | 'portal_target' | 'callerid_source';
export type ConnectionStatus = 'active' | 'needs_reconnect' | 'disconnected';

export type ConnectionsTable = {
  id: Generated<string>;
  portal_id: string;
  role: ConnectionRole;
  system: string;
  status: Generated<ConnectionStatus>;
  base_url: string | null;
  credentials_enc: string | null;
  poll_interval_seconds: Generated<number>;
  cursor: string | null;
  last_run_at: Date | null;
  last_success_at: Date | null;
  next_run_at: Date | null;
  last_reconcile_at: Date | null;
  last_error: string | null;
  /** Why the last run failed, as codes (core/connector.ts RunFailure); null when it did not. */
  last_failure: Json<RunFailure> | null;
  last_error_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  disconnected_at: Date | null;
};

export type CrmOrganizationsTable = {
  connection_id: string;
  external_id: string;
  name: string | null;
  kvk: string | null;
  vat: string | null;
  field_values: Json<Record<string, string | null>>;
  source_updated_at: string | null;
  deep_link: string | null;
  deleted: Generated<boolean>;
  seen_at: Timestamp;
};

export type AdministrationLinksTable = {
  administration_id: string;
  connection_id: string;
  crm_external_id: string;
  mode: 'automatic' | 'manual';
  baseline: Json<Record<string, string | null>>;
  /** The fields the CRM held a value for at its last read since the link (an empty one then is a clear). */
  crm_held: ColumnType<string[], string | undefined, string>;
  source_status: Generated<'ok' | 'deleted' | 'merged'>;
  linked_by: string | null;
  linked_at: Timestamp;
};

export type BulkLinkRunsTable = {
  id: Generated<string>;
  portal_id: string;
  requested_by: string | null;
  mode: 'automatic' | 'manual';
  created_at: Timestamp;
  finished_at: Timestamp | null;
};

export type BulkLinkItemsTable = {
  run_id: string;
  administration_id: string;
  crm_external_id: string;
  state: Generated<'pending' | 'linked' | 'skipped'>;
  reason: string | null;
};

export type ChangeHistoryEntry = { value: string | null; raw: string | null; at: string };

export type SyncChangesTable = {
  id: Generated<string>;
  administration_id: string;
  field: string;
  state: 'pending' | 'approved' | 'applied' | 'rejected' | 'conflict' | 'failed' | 'superseded';
  old_value: string | null;
  new_value: string | null;
  raw_value: string | null;
  invalid_reason: string | null;
  portal_value: string | null;
  history: Json<ChangeHistoryEntry[]>;
  source_external_id: string;
  priority: Generated<'high' | 'low'>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_error: string | null;
  /** Why the last write failed, as codes (core/connector.ts RunFailure); null when it did not. */
  last_failure: Json<RunFailure> | null;
  /** What a person must do about the last failure (core/sync/failure.ts `changeFailureCodes`); null: nothing specific. */
  last_error_code: string | null;
  detected_at: Timestamp;
  updated_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  applied_at: Date | null;
};

export type YukiTasksTable = {
  id: Generated<string>;
  change_id: string;
  administration_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  verifiable: boolean;
  state: Generated<'open' | 'mismatch' | 'verified' | 'done' | 'withdrawn'>;
  portal_value: string | null;
  created_at: Timestamp;
  checked_at: Date | null;
  closed_at: Date | null;
  closed_by: string | null;
};

export type FieldRejectionsTable = {
  administration_id: string;
  field: string;
  value: string | null;
  rejected_at: Timestamp;
};

export type AuditLogTable = {
  // bigserial; read as a JS number (see pool.ts).
  id: Generated<number>;
  portal_id: string;
  at: Timestamp;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  action: string;
  administration_id: string | null;
  change_id: string | null;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  reason_code: string | null;
  reason_params: ColumnType<Record<string, string | null>, string | undefined, string>;
  details: Json<Record<string, unknown>>;
};

export type QuotaUsageTable = {
  system: string;
  scope: string;
  day: string;
  used: Generated<number>;
  exhausted: Generated<boolean>;
};

export type CalleridContactDomainsTable = {
  connection_id: string;
  domain_external_id: string;
  selected_at: Generated<Date>;
};

export type OauthGrantsTable = {
  grant_id: string;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_type: string;
  scope: string | null;
  expires_at: Date | null;
  /** migrations/20261207050000_oauth_issued_at.sql */
  issued_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

// Signed webhook bodies seen recently (migrations/20261207051000_webhook_receipts.sql).
export type WebhookReceiptsTable = {
  connection_id: string;
  body_sha256: string;
  received_at: Date;
};

// Caller ID (migrations/20261122160000_callerid.sql).
export type OauthAttemptsTable = {
  id: Generated<string>;
  portal_id: string;
  system: string;
  state_hash: string;
  payload_enc: string | null;
  user_id: string | null;
  expires_at: Date;
  used_at: Date | null;
  outcome: 'connected' | 'failed' | null;
  message: string | null;
  reason: string | null;
  // Rows written before field problems had codes hold { field, message } only (see toAttempt).
  field_errors: Json<
    { field: string; code?: string; params?: Record<string, string | number>; message: string }[]
  > | null;
  connection_id: string | null;
  created_at: Timestamp;
};

export type SsoProvider = SsoProviderKind;

export type PortalSsoTable = {
  portal_id: string;
  enabled: boolean;
  provider: SsoProvider;
  tenant_id: string | null;
  issuer_url: string | null;
  client_id: string;
  client_secret_enc: string;
  allow_password_login: boolean;
  updated_at: Timestamp;
  updated_by: string | null;
};

export type PhoneIndexSourcesTable = {
  connection_id: string;
  cursor: string | null;
  generation: Generated<number>;
  lease_until: Date | null;
  last_full_at: Date | null;
  last_incremental_at: Date | null;
  last_error: string | null;
  /** Why the last index run failed, as codes (core/connector.ts RunFailure); null when it did not. */
  last_failure: Json<RunFailure> | null;
  last_error_at: Date | null;
};

export type PhoneIndexTable = {
  connection_id: string;
  record_kind: string;
  record_id: string;
  field: string;
  source: string;
  e164: string;
  tail: string;
  reversed: string;
  raw: string;
  extension: string | null;
  mobile: Generated<boolean>;
  personal: boolean;
  name: string;
  company: string | null;
  company_id: string | null;
  kvk: string | null;
  relation_number: string | null;
  deep_link: string | null;
  source_updated_at: string | null;
  generation: Generated<number>;
};

export type PhoneIndexSkipsTable = {
  connection_id: string;
  record_kind: string;
  record_id: string;
  field: string;
  raw: string;
  reason: string;
  name: string;
  company_id: string | null;
  deep_link: string | null;
  generation: Generated<number>;
};

export type CalleridAssignmentsTable = {
  connection_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
};

export type UserPhonesTable = {
  id: Generated<string>;
  user_id: string;
  kind: 'extension' | 'number';
  value: string;
  raw: string;
  created_at: Timestamp;
};

export type PbxIntegrationsTable = {
  id: Generated<string>;
  portal_id: string;
  name: string;
  token_hash: string | null;
  webhook_secret_enc: string | null;
  created_at: Timestamp;
  rotated_at: Date | null;
  revoked_at: Date | null;
  last_event_at: Date | null;
  allowed_senders: Generated<string[]>;
};

export type CallsTable = {
  id: Generated<string>;
  portal_id: string;
  pbx_integration_id: string;
  call_id: string;
  source: CallEventSource;
  direction: 'in' | 'out';
  state: 'ringing' | 'answered' | 'ended';
  state_rank: number;
  external_raw: string;
  external_e164: string | null;
  callee_raw: string;
  extension: string | null;
  result: string;
  ambiguous: Generated<boolean>;
  best_kind: string | null;
  match_count: Generated<number>;
  best_name: string | null;
  best_company: string | null;
  best_source: string | null;
  matches: Json<unknown[]>;
  started_at: ColumnType<Date, Date | string, Date | string>;
  answered_at: Date | null;
  ended_at: Date | null;
  updated_at: Timestamp;
};

export type CallRecipientsTable = {
  call_pk: string;
  user_id: string;
  started_at: ColumnType<Date, Date | string, Date | string>;
  result: string;
  match_count: number;
  best_name: string | null;
  best_company: string | null;
  popup: Json<unknown> | null;
};

export type CalleridStreamsTable = { user_id: string; last_seq: number };

export type CalleridEventsTable = {
  user_id: string;
  seq: number;
  call_pk: string | null;
  kind: string;
  payload: Json<unknown>;
  created_at: Timestamp;
};

export type SyncLeasesTable = {
  connection_id: string;
  kind: 'incremental' | 'full';
  holder: string;
  until: Date;
};

export type InstallationTable = {
  id: Generated<boolean>;
  key_check: string;
  created_at: Generated<Date>;
};

// Intake (migrations/20261208030000_intake.sql, docs/intake.md).
export type IntakeSourcesTable = {
  connection_id: string;
  portal_id: string;
  name: string;
  api_key_hash: string | null;
  api_key_prefix: string;
  secret_hash: string | null;
  secret_enc: string | null;
  created_at: Timestamp;
  rotated_at: Date | null;
  last_batch_at: Date | null;
};

export type IntakeRecordsTable = {
  connection_id: string;
  external_id: string;
  /** JSON text on insert; the parsed object on select. */
  record: Json<unknown>;
  changed_at: Date;
};

export type IntakeRequestsTable = {
  connection_id: string;
  idempotency_key: string;
  body_sha256: string;
  response: Json<unknown>;
  created_at: Date;
};

export type IntakeSignaturesTable = { connection_id: string; signature: string; seen_at: Date };

export type IntakeRateTable = { connection_id: string; window_start: Date; requests: number };

// File import mapping per intake source (migrations/20261208040000_intake_mappings.sql, docs/intake-files.md).
export type IntakeMappingsTable = {
  connection_id: string;
  mapping: Json<unknown>;
  preset: string | null;
  updated_at: Date;
};
export type IntakeFolderStatusTable = {
  connection_id: string;
  state: 'imported' | 'rejected' | 'mapping_missing';
  file_name: string;
  detail: Json<unknown>;
  at: Date;
};

export type Database = {
  installation: InstallationTable;
  portals: PortalsTable;
  domains: DomainsTable;
  administrations: AdministrationsTable;
  users: UsersTable;
  user_domains: UserDomainsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  login_throttle: LoginThrottleTable;
  connections: ConnectionsTable;
  crm_organizations: CrmOrganizationsTable;
  administration_links: AdministrationLinksTable;
  bulk_link_runs: BulkLinkRunsTable;
  bulk_link_items: BulkLinkItemsTable;
  sync_changes: SyncChangesTable;
  yuki_tasks: YukiTasksTable;
  field_rejections: FieldRejectionsTable;
  audit_log: AuditLogTable;
  quota_usage: QuotaUsageTable;
  oauth_grants: OauthGrantsTable;
  webhook_receipts: WebhookReceiptsTable;
  callerid_contact_domains: CalleridContactDomainsTable;
  oauth_attempts: OauthAttemptsTable;
  portal_sso: PortalSsoTable;
  phone_index_sources: PhoneIndexSourcesTable;
  sync_leases: SyncLeasesTable;
  phone_index: PhoneIndexTable;
  phone_index_skips: PhoneIndexSkipsTable;
  callerid_assignments: CalleridAssignmentsTable;
  user_phones: UserPhonesTable;
  pbx_integrations: PbxIntegrationsTable;
  calls: CallsTable;
  call_recipients: CallRecipientsTable;
  callerid_streams: CalleridStreamsTable;
  callerid_events: CalleridEventsTable;
  intake_sources: IntakeSourcesTable;
  intake_records: IntakeRecordsTable;
  intake_requests: IntakeRequestsTable;
  intake_signatures: IntakeSignaturesTable;
  intake_rate: IntakeRateTable;
  intake_mappings: IntakeMappingsTable;
  intake_folder_status: IntakeFolderStatusTable;
};
