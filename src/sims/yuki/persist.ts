/** Snapshot of the Yuki simulator: the seed plus everything changed since seeding (regenerated data is not stored). */
import { z } from 'zod';

import { contactTextFields } from './contacts.js';
import { seedYukiState } from './seed.js';

import type { SimContact } from './contacts.js';
import type { YukiSimOptions } from './options.js';
import type { SimAdministration, SimDomain, YukiState } from './state.js';

const str = z.string();
const scope = { portalId: str, domainId: str.nullable() };
const domainSchema = z.object({ id: str, portalId: str, name: str, url: str, seedIndex: z.number().int().nullable() });
const administrationSchema = z.object({
  id: str,
  domainId: str,
  name: str,
  addressLine: str,
  postcode: str,
  city: str,
  country: str,
  cocNumber: str,
  vatNumber: str,
  startDate: str,
  active: z.boolean(),
  internalCustomerCode: str,
  emailAddress: str,
  phone: str,
  website: str,
  legalForm: str,
  mailingAddressLine: str,
  mailingPostcode: str,
  mailingCity: str,
  mailingCountry: str,
  // Absent in snapshots written before the contact person existed.
  contactFirstName: str.default(''),
  contactInitials: str.default(''),
  contactMiddleName: str.default(''),
  contactLastName: str.default(''),
  modifiedAt: z.number(),
});
const contactSchema = z.object({
  ...Object.fromEntries(contactTextFields.map((f) => [f, str])),
  id: str,
  domainId: str,
  hid: z.number().int(),
  type: z.enum(['Person', 'Company']),
  active: z.boolean(),
  isSupplier: z.boolean(),
  isCustomer: z.boolean(),
  createdAt: z.number(),
  modifiedAt: z.number(),
});

const snapshotSchema = z.object({
  version: z.literal(1),
  seed: z.number().int(),
  orgs: z.number().int().min(0),
  clockOffsetMs: z.number(),
  createdDomains: z.array(domainSchema),
  administrations: z.array(administrationSchema),
  contacts: z.array(z.object({ domainId: str, rows: z.array(contactSchema) })),
  accessKeys: z.array(z.object({ key: str, label: str, ...scope })),
  users: z.array(z.object({ userName: str, password: str, ...scope })),
  platformTokens: z.array(z.object({ token: str, portalId: str, expiresAtMs: z.number().optional() })),
  quotaLimits: z.array(z.tuple([str, z.number().int()])),
  quota: z.array(z.tuple([str, z.object({ day: str, used: z.number().int() })])),
});
export type YukiSnapshot = z.infer<typeof snapshotSchema>;

/** What goes to disk: seed, orgs, and the records that differ from what the seed regenerates. */
export function toSnapshot(state: YukiState, seed: number, orgs: number): YukiSnapshot {
  const createdDomains: SimDomain[] = [...state.createdDomains]
    .map((id) => state.domains.get(id))
    .filter((d) => d !== undefined);
  const administrations: SimAdministration[] = [...state.touchedAdministrations]
    .map((id) => state.administrations.get(id))
    .filter((a) => a !== undefined);
  return {
    version: 1,
    seed,
    orgs,
    clockOffsetMs: state.clockOffsetMs,
    createdDomains,
    administrations,
    contacts: state.dirtyContactStores().map((s) => ({ domainId: s.domainId, rows: [...s.byId.values()] })),
    accessKeys: [...state.accessKeys.values()],
    users: [...state.users.values()],
    platformTokens: [...state.platformTokens.values()],
    quotaLimits: [...state.quotaLimits.entries()],
    quota: state.quotaEntries(),
  };
}

/** Rebuilds the state from a snapshot; throws naming the first invalid field. */
export function fromSnapshot(
  raw: unknown,
  options: YukiSimOptions,
  clock?: () => number,
): { state: YukiState; seed: number; orgs: number } {
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Yuki snapshot is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown error'}`,
    );
  }
  const snap = parsed.data;
  const state = seedYukiState(snap.seed, snap.orgs, options, clock);
  state.clockOffsetMs = snap.clockOffsetMs;
  for (const d of snap.createdDomains) {
    state.addDomain(d);
    state.createdDomains.add(d.id);
  }
  for (const a of snap.administrations) {
    state.addAdministration(a);
    state.touchedAdministrations.add(a.id);
  }
  for (const c of snap.contacts) state.restoreContacts(c.domainId, c.rows as SimContact[]);
  state.accessKeys.clear();
  for (const k of snap.accessKeys) state.accessKeys.set(k.key, k);
  for (const u of snap.users) state.users.set(u.userName.toLowerCase(), u);
  state.platformTokens.clear();
  for (const t of snap.platformTokens) state.platformTokens.set(t.token, t);
  for (const [d, n] of snap.quotaLimits) state.quotaLimits.set(d, n);
  for (const [d, q] of snap.quota) state.setQuotaUsedOn(d, q.day, q.used);
  return { state, seed: snap.seed, orgs: snap.orgs };
}
