// startup.ready_ms: `crmhub start` → /readyz 200 on an existing embedded data dir, against a bare Node HTTP server.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { median, withRatio } from './harness.js';

import type { Benchmark } from './harness.js';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = 5;

/** Spawns a command, waits for a URL on stdout, then polls it until it answers 200; returns ms since spawn. */
async function timeToReady(args: string[], env: NodeJS.ProcessEnv, probePath: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    let url: string | undefined;
    while (url === undefined) {
      url = /(http:\/\/[\w.]+:\d+)/.exec(output)?.[1];
      if (child.exitCode !== null) throw new Error(`exited early: ${output}`);
      if (url === undefined) await sleep(2);
    }
    for (;;) {
      const ok = await fetch(`${url}${probePath}`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      await sleep(2);
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const bareServer = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () {
  console.log('http://127.0.0.1:' + this.address().port);
});`;

export const startupBenchmarks: Benchmark[] = [
  {
    name: 'startup.ready_ms',
    async run() {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-bench-startup-'));
      const env: NodeJS.ProcessEnv = { ...process.env, CRMHUB_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
      delete env['DATABASE_URL'];
      try {
        // First start creates and migrates the cluster; the figure is for an existing data dir.
        await timeToReady(['bin/crmhub.js', 'start'], env, '/readyz');
        const crmhub: number[] = [];
        const bare: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          crmhub.push(await timeToReady(['bin/crmhub.js', 'start'], env, '/readyz'));
          bare.push(await timeToReady(['-e', bareServer], process.env, '/'));
        }
        return [withRatio('startup.ready_ms', median(crmhub), 'ms', median(bare))];
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  },
];
