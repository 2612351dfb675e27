/**
 * `crmhub demo`: crmhub with the Simplicate, Yuki, AccountView and phone-system simulators, seeded with a realistic
 * firm, connected and mostly linked; a CRM user keeps editing and the phone keeps ringing, so a newcomer sees changes
 * arrive, wait for approval and get applied, and caller-ID pop-ups appear.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import closeWithGrace from 'close-with-grace';

import { listAdministrations } from '../../adapters/db/repos/portal.repo.js';
import { setApprovalPolicy } from '../../adapters/db/repos/settings.repo.js';
import { setWriteMode } from '../../adapters/db/repos/yuki-tasks.repo.js';
import { simJson } from '../../sims/shared/admin-client.js';
import { startSimplicateSim } from '../../sims/simplicate/cli.js';
import { startYukiSim } from '../../sims/yuki/cli.js';
import { loadConfig } from '../config.js';
import { enqueueApply } from '../jobs/contracts.js';
import { startCrmhub } from '../runtime.js';
import { mustSucceed } from '../use-cases/failure.js';
import { connectCrm } from '../use-cases/sync/crm-connection.js';
import { linkAdministration, suggestionsFor } from '../use-cases/sync/links.js';
import { connectPortal, importPortal } from '../use-cases/sync/portal-connection.js';
import { runCrmSync } from '../use-cases/sync/run-sync.js';
import { createFirstAdmin } from '../use-cases/users.js';
import { startCallerIdDemo } from './demo-callerid.js';
import { connectSimVismaConnect } from './demo-visma-connect.js';

import type { User } from '../../adapters/db/repos/users.repo.js';
import type { RunningSim } from '../../sims/shared/types.js';
import type { Config } from '../config.js';
import type { RunningCrmhub } from '../runtime.js';

const FIRM_SIZE = 200;
const DEMO_SEED = 2026;
const LINKED_SHARE = 0.9;
const EDIT_EVERY_MS = 4_000;
const DEMO_EMAIL = 'demo@crmhub.local';
/** `CRMHUB_DEMO_WRITE_MODE=automatic` switches the demo from "apply in Yuki" tasks to the unpublished company write. */
const WRITE_MODE_VARIABLE = 'CRMHUB_DEMO_WRITE_MODE';
/** `voys` makes the demo's phone system send Voys / VoIPGRID call notifications (default: crmhub's signed JSON). */
const PHONE_SYSTEM_VARIABLE = 'CRMHUB_DEMO_PHONE_SYSTEM';

type Json = Record<string, unknown>;

