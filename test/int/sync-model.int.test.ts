// Model-based test of the CRM → Yuki sync (fast-check): random sequences of CRM edits (valid, invalid, formatting noise,
// reverts, clears), portal edits, approvals (also edited), rejections, webhooks delivered 0, 1 or 2 times, restarts,
// quota exhaustion and new CRM organisations, against a small model of what the product promises. After every step the
// open changes and the portal must match the model; after a final settle (restore quota, full reconcile, approve
// everything until quiet) every linked administration's portal must equal the model, no unlinked administration may
// have been written, and nothing may have been created in Yuki.
//
// Reproduce a failure with the seed (and path) fast-check prints: SYNC_MODEL_SEED=<seed> SYNC_MODEL_PATH=<path>.
// SYNC_MODEL_RUNS changes the number of runs (default 30).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { applySweepJob, enqueueCrmSync } from '../../src/app/jobs/contracts.js';
import { jobHandlerFor } from '../../src/app/jobs/index.js';
import { normalizeFieldValue } from '../../src/core/sync/normalize.js';
import {
  changesOf,
  editCrm,
  editPortal,
  failedJobs,
  link,
  pairs,
  postWebhook,
  settle,
  waitQuiet,
  yukiAdministration,
} from '../helpers/sync-ops.js';
import { startSyncWorld } from '../helpers/sync-world.js';

import type { Pair, SimAdministration } from '../helpers/sync-ops.js';
import type { SyncWorld } from '../helpers/sync-world.js';

const WEBHOOK_SECRET = 'whsec-model-0123456789';
const RUNS = Number(process.env['SYNC_MODEL_RUNS'] ?? 30);
const SEED = process.env['SYNC_MODEL_SEED'] === undefined ? undefined : Number(process.env['SYNC_MODEL_SEED']);
const PATH = process.env['SYNC_MODEL_PATH'];
const PER_RUN = 2;
const UNLINKED = 4;

// The fields the model follows: two legal ones (one validated), two validated contact fields.
const FIELDS = ['companyName', 'kvk', 'email', 'phone'] as const;
type Field = (typeof FIELDS)[number];
const LEGAL: ReadonlySet<Field> = new Set<Field>(['companyName', 'kvk']);
const CRM_KEY: Record<Field, string> = { companyName: 'name', kvk: 'coc_code', email: 'email', phone: 'phone' };
const PORTAL_KEY: Record<Field, keyof SimAdministration> = {
  companyName: 'name',
  kvk: 'cocNumber',
  email: 'emailAddress',
  phone: 'phone',
};
type Policy = 'all' | 'legal_vat' | 'none';
type Mode = 'automatic' | 'manual';

// ---------------------------------------------------------------- the model

type Open = {
  value: string | null;
  invalid: boolean;
  state: 'pending' | 'approved' | 'conflict';
  /** The synchronised value the change was detected against (what the stale guard expects in the portal). */
  expected: string | null;
  /** For a conflict: the portal value found. */
  portalSeen: string | null;
};
type FieldModel = {
  crmRaw: string | null;
  /** The value last synchronised (written by crmhub or found already there). */
  synced: string | null;
  portal: string | null;
  open: Open | null;
  /** A CRM value a person turned down; not proposed again while the CRM keeps it. */
  rejected: { value: string | null } | null;
  /** Whether the CRM held a value at its last read since the link: only then is an empty CRM value a clear. */
  crmHeld: boolean;
};
type AdminModel = { pair: Pair; mode: Mode; exhausted: boolean; fields: Record<Field, FieldModel> };
type Model = { policy: Policy; admins: AdminModel[] };
type Real = { world: SyncWorld; log: string[] };

function norm(field: Field, raw: string | null): { value: string | null; invalid: boolean } {
  const normalized = normalizeFieldValue(field, raw, null);
  return { value: normalized.value, invalid: normalized.invalidReason !== null };
}

/** What an apply run does for one administration: write approved values, unless the portal moved (conflict). */
function applyModel(admin: AdminModel): void {
  if (admin.exhausted) return; // the calls are refused: approved changes wait for tomorrow
  for (const field of FIELDS) {
    const state = admin.fields[field];
    const open = state.open;
    if (open?.state !== 'approved') continue;
    if (state.portal === open.value) {
      state.synced = open.value;
      state.open = null;
    } else if (state.portal !== open.expected) {
      open.state = 'conflict';
      open.portalSeen = state.portal;
    } else {
      state.portal = open.value;
      state.synced = open.value;
      state.open = null;
    }
  }
}

