/** `crmhub start`: run until SIGINT/SIGTERM, then shut down gracefully (in-flight jobs finish or are returned). */
import closeWithGrace from 'close-with-grace';

import { startCrmhub } from '../runtime.js';

import type { Config } from '../config.js';
import type { Role } from '../runtime.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Why the addresses crmhub shows (OAuth redirect URI, webhook URLs) would not work for outside systems; or null. */
export function publicUrlWarning(config: Pick<Config, 'host' | 'publicUrl'>): string | null {
  if (config.publicUrl !== null || LOOPBACK.has(config.host)) return null;
  return (
    `crmhub listens on ${config.host} without CRMHUB_PUBLIC_URL: the redirect URI and webhook addresses it shows ` +
    'will name this machine as the browser reached it, which AccountView, Simplicate or a phone system may not ' +
    'reach. Set CRMHUB_PUBLIC_URL to the HTTPS address users and those systems use.'
  );
}

export async function startCommand(config: Config, role: Role): Promise<number> {
  const warning = publicUrlWarning(config);
  if (warning !== null) process.stderr.write(`crmhub: warning: ${warning}\n`);
  const running = await startCrmhub(config, {
    role,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  if (running.url !== null) {
    const shown = config.publicUrl ?? running.url.replace('127.0.0.1', 'localhost');
    process.stdout.write(`crmhub is running (${role}): open ${shown}\n`);
  } else {
    process.stdout.write(`crmhub worker is running\n`);
  }
  await new Promise<void>((resolve) => {
    closeWithGrace({ delay: config.shutdownTimeoutMs + 5_000 }, async ({ signal, err }) => {
      if (err !== undefined) process.stderr.write(`crmhub: ${err.message}\n`);
      process.stdout.write(`crmhub: ${signal ?? 'shutdown'} received, stopping\n`);
      await running.stop();
      resolve();
    });
  });
  return 0;
}
