/** `crmhub sim <system>`: runs one simulator alone until SIGINT/SIGTERM. */
import { parseArgs } from 'node:util';
import closeWithGrace from 'close-with-grace';

import { startAccountViewSim } from '../../sims/accountview/cli.js';
import { startPbxSim } from '../../sims/pbx/cli.js';
import { startSimplicateSim } from '../../sims/simplicate/cli.js';
import { startYukiSim } from '../../sims/yuki/cli.js';

import type { RunningSim, SimStartOptions } from '../../sims/shared/types.js';

const simulators: Record<string, (options: SimStartOptions) => Promise<RunningSim>> = {
  simplicate: startSimplicateSim,
  yuki: startYukiSim,
  accountview: startAccountViewSim,
  pbx: startPbxSim,
};

export const simUsage = `crmhub sim <${Object.keys(simulators).join('|')}> [--port P] [--host H] [--seed S] [--orgs N]
      [--snapshot FILE] [--set key=value ...]   (pbx also: --target URL, the crmhub to send calls to)`;

/** Parses `--port`, `--seed`, `--orgs` etc.; throws an Error naming the bad flag. */
export function parseSimArgs(args: readonly string[]): { system: string; options: SimStartOptions } {
  const [system, ...rest] = args;
  if (system === undefined || !(system in simulators)) {
    throw new Error(`unknown simulator ${system ?? '(none)'}; choose one of ${Object.keys(simulators).join(', ')}`);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      orgs: { type: 'string', default: '200' },
      snapshot: { type: 'string' },
      target: { type: 'string' },
      set: { type: 'string', multiple: true },
    },
  });
  const number = (flag: string, text: string, max: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw new Error(`--${flag} must be a whole number from 0 to ${max}`);
    return value;
  };
  const extra: Record<string, string> = {};
  for (const pair of values.set ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--set needs key=value (got ${pair})`);
    extra[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (values.target !== undefined) extra['target'] = values.target;
  return {
    system,
    options: {
      port: number('port', values.port, 65_535),
      host: values.host,
      seed: number('seed', values.seed, 2 ** 31),
      orgs: number('orgs', values.orgs, 1_000_000),
      ...(values.snapshot === undefined ? {} : { snapshotPath: values.snapshot }),
      extra,
    },
  };
}

export async function simCommand(args: readonly string[]): Promise<number> {
  const { system, options } = parseSimArgs(args);
  const start = simulators[system];
  if (start === undefined) throw new Error(`unknown simulator ${system}`);
  const running = await start(options);
  process.stdout.write(
    `${system} simulator listening on ${running.url} (seed ${options.seed}, ${options.orgs} organisations)\n`,
  );
  await new Promise<void>((resolve) => {
    closeWithGrace({ delay: 5_000 }, async () => {
      await running.close();
      resolve();
    });
  });
  return 0;
}