/** crmhub reads the CRM organisation: field-level differences with the synchronised values become changes. */
function ingestModel(model: Model, admin: AdminModel): void {
  for (const field of FIELDS) {
    const state = admin.fields[field];
    const { value, invalid } = norm(field, state.crmRaw);
    const held = state.crmHeld;
    state.crmHeld = value !== null;
    // Empty in the CRM and not held there before: the CRM does not hold the field; nothing changes.
    if (value === null && !held) continue;
    if (state.rejected !== null && state.rejected.value !== value) state.rejected = null;
    if (value === state.synced) {
      state.open = null;
      continue;
    }
    if (state.rejected !== null) continue;
    if (state.open !== null && state.open.value === value) continue;
    const hold =
      invalid ||
      value === null ||
      admin.mode === 'manual' ||
      model.policy === 'all' ||
      (model.policy === 'legal_vat' && LEGAL.has(field));
    const next = hold ? 'pending' : 'approved';
    if (state.open?.state === 'pending') state.open = { ...state.open, value, invalid, state: next };
    else state.open = { value, invalid, state: next, expected: state.synced, portalSeen: null };
  }
  applyModel(admin);
}

/** A person approves (optionally with their own value): the CRM value they overrode counts as turned down. */
function approveModel(admin: AdminModel, field: Field, edited: string | null | undefined): void {
  const state = admin.fields[field];
  const open = state.open;
  if (open === null) throw new Error('model: nothing to approve');
  if (edited !== undefined) {
    const value = norm(field, edited).value;
    if (value !== open.value) state.rejected = { value: open.value };
    open.value = value;
    open.invalid = false;
  }
  // A conflict approved by a person: they saw the portal's value and chose to overwrite it.
  if (open.state === 'conflict') open.expected = open.portalSeen;
  open.state = 'approved';
  applyModel(admin);
}

function reviewable(model: Model): { admin: AdminModel; field: Field; open: Open }[] {
  return model.admins.flatMap((admin) =>
    FIELDS.flatMap((field) => {
      const open = admin.fields[field].open;
      return open !== null && open.state !== 'approved' ? [{ admin, field, open }] : [];
    }),
  );
}

// ---------------------------------------------------------------- fresh values

let counter = 0;
const fresh = (): number => (counter += 1);
const digits = (n: number, length: number, first: number): string =>
  `${String(first)}${String((n * 7_919) % 10 ** (length - 1)).padStart(length - 1, '0')}`;

/** A new value as a person would type it in the CRM, with formatting that must not matter. */
function typedValue(field: Field, kind: 'valid' | 'invalid', style: number): string {
  const n = fresh();
  if (kind === 'invalid') {
    if (field === 'kvk') return digits(n, 7, 3);
    if (field === 'email') return `geen-email-${String(n)}`;
    return `bel-${String(n)}`;
  }
  switch (field) {
    case 'companyName':
      return style === 0 ? `Model ${String(n)} B.V.` : `  Model   ${String(n)}  B.V. `;
    case 'kvk': {
      const kvk = digits(n, 8, 5);
      return style === 0 ? kvk : `${kvk.slice(0, 2)}.${kvk.slice(2, 4)}.${kvk.slice(4, 6)}.${kvk.slice(6)}`;
    }
    case 'email':
      return style === 0 ? `m${String(n)}@model.example.nl` : ` mailto:m${String(n)}@MODEL.Example.NL `;
    case 'phone': {
      const local = digits(n, 7, 5);
      return style === 0
        ? `020-${local.slice(0, 3)} ${local.slice(3)}`
        : `+31 20 ${local.slice(0, 3)} ${local.slice(3)}`;
    }
  }
}

/** The same (valid) value typed differently. */
function noiseOf(field: Field, value: string): string {
  switch (field) {
    case 'companyName':
      return `   ${value.replace(/ /g, '  ')} `;
    case 'kvk':
      return `${value.slice(0, 4)} ${value.slice(4)}`;
    case 'email': {
      const [local, domain] = value.split('@');
      return `  ${local ?? ''}@${(domain ?? '').toUpperCase()}`;
    }
    case 'phone':
      return `0${value.slice(3, 5)} ${value.slice(5, 8)} ${value.slice(8)}`;
  }
}

