// Sync benchmark fixtures made straight in the database through the repos: a portal, one domain, administrations,
// a Simplicate connection and administration links with their baselines; plus CRM data read through the connector.
import { insertConnection } from '../src/adapters/db/repos/connections.repo.js';
import { insertLinks } from '../src/adapters/db/repos/links.repo.js';
import { upsertAdministration, upsertDomain } from '../src/adapters/db/repos/portal.repo.js';
import { insertFirstAdmin } from '../src/adapters/db/repos/users.repo.js';
import { loopbackOutboundPolicy } from '../src/adapters/shared/outbound-policy.js';
import { createSimplicateConnector } from '../src/adapters/simplicate/simplicate.connector.js';
import { syncFields } from '../src/core/sync/fields.js';
import { fieldValuesOfCompany } from '../src/core/sync/mapping.js';
import { normalizeFieldValues } from '../src/core/sync/normalize.js';
import { startSimplicateSim } from '../src/sims/simplicate/cli.js';

import type { SecretBox } from '../src/adapters/crypto/secret-box.js';
import type { Db } from '../src/adapters/db/pool.js';
import type { SourceCompany } from '../src/core/connector.js';
import type { FieldValues } from '../src/core/sync/fields.js';
import type { RunningSim } from '../src/sims/shared/types.js';

/** The Simplicate account every benchmark's simulator accepts. */
export const BENCH_CRM_KEY = { apiKey: 'bench-key', apiSecret: 'bench-secret-0123456789' } as const;

/** A Simplicate simulator with the bench account and its rate limit out of the way: the figures are about our code. */
export function startBenchCrmSim(seed: number, orgs: number): Promise<RunningSim> {
  return startSimplicateSim({ port: 0, seed, orgs, extra: { ...BENCH_CRM_KEY, rateLimitPerMinute: '1000000' } });
}

export type LinkSpec = { readonly crmExternalId: string; readonly baseline: FieldValues };

export type SyncFixture = {
  readonly portalId: string;
  readonly connectionId: string;
  /** Administration ids, in the order of the link specs. */
  readonly administrationIds: readonly string[];
};

/** Runs fn over items with at most `limit` at a time (the pool has 10 connections). */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}

/** The values crmhub keeps as "last synchronised" for an administration whose portal equals this CRM record. */
export function baselineOf(company: SourceCompany): FieldValues {
  const normalized = normalizeFieldValues(fieldValuesOfCompany(company));
  return Object.fromEntries(syncFields.map((field) => [field, normalized[field].value])) as FieldValues;
}

/** Reads organisations through the Simplicate connector, page by page, until `limit` are in hand. */
export async function readCompanies(
  settings: { baseUrl: string; apiKey: string; apiSecret: string },
  limit: number,
): Promise<SourceCompany[]> {
  const connector = createSimplicateConnector(settings, { outbound: loopbackOutboundPolicy });
  if (!connector.ok) throw new Error(connector.error.message);
  const out: SourceCompany[] = [];
  for await (const page of connector.value.companies(null)) {
    if (!page.ok) throw new Error(page.error.message);
    out.push(...page.value.items.slice(0, limit - out.length));
    if (out.length >= limit) break;
  }
  return out;
}

export async function createSyncFixture(
  db: Db,
  input: {
    readonly secretBox: SecretBox;
    readonly crm: { baseUrl: string; apiKey: string; apiSecret: string; webhookSecret?: string };
    readonly links: readonly LinkSpec[];
    readonly mode: 'automatic' | 'manual';
  },
): Promise<SyncFixture> {
  const now = new Date();
  // Who linked: an administrator (nobody logs in with this hash).
  const admin = await insertFirstAdmin(db, {
    email: 'bench@kantoor.nl',
    name: 'Bench Beheerder',
    passwordHash: 'not-a-login',
    portalName: 'Benchmark Accountants',
  });
  if (admin === null) throw new Error('the benchmark database already has users');
  const portal = { id: admin.portalId };
  const domainId = await upsertDomain(db, {
    portalId: portal.id,
    externalId: 'bench-domain',
    name: 'Benchmark domein',
    url: null,
    now,
  });
  const connection = await insertConnection(db, {
    portalId: portal.id,
    role: 'crm',
    system: 'simplicate',
    baseUrl: input.crm.baseUrl,
    credentialsEnc: input.secretBox.encrypt(
      JSON.stringify({
        apiKey: input.crm.apiKey,
        apiSecret: input.crm.apiSecret,
        webhookSecret: input.crm.webhookSecret ?? null,
      }),
    ),
    nextRunAt: now,
  });
  const administrationIds: string[] = new Array<string>(input.links.length);
  await eachLimited(input.links, 8, async (link, index) => {
    const administrationId = await upsertAdministration(db, {
      domainId,
      externalId: `bench-${String(index)}`,
      name: `Administratie ${String(index).padStart(6, '0')}`,
      active: true,
      profile: {},
      now,
    });
    administrationIds[index] = administrationId;
    await insertLinks(db, [
      {
        administrationId,
        connectionId: connection.id,
        crmExternalId: link.crmExternalId,
        mode: input.mode,
        baseline: link.baseline,
        linkedBy: admin.id,
        now,
      },
    ]);
  });
  return { portalId: portal.id, connectionId: connection.id, administrationIds };
}
