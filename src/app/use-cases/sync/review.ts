/** The review queue as a person sees it: held changes grouped by administration, source alerts, the badge count. */
import { countReviewable, reviewQueue } from '../../../adapters/db/repos/changes.repo.js';
import { sourceAlerts } from '../../../adapters/db/repos/links.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { writeModeOf } from '../../../adapters/db/repos/yuki-tasks.repo.js';
import { reviewableChangeStates } from '../../../core/approval/approval.js';

import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { SourceAlert } from '../../../adapters/db/repos/links.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { WriteMode } from '../../../core/sync/write-mode.js';
import type { AppDeps } from '../../deps.js';

/** A change as the review queue and the decisions return it. */
export type ReviewChange = StoredChange;

export type ReviewGroup = {
  readonly administrationId: string;
  readonly administrationName: string;
  readonly domainName: string;
  readonly changes: StoredChange[];
};

/** The changes waiting for the user, by administration (in queue order), and the links whose CRM record is gone. */
export async function reviewOverview(
  deps: AppDeps,
  user: User,
): Promise<{ groups: ReviewGroup[]; alerts: SourceAlert[]; writeMode: WriteMode }> {
  const domains = await visibleDomainIds(deps.db, user);
  const items = await reviewQueue(deps.db, user.portalId, domains, reviewableChangeStates);
  const groups = new Map<string, ReviewGroup>();
  for (const item of items) {
    const group = groups.get(item.administrationId) ?? {
      administrationId: item.administrationId,
      administrationName: item.administrationName,
      domainName: item.domainName,
      changes: [],
    };
    group.changes.push(item);
    groups.set(item.administrationId, group);
  }
  return {
    groups: [...groups.values()],
    alerts: await sourceAlerts(deps.db, user.portalId, domains),
    writeMode: await writeModeOf(deps.db, user.portalId),
  };
}

/** The badge count for the navigation. */
export async function reviewCount(deps: AppDeps, user: Pick<User, 'id' | 'role' | 'portalId'>): Promise<number> {
  return countReviewable(deps.db, user.portalId, await visibleDomainIds(deps.db, user));
}
