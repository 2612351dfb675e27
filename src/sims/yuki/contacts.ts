/** The contacts of one Yuki domain: storage by GUID, SearchContacts filtering/sorting/paging, and the upsert rules. */
import { randomUUID } from 'node:crypto';

export const contactTextFields = [
  'code',
  'firstName',
  'middleName',
  'lastName',
  'fullName',
  'addressLine1',
  'addressLine2',
  'postcode',
  'city',
  'mailAddressLine1',
  'mailAddressLine2',
  'mailPostcode',
  'mailCity',
  'country',
  'workAddressLine1',
  'workAddressLine2',
  'workPostcode',
  'workCity',
  'workCountry',
  'phoneHome',
  'phoneWork',
  'mobileHome',
  'mobileWork',
  'emailHome',
  'emailWork',
  'website',
  'vatNumber',
  'cocNumber',
  'incomeTaxNumber',
  'iban',
  'bic',
  'tags',
  'backofficeStatus',
  'mainContactPerson',
] as const;
export type ContactTextField = (typeof contactTextFields)[number];

export type ContactType = 'Person' | 'Company';

export type SimContact = Record<ContactTextField, string> & {
  id: string;
  domainId: string;
  hid: number;
  type: ContactType;
  active: boolean;
  isSupplier: boolean;
  isCustomer: boolean;
  createdAt: number;
  modifiedAt: number;
};

/** UpdateContact xmlDoc element → field (Y-UC list, Y-CS order; Website/Tags/bank fields [I] docs/external-systems/yuki.md#update-contact). */
export const updateElements: Readonly<Record<string, ContactTextField>> = {
  Code: 'code',
  FirstName: 'firstName',
  MiddleName: 'middleName',
  LastName: 'lastName',
  FullName: 'fullName',
  AddressLine_1: 'addressLine1',
  AddressLine_2: 'addressLine2',
  PostCode: 'postcode',
  City: 'city',
  MailAddressLine_1: 'mailAddressLine1',
  MailAddressLine_2: 'mailAddressLine2',
  MailPostCode: 'mailPostcode',
  MailCity: 'mailCity',
  Country: 'country',
  WorkAddressLine_1: 'workAddressLine1',
  WorkAddressLine_2: 'workAddressLine2',
  WorkPostCode: 'workPostcode',
  WorkCity: 'workCity',
  WorkCountry: 'workCountry',
  PhoneHome: 'phoneHome',
  PhoneWork: 'phoneWork',
  MobileHome: 'mobileHome',
  MobileWork: 'mobileWork',
  EmailHome: 'emailHome',
  EmailWork: 'emailWork',
  Website: 'website',
  VATNumber: 'vatNumber',
  CoCNumber: 'cocNumber',
  Tags: 'tags',
  IBAN: 'iban',
  BIC: 'bic',
};

export const searchOptions = [
  'All',
  'Name',
  'City',
  'Postcode',
  'Tag',
  'Email',
  'Website',
  'Phone',
  'Code',
  'CoCNumber',
  'VATNumber',
  'BankAccount',
  'ID',
] as const;
export type SearchOption = (typeof searchOptions)[number];
export const sortOrders = [
  'Name',
  'LastName',
  'CreatedAsc',
  'CreatedDesc',
  'ModifiedAsc',
  'ModifiedDesc',
  'HID',
] as const;
export type SortOrder = (typeof sortOrders)[number];
export const activeFilters = ['Both', 'Active', 'Inactive'] as const;
export type ActiveFilter = (typeof activeFilters)[number];
export const contactTypeFilters = ['Both', 'Supplier', 'Customer'] as const;
export type ContactTypeFilter = (typeof contactTypeFilters)[number];

export type SearchQuery = {
  option: SearchOption;
  value: string;
  sort: SortOrder;
  modifiedAfter: number | null;
  active: ActiveFilter;
  contactType: ContactTypeFilter;
  caseInsensitive: boolean;
};

/** Page size of SearchContacts (docs/external-systems/yuki.md#search-contacts). */
export const PAGE_SIZE = 100;

