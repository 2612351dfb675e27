/**
 * The demo's firm, shared by `crmhub demo`, the untranslated-text walk and the screenshot script: Simplicate, Yuki,
 * AccountView and phone-system simulators seeded alike, an administrator, both connections, most administrations
 * linked, and caller ID for the administrator's extension.
 */
import { randomBytes } from 'node:crypto';

import { listAdministrations } from '../../adapters/db/repos/portal.repo.js';
import { setApprovalPolicy } from '../../adapters/db/repos/settings.repo.js';
import { setWriteMode } from '../../adapters/db/repos/yuki-tasks.repo.js';
import { simJson } from '../../sims/shared/admin-client.js';
import { startSimplicateSim } from '../../sims/simplicate/cli.js';
import { startYukiSim } from '../../sims/yuki/cli.js';
import { enqueueApply } from '../jobs/contracts.js';
import { mustSucceed } from '../use-cases/failure.js';
import { connectCrm } from '../use-cases/sync/crm-connection.js';
import { linkAdministration, suggestionsFor } from '../use-cases/sync/links.js';
import { connectPortal, importPortal } from '../use-cases/sync/portal-connection.js';
import { runCrmSync } from '../use-cases/sync/run-sync.js';
import { createFirstAdmin } from '../use-cases/users.js';
import { DEMO_CALL_EVERY_MS, startCallerIdDemo } from './demo-callerid.js';
import { connectSimVismaConnect } from './demo-visma-connect.js';

import type { User } from '../../adapters/db/repos/users.repo.js';
import type { RunningSim } from '../../sims/shared/types.js';
import type { RunningCrmhub } from '../runtime.js';
import type { DemoPhoneSystem } from './demo-callerid.js';

export const DEMO_SEED = 2026;
export const DEMO_EMAIL = 'demo@crmhub.local';
const LINKED_SHARE = 0.9;
const CRM_KEY = 'demo-key';
const CRM_SECRET = 'demo-secret-0123456789';

type Json = Record<string, unknown>;

/** Small edits a CRM user makes every day, as people type them. */
export const demoEdits: readonly ((n: number) => Json)[] = [
  (n) => ({ phone: `020-${String(5_000_000 + n).slice(0, 7)}` }),
  (n) => ({ email: `administratie${n}@voorbeeld.nl` }),
  (n) => ({ name: `Bakkerij Van Dijk ${n} B.V.` }),
  (n) => ({ phone: `06 ${String(20_000_000 + n * 7).slice(0, 8)}` }),
  () => ({ coc_code: '1234567' }),
  (n) => ({
    visiting_address: {
      line_1: `Keizersgracht ${n}`,
      postal_code: '1015cs',
      locality: 'Amsterdam',
      country: 'Nederland',
    },
  }),
];

/** The parts of a running crmhub the seeding uses (a test server fits too). */
export type DemoHost = Pick<RunningCrmhub, 'url' | 'deps'>;

export type DemoFirmOptions = {
  readonly orgs: number;
  readonly log: (line: string) => void;
  /** The unpublished company write instead of "apply in Yuki" tasks. */
  readonly automatic?: boolean;
  readonly phoneSystem?: DemoPhoneSystem;
  /** How often the phone rings the demo user (default ~20 s); null: only when `placeCall` is called. */
  readonly callEveryMs?: number | null;
};

export type DemoFirm = {
  readonly admin: User;
  readonly password: string;
  readonly crmSimUrl: string;
  readonly yukiSimUrl: string;
  /** CRM ids of the linked organisations. */
  readonly linkedCrmIds: readonly string[];
  /** Rings the demo user's extension from a number in the index; returns that number as the source wrote it. */
  placeCall(): Promise<string>;
  stop(): Promise<void>;
};

