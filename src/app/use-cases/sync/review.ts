/** The review queue as a person sees it: a page of held changes grouped by administration, source alerts, the badge. */
import { countReviewable } from '../../../adapters/db/repos/changes.repo.js';
import { sourceAlerts } from '../../../adapters/db/repos/links.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { reviewCounts, reviewPage } from '../../../adapters/db/repos/review-queue.repo.js';
import { writeModeOf } from '../../../adapters/db/repos/yuki-tasks.repo.js';

import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { SourceAlert } from '../../../adapters/db/repos/links.repo.js';
import type { ReviewItem, ReviewScope } from '../../../adapters/db/repos/review-queue.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { PageInfo, ReviewFilter } from '../../../contract/review.contract.js';
import type { WriteMode } from '../../../core/sync/write-mode.js';
import type { AppDeps } from '../../deps.js';

/** A change as the decisions return it, and as the queue shows it (with names). */
export type ReviewChange = StoredChange;
export type { ReviewItem };

export type ReviewGroup = {
  readonly administrationId: string;
  readonly administrationName: string;
  readonly domainName: string;
  readonly changes: ReviewItem[];
};

/** The user's scope of the queue: their portal and domains, narrowed by the filter. */
export async function reviewScope(deps: AppDeps, user: User, filter: ReviewFilter): Promise<ReviewScope> {
  return { portalId: user.portalId, domains: await visibleDomainIds(deps.db, user), ...filter };
}

/** One page of the changes waiting for the user, by administration, and the links whose CRM record is gone. */
export async function reviewOverview(
  deps: AppDeps,
  user: User,
  query: ReviewFilter & { page: number; size: number },
): Promise<{
  groups: ReviewGroup[];
  page: PageInfo;
  matching: { administrations: number; clears: number };
  alerts: SourceAlert[];
  writeMode: WriteMode;
}> {
  const { page, size, ...filter } = query;
  const scope = await reviewScope(deps, user, filter);
  const [items, counts] = await Promise.all([
    reviewPage(deps.db, scope, { offset: (page - 1) * size, limit: size }),
    reviewCounts(deps.db, scope),
  ]);
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
    page: { page, size, total: counts.changes },
    matching: { administrations: counts.administrations, clears: counts.clears },
    alerts: await sourceAlerts(deps.db, user.portalId, scope.domains),
    writeMode: await writeModeOf(deps.db, user.portalId),
  };
}

/** The badge count for the navigation. */
export async function reviewCount(deps: AppDeps, user: Pick<User, 'id' | 'role' | 'portalId'>): Promise<number> {
  return countReviewable(deps.db, user.portalId, await visibleDomainIds(deps.db, user));
}
