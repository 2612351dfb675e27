// The crmhub the untranslated-text walk and the screenshot script look at: the demo's firm (src/app/cli/demo-firm.ts)
// on a test server, plus a few CRM edits (one a clear), a call, a colleague, and a second crmhub still to be set up.
import { sql } from 'kysely';

import { DEMO_EMAIL, demoEdits, startDemoFirm } from '../../src/app/cli/demo-firm.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser } from '../../src/app/use-cases/users.js';
import { simJson } from '../../src/sims/shared/admin-client.js';
import { startTestServer } from '../helpers/server.js';
import { apiClient } from '../helpers/sync-world.js';

import type { Db } from '../../src/adapters/db/pool.js';
import type { TestDatabase } from '../helpers/db.js';

/** Small enough to seed in seconds, big enough for a list with linked, unlinked and suggested administrations. */
const WORLD_ORGS = 30;
/** How many linked organisations the CRM user edits (each with one of the demo's edits). */
const EDITED = 6;

type Account = { readonly email: string; readonly password: string };

export type WalkWorld = {
  /** The seeded crmhub. */
  readonly url: string;
  /** A crmhub with no users yet: its first page is the setup. */
  readonly setupUrl: string;
  readonly account: Account;
  readonly linkedAdministrationId: string;
  readonly unlinkedAdministrationId: string;
  /** The number of the call placed while seeding, as the phone system sent it (for `/pop?number=`). */
  readonly callerNumber: string;
  /**
   * Rings the administrator's extension again (a pop-up appears in open tabs). It does not wait for the simulated
   * call to end (it rings, is answered and hangs up in real time).
   */
  placeCall(): void;
  close(): Promise<void>;
};

