// Builds the web UI (web/dist) when it is missing or older than its sources, so `npm start` needs no third step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

// The web also bundles the shared contract (schemas, audit words) and the core it imports.
const sources = [
  path.join(root, 'web', 'src'),
  path.join(root, 'src', 'contract'),
  path.join(root, 'src', 'core'),
  path.join(root, 'web', 'index.html'),
  path.join(root, 'web', 'vite.config.ts'),
];
const sourceTime = Math.max(
  ...sources
    .filter((source) => existsSync(source))
    .map((source) => (statSync(source).isDirectory() ? newestMtime(source) : statSync(source).mtimeMs)),
);
if (!existsSync(built) || statSync(built).mtimeMs < sourceTime) {
  process.stdout.write('building the web UI (web/dist)…\n');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