/** A value a person types into Yuki itself (already in canonical form). */
function portalValue(field: Field): string {
  const n = fresh();
  switch (field) {
    case 'companyName':
      return `Portaal ${String(n)} B.V.`;
    case 'kvk':
      return digits(n, 8, 6);
    case 'email':
      return `p${String(n)}@portaal.example.nl`;
    case 'phone':
      return `+3130${digits(n, 7, 6)}`;
  }
}

// ---------------------------------------------------------------- checks

async function portalValues(world: SyncWorld, admin: AdminModel): Promise<Record<Field, string | null>> {
  const yuki = await yukiAdministration(world, admin.pair.externalId);
  const out = {} as Record<Field, string | null>;
  for (const field of FIELDS) {
    const raw = yuki[PORTAL_KEY[field]];
    out[field] = norm(field, typeof raw === 'string' ? raw : null).value;
  }
  return out;
}

/** The stored open changes and the portal agree with the model (checked after every step). */
async function expectInSync(model: Model, real: Real): Promise<void> {
  const step = real.log.join(' → ');
  const ids = model.admins.map((admin) => admin.pair.administrationId);
  const rows = (await changesOf(real.world, ids)).filter((row) => (FIELDS as readonly string[]).includes(row.field));
  const actual = rows
    .map((row) => ({
      admin: ids.indexOf(row.administration_id),
      field: row.field,
      state: row.state,
      value: row.new_value,
      ...(row.state === 'conflict' ? { portal: row.portal_value } : {}),
    }))
    .sort((a, b) => a.admin - b.admin || a.field.localeCompare(b.field));
  const expected = model.admins
    .flatMap((admin, index) =>
      FIELDS.flatMap((field) => {
        const open = admin.fields[field].open;
        return open === null
          ? []
          : [
              {
                admin: index,
                field,
                state: open.state,
                value: open.value,
                ...(open.state === 'conflict' ? { portal: open.portalSeen } : {}),
              },
            ];
      }),
    )
    .sort((a, b) => a.admin - b.admin || a.field.localeCompare(b.field));
  expect(actual, `open changes after: ${step}`).toEqual(expected);
  for (const [index, admin] of model.admins.entries()) {
    const expectedPortal = Object.fromEntries(FIELDS.map((field) => [field, admin.fields[field].portal]));
    expect(await portalValues(real.world, admin), `portal of #${String(index)} after: ${step}`).toEqual(expectedPortal);
  }
}

async function changeIdOf(world: SyncWorld, admin: AdminModel, field: Field): Promise<string> {
  const row = (await changesOf(world, [admin.pair.administrationId])).find((candidate) => candidate.field === field);
  if (row === undefined) throw new Error(`no open ${field} change in crmhub`);
  return row.id;
}

// ---------------------------------------------------------------- commands

type Cmd = fc.AsyncCommand<Model, Real>;

async function deliver(world: SyncWorld, crmId: string, times: number): Promise<void> {
  const sent = await Promise.all(Array.from({ length: times }, () => postWebhook(world, WEBHOOK_SECRET, crmId)));
  for (const response of sent) expect(response.status).toBe(202);
}

type EditKind = 'valid' | 'invalid' | 'noise' | 'revert' | 'clear';

class CrmEdit implements Cmd {
  constructor(
    readonly admin: number,
    readonly field: Field,
    readonly kind: EditKind,
    readonly style: number,
    readonly deliveries: number,
  ) {}
  check(model: Readonly<Model>): boolean {
    const state = model.admins[this.admin]?.fields[this.field];
    if (state === undefined) return false;
    switch (this.kind) {
      case 'valid':
        return true;
      case 'invalid':
        return this.field !== 'companyName';
      case 'noise':
        return state.crmRaw !== null && !norm(this.field, state.crmRaw).invalid;
      case 'revert':
        return state.synced !== null || this.field !== 'companyName';
      case 'clear':
        return this.field !== 'companyName';
    }
  }
  async run(model: Model, real: Real): Promise<void> {
    const admin = model.admins[this.admin];
    if (admin === undefined) throw new Error('no admin');
    const state = admin.fields[this.field];
    const raw =
      this.kind === 'valid' || this.kind === 'invalid'
        ? typedValue(this.field, this.kind, this.style)
        : this.kind === 'noise'
          ? noiseOf(this.field, norm(this.field, state.crmRaw).value ?? '')
          : this.kind === 'revert'
            ? state.synced
            : null;
    real.log.push(`${this.toString()} = ${JSON.stringify(raw)}`);
    await editCrm(real.world, admin.pair.crmId, { [CRM_KEY[this.field]]: raw });
    await deliver(real.world, admin.pair.crmId, this.deliveries);
    await waitQuiet(real.world);
    state.crmRaw = raw;
    if (this.deliveries > 0) ingestModel(model, admin);
    await expectInSync(model, real);
  }
  toString(): string {
    return `crm#${String(this.admin)}.${this.field}:${this.kind}(webhook×${String(this.deliveries)})`;
  }
}