/** Polls a count query until it reaches `atLeast` (background jobs fill these tables); bounded. */
async function waitForRows(db: Db, query: ReturnType<typeof sql<{ count: string }>>, atLeast: number, what: string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    const row = (await query.execute(db)).rows[0];
    if (Number(row?.count ?? 0) >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the walk's world never had ${what}`);
}

async function oneId(db: Db, query: ReturnType<typeof sql<{ id: string }>>, what: string): Promise<string> {
  const id = (await query.execute(db)).rows[0]?.id;
  if (id === undefined) throw new Error(`the walk's world has no ${what}`);
  return id;
}

async function manualLinkCrmIds(db: Db, count: number): Promise<string[]> {
  const links = await db
    .selectFrom('administration_links')
    .select('crm_external_id')
    .where('mode', '=', 'manual')
    .orderBy('crm_external_id')
    .limit(count)
    .execute();
  return links.map((link) => link.crm_external_id);
}

/**
 * The CRM user makes the demo's edits to clients linked with manual approval (each waits for review) and empties the
 * e-mail address of one more (a clear proposal).
 */
async function editClients(db: Db, crmSimUrl: string): Promise<void> {
  const patch = (crmId: string, body: Record<string, unknown>) =>
    simJson(crmSimUrl, `/__sim/organizations/${crmId}`, { method: 'PATCH', body });
  const manual = await manualLinkCrmIds(db, EDITED + 1);
  for (const [index, crmId] of manual.entries()) {
    const edit = demoEdits[index % demoEdits.length];
    if (index === EDITED) await patch(crmId, { email: null });
    else if (edit !== undefined) await patch(crmId, edit(index + 1));
  }
}

/** The administrator approves one waiting change (not the clear) through the API: an "apply in Yuki" task. */
async function approveOneChange(db: Db, url: string, account: Account): Promise<void> {
  const change = await oneId(
    db,
    sql`SELECT id FROM sync_changes WHERE state = 'pending' AND new_value IS NOT NULL ORDER BY field, id LIMIT 1`,
    'change to approve',
  );
  const admin = await apiClient(url, account);
  const approved = await admin.request('POST', `/api/review/changes/${change}/approve`, {});
  if (approved.status !== 200) throw new Error(`approving a change failed: ${JSON.stringify(approved.body)}`);
}

/**
 * The CRM starts refusing crmhub's key while the phone numbers are re-read: a failed index run (and a connection to
 * reconnect) for the settings and status pages to word. The refusal stops afterwards, so nothing else is affected.
 */
async function failOneIndexRun(db: Db, url: string, crmSimUrl: string, account: Account): Promise<void> {
  const crm = await oneId(db, sql`SELECT id FROM connections WHERE role = 'crm' AND status = 'active'`, 'CRM');
  const body = { kind: 'status', status: 401, rate: 1, pathPrefix: '/api/v2/crm/' };
  await simJson(crmSimUrl, '/__sim/faults', { method: 'POST', body });
  const admin = await apiClient(url, account);
  const queued = await admin.request('POST', `/api/callerid/sources/${crm}/reindex`, { full: false });
  if (queued.status !== 202) throw new Error(`queueing a re-index failed: ${JSON.stringify(queued.body)}`);
  await waitForRows(
    db,
    sql`SELECT count(*) FROM phone_index_sources WHERE last_failure IS NOT NULL`,
    1,
    'a failed run',
  );
  await simJson(crmSimUrl, '/__sim/faults', { method: 'DELETE' });
}

/** Starts the seeded crmhub and the unset one on databases from `createDatabase`, and waits until every page has content. */
export async function startWalkWorld(createDatabase: () => Promise<TestDatabase>): Promise<WalkWorld> {
  const server = await startTestServer({ database: await createDatabase() });
  const fresh = await startTestServer({ database: await createDatabase() });
  const closeServers = async () => {
    await fresh.close();
    await server.close();
    await server.database.close();
    await fresh.database.close();
  };
  try {
    const firm = await startDemoFirm(server, { orgs: WORLD_ORGS, log: () => undefined, callEveryMs: null });
    const db = server.deps.db;
    try {
      mustSucceed(
        await createUser(db, {
          email: 'erik@kantoor.nl',
          name: 'Erik Jansen',
          password: 'Zeven-Zwanen-Zwemmen-7',
          role: 'employee',
        }),
      );
      await editClients(db, firm.crmSimUrl);
      await waitForRows(
        db,
        sql`SELECT count(*) FROM sync_changes WHERE state = 'pending' AND new_value IS NULL`,
        1,
        'a clear to review',
      );
      await waitForRows(
        db,
        sql`SELECT count(*) FROM sync_changes WHERE state = 'pending'`,
        EDITED,
        'changes to review',
      );
      await approveOneChange(db, server.url, { email: DEMO_EMAIL, password: firm.password });
      await waitForRows(db, sql`SELECT count(*) FROM yuki_tasks WHERE state = 'open'`, 1, 'an open Yuki task');
      await failOneIndexRun(db, server.url, firm.crmSimUrl, { email: DEMO_EMAIL, password: firm.password });
      const placeCall = () => {
        firm.placeCall().catch(() => undefined); // a call still ringing when the world closes is cut off
      };
      placeCall();
      await waitForRows(db, sql`SELECT count(*) FROM calls`, 1, 'a call');
      const callerNumber = await oneId(db, sql`SELECT external_raw AS id FROM calls LIMIT 1`, 'call');
      return {
        url: server.url,
        setupUrl: fresh.url,
        account: { email: DEMO_EMAIL, password: firm.password },
        linkedAdministrationId: await oneId(
          db,
          sql`SELECT administration_id AS id FROM administration_links ORDER BY administration_id LIMIT 1`,
          'linked administration',
        ),
        unlinkedAdministrationId: await oneId(
          db,
          sql`SELECT id FROM administrations a WHERE NOT EXISTS (SELECT 1 FROM administration_links l WHERE l.administration_id = a.id) ORDER BY id LIMIT 1`,
          'unlinked administration',
        ),
        callerNumber,
        placeCall,
        async close() {
          await firm.stop();
          await closeServers();
        },
      };
    } catch (error) {
      await firm.stop();
      throw error;
    }
  } catch (error) {
    await closeServers();
    throw error;
  }
}
