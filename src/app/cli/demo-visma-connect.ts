/** Connects the portal's Yuki Platform API to the simulator's Visma Connect the way a browser would (demo and tests). */
import { findLiveConnection } from '../../adapters/db/repos/connections.repo.js';
import { mustSucceed } from '../use-cases/failure.js';
import { finishVismaConnect, startVismaConnect } from '../use-cases/sync/visma-connect.js';

import type { Connection } from '../../adapters/db/repos/connections.repo.js';
import type { User } from '../../adapters/db/repos/users.repo.js';
import type { AppDeps } from '../deps.js';

/**
 * Starts the flow, follows the simulator's auto-approved authorize redirect, and completes the callback. The
 * simulator's client id and secret come from its `/__sim/visma-connect`; the Yuki portal id from `/__sim/credentials`.
 * Returns the portal connection as stored now (with the grant's client).
 */
export async function connectSimVismaConnect(
  deps: AppDeps,
  admin: User,
  yukiUrl: string,
  requestOrigin = 'http://crmhub.invalid',
): Promise<Connection> {
  const base = yukiUrl.replace(/\/+$/, '');
  const client = (await (await fetch(`${base}/__sim/visma-connect`)).json()) as {
    clientId: string;
    clientSecret: string;
  };
  const portal = (await (await fetch(`${base}/__sim/credentials`)).json()) as { portalId: string };
  const started = mustSucceed(
    await startVismaConnect(deps, {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      yukiPortalId: portal.portalId,
      portalId: admin.portalId,
      userId: admin.id,
      requestOrigin,
    }),
  );
  const consent = await fetch(started.authorizationUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (location === null) throw new Error(`Visma Connect (simulated) did not redirect: HTTP ${String(consent.status)}`);
  const outcome = await finishVismaConnect(deps, new URL(location));
  if (!outcome.ok) throw new Error(`Visma Connect (simulated) failed: ${outcome.reason}`);
  const connection = await findLiveConnection(deps.db, admin.portalId, 'portal_target');
  if (connection === null) throw new Error('the portal connection disappeared while connecting Visma Connect');
  return connection;
}
