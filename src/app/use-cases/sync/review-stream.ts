/** Live review-queue announcements for one person: the notices of their portal and the domains they may see. */
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { parseReviewNotice, REVIEW_CHANNEL } from '../../../adapters/db/repos/review-notices.repo.js';
import { createNoticeHub } from '../../../adapters/push/notice-hub.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { lazyHub } from '../lazy-hub.js';

import type { ReviewNotice } from '../../../adapters/db/repos/review-notices.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { NoticeHub } from '../../../adapters/push/notice-hub.js';
import type { ReviewChangedView } from '../../../contract/review-stream.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

export type ReviewHub = NoticeHub<ReviewNotice>;

/** How long a stream trusts the domains it read for its user before reading them again (access can change). */
const SCOPE_TTL_MS = 30_000;

/** Builds (does not start) an instance's hub; its listening client is a dedicated connection to `databaseUrl`. */
export function createReviewHub(databaseUrl: string, onError: (error: Error) => void): ReviewHub {
  return createNoticeHub({
    connectionString: databaseUrl,
    applicationName: 'crmhub-review',
    channel: REVIEW_CHANNEL,
    parse: parseReviewNotice,
    onError,
  });
}

type Scope = { readonly domains: readonly string[] | null; readonly readAt: number };

/** What of a notice the user hears: the changed domains they may see (null: any), or false for nothing. */
export function heardOf(
  user: Pick<User, 'portalId'>,
  domains: readonly string[] | null,
  notice: ReviewNotice,
): ReviewChangedView | false {
  if (notice.portalId !== user.portalId) return false;
  if (domains === null) return { domainIds: notice.domainIds === null ? null : [...notice.domainIds] };
  if (notice.domainIds === null) return domains.length === 0 ? false : { domainIds: null };
  const visible = new Set(domains);
  const seen = notice.domainIds.filter((id) => visible.has(id));
  return seen.length === 0 ? false : { domainIds: seen };
}

/** A subscription that passes on what the user may hear, re-reading their domains when the last read is stale. */
function scopedListener(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  user: User,
  first: Scope,
  send: (event: ReviewChangedView) => void,
  onError: (error: Error) => void,
) {
  let scope = first;
  let reading: Promise<Scope> | null = null;
  const current = async (): Promise<Scope> => {
    if (deps.clock().getTime() - scope.readAt < SCOPE_TTL_MS) return scope;
    reading ??= visibleDomainIds(deps.db, user)
      .then((domains) => (scope = { domains, readAt: deps.clock().getTime() }))
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  return (notice: ReviewNotice | null): void => {
    if (notice === null) {
      send({ domainIds: null });
      return;
    }
    if (notice.portalId !== user.portalId) return;
    current().then(
      (fresh) => {
        const heard = heardOf(user, fresh.domains, notice);
        if (heard !== false) send(heard);
      },
      (error: unknown) => {
        onError(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
}

export type ReviewStreams = {
  /**
   * Reads the user's scope; the answer subscribes `send` to what the user may hear. `jobs_unavailable` when this
   * process serves no streams.
   */
  open(user: User): Promise<Outcome<{ subscribe(send: (event: ReviewChangedView) => void): { close(): void } }>>;
  /** Stops the hub this created (not the process's own). */
  stop(): Promise<void>;
};

/** Processes without a hub of their own (tests that build only the app) listen lazily when DATABASE_URL is known. */
export function createReviewStreams(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config' | 'reviewHub'>,
  onError: (error: Error) => void,
): ReviewStreams {
  const hub = lazyHub(deps.reviewHub, deps.config, (url) => createReviewHub(url, onError));
  return {
    async open(user) {
      const reviewHub = await hub.get();
      if (reviewHub === null) return fail('jobs_unavailable', 'this process serves no review streams');
      const scope = { domains: await visibleDomainIds(deps.db, user), readAt: deps.clock().getTime() };
      return ok({ subscribe: (send) => reviewHub.subscribe(scopedListener(deps, user, scope, send, onError)) });
    },
    stop: () => hub.stop(),
  };
}
