#!/usr/bin/env node
// The crmhub command: runs the TypeScript sources through tsx, so there is no separate build step.
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// Two V8 settings keep crmhub's RSS flat under a large file import (measured in BENCHMARKS.md,
// intake.import_100k_rss_mb: peak ~510 MB before, ~290 MB after, idle ~230 MB). Set before the application loads.
// - V8 moves an allocation site to the old generation once most of its objects survive a young collection. Rows held
//   per chunk across database round trips got their sites pretenured, so every later row was born old and lingered
//   as garbage until a full collection: without pretenuring they die young.
// - After a full collection V8 lets the old generation grow up to ~4x the live heap before the next one; an idle
//   crmhub holds ~95 MB, so ~250 MB of garbage could pile up. 30 % growth per step bounds that to ~30 MB, at the cost
//   of more frequent (still amortised: each waits for 30 % of the live heap in new allocation) full collections.
v8.setFlagsFromString('--no-allocation-site-pretenuring');
v8.setFlagsFromString('--heap-growing-percent=30');

register();
await import('../src/app/cli/main.ts');
