/** Kysely table types (snake_case rows) for every table the migrations create. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type PortalsTable = { id: Generated<string>; name: string; created_at: Timestamp };

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
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Timestamp;
  last_login_at: Date | null;
};

export type UserDomainsTable = { user_id: string; domain_id: string };

export type SessionsTable = {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
};

export type LoginAttemptsTable = {
  id: Generated<string>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
};

export type Database = {
  portals: PortalsTable;
  domains: DomainsTable;
  administrations: AdministrationsTable;
  users: UsersTable;
  user_domains: UserDomainsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
};