/** Small edits a CRM user makes every day, as people type them. */
const edits: ((n: number) => Json)[] = [
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

async function seedFirm(
  running: RunningCrmhub,
  admin: User,
  crmUrl: string,
  yukiUrl: string,
  webhookSecret: string,
  log: (line: string) => void,
  automatic: boolean,
): Promise<string[]> {
  const deps = running.deps;
  if (automatic) await setWriteMode(deps.db, admin.portalId, 'automatic');
  const crm = mustSucceed(
    await connectCrm(deps, admin, {
      system: 'simplicate',
      baseUrl: crmUrl,
      apiKey: 'demo-key',
      apiSecret: 'demo-secret-0123456789',
      webhookSecret,
      pollIntervalSeconds: 60,
    }),
  );
  const credentials = await simJson<{ accessKeys: { key: string }[] }>(yukiUrl, '/__sim/credentials');
  mustSucceed(await connectPortal(deps, admin, { accessKey: credentials.accessKeys[0]?.key ?? '', baseUrl: yukiUrl }));
  // The Platform API (administration profiles) is granted through the simulator's Visma Connect.
  mustSucceed(await importPortal(deps, await connectSimVismaConnect(deps, admin, yukiUrl)));
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
  await simJson(crmUrl, '/__sim/webhooks', {
    method: 'POST',
    body: { url: `${running.url ?? ''}/api/webhooks/crm/${crm.id}`, secret: webhookSecret },
  });
  log(`linked ${linkedCrmIds.length} of ${administrations.length} administrations`);
  return linkedCrmIds;
}

export async function demoCommand(env: NodeJS.ProcessEnv): Promise<number> {
  const base = loadConfig(env);
  // The demo always runs on its own embedded database, wiped at start, so it never touches real data.
  const dataDir = `${base.dataDir}-demo`;
  await rm(dataDir, { recursive: true, force: true });
  // The simulators listen on http://127.0.0.1: the demo is a development start by definition.
  const outbound = Object.freeze({ ...base.outbound, allowInsecureLoopback: true });
  const config: Config = Object.freeze({ ...base, databaseUrl: null, secretKey: null, dataDir, outbound });
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const sims: RunningSim[] = [];
  let crmhub: RunningCrmhub | null = null;
  let editTimer: NodeJS.Timeout | undefined;
  let stopCallerId = (): Promise<void> => Promise.resolve();
  const stopAll = async (): Promise<void> => {
    clearInterval(editTimer);
    await stopCallerId();
    await crmhub?.stop();
    for (const sim of sims) await sim.close();
  };
  try {
    log(`starting the simulators with a firm of ${FIRM_SIZE} clients…`);
    const crmSim = await startSimplicateSim({
      port: 0,
      seed: 2026,
      orgs: FIRM_SIZE,
      extra: { apiKey: 'demo-key', apiSecret: 'demo-secret-0123456789', rateLimitPerMinute: '6000' },
    });
    sims.push(crmSim);
    const automatic = env[WRITE_MODE_VARIABLE] === 'automatic';
    // The automatic write mode needs the simulator's assumed (unpublished) company read and write.
    const assumed = automatic ? { platformCompanyReads: 'true', platformCompanyWrite: 'true' } : {};
    const yukiSim = await startYukiSim({ port: 0, seed: DEMO_SEED, orgs: FIRM_SIZE, extra: assumed });
    sims.push(yukiSim);
    crmhub = await startCrmhub(config, { role: 'all', log });
    const password = randomBytes(9).toString('base64url');
    const admin = mustSucceed(
      await createFirstAdmin(crmhub.deps.db, { email: DEMO_EMAIL, name: 'Demo Beheerder', password }),
    );
    const secret = randomBytes(16).toString('hex');
    const linked = await seedFirm(crmhub, admin, crmSim.url, yukiSim.url, secret, log, automatic);
    const phoneSystem = env[PHONE_SYSTEM_VARIABLE] === 'voys' ? 'voys' : 'json';
    stopCallerId = await startCallerIdDemo(crmhub, admin, { seed: DEMO_SEED, orgs: FIRM_SIZE, log, phoneSystem });
    let counter = 0;
    editTimer = setInterval(() => {
      counter += 1;
      const crmId = linked[Math.floor(Math.random() * linked.length)];
      const edit = edits[counter % edits.length];
      if (crmId === undefined || edit === undefined) return;
      simJson(crmSim.url, `/__sim/organizations/${crmId}`, { method: 'PATCH', body: edit(counter) }).catch(
        (error: unknown) => {
          log(`demo edit failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    }, EDIT_EVERY_MS);
    const url = (config.publicUrl ?? crmhub.url ?? '').replace('127.0.0.1', 'localhost');
    log('');
    log(`crmhub demo is running: open ${url}`);
    log(`log in as ${DEMO_EMAIL} with password ${password}`);
    log(`Simplicate simulator: ${crmSim.url}   Yuki simulator: ${yukiSim.url}`);
    log('a CRM user edits a client every few seconds; watch Review queue and Audit. Ctrl+C stops the demo.');
    log(
      automatic
        ? 'write mode: automatic (a company-update call Yuki has not published)'
        : `write mode: assisted (approved changes appear under "Apply in Yuki"; ${WRITE_MODE_VARIABLE}=automatic writes them)`,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  await new Promise<void>((resolve) => {
    closeWithGrace({ delay: 20_000 }, async () => {
      await stopAll();
      resolve();
    });
  });
  return 0;
}