/** A person edits Yuki itself; `onOpen` aims at a field with an open change (so the stale guard has work). */
class PortalEdit implements Cmd {
  constructor(
    readonly admin: number,
    readonly field: Field,
    readonly onOpen: number | null,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const opens = model.admins.flatMap((admin) =>
      FIELDS.filter((field) => admin.fields[field].open !== null).map((field) => ({ admin, field })),
    );
    const target =
      this.onOpen !== null && opens.length > 0
        ? opens[this.onOpen % opens.length]
        : { admin: model.admins[this.admin], field: this.field };
    const admin = target?.admin;
    if (admin === undefined) throw new Error('no admin');
    const field = target?.field ?? this.field;
    const value = portalValue(field);
    real.log.push(`portal#${String(model.admins.indexOf(admin))}.${field} = ${value}`);
    await editPortal(real.world, admin.pair.externalId, { [PORTAL_KEY[field]]: value });
    admin.fields[field].portal = value;
    await expectInSync(model, real);
  }
  toString(): string {
    return this.onOpen === null ? `portal#${String(this.admin)}.${this.field}` : `portal(open ${String(this.onOpen)})`;
  }
}

class Decide implements Cmd {
  constructor(
    readonly pick: number,
    readonly decision: 'approve' | 'edit' | 'reject',
    readonly style: number,
  ) {}
  check(model: Readonly<Model>): boolean {
    return reviewable(model).length > 0;
  }
  async run(model: Model, real: Real): Promise<void> {
    const items = reviewable(model);
    const item = items[this.pick % items.length];
    if (item === undefined) throw new Error('nothing to decide');
    const { admin, field, open } = item;
    const id = await changeIdOf(real.world, admin, field);
    const index = model.admins.indexOf(admin);
    if (this.decision === 'reject') {
      real.log.push(`reject #${String(index)}.${field}`);
      const rejected = await real.world.admin.request('POST', `/api/review/changes/${id}/reject`, {});
      expect(rejected.status).toBe(200);
      admin.fields[field].rejected = { value: open.value };
      admin.fields[field].open = null;
    } else {
      const edited = this.decision === 'edit' ? typedValue(field, 'valid', this.style) : undefined;
      real.log.push(`${this.decision} #${String(index)}.${field}${edited === undefined ? '' : ` = ${edited}`}`);
      const clear = edited === undefined && open.value === null;
      if (clear) {
        // A clear is never approved by accident: without its own confirmation it is refused.
        const unconfirmed = await real.world.admin.request<{ code?: string }>(
          'POST',
          `/api/review/changes/${id}/approve`,
          {},
        );
        expect(unconfirmed.body.code).toBe('clear_not_confirmed');
      }
      const approved = await real.world.admin.request<{ code?: string }>(
        'POST',
        `/api/review/changes/${id}/approve`,
        edited === undefined ? { confirmClear: clear } : { value: edited },
      );
      await waitQuiet(real.world);
      if (edited === undefined && open.invalid) {
        expect(approved.status).toBe(422);
        expect(approved.body.code).toBe('value_invalid');
      } else {
        expect(approved.status).toBe(200);
        approveModel(admin, field, edited);
      }
    }
    await expectInSync(model, real);
  }
  toString(): string {
    return `${this.decision}(${String(this.pick)})`;
  }
}

