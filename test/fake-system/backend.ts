// The fake CRM's "simulator": offices held in memory by address, with organisations a test edits like a user would.
import type { SourceCompany } from '../../src/core/connector.js';

export type FakeOrganization = {
  readonly id: string;
  name: string;
  kvk: string | null;
  email: string | null;
  phone: string | null;
  contactName: string;
  contactMobile: string | null;
  updatedAt: string;
};

export type FakeOffice = {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly organizations: Map<string, FakeOrganization>;
  /** One page of organisations modified at or after `since` (all when null), as an API call would answer. */
  list(offset: number, limit: number, since: string | null): Promise<FakeOrganization[]>;
  /** Changes an organisation as a user would: the modified time moves on. */
  edit(id: string, patch: Partial<Omit<FakeOrganization, 'id' | 'updatedAt'>>): void;
};

const offices = new Map<string, FakeOffice>();
let tick = Date.UTC(2026, 0, 5, 9, 0, 0);
const nextTimestamp = (): string => new Date((tick += 1000)).toISOString();

/** Opens an office at `fake://<name>` with the given organisations. */
export function openFakeOffice(
  name: string,
  organizations: readonly Omit<FakeOrganization, 'updatedAt'>[],
): FakeOffice {
  const office: FakeOffice = {
    baseUrl: `fake://${name}`,
    apiKey: `key-${name}`,
    apiSecret: `secret-${name}`,
    organizations: new Map(organizations.map((o) => [o.id, { ...o, updatedAt: nextTimestamp() }])),
    list(offset, limit, since) {
      const changed = [...office.organizations.values()].filter((o) => since === null || o.updatedAt >= since);
      return Promise.resolve(changed.slice(offset, offset + limit));
    },
    edit(id, patch) {
      const current = office.organizations.get(id);
      if (current === undefined) throw new Error(`no fake organisation ${id}`);
      office.organizations.set(id, { ...current, ...patch, updatedAt: nextTimestamp() });
    },
  };
  offices.set(office.baseUrl, office);
  return office;
}

export function findFakeOffice(baseUrl: string): FakeOffice | null {
  return offices.get(baseUrl) ?? null;
}

export function toSourceCompany(o: FakeOrganization): SourceCompany {
  const [firstName = null, ...rest] = o.contactName.split(' ');
  return {
    externalId: o.id,
    name: o.name,
    kvk: o.kvk,
    vat: null,
    email: o.email,
    phone: o.phone,
    relationNumber: null,
    visitingAddress: null,
    postalAddress: null,
    contactPerson: { externalId: `${o.id}-contact`, firstName, initials: null, prefix: null, lastName: rest.join(' ') },
    isActive: true,
    updatedAt: o.updatedAt,
    deepLink: `${o.id}.fake.test`,
  };
}
