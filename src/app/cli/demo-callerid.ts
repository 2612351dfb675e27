/** The caller-ID part of `crmhub demo`: AccountView and PBX simulators, connected, ringing the demo user. */
import { findLiveConnection } from '../../adapters/db/repos/connections.repo.js';
import { startAccountViewSim } from '../../sims/accountview/cli.js';
import { startPbxSim } from '../../sims/pbx/cli.js';
import { connectAccountViewForDemo, placeDemoCall, setUpDemoCallerId, startDemoCalls } from './callerid-demo.js';

import type { User } from '../../adapters/db/repos/users.repo.js';
import type { DemoHost } from './demo-firm.js';

const DEMO_EXTENSION = '201';

/** How the demo's phone system reports calls: crmhub's signed JSON, or Voys call notifications. */
export type DemoPhoneSystem = 'json' | 'voys';
export const DEMO_CALL_EVERY_MS = 20_000;

/**
 * Connects AccountView through its real OAuth flow, gives the demo user extension 201 with AccountView and the CRM
 * as sources, and lets the PBX simulator ring that extension every `callEveryMs` (null: only on `placeCall`).
 */
export async function startCallerIdDemo(
  running: DemoHost,
  admin: User,
  options: {
    seed: number;
    orgs: number;
    log: (line: string) => void;
    phoneSystem: DemoPhoneSystem;
    callEveryMs: number | null;
  },
): Promise<{ placeCall(): Promise<string>; stop(): Promise<void> }> {
  const base = running.url ?? '';
  const accountView = await startAccountViewSim({ port: 0, seed: options.seed, orgs: options.orgs });
  const connected = await connectAccountViewForDemo(running.deps, {
    simUrl: accountView.url,
    portalId: admin.portalId,
    userId: admin.id,
    redirectUri: `${base}/api/callerid/accountview/callback`,
  });
  const crm = await findLiveConnection(running.deps.db, admin.portalId, 'crm');
  const pbxCredentials = await setUpDemoCallerId(running.deps, {
    portalId: admin.portalId,
    userId: admin.id,
    extension: DEMO_EXTENSION,
    connectionIds: [connected.connectionId, ...(crm === null ? [] : [crm.id])],
  });
  const pbx = await startPbxSim({
    port: 0,
    seed: options.seed,
    orgs: options.orgs,
    extra: {
      target: base,
      // `voys`: the simulator sends Voys / VoIPGRID call notifications to the phone system's Voys address instead.
      mode: options.phoneSystem,
      secret: pbxCredentials.webhookSecret,
      token: pbxCredentials.token,
      ratePerSecond: '0',
    },
  });
  const call = { extension: DEMO_EXTENSION, connectionId: connected.connectionId };
  const calls =
    options.callEveryMs === null
      ? null
      : startDemoCalls(running.deps, pbx, {
          ...call,
          everyMs: options.callEveryMs,
          onError: (error) => {
            options.log(`demo call failed: ${error instanceof Error ? error.message : String(error)}`);
          },
        });
  const ringing =
    options.callEveryMs === null ? 'rings on request' : `rings every ~${String(options.callEveryMs / 1000)} s`;
  options.log(
    `AccountView connected through OAuth (${connected.message}); extension ${DEMO_EXTENSION} ${ringing}` +
      ` (${options.phoneSystem === 'voys' ? 'Voys call notifications' : 'signed JSON call events'})`,
  );
  options.log(`AccountView simulator: ${accountView.url}   phone system simulator: ${pbx.url}`);
  return {
    placeCall: () => placeDemoCall(running.deps, pbx, call),
    async stop() {
      calls?.stop();
      await pbx.close();
      await accountView.close();
    },
  };
}