class SyncNow implements Cmd {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    real.log.push('sync');
    expect((await real.world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
    await waitQuiet(real.world);
    for (const admin of model.admins) ingestModel(model, admin);
    await expectInSync(model, real);
  }
  toString(): string {
    return 'sync';
  }
}

/** A CRM edit whose webhook is taken, then crmhub restarts at once: the queued work survives in PostgreSQL. */
class EditThenRestart implements Cmd {
  constructor(
    readonly admin: number,
    readonly field: Field,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const admin = model.admins[this.admin];
    if (admin === undefined) throw new Error('no admin');
    const raw = typedValue(this.field, 'valid', 0);
    real.log.push(`${this.toString()} = ${raw}`);
    await editCrm(real.world, admin.pair.crmId, { [CRM_KEY[this.field]]: raw });
    await deliver(real.world, admin.pair.crmId, 1);
    await real.world.restart();
    await waitQuiet(real.world);
    admin.fields[this.field].crmRaw = raw;
    ingestModel(model, admin);
    await expectInSync(model, real);
  }
  toString(): string {
    return `crm#${String(this.admin)}.${this.field}+restart`;
  }
}

class ExhaustQuota implements Cmd {
  constructor(readonly admin: number) {}
  check(model: Readonly<Model>): boolean {
    return model.admins[this.admin]?.exhausted === false;
  }
  async run(model: Model, real: Real): Promise<void> {
    const admin = model.admins[this.admin];
    if (admin === undefined) throw new Error('no admin');
    real.log.push(this.toString());
    const usage = await real.world.simJson<{ limit: number }>(
      real.world.yuki.url,
      `/__sim/quota/${admin.pair.domainExternalId}`,
    );
    await real.world.simJson(real.world.yuki.url, `/__sim/quota/${admin.pair.domainExternalId}`, {
      method: 'PUT',
      body: { used: usage.limit },
    });
    admin.exhausted = true;
    await expectInSync(model, real);
  }
  toString(): string {
    return `quota#${String(this.admin)}`;
  }
}

/** Things crmhub must ignore: a new CRM organisation, an edit of an unlinked administration's organisation. */
class Unrelated implements Cmd {
  constructor(
    readonly what: 'new_org' | 'unlinked_edit',
    readonly target: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    real.log.push(this.toString());
    let crmId: string;
    if (this.what === 'new_org') {
      const created = await real.world.simJson<{ id: string }>(real.world.crm.url, '/__sim/organizations', {
        method: 'POST',
        body: { name: `Nieuw ${String(fresh())} B.V.`, coc_code: digits(fresh(), 8, 4) },
      });
      crmId = created.id;
    } else {
      const target = unlinked[this.target % unlinked.length];
      if (target === undefined) throw new Error('no unlinked administration');
      crmId = target.crmId;
      await editCrm(real.world, crmId, {
        name: typedValue('companyName', 'valid', 0),
        email: typedValue('email', 'valid', 0),
      });
    }
    await deliver(real.world, crmId, 1);
    await waitQuiet(real.world);
    await expectInSync(model, real);
  }
  toString(): string {
    return `${this.what}(${String(this.target)})`;
  }
}

const adminArb = fc.nat(PER_RUN - 1);
const fieldArb = fc.constantFrom(...FIELDS);
const commandArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        adminArb,
        fieldArb,
        fc.constantFrom<EditKind>('valid', 'valid', 'invalid', 'noise', 'revert', 'clear'),
        fc.nat(1),
        fc.constantFrom(0, 1, 1, 2),
      )
      .map(([admin, field, kind, style, deliveries]) => new CrmEdit(admin, field, kind, style, deliveries)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(adminArb, fieldArb, fc.option(fc.nat(7), { freq: 4 }))
      .map(([admin, field, onOpen]) => new PortalEdit(admin, field, onOpen)),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.nat(7),
        fc.constantFrom<'approve' | 'edit' | 'reject'>('approve', 'approve', 'edit', 'reject'),
        fc.nat(1),
      )
      .map(([pick, decision, style]) => new Decide(pick, decision, style)),
  },
  { weight: 1, arbitrary: fc.constant(new SyncNow()) },
  { weight: 1, arbitrary: fc.tuple(adminArb, fieldArb).map(([admin, field]) => new EditThenRestart(admin, field)) },
  { weight: 2, arbitrary: adminArb.map((admin) => new ExhaustQuota(admin)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom<'new_org' | 'unlinked_edit'>('new_org', 'unlinked_edit'), fc.nat(UNLINKED - 1))
      .map(([what, target]) => new Unrelated(what, target)),
  },
);

