/** Caller-ID sources as the settings page sees them: who gets pop-ups from which source, and re-indexing one. */
import { listAssignments, setConnectionAssignees } from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { findConnection, listLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { findIndexSource } from '../../../adapters/db/repos/phone-index-sources.repo.js';
import { findUserById } from '../../../adapters/db/repos/users.repo.js';
import { isIndexableSystem, shortNameOf } from '../../../adapters/registry.js';
import { ok } from '../../../core/result.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { fieldsFailure } from './validation.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { AssigneesView, CallerIdSourceView } from '../../../contract/callerid.contract.js';
import type { AppDeps } from '../../deps.js';
import type { FieldProblem, Outcome } from '../failure.js';

/** The live sources of the user's portal with their assignees; an employee sees only the sources assigned to them. */
export async function listCallerIdSources(db: Db, user: User): Promise<CallerIdSourceView[]> {
  const connections = await listLiveConnections(db, user.portalId);
  const assignments = await listAssignments(db, user.portalId);
  const sources = connections.map((c) => ({
    connectionId: c.id,
    system: c.system,
    systemName: shortNameOf(c.system),
    role: c.role,
    status: c.status,
    indexable: isIndexableSystem(c.system),
    assignees: assignments
      .filter((a) => a.connectionId === c.id && (user.role === 'portal_admin' || a.userId === user.id))
      .map((a) => a.userId),
  }));
  return user.role === 'portal_admin' ? sources : sources.filter((s) => s.assignees.includes(user.id));
}

/** A connection of the portal that is not disconnected; `not_found` or `connection_not_live` otherwise. */
async function liveConnectionOf(
  db: Db,
  portalId: string,
  connectionId: string,
  notLive: (connection: Connection) => string,
): Promise<Outcome<Connection>> {
  const connection = await findConnection(db, connectionId);
  if (connection?.portalId !== portalId) return fail('not_found', `no connection ${connectionId}`);
  if (connection.status === 'disconnected') return fail('connection_not_live', notLive(connection));
  return ok(connection);
}

async function unknownUsers(db: Db, portalId: string, userIds: readonly string[]): Promise<FieldProblem[]> {
  const unknown: FieldProblem[] = [];
  for (const [i, id] of userIds.entries()) {
    const found = await findUserById(db, id);
    if (found?.portalId !== portalId)
      unknown.push({
        field: `body.userIds.${String(i)}`,
        code: 'unknown_user',
        params: { id },
        message: `no user ${id}`,
      });
  }
  return unknown;
}

/** Sets exactly these users as the source's assignees; a CRM or Yuki source is indexed once someone uses it. */
export async function setSourceAssignees(
  deps: Pick<AppDeps, 'db' | 'queue'>,
  input: { readonly by: User; readonly connectionId: string; readonly userIds: readonly string[] },
): Promise<Outcome<AssigneesView>> {
  const { db } = deps;
  const connection = await liveConnectionOf(
    db,
    input.by.portalId,
    input.connectionId,
    (c) => `the ${c.system} connection is disconnected; connect it again first`,
  );
  if (!connection.ok) return connection;
  const unknown = await unknownUsers(db, input.by.portalId, input.userIds);
  if (unknown.length > 0) return fieldsFailure(unknown);
  const id = connection.value.id;
  const { added, removed } = await setConnectionAssignees(db, {
    connectionId: id,
    userIds: input.userIds,
    by: input.by.id,
  });
  if (added.length > 0 && connection.value.role !== 'callerid_source') {
    const source = await findIndexSource(db, id);
    if (source?.lastFullAt == null) await enqueueIndexRun(deps.queue, id, true);
  }
  return ok({ assignees: [...new Set(input.userIds)], added, removed });
}

/** Queues a re-index of a live source of the portal; `jobs_unavailable` in a process without a queue. */
export async function queueReindex(
  deps: Pick<AppDeps, 'db' | 'queue'>,
  input: { readonly portalId: string; readonly connectionId: string; readonly full: boolean },
): Promise<Outcome<{ queued: true }>> {
  const connection = await liveConnectionOf(
    deps.db,
    input.portalId,
    input.connectionId,
    (c) => `the ${c.system} connection is disconnected`,
  );
  if (!connection.ok) return connection;
  if (deps.queue === null) return fail('jobs_unavailable');
  await enqueueIndexRun(deps.queue, connection.value.id, input.full);
  return ok({ queued: true });
}
