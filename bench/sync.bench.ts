// The CRM → portal sync benchmarks (issue 4): webhook → review queue latency, detection against a raw insert, and
// the initial import + first reconcile of 100,000 organisations.
import { detectBenchmark } from './sync-detect.js';
import { importBenchmark } from './sync-import.js';
import { webhookBenchmark } from './sync-webhook.js';
import { yukiApplyBenchmark } from './sync-yuki-apply.js';
import { yukiBackgroundBenchmark } from './sync-yuki-background.js';

import type { Benchmark } from './harness.js';

export const syncBenchmarks: Benchmark[] = [
  { name: 'sync.webhook_to_queue', run: webhookBenchmark },
  { name: 'sync.detect', run: detectBenchmark },
  { name: 'sync.import_100k', run: importBenchmark },
  { name: 'sync.yuki_background_calls_per_domain_day', run: yukiBackgroundBenchmark },
  { name: 'sync.yuki_calls_per_applied_change', run: yukiApplyBenchmark },
];
