/** The call logs (the portal's, or a user's own) and a number lookup limited to the sources a user may see. */
import { assignedConnectionIds } from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { listCalls } from '../../../adapters/db/repos/calls.repo.js';
import { readFirmContext } from '../../../adapters/db/repos/firm-context.repo.js';
import { preparedOf } from '../../../adapters/db/repos/prepared.js';
import { lookupCaller } from './lookup.js';
import { callInstantsView, popupCompanies, popupNumber } from './popups.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { CallLogEntry } from '../../../adapters/db/repos/calls.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { CallLogQuery, CallView, ScreenPopView } from '../../../contract/callerid-calls.contract.js';
import type { CallerView } from '../../../core/callerid/caller-view.js';

/** A logged call as the API shows it: its source named the channel, its instants in ISO form, no integration id. */
function toCall({ source, pbxIntegrationId: _integration, recipients, ...call }: CallLogEntry): CallView {
  return { ...call, channel: source, ...callInstantsView(call), recipients: [...recipients] };
}

/** A page of the call log, newest first: the portal's, or (`mine`) the calls that popped up for the user. */
export async function listCallLog(
  db: Db,
  input: { readonly user: User; readonly mine: boolean; readonly page: CallLogQuery },
): Promise<CallView[]> {
  const { page, user } = input;
  const calls = await listCalls(db, {
    portalId: user.portalId,
    ...(input.mine ? { userId: user.id } : {}),
    limit: page.limit,
    ...(page.before === undefined ? {} : { before: new Date(page.before) }),
  });
  return calls.map(toCall);
}

/** Looks a number up in the sources assigned to the user (an administrator: all the portal's sources). */
export async function lookupForUser(db: Db, user: User, raw: string): Promise<CallerView> {
  const connectionIds = user.role === 'portal_admin' ? undefined : await assignedConnectionIds(db, user.id);
  return lookupCaller(db, {
    portalId: user.portalId,
    raw,
    ...(connectionIds === undefined ? {} : { connectionIds }),
  });
}

/** The screen-pop page's view of a number: the user's matches as a pop-up shows them, with the firm context. */
export async function screenPopForUser(db: Db, user: User, raw: string): Promise<ScreenPopView> {
  const view = await lookupForUser(db, user, raw);
  const records = view.companies.flatMap((c) =>
    c.records.map((r) => ({ connectionId: r.connectionId, externalId: r.companyId ?? r.recordId })),
  );
  const kvks = view.companies.flatMap((c) => (c.kvk === null ? [] : [c.kvk.replace(/[\s.-]/g, '')]));
  const linked = await readFirmContext(preparedOf(db), {
    records,
    kvks,
    connectionIds: [...new Set(records.map((r) => r.connectionId))],
    userId: user.id,
  });
  return {
    number: popupNumber(view),
    result: view.result,
    ambiguous: view.ambiguous,
    companies: popupCompanies(view, linked),
  };
}
