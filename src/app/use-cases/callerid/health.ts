/** Caller-ID health: per indexable source its status, token expiry and index state, and each phone system's last call. */
import { listLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { listPbxIntegrations } from '../../../adapters/db/repos/pbx-integrations.repo.js';
import { listPhoneSkips } from '../../../adapters/db/repos/phone-index-skips.repo.js';
import { findIndexSource } from '../../../adapters/db/repos/phone-index-sources.repo.js';
import { countPhoneEntries } from '../../../adapters/db/repos/phone-index.repo.js';
import { hasOAuthGrant, isIndexableSystem, shortNameOf } from '../../../adapters/registry.js';
import { unreadablePhoneReasonSchema } from '../../../contract/callerid.contract.js';
import { accountViewGrantId } from './accountview-credentials.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { TokenStore } from '../../../adapters/shared/oauth2.js';
import type { CallerIdHealthView } from '../../../contract/callerid.contract.js';
import type { AppDeps } from '../../deps.js';

type SourceHealth = CallerIdHealthView['sources'][number];

/** Unreadable values listed per source on the status page; the count covers them all. */
const UNREADABLE_LIST_LIMIT = 200;

async function unreadableOf(
  deps: Pick<AppDeps, 'db'>,
  connectionId: string,
): Promise<SourceHealth['index']['unreadable']> {
  const { total, items } = await listPhoneSkips(deps.db, connectionId, UNREADABLE_LIST_LIMIT);
  return {
    count: total,
    items: items.map((s) => ({
      recordKind: s.recordKind,
      recordId: s.recordId,
      name: s.name,
      field: s.field,
      raw: s.raw,
      // A reason stored by an older version reads as the generic one.
      reason: unreadablePhoneReasonSchema.catch('not_a_phone_number').parse(s.reason),
      deepLink: s.deepLink,
    })),
  };
}

async function sourceHealth(deps: Pick<AppDeps, 'db'>, store: TokenStore, c: Connection): Promise<SourceHealth> {
  const index = await findIndexSource(deps.db, c.id);
  const tokens = hasOAuthGrant(c.system) ? await store.read(accountViewGrantId(c.id)) : null;
  return {
    connectionId: c.id,
    system: c.system,
    systemName: shortNameOf(c.system),
    status: c.status,
    needsReconnect: c.status === 'needs_reconnect',
    lastError: c.lastError,
    lastFailure: c.lastFailure,
    lastErrorAt: c.lastErrorAt?.toISOString() ?? null,
    tokenExpiresAt: tokens?.expiresAt ?? null,
    index: {
      numbers: await countPhoneEntries(deps.db, c.id),
      lastFullAt: index?.lastFullAt?.toISOString() ?? null,
      lastIncrementalAt: index?.lastIncrementalAt?.toISOString() ?? null,
      lastError: index?.lastError ?? null,
      lastFailure: index?.lastFailure ?? null,
      lastErrorAt: index?.lastErrorAt?.toISOString() ?? null,
      unreadable: await unreadableOf(deps, c.id),
    },
  };
}

/** The health of the portal's caller ID; `liveStreams` tells whether this instance receives pop-up notifications. */
export async function callerIdHealth(
  deps: Pick<AppDeps, 'db' | 'secretBox' | 'popupHub'>,
  portalId: string,
): Promise<CallerIdHealthView> {
  const store = createPgTokenStore(deps.db, deps.secretBox);
  const connections = (await listLiveConnections(deps.db, portalId)).filter((c) => isIndexableSystem(c.system));
  const sources: SourceHealth[] = [];
  for (const c of connections) sources.push(await sourceHealth(deps, store, c));
  const pbx = await listPbxIntegrations(deps.db, portalId);
  return {
    sources,
    phoneSystems: pbx.map((p) => ({ id: p.id, name: p.name, lastEventAt: p.lastEventAt?.toISOString() ?? null })),
    liveStreams: deps.popupHub?.listening ?? false,
  };
}