async function seedFirm(host: DemoHost, admin: User, sims: { crm: string; yuki: string }, automatic: boolean) {
  const deps = host.deps;
  if (automatic) await setWriteMode(deps.db, admin.portalId, 'automatic');
  const webhookSecret = randomBytes(16).toString('hex');
  const crm = mustSucceed(
    await connectCrm(deps, admin, {
      system: 'simplicate',
      baseUrl: sims.crm,
      apiKey: CRM_KEY,
      apiSecret: CRM_SECRET,
      webhookSecret,
      pollIntervalSeconds: 60,
    }),
  );
  const credentials = await simJson<{ accessKeys: { key: string }[] }>(sims.yuki, '/__sim/credentials');
  mustSucceed(
    await connectPortal(deps, admin, { accessKey: credentials.accessKeys[0]?.key ?? '', baseUrl: sims.yuki }),
  );
  // The Platform API (administration profiles) is granted through the simulator's Visma Connect.
  mustSucceed(await importPortal(deps, await connectSimVismaConnect(deps, admin, sims.yuki)));
  await runCrmSync(deps, crm.id, { full: true });
  // Legal and VAT data wait for a person; the rest of an automatic administration is applied at once.
  await setApprovalPolicy(deps.db, admin.portalId, 'legal_vat');
  const administrations = await listAdministrations(deps.db, admin.portalId, null);
  const linkedCrmIds: string[] = [];
  for (const [index, administration] of administrations.entries()) {
    if (index >= administrations.length * LINKED_SHARE) break;
    const suggestion = (await suggestionsFor(deps, admin, administration))[0];
    if (suggestion === undefined) continue;
    const mode = index % 4 === 0 ? 'manual' : 'automatic';
    const { toApply } = mustSucceed(
      await linkAdministration(deps, admin, administration.id, {
        crmExternalId: suggestion.candidate.externalId,
        mode,
      }),
    );
    await enqueueApply(deps.queue, admin.portalId, toApply);
    linkedCrmIds.push(suggestion.candidate.externalId);
  }
  await simJson(sims.crm, '/__sim/webhooks', {
    method: 'POST',
    body: { url: `${host.url ?? ''}/api/webhooks/crm/${crm.id}`, secret: webhookSecret },
  });
  return { linkedCrmIds, administrationCount: administrations.length };
}

/** Starts the simulators, creates the administrator and seeds the firm into `host`; `stop` stops the simulators. */
export async function startDemoFirm(host: DemoHost, options: DemoFirmOptions): Promise<DemoFirm> {
  const sims: RunningSim[] = [];
  let stopCallerId = (): Promise<void> => Promise.resolve();
  const stop = async (): Promise<void> => {
    await stopCallerId();
    for (const sim of sims) await sim.close();
  };
  try {
    const crmSim = await startSimplicateSim({
      port: 0,
      seed: DEMO_SEED,
      orgs: options.orgs,
      extra: { apiKey: CRM_KEY, apiSecret: CRM_SECRET, rateLimitPerMinute: '6000' },
    });
    sims.push(crmSim);
    // The automatic write mode needs the simulator's assumed (unpublished) company read and write.
    const assumed = options.automatic === true ? { platformCompanyReads: 'true', platformCompanyWrite: 'true' } : {};
    const yukiSim = await startYukiSim({ port: 0, seed: DEMO_SEED, orgs: options.orgs, extra: assumed });
    sims.push(yukiSim);
    const password = randomBytes(9).toString('base64url');
    const admin = mustSucceed(
      await createFirstAdmin(host.deps.db, { email: DEMO_EMAIL, name: 'Demo Beheerder', password }),
    );
    const urls = { crm: crmSim.url, yuki: yukiSim.url };
    const seeded = await seedFirm(host, admin, urls, options.automatic === true);
    options.log(`linked ${seeded.linkedCrmIds.length} of ${seeded.administrationCount} administrations`);
    const callerId = await startCallerIdDemo(host, admin, {
      seed: DEMO_SEED,
      orgs: options.orgs,
      log: options.log,
      phoneSystem: options.phoneSystem ?? 'json',
      callEveryMs: options.callEveryMs === undefined ? DEMO_CALL_EVERY_MS : options.callEveryMs,
    });
    stopCallerId = () => callerId.stop();
    return {
      admin,
      password,
      crmSimUrl: crmSim.url,
      yukiSimUrl: yukiSim.url,
      linkedCrmIds: seeded.linkedCrmIds,
      placeCall: () => callerId.placeCall(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
