/** Caller ID for `crmhub demo`: connect AccountView through its real OAuth flow, set a user up, place calls. */
import { replaceUserPhones, setConnectionAssignees } from '../../adapters/db/repos/callerid-assignments.repo.js';
import { simJson } from '../../sims/shared/admin-client.js';
import { enqueueIndexRun } from '../jobs/contracts.js';
import { beginConnect, completeConnect } from '../use-cases/callerid/accountview-connect.js';
import { createPbxIntegration } from '../use-cases/callerid/pbx-integrations.js';
import { parseUserPhones } from '../use-cases/callerid/user-phones.js';

import type { AppDeps } from '../deps.js';
import type { PbxCredentials } from '../use-cases/callerid/pbx-integrations.js';

/**
 * Connects AccountView against a running AccountView simulator without a person: registers an app for
 * `redirectUri`, adds it for the simulator's user, turns on auto-consent, then runs crmhub's own connect flow
 * (authorize with state + PKCE → code → token exchange → company and prerequisite checks) and queues the first index.
 */
export async function connectAccountViewForDemo(
  deps: AppDeps,
  input: { readonly simUrl: string; readonly portalId: string; readonly userId: string; readonly redirectUri: string },
): Promise<{ connectionId: string; message: string }> {
  const base = input.simUrl.replace(/\/+$/, '');
  const app = await simJson<{ clientId: string; clientSecret: string }>(base, '/__sim/apps', {
    method: 'POST',
    body: { name: 'crmhub demo', redirectUris: [input.redirectUri] },
  });
  const users = await simJson<{ id: string; restrictedApps: string[] }[]>(base, '/__sim/users');
  const user = users[0];
  if (user === undefined) throw new Error('the AccountView simulator has no user');
  await simJson(base, `/__sim/users/${encodeURIComponent(user.id)}`, {
    method: 'PATCH',
    body: { restrictedApps: [...user.restrictedApps, app.clientId] },
  });
  await simJson(base, '/__sim/settings', { method: 'PATCH', body: { autoConsent: true } });
  await simJson(base, '/__sim/session', { method: 'PUT', body: { userId: user.id } });
  const companies = await simJson<{ id: string }[]>(base, '/__sim/companies');
  const company = companies[0];
  if (company === undefined) throw new Error('the AccountView simulator has no company');

  const started = await beginConnect(deps, {
    portalId: input.portalId,
    userId: input.userId,
    redirectUri: input.redirectUri,
    apiKey: app.clientId,
    apiSecret: app.clientSecret,
    companyId: company.id,
    environmentUrl: base,
  });
  if (!started.ok)
    throw new Error(`connecting AccountView: ${started.error.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  // The browser step: with auto-consent the authorize page redirects at once to crmhub's callback.
  const authorize = await fetch(started.value.authorizationUrl, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (location === null)
    throw new Error(`the AccountView simulator did not redirect (HTTP ${String(authorize.status)})`);
  const outcome = await completeConnect(deps, new URL(location), async (connectionId) => {
    await enqueueIndexRun(deps.queue, connectionId, true);
  });
  if (!outcome.ok) throw new Error(`connecting AccountView failed: ${outcome.message}`);
  return { connectionId: outcome.connectionId, message: outcome.message };
}

/**
 * Makes a user a caller-ID user: their extension, the sources they get pop-ups from, and a phone system whose
 * token and webhook secret the PBX simulator is started with (`startPbxSim({ target, secret, token })`).
 */
export async function setUpDemoCallerId(
  deps: AppDeps,
  input: {
    readonly portalId: string;
    readonly userId: string;
    readonly extension: string;
    readonly connectionIds: readonly string[];
  },
): Promise<PbxCredentials & { pbxIntegrationId: string }> {
  const phones = parseUserPhones([input.extension]);
  if (!phones.ok) throw new Error(`extension ${input.extension}: ${phones.error[0]?.message ?? 'not valid'}`);
  await replaceUserPhones(deps.db, input.userId, phones.value);
  for (const connectionId of input.connectionIds) {
    const current = await deps.db
      .selectFrom('callerid_assignments')
      .select('user_id')
      .where('connection_id', '=', connectionId)
      .execute();
    await setConnectionAssignees(deps.db, {
      connectionId,
      userIds: [...new Set([...current.map((r) => r.user_id), input.userId])],
      by: input.userId,
    });
  }
  const { integration, credentials } = await createPbxIntegration(deps, { portalId: input.portalId, name: 'Demo PBX' });
  return { ...credentials, pbxIntegrationId: integration.id };
}

/** The part of the PBX simulator the demo drives (RunningPbxSim fits). */
export type DemoPbx = {
  placeCall(input: { from?: string; extension?: string; direction?: 'in' | 'out' }): Promise<unknown>;
};

/** Rings `extension` from a number that is in the index (so the pop-up has a match), as typed in the source. */
export async function placeDemoCall(
  deps: Pick<AppDeps, 'db'>,
  pbx: DemoPbx,
  input: { readonly extension: string; readonly connectionId?: string; readonly from?: string },
): Promise<string> {
  let from = input.from;
  if (from === undefined) {
    let query = deps.db.selectFrom('phone_index').select('raw');
    if (input.connectionId !== undefined) query = query.where('connection_id', '=', input.connectionId);
    const row = await query
      .orderBy((eb) => eb.fn('random', []))
      .limit(1)
      .executeTakeFirst();
    from = row?.raw ?? '+31 20 123 4567';
  }
  await pbx.placeCall({ from, extension: input.extension, direction: 'in' });
  return from;
}

/** Places a demo call every `everyMs` (default ~20 s) until stopped. */
export function startDemoCalls(
  deps: Pick<AppDeps, 'db'>,
  pbx: DemoPbx,
  input: {
    readonly extension: string;
    readonly connectionId?: string;
    readonly everyMs?: number;
    readonly onError?: (error: unknown) => void;
  },
): { stop(): void } {
  const timer = setInterval(() => {
    placeDemoCall(deps, pbx, input).catch((error: unknown) => input.onError?.(error));
  }, input.everyMs ?? 20_000);
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