// ---------------------------------------------------------------- the world

let world: SyncWorld;
let pool: Pair[];
let unlinked: Pair[];
let nextSlot = 0;
let unlinkedBefore: SimAdministration[];
let totalsBefore: { administrations: number; domains: number };
let contactsBefore: Map<string, number>;

async function contactCount(domainExternalId: string): Promise<number> {
  return (await world.simJson<{ total: number }>(world.yuki.url, `/__sim/domains/${domainExternalId}/contacts?limit=1`))
    .total;
}

async function totals(): Promise<{ administrations: number; domains: number }> {
  const administrations = (await world.simJson<{ total: number }>(world.yuki.url, '/__sim/administrations?limit=1'))
    .total;
  const domains = (await world.simJson<{ total: number }>(world.yuki.url, '/__sim/domains?limit=1')).total;
  return { administrations, domains };
}

beforeAll(async () => {
  const slots = RUNS * PER_RUN;
  world = await startSyncWorld({
    orgs: slots + UNLINKED,
    webhookSecret: WEBHOOK_SECRET,
    // Only the model's steps read the CRM: no poll in between that the model does not know about.
    pollIntervalSeconds: 86_400,
  });
  const all = await pairs(world, slots + UNLINKED);
  pool = all.slice(0, slots);
  unlinked = all.slice(slots);
  for (const target of pool) await link(world, target, 'manual');
  await settle(
    world,
    pool.map((target) => target.administrationId),
  );
  unlinkedBefore = await Promise.all(unlinked.map((target) => yukiAdministration(world, target.externalId)));
  totalsBefore = await totals();
  contactsBefore = new Map();
  for (const target of [...pool, ...unlinked])
    contactsBefore.set(target.domainExternalId, await contactCount(target.domainExternalId));
}, 180_000);
afterAll(async () => {
  await world.close();
});

/** Two administrations from the pool, their current state as the model's start. */
async function setupRun(policy: Policy, modes: readonly Mode[]): Promise<{ model: Model; real: Real }> {
  const slot = pool.slice(nextSlot, nextSlot + PER_RUN);
  nextSlot += PER_RUN;
  if (slot.length < PER_RUN) throw new Error('the pool of linked administrations is used up');
  expect((await world.admin.request('PUT', '/api/settings/approval-policy', { policy })).status).toBe(200);
  const admins: AdminModel[] = [];
  for (const [index, pair] of slot.entries()) {
    const mode = modes[index] ?? 'manual';
    const changed = await world.admin.request('PATCH', `/api/administrations/${pair.administrationId}/link`, { mode });
    expect(changed.status).toBe(204);
    const org = await world.simJson<Record<string, unknown>>(world.crm.url, `/__sim/organizations/${pair.crmId}`);
    const link = await world.server.deps.db
      .selectFrom('administration_links')
      .select([sql<Record<string, string | null>>`baseline`.as('baseline'), sql<string[]>`crm_held`.as('crmHeld')])
      .where('administration_id', '=', pair.administrationId)
      .executeTakeFirstOrThrow();
    const admin: AdminModel = { pair, mode, exhausted: false, fields: {} as Record<Field, FieldModel> };
    admins.push(admin);
    const portal = await portalValues(world, admin);
    for (const field of FIELDS) {
      const raw = org[CRM_KEY[field]];
      admin.fields[field] = {
        crmRaw: typeof raw === 'string' ? raw : null,
        synced: link.baseline[field] ?? null,
        portal: portal[field],
        open: null,
        rejected: null,
        crmHeld: link.crmHeld.includes(field),
      };
    }
  }
  const model: Model = { policy, admins };
  const real: Real = { world, log: [`policy ${policy}, modes ${modes.join('/')}`] };
  await expectInSync(model, real);
  return { model, real };
}

