// Runs the real `crmhub` command as a child process and watches its output.
import { spawn } from 'node:child_process';
import path from 'node:path';

import type { ChildProcess } from 'node:child_process';

const bin = path.resolve(import.meta.dirname, '../../bin/crmhub.js');

export type CrmhubProcess = {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited(): Promise<number | null>;
};

/** Environment for a child crmhub: ours minus anything that would point it at another database. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base['DATABASE_URL'];
  delete base['CRMHUB_SECRET_KEY'];
  return { ...base, LOG_LEVEL: 'warn', CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true', ...env };
}

export function runCrmhub(args: string[], env: Record<string, string>, stdin?: string): CrmhubProcess {
  const child = spawn(process.execPath, [bin, ...args], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin ?? '');
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    child,
    output: () => output,
    exited: () => exit,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${pattern} in:\n${output}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = output.match(pattern);
          if (match !== null) {
            clearInterval(poll);
            clearTimeout(deadline);
            resolve(match);
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            clearTimeout(deadline);
            reject(new Error(`crmhub exited (${child.exitCode}) before ${pattern}:\n${output}`));
          }
        }, 50);
      });
    },
  };
}

/** A crmhub worker child process on another crmhub's database (same secret key), once it says it is running. */
export async function startWorkerProcess(crmhub: {
  readonly database: { readonly url: string };
  readonly secretKey: string;
}): Promise<CrmhubProcess> {
  const child = runCrmhub(['start', '--role', 'worker'], {
    DATABASE_URL: crmhub.database.url,
    CRMHUB_SECRET_KEY: crmhub.secretKey,
  });
  await child.waitFor(/crmhub worker is running/);
  return child;
}
