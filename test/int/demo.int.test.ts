// `crmhub demo` runs in the assisted write mode (product decision 1: approved changes become "apply in Yuki" tasks) and
// switches to the automatic one with one setting, CRMHUB_DEMO_WRITE_MODE=automatic (issue 10 point 2).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { runCrmhub } from '../helpers/process.js';
import { apiClient } from '../helpers/sync-world.js';

describe('crmhub demo', () => {
  it.each([
    ['assisted', {}],
    ['automatic', { CRMHUB_DEMO_WRITE_MODE: 'automatic' }],
  ] as const)(
    'runs in the %s write mode and says so',
    async (mode, env) => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-demo-'));
      const demo = runCrmhub(['demo'], { CRMHUB_DATA_DIR: dataDir, PORT: '0', ...env });
      try {
        const [, url = ''] = await demo.waitFor(/crmhub demo is running: open (\S+)/, 240_000);
        const [, password = ''] = await demo.waitFor(/with password (\S+)/);
        await demo.waitFor(new RegExp(`write mode: ${mode}`));
        const admin = await apiClient(url, { email: 'demo@crmhub.local', password });
        expect((await admin.request('GET', '/api/settings/write-mode')).body).toEqual({ mode });
      } finally {
        if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
        await demo.exited();
        await rm(`${dataDir}-demo`, { recursive: true, force: true });
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
