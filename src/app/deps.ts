/** What the HTTP app and the job handlers need, built once at start (no DI container). */
import type { Registry } from 'prom-client';
import type { SecretBox } from '../adapters/crypto/secret-box.js';
import type { Db } from '../adapters/db/pool.js';
import type { JobQueue } from '../adapters/db/queue.js';
import type { ReviewNotice } from '../adapters/db/repos/review-notices.repo.js';
import type { NoticeHub } from '../adapters/push/notice-hub.js';
import type { PushHub } from '../adapters/push/sse-hub.js';
import type { SessionPool } from '../adapters/shared/session-pool.js';
import type { Config } from './config.js';
import type { DatabaseWatch } from './database-watch.js';

export type Clock = () => Date;

export type AppDeps = {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly secretBox: SecretBox;
  readonly metrics: Registry;
  /** Null in processes that never enqueue (tests of pure HTTP concerns). */
  readonly queue: JobQueue | null;
  /** Where the built web UI lives; null serves no UI. */
  readonly webRoot: string | null;
  /** Since when this process has not reached its database; absent where nothing watches it (tests of HTTP alone). */
  readonly databaseWatch?: DatabaseWatch;
  /** Caller-ID pop-up streams of this instance (LISTEN/NOTIFY); absent in processes that serve no streams. */
  readonly popupHub?: PushHub;
  /** Review-queue announcements of this instance (LISTEN/NOTIFY); absent in processes that serve no streams. */
  readonly reviewHub?: NoticeHub<ReviewNotice>;
  /** External systems' login sessions kept across jobs (Yuki's SOAP session); absent: every connector logs in anew. */
  readonly connectorSessions?: SessionPool;
};
