/** Deterministic Yuki data from a seed: one domain + administration per generated firm, contacts made lazily. */
import { generateCompany } from '../shared/dutch-data.js';
import { createRng, mixSeed } from '../shared/random.js';
import { emptyContact } from './contacts.js';
import { YukiState } from './state.js';

import type { FakeCompany } from '../shared/dutch-data.js';
import type { Rng } from '../shared/random.js';
import type { DomainContacts } from './contacts.js';
import type { YukiSimOptions } from './options.js';
import type { SimAdministration, SimDomain } from './state.js';

const KIND = { portal: 1, domain: 2, administration: 3, contact: 4, key: 5, token: 6 } as const;
// Contacts are other firms than the clients themselves: drawn from a separate stream of the same generator.
const CONTACT_STREAM = 0x5bd1e995;
const SEED_EPOCH = Date.UTC(2016, 0, 1);
const DAY = 86_400_000;

/** A GUID that depends only on (seed, kind, index). */
export function seededGuid(seed: number, kind: number, index: number): string {
  const base = mixSeed(mixSeed(seed, kind), index);
  const hex = (n: number): string => mixSeed(base, n).toString(16).padStart(8, '0');
  const h = hex(1) + hex(2) + hex(3) + hex(4);
  // Version 4 / variant bits so it looks like the GUIDs Yuki returns.
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const BANKS = ['INGB', 'RABO', 'ABNA', 'TRIO', 'SNSB', 'ASNB', 'KNAB', 'BUNQ'] as const;

/** A Dutch IBAN with valid ISO 13616 check digits (mod 97). */
export function dutchIban(rng: Rng): string {
  const bank = rng.pick(BANKS);
  let account = '';
  for (let i = 0; i < 10; i++) account += String(rng.int(0, 9));
  // Letters become 10–35 (A=10); the string is ASCII, so a replace over [A-Z] is exact.
  const digits = `${bank}${account}NL00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `NL${String(98 - rest).padStart(2, '0')}${bank}${account}`;
}

/** Deterministic credentials so a seeded simulator can be used without the admin API. */
export function seededAccessKey(seed: number): string {
  return seededGuid(seed, KIND.key, 0).replace(/-/g, '');
}
export function seededPlatformToken(seed: number): string {
  return `yk_${seededGuid(seed, KIND.token, 0).replace(/-/g, '')}`;
}

/** The domain label a firm would pick: its website's host name without www. and .nl (generated text is ASCII). */
function domainLabel(company: FakeCompany): string {
  return company.website
    .replace(/^https?:\/\/(www\.)?/, '')
    .replace(/\.nl\/?$/, '')
    .replace(/[^a-z0-9-]+/g, '-');
}

export function administrationFrom(
  company: FakeCompany,
  ids: { id: string; domainId: string },
  startDate: string,
  code: string,
  modifiedAt: number,
): SimAdministration {
  const legalForm = /B\.?V\.?/.test(company.name)
    ? 'BV'
    : /V\.?O\.?F\.?/.test(company.name)
      ? 'VOF'
      : /C\.V\./.test(company.name)
        ? 'CV'
        : 'Eenmanszaak';
  return {
    id: ids.id,
    domainId: ids.domainId,
    name: company.name,
    addressLine: `${company.street} ${company.houseNumber}`,
    postcode: company.postcode,
    city: company.city,
    country: company.country,
    cocNumber: company.kvk,
    vatNumber: company.vat,
    startDate,
    active: true,
    internalCustomerCode: code,
    emailAddress: company.email,
    phone: company.phone,
    website: company.website,
    legalForm,
    mailingAddressLine: '',
    mailingPostcode: '',
    mailingCity: '',
    mailingCountry: '',
    contactFirstName: company.contact.firstName,
    contactInitials: company.contact.initials,
    contactMiddleName: company.contact.prefix,
    contactLastName: company.contact.lastName,
    modifiedAt,
  };
}

// Letters of Dutch postcodes (F, I, O, Q, U and Y are not used).
const PC_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';

/** A Postbus postal address in the client's city (a separate mailing address, as many firms have). */
function postbusAddress(rng: Rng, company: FakeCompany): Partial<SimAdministration> {
  const letter = (): string => PC_LETTERS.charAt(rng.int(0, PC_LETTERS.length - 1));
  return {
    mailingAddressLine: `Postbus ${String(rng.int(1, 9999))}`,
    mailingPostcode: `${company.postcode.slice(0, 3)}0 ${letter()}${letter()}`,
    mailingCity: company.city,
    mailingCountry: 'NL',
  };
}

/** Builds the state for (seed, orgs): domain/administration `i` is firm `generateCompany(seed, i)`. */
export function seedYukiState(seed: number, orgs: number, options: YukiSimOptions, clock?: () => number): YukiState {
  const portal = { id: seededGuid(seed, KIND.portal, 0), name: 'Accountantskantoor Demo' };
  const state = new YukiState(
    portal,
    options,
    (domain, store) => {
      seedContacts(seed, options, domain, store);
    },
    clock,
  );
  const names = new Set<string>();
  for (let i = 0; i < orgs; i++) {
    const company = generateCompany(seed, i);
    const rng = createRng(mixSeed(seed ^ KIND.administration, i));
    let name = domainLabel(company) || `domein-${String(i)}`;
    if (names.has(name)) name = `${name}-${String(i)}`;
    names.add(name);
    const domain: SimDomain = {
      id: seededGuid(seed, KIND.domain, i),
      portalId: portal.id,
      name,
      url: `${name}.yukiworks.nl`,
      seedIndex: i,
    };
    state.addDomain(domain);
    const start = new Date(SEED_EPOCH + rng.int(0, 6 * 365) * DAY);
    const startDate = `${String(start.getUTCFullYear())}-${String(start.getUTCMonth() + 1).padStart(2, '0')}-01`;
    const code = `KL-${String(i + 1).padStart(5, '0')}`;
    const modified = SEED_EPOCH + rng.int(6 * 365, 8 * 365) * DAY + rng.int(0, 86_399) * 1000;
    const admin = administrationFrom(
      company,
      { id: seededGuid(seed, KIND.administration, i), domainId: domain.id },
      startDate,
      code,
      modified,
    );
    // About a third get their mail at a Postbus, so the postal address has something to sync.
    if (rng.chance(1 / 3)) Object.assign(admin, postbusAddress(rng, company));
    state.addAdministration(admin);
  }
  const key = options.accessKey ?? seededAccessKey(seed);
  state.accessKeys.set(key, { key, label: 'seeded portal key', portalId: portal.id, domainId: null });
  const token = options.platformToken ?? seededPlatformToken(seed);
  state.platformTokens.set(token, { token, portalId: portal.id });
  return state;
}

/** Seeds a domain's contacts: N companies (customers/suppliers of the client) each with a contact person. */
export function seedContacts(seed: number, options: YukiSimOptions, domain: SimDomain, store: DomainContacts): void {
  const n = options.contactCompaniesPerAdministration;
  if (n === 0) return;
  const idx = domain.seedIndex;
  if (idx === null) return;
  for (let j = 0; j < n; j++) {
    const seq = idx * n + j;
    const f = generateCompany(mixSeed(seed, CONTACT_STREAM), seq);
    const rng = createRng(mixSeed(seed ^ KIND.contact, seq));
    const created = SEED_EPOCH + rng.int(0, 5 * 365) * DAY + rng.int(0, 86_399) * 1000;
    const modified = created + rng.int(0, 3 * 365) * DAY + rng.int(0, 86_399) * 1000;
    const person = emptyContact(seededGuid(seed, KIND.contact, seq * 2 + 1), domain.id, 'Person', created);
    const fullName = [f.contact.firstName, f.contact.prefix, f.contact.lastName].filter((p) => p !== '').join(' ');
    Object.assign(person, {
      firstName: f.contact.firstName,
      middleName: f.contact.prefix,
      lastName: f.contact.lastName,
      fullName,
      phoneWork: f.contact.phone,
      mobileWork: f.contact.mobile,
      emailHome: f.contact.email,
      country: 'NL',
      modifiedAt: modified,
    });
    const company = emptyContact(seededGuid(seed, KIND.contact, seq * 2), domain.id, 'Company', created);
    Object.assign(company, {
      code: String(1000 + j),
      fullName: rng.chance(0.05) ? ` ${f.name}` : f.name, // Y-GOT shows values with a leading space.
      addressLine1: `${f.street} ${f.houseNumber}`,
      postcode: f.postcode,
      city: rng.chance(0.2) ? f.city.toUpperCase() : f.city,
      mailAddressLine1: `${f.street} ${f.houseNumber}`,
      mailPostcode: f.postcode,
      mailCity: f.city,
      country: f.country,
      phoneHome: f.phone,
      emailWork: f.email,
      website: f.website.replace(/^https?:\/\//, ''),
      vatNumber: f.vat,
      cocNumber: f.kvk,
      mainContactPerson: person.id,
      tags: rng.pick(['', '', 'Klant', 'Leverancier', 'Klant, Regio Noord']),
      iban: rng.chance(0.6) ? dutchIban(rng) : '',
      active: !rng.chance(0.1),
      isSupplier: rng.chance(0.3),
      isCustomer: !rng.chance(0.2),
      modifiedAt: modified,
    });
    store.insert(company);
    store.insert(person);
  }
}
