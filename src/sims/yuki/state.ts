/** In-memory store of the Yuki simulator: portal, domains, administrations, contacts, credentials, sessions, quota. */
import { randomUUID } from 'node:crypto';

import { DomainContacts } from './contacts.js';
import { dayKey } from './dates.js';

import type { SimContact } from './contacts.js';
import type { YukiSimOptions } from './options.js';

export type SimPortal = { id: string; name: string };
/** `seedIndex` is the firm number a seeded domain was generated from (null when created via the admin API). */
export type SimDomain = { id: string; portalId: string; name: string; url: string; seedIndex: number | null };

/** An administration (a set of books); the REST Platform API calls the same record a company (docs/external-systems/yuki.md#platform-api). */
export type SimAdministration = {
  id: string;
  domainId: string;
  name: string;
  addressLine: string;
  postcode: string;
  city: string;
  country: string;
  cocNumber: string;
  vatNumber: string;
  startDate: string;
  active: boolean;
  internalCustomerCode: string;
  emailAddress: string;
  phone: string;
  website: string;
  legalForm: string;
  mailingAddressLine: string;
  mailingPostcode: string;
  mailingCity: string;
  mailingCountry: string;
  /** [I] docs/external-systems/yuki.md#platform-api, #crmhub-feature: the company's contact person; `contactMiddleName` is the tussenvoegsel (`MiddleName`, docs/external-systems/yuki.md#update-contact). */
  contactFirstName: string;
  contactInitials: string;
  contactMiddleName: string;
  contactLastName: string;
  modifiedAt: number;
};

/** What a credential reaches: the whole portal, or one domain of it (docs/external-systems/yuki.md#sessions key scopes). */
export type SimScope = { portalId: string; domainId: string | null };
export type SimAccessKey = { key: string; label: string } & SimScope;
export type SimUser = { userName: string; password: string } & SimScope;
/** A Platform API bearer token; `expiresAtMs` for one issued by Visma Connect (admin-issued ones never expire). */
export type SimPlatformToken = { token: string; portalId: string; expiresAtMs?: number | undefined };
export type SimSession = { id: string; scope: SimScope; currentDomainId: string | null; lastUsedAt: number };

export type QuotaCheck = { ok: true; used: number; limit: number } | { ok: false; used: number; limit: number };

/** Builds the seeded contacts of a domain the first time it is touched (keeps 100,000-domain start-up cheap). */
export type ContactFactory = (domain: SimDomain, store: DomainContacts) => void;

export class YukiState {
  readonly domains = new Map<string, SimDomain>();
  readonly administrations = new Map<string, SimAdministration>();
  readonly adminsByDomain = new Map<string, string[]>();
  private readonly domainList: SimDomain[] = [];
  private readonly adminList: SimAdministration[] = [];
  readonly accessKeys = new Map<string, SimAccessKey>();
  readonly users = new Map<string, SimUser>();
  readonly platformTokens = new Map<string, SimPlatformToken>();
  readonly sessions = new Map<string, SimSession>();
  readonly quotaLimits = new Map<string, number>();
  readonly calls = new Map<string, number>();
  /** Records changed since seeding: only these (plus credentials and quota) go into a snapshot. */
  readonly touchedAdministrations = new Set<string>();
  readonly createdDomains = new Set<string>();
  private readonly contacts = new Map<string, DomainContacts>();
  private readonly quota = new Map<string, { day: string; used: number }>();
  clockOffsetMs = 0;
  onChange: () => void = () => undefined;

  constructor(
    readonly portal: SimPortal,
    public options: YukiSimOptions,
    private readonly contactFactory: ContactFactory,
    private readonly baseClock: () => number = Date.now,
  ) {}

  now(): number {
    return this.baseClock() + this.clockOffsetMs;
  }

  addDomain(domain: SimDomain): void {
    if (!this.domains.has(domain.id)) this.domainList.push(domain);
    else this.domainList[this.domainList.findIndex((d) => d.id === domain.id)] = domain;
    this.domains.set(domain.id, domain);
  }

  addAdministration(admin: SimAdministration): void {
    const known = this.administrations.has(admin.id);
    this.administrations.set(admin.id, admin);
    if (known) {
      this.adminList[this.adminList.findIndex((a) => a.id === admin.id)] = admin;
      return;
    }
    this.adminList.push(admin);
    const list = this.adminsByDomain.get(admin.domainId);
    if (list) list.push(admin.id);
    else this.adminsByDomain.set(admin.domainId, [admin.id]);
  }

