/** In-memory store of the Simplicate simulator: organizations, persons and their links, kept consistent both ways. */
import { randomBytes } from 'node:crypto';

import { fullName, RECORD_TEMPLATES } from './records.js';

import type { ContactLink, EntityKind, Json, JsonObject, StoredRecord } from './records.js';

export type ChangeAction = 'created' | 'updated' | 'deleted';
export type ChangeEvent = { kind: EntityKind; action: ChangeAction; id: string };

/** Link fields that can be written (through an organization, a person or the admin API). */
export type LinkInput = {
  id?: string | undefined;
  is_active?: boolean | undefined;
  work_function?: string | null | undefined;
  work_email?: string | null | undefined;
  work_phone?: string | null | undefined;
  work_mobile?: string | null | undefined;
};

export type StateSnapshot = {
  orgs: StoredRecord[];
  persons: StoredRecord[];
  links: ContactLink[];
  nextRelationNumber: number;
};

type Collection<T extends { id: string }> = { byId: Map<string, T>; order: string[] };
const collection = <T extends { id: string }>(): Collection<T> => ({ byId: new Map(), order: [] });

export class SimplicateState {
  private orgs = collection<StoredRecord>();
  private persons = collection<StoredRecord>();
  private links = collection<ContactLink>();
  private linksByOrg = new Map<string, Set<string>>();
  private linksByPerson = new Map<string, Set<string>>();
  private listeners: ((event: ChangeEvent) => void)[] = [];
  /** Position of each id in the default order, built on demand and dropped when records come or go. */
  private positions = new Map<EntityKind, Map<string, number>>();
  /** Bumped on every change; caches of filtered/sorted id lists are keyed by it. */
  version = 0;
  nextRelationNumber = 1000;

  constructor(
    private readonly now: () => string,
    private readonly opts: { linkChangeTouchesBoth: boolean; domain: string },
  ) {}

  onChange(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** A fresh prefixed id (`organization:` + 32 hex chars, docs/external-systems/simplicate.md#endpoints [I]). */
  static newId(kind: EntityKind): string {
    return `${kind}:${randomBytes(16).toString('hex')}`;
  }

  deepLink(kind: EntityKind, id: string): string {
    const path = kind === 'organization' ? 'organizations' : 'persons';
    return `https://${this.opts.domain}.simplicate.nl/crm/${path}/${id}`;
  }

  // ---- reading ----

  ids(kind: EntityKind): readonly string[] {
    return this.col(kind).order;
  }

  /** Index of a record in the default (insertion) order, or -1 when unknown. */
  position(kind: EntityKind, id: string): number {
    let map = this.positions.get(kind);
    if (map === undefined) {
      map = new Map(this.col(kind).order.map((key, index) => [key, index]));
      this.positions.set(kind, map);
    }
    return map.get(id) ?? -1;
  }

  count(kind: EntityKind): number {
    return this.col(kind).order.length;
  }

  getOrg(id: string): StoredRecord | undefined {
    return this.orgs.byId.get(id);
  }

  getPerson(id: string): StoredRecord | undefined {
    return this.persons.byId.get(id);
  }

  getLink(id: string): ContactLink | undefined {
    return this.links.byId.get(id);
  }

  linksOfOrg(orgId: string): ContactLink[] {
    return this.linkList(this.linksByOrg.get(orgId));
  }

  linksOfPerson(personId: string): ContactLink[] {
    return this.linkList(this.linksByPerson.get(personId));
  }

  /** A top-level field as the API shows it, including the derived link arrays (used by filters and sort). */
  field(kind: EntityKind, id: string, key: string): Json | undefined {
    if (kind === 'contactperson') {
      const rendered = this.render(kind, id);
      return rendered?.[key];
    }
    const rec = kind === 'organization' ? this.orgs.byId.get(id) : this.persons.byId.get(id);
    if (rec === undefined) return undefined;
    if (kind === 'organization' && key === 'linked_persons_contacts') return this.orgContacts(id);
    if (kind === 'person' && key === 'linked_as_contact_to_organization') return this.personContacts(id);
    if (kind === 'person' && key === 'full_name') return fullName(rec);
    return rec[key];
  }

  /** The full GET shape of a record (before the empty-field policy), or undefined when unknown. */
  render(kind: EntityKind, id: string): JsonObject | undefined {
    switch (kind) {
      case 'organization': {
        const rec = this.orgs.byId.get(id);
        return rec && { ...rec, linked_persons_contacts: this.orgContacts(id) };
      }
      case 'person': {
        const rec = this.persons.byId.get(id);
        return rec && { ...rec, full_name: fullName(rec), linked_as_contact_to_organization: this.personContacts(id) };
      }
      case 'contactperson': {
        const link = this.links.byId.get(id);
        if (link === undefined) return undefined;
        const org = this.orgs.byId.get(link.organization_id);
        const person = this.persons.byId.get(link.person_id);
        return {
          id: link.id,
          organization: {
            id: link.organization_id,
            name: org?.['name'] ?? null,
            relation_number: org?.['relation_number'] ?? null,
          },
          person: {
            id: link.person_id,
            full_name: person ? fullName(person) : null,
            relation_number: person?.['relation_number'] ?? null,
          },
          is_active: link.is_active,
          work_function: link.work_function,
          work_email: link.work_email,
          work_phone: link.work_phone,
          work_mobile: link.work_mobile,
          person_id: link.person_id,
          created_at: link.created_at,
          updated_at: link.updated_at,
        };
      }
    }
  }

  // ---- writing (each write bumps updated_at and emits a change) ----

  /** Inserts a record as-is (seeding, snapshots); emits nothing. */
  insert(kind: 'organization' | 'person', rec: StoredRecord): void {
    const col = this.col(kind) as Collection<StoredRecord>;
    col.byId.set(rec.id, rec);
    col.order.push(rec.id);
    this.positions.delete(kind);
    this.version++;
  }

  /** Inserts a link as-is (seeding, snapshots); emits nothing. */
  insertLink(link: ContactLink): void {
    this.links.byId.set(link.id, link);
    this.links.order.push(link.id);
    this.positions.delete('contactperson');
    this.index(this.linksByOrg, link.organization_id).add(link.id);
    this.index(this.linksByPerson, link.person_id).add(link.id);
    this.version++;
  }

  create(kind: 'organization' | 'person', fields: JsonObject): StoredRecord {
    const ts = this.now();
    const rec: StoredRecord = {
      ...structuredClone(RECORD_TEMPLATES[kind]),
      ...fields,
      id: SimplicateState.newId(kind),
      relation_number:
        typeof fields['relation_number'] === 'string' ? fields['relation_number'] : String(this.nextRelationNumber++),
      is_active: fields['is_active'] ?? true,
      created_at: ts,
      updated_at: ts,
      simplicate_url: '',
    };
    rec['simplicate_url'] = this.deepLink(kind, rec.id);
    this.insert(kind, rec);
    this.emit(kind, 'created', rec.id);
    return rec;
  }

  /** Partial update ([I] docs/external-systems/simplicate.md#organization: PUT sends only changed fields). */
  update(kind: 'organization' | 'person', id: string, fields: JsonObject): StoredRecord | undefined {
    const rec = this.col(kind).byId.get(id) as StoredRecord | undefined;
    if (rec === undefined) return undefined;
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'id' || key === 'created_at' || key === 'updated_at') continue;
      rec[key] = value;
    }
    this.touch(kind, id);
    return rec;
  }