/** Quota back (a new day), then: full reconcile, and approve everything that can be approved, until quiet. */
async function settleRun(model: Model, real: Real): Promise<void> {
  real.log.push('settle');
  const ids = model.admins.map((admin) => admin.pair.administrationId);
  for (const admin of model.admins) {
    if (admin.exhausted)
      await world.simJson(world.yuki.url, `/__sim/quota/${admin.pair.domainExternalId}`, {
        method: 'PUT',
        body: { used: 0 },
      });
    admin.exhausted = false;
  }
  const db = world.server.deps.db;
  await db
    .deleteFrom('quota_usage')
    .where(
      'scope',
      'in',
      model.admins.map((admin) => admin.pair.domainExternalId.toLowerCase()),
    )
    .execute();
  // Tomorrow has come for the work that waited for quota; the sweep picks it up as it would after midnight.
  await db
    .updateTable('sync_changes')
    .set({ next_attempt_at: null })
    .where('administration_id', 'in', ids)
    .where('state', '=', 'approved')
    .execute();
  await jobHandlerFor(() => world.server.deps, applySweepJob)({}, { id: 'model-sweep', attempt: 1 });
  await waitQuiet(world);
  for (const admin of model.admins) applyModel(admin);
  await expectInSync(model, real);

  await enqueueCrmSync(world.server.deps.queue, world.crmConnectionId, true);
  await waitQuiet(world);
  for (const admin of model.admins) ingestModel(model, admin);
  real.log.push('full reconcile');
  await expectInSync(model, real);

  for (let round = 0; round < 3; round += 1) {
    const approvable = reviewable(model).filter((item) => !item.open.invalid);
    if (approvable.length === 0) break;
    for (const admin of new Set(approvable.map((item) => item.admin))) {
      const bulk = await world.admin.request('POST', '/api/review/approve', {
        administrationId: admin.pair.administrationId,
        includeClears: true,
      });
      expect(bulk.status).toBe(200);
    }
    await waitQuiet(world);
    for (const { admin, field } of approvable) approveModel(admin, field, undefined);
    real.log.push(`approve all (${String(approvable.length)})`);
    await expectInSync(model, real);
  }
  expect(
    reviewable(model).filter((item) => !item.open.invalid),
    'the model settles',
  ).toEqual([]);
}

/** What must hold whatever happened: nothing created, nothing unlinked written, no job given up. */
async function expectNothingElseTouched(real: Real): Promise<void> {
  const step = real.log.join(' → ');
  expect(await totals(), `Yuki records after: ${step}`).toEqual(totalsBefore);
  const now = await Promise.all(unlinked.map((target) => yukiAdministration(world, target.externalId)));
  expect(now, `unlinked administrations after: ${step}`).toEqual(unlinkedBefore);
  const unlinkedPaths = new Set(unlinked.map((target) => target.externalId));
  expect(
    world.yukiRequests.filter(
      (request) => request.method !== 'GET' && unlinkedPaths.has(request.path.split('/').at(-1) ?? ''),
    ),
  ).toEqual([]);
  const calls = await world.simJson<{ calls: Record<string, number> }>(world.yuki.url, '/__sim/calls');
  expect(calls.calls['UpdateContact'] ?? 0, 'contacts written').toBe(0);
  for (const [domain, count] of contactsBefore) expect(await contactCount(domain), `contacts of ${domain}`).toBe(count);
  expect(await failedJobs(world), `failed jobs after: ${step}`).toEqual([]);
}

it('keeps every linked portal equal to the model, writes nothing else and creates nothing', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<Policy>('all', 'legal_vat', 'none'),
      fc.tuple(fc.constantFrom<Mode>('automatic', 'manual'), fc.constantFrom<Mode>('automatic', 'manual')),
      fc.commands([commandArb], { maxCommands: 16, size: 'max' }),
      async (policy, modes, commands) => {
        const { model, real } = await setupRun(policy, modes);
        try {
          await fc.asyncModelRun(async () => Promise.resolve({ model, real }), commands);
          await settleRun(model, real);
          for (const admin of model.admins) {
            const expected = Object.fromEntries(FIELDS.map((field) => [field, admin.fields[field].portal]));
            expect(await portalValues(world, admin), `final portal after: ${real.log.join(' → ')}`).toEqual(expected);
          }
          await expectNothingElseTouched(real);
        } catch (error) {
          // The steps as they ran, values included (fast-check prints the commands and the seed to replay them).
          console.error(`sync model run failed:\n  ${real.log.join('\n  ')}`);
          throw error;
        }
      },
    ),
    {
      numRuns: RUNS,
      endOnFailure: true,
      ...(SEED === undefined ? {} : { seed: SEED }),
      ...(PATH === undefined ? {} : { path: PATH }),
    },
  );
}, 300_000);
