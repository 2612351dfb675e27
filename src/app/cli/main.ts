/** The `crmhub` command: start, migrate, backup/restore, user chores, sim, demo. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { ConfigError, loadConfig } from '../config.js';
import { migrateCommand, userAddCommand } from './admin.commands.js';
import { backupCommand, restoreCommand } from './backup.commands.js';
import { demoCommand } from './demo.command.js';
import { simCommand } from './sim.command.js';
import { startCommand } from './start.command.js';
import { userCommand } from './user.commands.js';

import type { Config } from '../config.js';

const usage = `usage: crmhub <command>

  start [--role all|api|worker]     run crmhub (API and workers by default)
  migrate                           apply database migrations and exit
  backup --file F                   write the whole database (one consistent snapshot) to F, gzipped
  restore --file F                  load a backup into an empty database (same master key)
  --version                         print the version
  user add --email E --role R [--name N]
                                    add a user (role portal_admin or employee); the password is read from
                                    standard input, or asked for when it is a terminal
  user list                         the users, their role, state and domain access
  user deactivate|reactivate --email E
                                    deactivate (every session ends at once) or reactivate a user
  user set-role --email E --role R  change a user's role (one active portal_admin always remains)
  user reset-password --email E     print a temporary password that must be changed at first login
  user domains --email E (--all | --domain D [--domain D …])
                                    give every domain (also future ones) or these (id, portal id or name)
  sim <system> [--port P --seed S --orgs N]
                                    run a simulator of Simplicate, Yuki, AccountView or a phone system
  demo                              crmhub with simulated Simplicate and Yuki, a seeded firm and live edits
  help                              this text`;

/** A mistake in how the command was called; printed as one line with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function crmhubVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

function fileOption(args: readonly string[]): string {
  const { values } = parseArgs({ args: [...args], options: { file: { type: 'string' } } });
  if (values.file === undefined || values.file === '') throw new UsageError('--file is required');
  return values.file;
}

const userSubcommands = ['add', 'list', 'deactivate', 'reactivate', 'set-role', 'reset-password', 'domains'];

async function userSubcommand(config: Config, rest: readonly string[]): Promise<number> {
  const [sub, ...args] = rest;
  if (sub === undefined || !userSubcommands.includes(sub)) {
    throw new UsageError(`expected: crmhub user ${userSubcommands.join('|')} …`);
  }
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      domain: { type: 'string', multiple: true },
      all: { type: 'boolean' },
    },
  });
  return sub === 'add' ? userAddCommand(config, values) : userCommand(config, sub, values);
}

async function run(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(`${usage}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`crmhub ${crmhubVersion()}\n`);
    return 0;
  }
  if (command === 'sim') return simCommand(rest);
  if (command === 'demo') return demoCommand(process.env);
  const config = loadConfig(process.env);
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: [...rest], options: { role: { type: 'string', default: 'all' } } });
      if (values.role !== 'all' && values.role !== 'api' && values.role !== 'worker') {
        throw new UsageError(`--role must be all, api or worker (got ${values.role})`);
      }
      return startCommand(config, values.role);
    }
    case 'migrate':
      return migrateCommand(config);
    case 'backup':
      return backupCommand(config, fileOption(rest));
    case 'restore':
      return restoreCommand(config, fileOption(rest));
    case 'user':
      return userSubcommand(config, rest);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`crmhub: ${error.message}\n`);
  } else if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
    process.stderr.write(`crmhub: ${error.message}\n${usage}\n`);
  } else {
    process.stderr.write(`crmhub: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