  /** Every administration in creation order (no copy: callers must not change the array). */
  allAdministrations(): readonly SimAdministration[] {
    return this.adminList;
  }

  /** The contacts of a domain, generated from the seed on first use. */
  contactsOf(domainId: string): DomainContacts | undefined {
    const existing = this.contacts.get(domainId);
    if (existing) return existing;
    const domain = this.domains.get(domainId);
    if (!domain) return undefined;
    const store = new DomainContacts(domainId);
    this.contacts.set(domainId, store);
    this.contactFactory(domain, store);
    store.dirty = false;
    return store;
  }

  /** Domains whose contacts were changed after seeding. */
  dirtyContactStores(): DomainContacts[] {
    return [...this.contacts.values()].filter((c) => c.dirty);
  }

  /** Replaces a domain's contact store wholesale (snapshot load). */
  restoreContacts(domainId: string, rows: readonly SimContact[]): void {
    const store = new DomainContacts(domainId);
    for (const c of rows) store.insert(c);
    store.dirty = true;
    this.contacts.set(domainId, store);
  }

  /** Domains a scope reaches, in seed order. */
  domainsIn(scope: SimScope): readonly SimDomain[] {
    if (scope.domainId !== null) {
      const d = this.domains.get(scope.domainId);
      return d ? [d] : [];
    }
    // One portal per simulator: a portal-wide scope is every domain (no copy, so paging stays cheap).
    return scope.portalId === this.portal.id ? this.domainList : [];
  }

  reaches(scope: SimScope, domainId: string): boolean {
    const d = this.domains.get(domainId);
    if (!d || d.portalId !== scope.portalId) return false;
    return scope.domainId === null || scope.domainId === domainId;
  }

  newSession(scope: SimScope): SimSession {
    // Idle sessions are dropped when next used; prune now and then so a long demo run does not pile them up.
    if (this.sessions.size >= 10_000) {
      const idleMs = this.options.sessionIdleMinutes * 60_000;
      for (const [id, s] of this.sessions) if (this.now() - s.lastUsedAt >= idleMs) this.sessions.delete(id);
    }
    const s: SimSession = { id: randomUUID(), scope, currentDomainId: scope.domainId, lastUsedAt: this.now() };
    this.sessions.set(s.id, s);
    return s;
  }

  /** A live session (touching it), or null when unknown or idle for too long ([I] docs/external-systems/yuki.md#sessions). */
  useSession(id: string): SimSession | null {
    const s = this.sessions.get(id.trim().toLowerCase());
    if (!s) return null;
    const now = this.now();
    if (now - s.lastUsedAt >= this.options.sessionIdleMinutes * 60_000) {
      this.sessions.delete(s.id);
      return null;
    }
    s.lastUsedAt = now;
    return s;
  }

  dailyLimit(domainId: string): number {
    return this.quotaLimits.get(domainId) ?? this.options.dailyCallLimit;
  }

  quotaUsage(domainId: string): { day: string; used: number; limit: number } {
    const day = dayKey(this.now(), this.options.quotaTimeZone);
    const q = this.quota.get(domainId);
    return { day, used: q && q.day === day ? q.used : 0, limit: this.dailyLimit(domainId) };
  }

  /** Counts one call against a domain's daily quota, refusing it when the day's calls are used up (docs/external-systems/yuki.md#quota). */
  spendCall(domainId: string): QuotaCheck {
    const { day, used, limit } = this.quotaUsage(domainId);
    if (used >= limit) return { ok: false, used, limit };
    this.quota.set(domainId, { day, used: used + 1 });
    this.onChange();
    return { ok: true, used: used + 1, limit };
  }

  /** Sets today's count (admin API: "this domain already used N calls"). */
  setQuotaUsed(domainId: string, used: number): void {
    this.setQuotaUsedOn(domainId, dayKey(this.now(), this.options.quotaTimeZone), used);
  }

  setQuotaUsedOn(domainId: string, day: string, used: number): void {
    this.quota.set(domainId, { day, used });
  }

  quotaEntries(): [string, { day: string; used: number }][] {
    return [...this.quota.entries()];
  }

  countCall(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
}
