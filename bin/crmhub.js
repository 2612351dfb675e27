#!/usr/bin/env node
// The crmhub command: runs the TypeScript sources through tsx, so there is no separate build step.
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// V8 moves an allocation site to the old generation once most of its objects survive a young collection. A file
// import holds each 1,000-row chunk across database round trips, so the row objects' sites get pretenured and every
// later row is born in the old generation, where it lingers as garbage until a full collection: crmhub's RSS rose
// from ~240 MB to ~510 MB during a 100,000-row import. Without pretenuring those rows die young and the heap stays
// near its idle size (BENCHMARKS.md, intake.import_100k_rss_mb). Set before the application is loaded.
v8.setFlagsFromString('--no-allocation-site-pretenuring');

register();
await import('../src/app/cli/main.ts');