const fieldsFor: Record<Exclude<SearchOption, 'All' | 'ID'>, readonly ContactTextField[]> = {
  Name: ['fullName', 'firstName', 'lastName'],
  City: ['city', 'mailCity'],
  Postcode: ['postcode', 'mailPostcode'],
  Tag: ['tags'],
  Email: ['emailHome', 'emailWork'],
  Website: ['website'],
  Phone: ['phoneHome', 'phoneWork', 'mobileHome', 'mobileWork'],
  Code: ['code'],
  CoCNumber: ['cocNumber'],
  VATNumber: ['vatNumber'],
  BankAccount: ['iban'],
};
const allFields: readonly ContactTextField[] = [...new Set(Object.values(fieldsFor).flat())];

export function emptyContact(id: string, domainId: string, type: ContactType, now: number): SimContact {
  const blank = Object.fromEntries(contactTextFields.map((f) => [f, ''])) as Record<ContactTextField, string>;
  return {
    ...blank,
    id,
    domainId,
    hid: 0,
    type,
    active: true,
    isSupplier: false,
    isCustomer: true,
    createdAt: now,
    modifiedAt: now,
  };
}

/** `FullName` compared as Y-UC rule 3 says: equal, or equal after removing `, . " -` and spaces. */
function squash(name: string): string {
  return name.replace(/[,."\-\s]/g, '');
}

export type UpsertInput = {
  id: string | null;
  type: ContactType | null;
  values: Partial<Record<ContactTextField, string>>;
};
export type UpsertOutcome =
  | { kind: 'updated'; contact: SimContact }
  | { kind: 'created'; contact: SimContact }
  | { kind: 'failed'; message: string };

export class DomainContacts {
  readonly byId = new Map<string, SimContact>();
  dirty = false;
  private nextHid = 1;
  private version = 0;
  private readonly sorted = new Map<SortOrder, { version: number; rows: SimContact[] }>();
  private lastQuery: { key: string; version: number; rows: SimContact[] } | null = null;

  constructor(readonly domainId: string) {}

  get size(): number {
    return this.byId.size;
  }

  /** Adds a contact as is (seed, snapshot); a missing HID gets the next number. */
  insert(c: SimContact): SimContact {
    if (c.hid <= 0) c.hid = this.nextHid;
    this.nextHid = Math.max(this.nextHid, c.hid + 1);
    this.byId.set(c.id.toLowerCase(), c);
    this.version++;
    return c;
  }

  get(id: string): SimContact | undefined {
    return this.byId.get(id.trim().toLowerCase());
  }

  /** Applies field changes (an edit in the portal or an UpdateContact) and stamps Modified. */
  change(
    c: SimContact,
    values: Partial<Record<ContactTextField, string>>,
    now: number,
    flags: Partial<Pick<SimContact, 'active' | 'type' | 'isSupplier' | 'isCustomer'>> = {},
  ): void {
    Object.assign(c, values, flags);
    c.modifiedAt = Math.max(now, c.modifiedAt);
    this.version++;
    this.dirty = true;
  }

  create(type: ContactType, values: Partial<Record<ContactTextField, string>>, now: number): SimContact {
    const c = emptyContact(randomUUID(), this.domainId, type, now);
    Object.assign(c, values);
    this.dirty = true;
    return this.insert(c);
  }

  /** The Y-UC upsert: ID → Code → Type + FullName (+ Email) → create (docs/external-systems/yuki.md#update-contact). */
  upsert(input: UpsertInput, now: number): UpsertOutcome {
    if (input.id !== null) {
      const found = this.get(input.id);
      if (!found) return { kind: 'failed', message: `Contact with ID ${input.id} was not found.` };
      this.change(found, input.values, now, input.type ? { type: input.type } : {});
      return { kind: 'updated', contact: found };
    }
    const code = input.values.code?.trim() ?? '';
    if (code !== '') {
      const match = this.latest(
        [...this.byId.values()].filter((c) => c.code.trim() === code),
        'modifiedAt',
      );
      if (match) {
        this.change(match, input.values, now, input.type ? { type: input.type } : {});
        return { kind: 'updated', contact: match };
      }
    }
    const fullName = input.values.fullName ?? composeName(input.values);
    if (input.type === null) return { kind: 'failed', message: 'Type is required to create a contact.' };
    if (fullName.trim() === '') return { kind: 'failed', message: 'FullName is required to create a contact.' };
    const type = input.type;
    let candidates = [...this.byId.values()].filter(
      (c) => c.type === type && (c.fullName === fullName || squash(c.fullName) === squash(fullName)),
    );
    if (candidates.length > 1) {
      // Type 0 (Person) is told apart by EmailHome, Type 2 (Company) by EmailWork.
      const field = type === 'Person' ? 'emailHome' : 'emailWork';
      const email = (input.values[field] ?? '').trim().toLowerCase();
      const byEmail = candidates.filter((c) => c[field].trim().toLowerCase() === email);
      // [I] docs/external-systems/yuki.md#update-contact: when the email filter leaves nobody, the rule falls back to the unfiltered set.
      if (byEmail.length > 0) candidates = byEmail;
    }
    const match = this.latest(candidates, 'createdAt');
    if (match) {
      this.change(match, input.values, now);
      return { kind: 'updated', contact: match };
    }
    return { kind: 'created', contact: this.create(type, { ...input.values, fullName }, now) };
  }

  private latest(rows: SimContact[], by: 'createdAt' | 'modifiedAt'): SimContact | undefined {
    let best: SimContact | undefined;
    for (const r of rows) if (!best || r[by] > best[by] || (r[by] === best[by] && r.hid > best.hid)) best = r;
    return best;
  }

  /** One 1-based page of a search; an empty array past the end (docs/external-systems/yuki.md#search-contacts). */
  search(q: SearchQuery, page: number): SimContact[] {
    const key = JSON.stringify(q);
    if (!this.lastQuery || this.lastQuery.key !== key || this.lastQuery.version !== this.version) {
      this.lastQuery = { key, version: this.version, rows: this.sortedBy(q.sort).filter((c) => matches(c, q)) };
    }
    return this.lastQuery.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  }

  private sortedBy(order: SortOrder): SimContact[] {
    const cached = this.sorted.get(order);
    if (cached && cached.version === this.version) return cached.rows;
    const rows = [...this.byId.values()].sort(comparator(order));
    this.sorted.set(order, { version: this.version, rows });
    return rows;
  }
}

function composeName(v: Partial<Record<ContactTextField, string>>): string {
  return [v.firstName, v.middleName, v.lastName].filter((p) => p !== undefined && p.trim() !== '').join(' ');
}

function matches(c: SimContact, q: SearchQuery): boolean {
  if (q.modifiedAfter !== null && c.modifiedAt <= q.modifiedAfter) return false;
  if (q.active === 'Active' && !c.active) return false;
  if (q.active === 'Inactive' && c.active) return false;
  if (q.contactType === 'Supplier' && !c.isSupplier) return false;
  if (q.contactType === 'Customer' && !c.isCustomer) return false;
  if (q.option === 'ID') return q.value.trim().toLowerCase() === c.id.toLowerCase();
  if (q.value === '') return true;
  const needle = q.caseInsensitive ? q.value.toLowerCase() : q.value;
  const fields = q.option === 'All' ? allFields : fieldsFor[q.option];
  return fields.some((f) => (q.caseInsensitive ? c[f].toLowerCase() : c[f]).includes(needle));
}

const byName = (a: SimContact, b: SimContact): number =>
  cmp(a.fullName.trim().toLowerCase(), b.fullName.trim().toLowerCase());
const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

function comparator(order: SortOrder): (a: SimContact, b: SimContact) => number {
  const then = (f: (a: SimContact, b: SimContact) => number) => (a: SimContact, b: SimContact) =>
    f(a, b) || a.hid - b.hid;
  switch (order) {
    case 'Name':
      return then(byName);
    case 'LastName':
      return then(
        (a, b) =>
          cmp((a.lastName || a.fullName).trim().toLowerCase(), (b.lastName || b.fullName).trim().toLowerCase()) ||
          byName(a, b),
      );
    case 'CreatedAsc':
      return then((a, b) => a.createdAt - b.createdAt);
    case 'CreatedDesc':
      return then((a, b) => b.createdAt - a.createdAt);
    case 'ModifiedAsc':
      return then((a, b) => a.modifiedAt - b.modifiedAt);
    case 'ModifiedDesc':
      return then((a, b) => b.modifiedAt - a.modifiedAt);
    case 'HID':
      return then(() => 0);
  }
}