  remove(kind: EntityKind, id: string): boolean {
    if (kind === 'contactperson') return this.removeLink(id);
    const col = this.col(kind);
    if (!col.byId.has(id)) return false;
    const linkIds = (kind === 'organization' ? this.linksByOrg : this.linksByPerson).get(id);
    for (const linkId of [...(linkIds ?? [])]) this.removeLink(linkId, id);
    col.byId.delete(id);
    col.order.splice(col.order.indexOf(id), 1);
    this.positions.delete(kind);
    this.version++;
    this.emit(kind, 'deleted', id);
    return true;
  }

  /** Creates or updates the link between an organization and a person; both records see it. */
  upsertLink(orgId: string, personId: string, input: LinkInput): ContactLink {
    const existing =
      (input.id !== undefined ? this.links.byId.get(input.id) : undefined) ??
      this.linksOfOrg(orgId).find((l) => l.person_id === personId);
    const ts = this.now();
    if (existing !== undefined) {
      assignLink(existing, input);
      existing.updated_at = ts;
      this.version++;
      this.emit('contactperson', 'updated', existing.id);
      this.touchLinked(existing);
      return existing;
    }
    const link: ContactLink = {
      id: SimplicateState.newId('contactperson'),
      organization_id: orgId,
      person_id: personId,
      is_active: true,
      work_function: null,
      work_email: null,
      work_phone: null,
      work_mobile: null,
      created_at: ts,
      updated_at: ts,
    };
    assignLink(link, input);
    this.insertLink(link);
    this.emit('contactperson', 'created', link.id);
    this.touchLinked(link);
    return link;
  }

  /** Removes a link; `dying` is a record being deleted, which then gets no "updated" touch. */
  removeLink(id: string, dying?: string): boolean {
    const link = this.links.byId.get(id);
    if (link === undefined) return false;
    this.links.byId.delete(id);
    this.links.order.splice(this.links.order.indexOf(id), 1);
    this.positions.delete('contactperson');
    this.linksByOrg.get(link.organization_id)?.delete(id);
    this.linksByPerson.get(link.person_id)?.delete(id);
    this.version++;
    this.emit('contactperson', 'deleted', id);
    this.touchLinked(link, dying);
    return true;
  }

