/** In-memory store of the AccountView.net simulator: apps, users, companies with their records, grants and tokens. */
import { randomBytes, randomUUID } from 'node:crypto';

import { createCompanyTables } from './tables.js';

import type { CompanyTables, ContactKind, RecordTable, Row } from './tables.js';

/** An app registered under Ontwikkelaar > Applicatie toevoegen (docs/external-systems/accountview.md#registration): client id = API key, secret = API secret. */
export type SimApp = { clientId: string; clientSecret: string; name: string; redirectUris: string[] };

/** An AccountView user with the desktop-side settings the seed text lists as prerequisites. */
export type SimUser = {
  id: string;
  /** Login name (an e-mail address on AccountView.net). */
  login: string;
  name: string;
  /** E-mail address in Stamgegevens systeem > Gebruikers (F6); null when not entered. */
  email: string | null;
  /** Client ids added under Accountview.Net-apps > Beperkt toegankelijke app toevoegen. */
  restrictedApps: string[];
  /** Bewerken > Backoffice server-limitatie voor deze gebruiker toestaan. */
  serverAccess: boolean;
  /** Gebruikersgroepen, e.g. `Boekhouding`. */
  groups: string[];
  /** Company ids whose administration is entered for the user. */
  administrations: string[];
};

/** An onderneming: its users on AccountView.net, book years and the BLK flag. */
export type SimCompany = {
  id: string;
  code: string;
  description: string;
  createdAt: string;
  /** User ids linked to the company on AccountView.net (who may pick it after OAuth). */
  users: string[];
  bookYears: number[];
  blocked: boolean;
};

export type SimGrant = {
  id: string;
  clientId: string;
  userId: string;
  scope: string;
  createdAt: number;
  revokedAt: number | null;
  /** Successful refreshes, so tests can prove a rotating token was used exactly once. */
  refreshCount: number;
  reusedRefreshTokens: number;
};

export type SimCode = {
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  expiresAt: number;
  used: boolean;
  grantId: string | null;
};

export type SimToken = { grantId: string; expiresAt: number; used: boolean };

export type SimClock = () => Date;

