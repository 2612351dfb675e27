// A small firm for live review-queue tests: two domains with one linked administration each, an intake source (Radar)
// as the CRM, an administrator who sees everything and a clerk who sees only the first domain.
import { insertLinks } from '../../src/adapters/db/repos/links.repo.js';
import { setDomainAccess } from '../../src/adapters/db/repos/user-admin.repo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { addSource } from '../../src/app/use-cases/intake/sources.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { TEST_PASSWORD } from './http.js';
import { PUSH_URL } from './intake.js';
import { addDomainWithAdministration } from './portal.js';

import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { IntakeCredentialsView } from '../../src/contract/intake.contract.js';

/** One client of the firm: its domain, its Yuki administration and the CRM record linked to it. */
export type WorldClient = {
  readonly domainId: string;
  readonly administrationId: string;
  readonly administrationName: string;
  readonly externalId: string;
};

export type ReviewWorld = {
  readonly admin: User;
  /** Sees only the domain of client `north`. */
  readonly clerk: User;
  readonly north: WorldClient;
  readonly south: WorldClient;
  readonly source: IntakeCredentialsView;
};

export const worldAccounts = {
  admin: { email: 'beheer@kantoor.nl', password: TEST_PASSWORD },
  clerk: { email: 'medewerker@kantoor.nl', password: TEST_PASSWORD },
} as const;

async function addClient(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  admin: User,
  client: { domain: string; name: string; externalId: string; connectionId: string },
): Promise<WorldClient> {
  const now = deps.clock();
  const { domainId, administrationId } = await addDomainWithAdministration(deps.db, {
    portalId: admin.portalId,
    domain: { externalId: `dom-${client.externalId}`, name: client.domain },
    administration: { externalId: `adm-${client.externalId}`, name: client.name },
    profile: { name: client.name },
    now,
  });
  await insertLinks(deps.db, [
    {
      administrationId,
      connectionId: client.connectionId,
      crmExternalId: client.externalId,
      mode: 'manual',
      baseline: { companyName: client.name },
      linkedBy: admin.id,
      now,
    },
  ]);
  return { domainId, administrationId, administrationName: client.name, externalId: client.externalId };
}

/** Builds the firm through the use-cases of a running crmhub (`baseUrl` is where its intake source is reached). */
export async function setUpReviewWorld(deps: AppDeps, baseUrl: string): Promise<ReviewWorld> {
  const admin = mustSucceed(
    await createUser(deps.db, { ...worldAccounts.admin, name: 'Anna Beheer', role: 'portal_admin' }),
  );
  const clerk = mustSucceed(
    await createUser(deps.db, { ...worldAccounts.clerk, name: 'Piet Medewerker', role: 'employee' }),
  );
  const source = mustSucceed(await addSource(deps, admin, { name: 'Radar', system: 'radar', baseUrl }));
  const connectionId = source.id;
  const north = await addClient(deps, admin, {
    domain: 'Kantoor Noord',
    name: 'Bakkerij De Korenschoof B.V.',
    externalId: '1010',
    connectionId,
  });
  const south = await addClient(deps, admin, {
    domain: 'Kantoor Zuid',
    name: 'Installatiebedrijf Jansen B.V.',
    externalId: '2020',
    connectionId,
  });
  await setDomainAccess(deps.db, { userId: clerk.id, allDomains: false, domainIds: [north.domainId] });
  return { admin, clerk, north, south, source };
}

/** The intake record of a client with this e-mail address (a change of it becomes a held change). */
export function clientRecord(client: WorldClient, email: string) {
  return { externalId: client.externalId, name: client.administrationName, email };
}

/** Pushes records to the world's intake source over HTTP, as the CRM would; resolves with the HTTP status. */
export async function pushOverHttp(baseUrl: string, world: ReviewWorld, records: readonly unknown[]): Promise<number> {
  const response = await fetch(`${baseUrl}${PUSH_URL}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': world.source.apiKey,
      'x-api-secret': world.source.apiSecret,
    },
    body: JSON.stringify({ records }),
  });
  await response.arrayBuffer();
  return response.status;
}