  /** Merges `sourceId` into `targetId`: links move to the target, empty target fields are filled, source goes. */
  mergeOrgs(sourceId: string, targetId: string): boolean {
    const source = this.orgs.byId.get(sourceId);
    const target = this.orgs.byId.get(targetId);
    if (source === undefined || target === undefined || sourceId === targetId) return false;
    for (const [key, value] of Object.entries(source)) {
      if (target[key] === null || target[key] === undefined || target[key] === '') target[key] = value;
    }
    for (const link of this.linksOfOrg(sourceId)) {
      const { id: _id, organization_id: _o, person_id: personId, created_at: _c, updated_at: _u, ...fields } = link;
      this.removeLink(link.id);
      if (!this.linksOfOrg(targetId).some((l) => l.person_id === personId)) this.upsertLink(targetId, personId, fields);
    }
    this.remove('organization', sourceId);
    this.touch('organization', targetId);
    return true;
  }

  clear(): void {
    this.orgs = collection();
    this.persons = collection();
    this.links = collection();
    this.linksByOrg.clear();
    this.linksByPerson.clear();
    this.positions.clear();
    this.nextRelationNumber = 1000;
    this.version++;
  }

  toSnapshot(): StateSnapshot {
    return {
      orgs: this.orgs.order.map((id) => this.orgs.byId.get(id)).filter((r) => r !== undefined),
      persons: this.persons.order.map((id) => this.persons.byId.get(id)).filter((r) => r !== undefined),
      links: this.links.order.map((id) => this.links.byId.get(id)).filter((r) => r !== undefined),
      nextRelationNumber: this.nextRelationNumber,
    };
  }

  loadSnapshot(snapshot: StateSnapshot): void {
    this.clear();
    for (const rec of snapshot.orgs) this.insert('organization', rec);
    for (const rec of snapshot.persons) this.insert('person', rec);
    for (const link of snapshot.links) this.insertLink(link);
    this.nextRelationNumber = snapshot.nextRelationNumber;
  }

  // ---- internals ----

  private col(kind: EntityKind): Collection<StoredRecord> | Collection<ContactLink> {
    return kind === 'organization' ? this.orgs : kind === 'person' ? this.persons : this.links;
  }

  private index(map: Map<string, Set<string>>, key: string): Set<string> {
    let set = map.get(key);
    if (set === undefined) {
      set = new Set();
      map.set(key, set);
    }
    return set;
  }

  private linkList(ids: Set<string> | undefined): ContactLink[] {
    const out: ContactLink[] = [];
    for (const id of ids ?? []) {
      const link = this.links.byId.get(id);
      if (link !== undefined) out.push(link);
    }
    return out;
  }

  private orgContacts(orgId: string): Json[] {
    return this.linksOfOrg(orgId).map((l) => {
      const person = this.persons.byId.get(l.person_id);
      return {
        id: l.id,
        person_id: l.person_id,
        name: person ? fullName(person) : null,
        is_active: l.is_active,
        work_function: l.work_function,
        work_email: l.work_email,
        work_phone: l.work_phone,
        work_mobile: l.work_mobile,
      };
    });
  }

  private personContacts(personId: string): Json[] {
    return this.linksOfPerson(personId).map((l) => ({
      id: l.id,
      organization_id: l.organization_id,
      name: this.orgs.byId.get(l.organization_id)?.['name'] ?? null,
      is_active: l.is_active,
      work_function: l.work_function,
      work_email: l.work_email,
      work_phone: l.work_phone,
      work_mobile: l.work_mobile,
      interests: [],
    }));
  }

  private touch(kind: 'organization' | 'person', id: string): void {
    const rec = (kind === 'organization' ? this.orgs : this.persons).byId.get(id);
    if (rec === undefined) return;
    rec.updated_at = this.now();
    this.version++;
    this.emit(kind, 'updated', id);
  }

  /** [I] docs/external-systems/simplicate.md#organization, #person: a link change shows on both records, so both get a new updated_at (configurable). */
  private touchLinked(link: ContactLink, dying?: string): void {
    if (!this.opts.linkChangeTouchesBoth) return;
    if (link.organization_id !== dying) this.touch('organization', link.organization_id);
    if (link.person_id !== dying) this.touch('person', link.person_id);
  }

  private emit(kind: EntityKind, action: ChangeAction, id: string): void {
    for (const listener of this.listeners) listener({ kind, action, id });
  }
}

function assignLink(link: ContactLink, input: LinkInput): void {
  if (input.is_active !== undefined) link.is_active = input.is_active;
  if (input.work_function !== undefined) link.work_function = input.work_function;
  if (input.work_email !== undefined) link.work_email = input.work_email;
  if (input.work_phone !== undefined) link.work_phone = input.work_phone;
  if (input.work_mobile !== undefined) link.work_mobile = input.work_mobile;
}