/** Optional input fields (zod gives `T | undefined` for optional keys). */
type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/** A random opaque token. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The whole simulated AccountView.net. Nothing here speaks HTTP. */
export class AccountViewState {
  readonly apps = new Map<string, SimApp>();
  readonly users = new Map<string, SimUser>();
  readonly companies = new Map<string, SimCompany>();
  readonly tables = new Map<string, CompanyTables>();
  readonly grants = new Map<string, SimGrant>();
  readonly codes = new Map<string, SimCode>();
  readonly accessTokens = new Map<string, SimToken>();
  readonly refreshTokens = new Map<string, SimToken>();
  /** The user "logged in" in the simulated browser; the authorize page acts as this user. */
  sessionUserId: string | null = null;
  /** Set by the admin API; overrides the `autoConsent` option when not null. */
  autoConsent: boolean | null = null;
  /** Added to the base clock by the admin API (`POST /__sim/clock`). */
  clockOffsetMs = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly baseClock: SimClock = () => new Date()) {}

  now(): Date {
    return new Date(this.baseClock().getTime() + this.clockOffsetMs);
  }

  nowMs(): number {
    return this.now().getTime();
  }

  /** Calls `fn` after every change (snapshots). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  changed(): void {
    for (const fn of this.listeners) fn();
  }

  /** Forgets everything (before a reseed); the clock offset and listeners stay. */
  reset(): void {
    for (const map of [this.apps, this.users, this.companies, this.tables, this.grants, this.codes]) map.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.sessionUserId = null;
    this.autoConsent = null;
    this.changed();
  }

  addApp(input: Loose<SimApp> & { redirectUris: string[] }): SimApp {
    const app: SimApp = {
      clientId: input.clientId ?? randomUUID(),
      clientSecret: input.clientSecret ?? newToken(24),
      name: input.name ?? 'crmhub',
      redirectUris: [...input.redirectUris],
    };
    this.apps.set(app.clientId, app);
    this.changed();
    return app;
  }

  addUser(input: Loose<SimUser> & { login: string }): SimUser {
    const user: SimUser = {
      id: input.id ?? randomUUID(),
      login: input.login,
      name: input.name ?? input.login,
      email: input.email === undefined ? input.login : input.email,
      restrictedApps: input.restrictedApps ?? [],
      serverAccess: input.serverAccess ?? true,
      groups: input.groups ?? ['Boekhouding'],
      administrations: input.administrations ?? [],
    };
    this.users.set(user.id, user);
    this.changed();
    return user;
  }

  addCompany(input: Loose<SimCompany> & { code: string; description: string }): SimCompany {
    const company: SimCompany = {
      id: input.id ?? randomUUID(),
      code: input.code,
      description: input.description,
      createdAt: input.createdAt ?? this.now().toISOString().slice(0, 10),
      users: input.users ?? [],
      bookYears: input.bookYears ?? [this.now().getUTCFullYear()],
      blocked: input.blocked ?? false,
    };
    this.companies.set(company.id, company);
    if (!this.tables.has(company.id)) this.tables.set(company.id, createCompanyTables());
    this.changed();
    return company;
  }

  tablesOf(companyId: string): CompanyTables | undefined {
    return this.tables.get(companyId);
  }

  /** Revokes a grant and every token issued for it. */
  revokeGrant(grantId: string): boolean {
    const grant = this.grants.get(grantId);
    if (grant === undefined) return false;
    grant.revokedAt ??= this.nowMs();
    this.dropTokensOf(grantId);
    this.changed();
    return true;
  }

  dropTokensOf(grantId: string): void {
    for (const [token, t] of this.accessTokens) if (t.grantId === grantId) this.accessTokens.delete(token);
    for (const [token, t] of this.refreshTokens) if (t.grantId === grantId) this.refreshTokens.delete(token);
  }

  /** Makes the grant's access tokens (and, when asked, refresh tokens) expired now. */
  expireTokens(grantId: string | null, opts: { refresh: boolean }): number {
    const past = this.nowMs() - 1;
    let n = 0;
    const expire = (map: Map<string, SimToken>): void => {
      for (const t of map.values()) {
        if (grantId !== null && t.grantId !== grantId) continue;
        t.expiresAt = Math.min(t.expiresAt, past);
        n += 1;
      }
    };
    expire(this.accessTokens);
    if (opts.refresh) expire(this.refreshTokens);
    this.changed();
    return n;
  }

  /** Companies a user reaches on AccountView.net (what `/companies` lists for a grant). */
  companiesOf(userId: string): SimCompany[] {
    return [...this.companies.values()].filter((c) => c.users.includes(userId));
  }

  toSnapshot(): AccountViewSnapshot {
    return {
      version: 1,
      apps: [...this.apps.values()],
      users: [...this.users.values()],
      companies: [...this.companies.values()].map((c) => {
        const t = this.tables.get(c.id);
        return { ...c, contacts: t?.contacts.dump() ?? [], addresses: t?.addresses.dump() ?? [] };
      }),
      grants: [...this.grants.values()],
      accessTokens: [...this.accessTokens.entries()],
      refreshTokens: [...this.refreshTokens.entries()],
      sessionUserId: this.sessionUserId,
    };
  }

  loadSnapshot(s: AccountViewSnapshot): void {
    for (const app of s.apps) this.apps.set(app.clientId, app);
    for (const user of s.users) this.users.set(user.id, user);
    for (const { contacts, addresses, ...company } of s.companies) {
      this.companies.set(company.id, company);
      const tables = createCompanyTables();
      loadDump(tables.contacts, contacts);
      loadDump(tables.addresses, addresses);
      this.tables.set(company.id, tables);
    }
    for (const grant of s.grants) this.grants.set(grant.id, grant);
    for (const [k, v] of s.accessTokens) this.accessTokens.set(k, v);
    for (const [k, v] of s.refreshTokens) this.refreshTokens.set(k, v);
    this.sessionUserId = s.sessionUserId;
  }
}

function loadDump(table: RecordTable, dump: readonly { row: Row; kind: ContactKind | null }[]): void {
  const byKind = new Map<ContactKind | null, Row[]>();
  for (const { row, kind } of dump) {
    const rows = byKind.get(kind);
    if (rows === undefined) byKind.set(kind, [row]);
    else rows.push(row);
  }
  for (const [kind, rows] of byKind) table.load(rows, kind);
}

export type AccountViewSnapshot = {
  version: 1;
  apps: SimApp[];
  users: SimUser[];
  companies: (SimCompany & {
    contacts: { row: Row; kind: ContactKind | null }[];
    addresses: { row: Row; kind: ContactKind | null }[];
  })[];
  grants: SimGrant[];
  accessTokens: [string, SimToken][];
  refreshTokens: [string, SimToken][];
  sessionUserId: string | null;
};
