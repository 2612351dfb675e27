/**
 * `crmhub demo`: crmhub with the Simplicate, Yuki, AccountView and phone-system simulators, seeded with a realistic
 * firm, connected and mostly linked; a CRM user keeps editing and the phone keeps ringing, so a newcomer sees changes
 * arrive, wait for approval and get applied, and caller-ID pop-ups appear.
 */
import { rm } from 'node:fs/promises';
import closeWithGrace from 'close-with-grace';

import { simJson } from '../../sims/shared/admin-client.js';
import { loadConfig } from '../config.js';
import { startCrmhub } from '../runtime.js';
import { DEMO_EMAIL, demoEdits, startDemoFirm } from './demo-firm.js';

import type { Config } from '../config.js';
import type { RunningCrmhub } from '../runtime.js';
import type { DemoFirm } from './demo-firm.js';

const FIRM_SIZE = 200;
const EDIT_EVERY_MS = 4_000;
/** `CRMHUB_DEMO_WRITE_MODE=automatic` switches the demo from "apply in Yuki" tasks to the unpublished company write. */
const WRITE_MODE_VARIABLE = 'CRMHUB_DEMO_WRITE_MODE';
/** `voys` makes the demo's phone system send Voys / VoIPGRID call notifications (default: crmhub's signed JSON). */
const PHONE_SYSTEM_VARIABLE = 'CRMHUB_DEMO_PHONE_SYSTEM';

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
  let crmhub: RunningCrmhub | null = null;
  let firm: DemoFirm | null = null;
  let editTimer: NodeJS.Timeout | undefined;
  const stopAll = async (): Promise<void> => {
    clearInterval(editTimer);
    await firm?.stop();
    await crmhub?.stop();
  };
  try {
    log(`starting the simulators with a firm of ${String(FIRM_SIZE)} clients…`);
    crmhub = await startCrmhub(config, { role: 'all', log });
    const automatic = env[WRITE_MODE_VARIABLE] === 'automatic';
    const phoneSystem = env[PHONE_SYSTEM_VARIABLE] === 'voys' ? 'voys' : 'json';
    const started = await startDemoFirm(crmhub, { orgs: FIRM_SIZE, log, automatic, phoneSystem });
    firm = started;
    let counter = 0;
    editTimer = setInterval(() => {
      counter += 1;
      const crmId = started.linkedCrmIds[Math.floor(Math.random() * started.linkedCrmIds.length)];
      const edit = demoEdits[counter % demoEdits.length];
      if (crmId === undefined || edit === undefined) return;
      simJson(started.crmSimUrl, `/__sim/organizations/${crmId}`, { method: 'PATCH', body: edit(counter) }).catch(
        (error: unknown) => {
          log(`demo edit failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    }, EDIT_EVERY_MS);
    const url = (config.publicUrl ?? crmhub.url ?? '').replace('127.0.0.1', 'localhost');
    log('');
    log(`crmhub demo is running: open ${url}`);
    log(`log in as ${DEMO_EMAIL} with password ${started.password}`);
    log(`Simplicate simulator: ${started.crmSimUrl}   Yuki simulator: ${started.yukiSimUrl}`);
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
