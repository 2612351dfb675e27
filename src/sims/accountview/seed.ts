/** Deterministic AccountView data from a seed: one admin user, ondernemingen, debtors/creditors, delivery addresses. */
import { generateCompany } from '../shared/dutch-data.js';
import { createRng, mixSeed } from '../shared/random.js';

import type { FakeCompany } from '../shared/dutch-data.js';
import type { Rng } from '../shared/random.js';
import type { AccountViewState, SimApp, SimCompany, SimUser } from './state.js';
import type { CompanyTables, ContactKind, Row } from './tables.js';

export type AccountViewSeedInput = {
  seed: number;
  /** Relations (debtors + creditors) per company. */
  orgs: number;
  /** Number of ondernemingen (default 1). */
  companies?: number | undefined;
  /** Share of `orgs` that are creditors (default 0.2). */
  creditorShare?: number | undefined;
  /** Registers an app with these credentials and adds it as restricted app for the seeded user. */
  app?: { clientId?: string | undefined; clientSecret?: string | undefined; redirectUris: string[] } | undefined;
};

export type AccountViewSeedResult = { user: SimUser; companies: SimCompany[]; app: SimApp | null };

const SEED_EPOCH = Date.UTC(2015, 0, 1);
const SEED_SPAN_MS = Date.UTC(2025, 0, 1) - SEED_EPOCH;
const DEALER_PHONE = '030 247 7711';

/** A GUID derived from the seed, so company ids survive restarts and snapshots. */
export function seededGuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = ((rng.int(0, 3) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A CONTACT row (AR1/AP1) as AccountView returns it: UPPERCASE fields, values as typed. */
export function contactRow(f: FakeCompany, subNr: string, kind: ContactKind, rng: Rng, ids: number): Row {
  const inp = SEED_EPOCH + Math.floor(rng.next() * SEED_SPAN_MS * 0.8);
  const cng = inp + Math.floor(rng.next() * (SEED_EPOCH + SEED_SPAN_MS - inp));
  const mainCont = [f.contact.firstName, f.contact.prefix, f.contact.lastName].filter((p) => p !== '').join(' ');
  return {
    SUB_NR: subNr,
    ACCT_NAME: f.name.slice(0, 40),
    SRC_CODE: f.name
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 10)
      .toUpperCase(),
    ACCT_NR: kind === 'debtor' ? '1300' : '1600',
    MAIN_CONT: mainCont.slice(0, 40),
    MC_MAILB: f.contact.email.slice(0, 50),
    TEL_BUS: f.phone.slice(0, 20),
    TEL_MOB: rng.chance(0.7) ? f.contact.mobile.slice(0, 20) : '',
    FAX_BUS: rng.chance(0.1) ? f.contact.phone.slice(0, 20) : '',
    CHN_TEL: rng.chance(0.05) ? DEALER_PHONE : '',
    MAIL_BUS: f.email.slice(0, 50),
    WWW_URL: f.website.slice(0, 60),
    COC_CODE: f.kvk,
    VAT_NR: f.vat,
    ADDRESS1: `${f.street} ${f.houseNumber}`,
    ST_STREET: f.street,
    ST_NR: f.houseNumber,
    POST_CODE: f.postcode,
    CITY: f.city,
    COUNTRY: 'Nederland',
    CNT_CODE: f.country,
    REC_BLK: rng.chance(0.02),
    INP_DATE: stamp(inp),
    INP_USR: 'ADMIN',
    CNG_DATE: stamp(cng),
    CNG_NR: rng.int(0, 12),
    CNG_USR: 'ADMIN',
    EXT_KEY: ids,
    CONTACT_Id: ids,
  };
}

/** Loads one company's debtors (the first `debtors` of `orgs`), creditors and some delivery addresses. */
function seedCompanyContacts(tables: CompanyTables, companySeed: number, orgs: number, debtors: number): void {
  const debtorRows: Row[] = [];
  const creditorRows: Row[] = [];
  const addressRows: Row[] = [];
  for (let i = 0; i < orgs; i++) {
    const kind: ContactKind = i < debtors ? 'debtor' : 'creditor';
    const f = generateCompany(companySeed, i);
    const r = createRng(mixSeed(companySeed, i + 0x5eed));
    const subNr = kind === 'debtor' ? String(100_001 + i) : String(900_001 + i - debtors);
    const row = contactRow(f, subNr, kind, r, i + 1);
    (kind === 'debtor' ? debtorRows : creditorRows).push(row);
    if (kind === 'debtor' && r.chance(0.1)) {
      addressRows.push({
        REC_ID: String(addressRows.length + 1),
        SUB_NR: subNr,
        ADDR_CODE: 'AFL1',
        ACCT_NAME: row['ACCT_NAME'] ?? null,
        ADDRESS1: `${f.street} ${String(r.int(1, 300))}`,
        POST_CODE: f.postcode,
        CITY: f.city,
        CNT_CODE: 'NL',
        TEL_BUS: '',
        CNG_DATE: row['CNG_DATE'] ?? null,
      });
    }
  }
  tables.contacts.load(debtorRows, 'debtor');
  tables.contacts.load(creditorRows, 'creditor');
  tables.addresses.load(addressRows);
}

/** Seeds `state` deterministically. Existing data of the same ids is replaced. */
export function seedAccountView(state: AccountViewState, input: AccountViewSeedInput): AccountViewSeedResult {
  const rng = createRng(mixSeed(input.seed, 0x0a7c));
  const companyCount = input.companies ?? 1;
  const creditors = Math.floor(input.orgs * (input.creditorShare ?? 0.2));
  const debtors = input.orgs - creditors;

  const owner = generateCompany(input.seed, 10_000_000).contact;
  const userId = seededGuid(rng);
  const app =
    input.app === undefined
      ? null
      : state.addApp({
          name: 'crmhub',
          clientId: input.app.clientId ?? seededGuid(rng),
          clientSecret: input.app.clientSecret ?? seededGuid(rng).replaceAll('-', ''),
          redirectUris: input.app.redirectUris,
        });

  const companies: SimCompany[] = [];
  for (let c = 0; c < companyCount; c++) {
    const profile = generateCompany(input.seed, 20_000_000 + c);
    companies.push(
      state.addCompany({
        id: seededGuid(rng),
        code:
          profile.name
            .replace(/[^A-Za-z]/g, '')
            .slice(0, 6)
            .toUpperCase() || `ADM${String(c + 1)}`,
        description: profile.name,
        createdAt: stamp(SEED_EPOCH + c * 86_400_000).slice(0, 10),
        users: [userId],
        bookYears: [2024, 2025],
        blocked: false,
      }),
    );
  }

  const user = state.addUser({
    id: userId,
    login: owner.email,
    name: `${owner.firstName} ${[owner.prefix, owner.lastName].filter((p) => p !== '').join(' ')}`,
    email: owner.email,
    restrictedApps: app === null ? [] : [app.clientId],
    serverAccess: true,
    groups: ['Boekhouding'],
    administrations: companies.map((c) => c.id),
  });
  state.sessionUserId = user.id;

  companies.forEach((company, c) => {
    const tables = state.tablesOf(company.id);
    if (tables === undefined) return;
    seedCompanyContacts(tables, mixSeed(input.seed, c + 1), input.orgs, debtors);
  });
  state.changed();
  return { user, companies, app };
}
