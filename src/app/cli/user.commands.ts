/** `crmhub user list | deactivate | reactivate | reset-password | set-role | domains`: user administration from a shell. */
import { migrateToLatest } from '../../adapters/db/migrate.js';
import { findManagedUserByEmail } from '../../adapters/db/repos/user-admin.repo.js';
import { ensurePortal } from '../../adapters/db/repos/users.repo.js';
import { userRoles } from '../../contract/auth.contract.js';
import { openConfiguredDatabase, StartupError } from '../runtime.js';
import {
  changeRole,
  grantDomains,
  listPortalUsersForAdmin,
  portalDomains,
  resetPassword,
  setActive,
} from '../use-cases/user-admin.js';
import { DEFAULT_PORTAL_NAME } from '../use-cases/users.js';

import type { Db } from '../../adapters/db/pool.js';
import type { Config } from '../config.js';
import type { Outcome } from '../use-cases/failure.js';
import type { ManagedUser } from '../use-cases/user-admin.js';

export type UserCommandOptions = {
  readonly email?: string | undefined;
  readonly role?: string | undefined;
  readonly domain?: readonly string[] | undefined;
  readonly all?: boolean | undefined;
};

type Shell = { readonly db: Db; readonly clock: () => Date };

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Runs one user chore on the configured database, migrated first. */
async function withShell(config: Config, chore: (shell: Shell) => Promise<void>): Promise<number> {
  const database = await openConfiguredDatabase(config, say, { exclusive: false });
  try {
    await migrateToLatest(database.handle.db);
    await chore({ db: database.handle.db, clock: () => new Date() });
    return 0;
  } finally {
    await database.close();
  }
}

async function userByEmail(shell: Shell, email: string | undefined): Promise<ManagedUser & { portalId: string }> {
  if (email === undefined || email === '') throw new StartupError('--email is required');
  const user = await findManagedUserByEmail(shell.db, email);
  if (user === null) throw new StartupError(`--email: no user ${email}`);
  return user;
}

function succeeded<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new StartupError(`${outcome.error.code}: ${outcome.error.detail ?? ''}`.trim());
  return outcome.value;
}

function describeUser(user: ManagedUser): string {
  const access = user.role === 'portal_admin' || user.allDomains ? 'all domains' : `${user.domainIds.length} domain(s)`;
  const state = user.active ? (user.mustChangePassword ? 'temporary password' : 'active') : 'deactivated';
  return [user.email, user.name, user.role, state, access, user.lastLoginAt?.toISOString() ?? 'never'].join('\t');
}

async function listCommand(shell: Shell): Promise<void> {
  const portalId = await ensurePortal(shell.db, DEFAULT_PORTAL_NAME);
  print(['email', 'name', 'role', 'state', 'access', 'last login'].join('\t'));
  for (const user of await listPortalUsersForAdmin(shell.db, portalId)) print(describeUser(user));
}

/** Domain ids for `--domain` values, each a domain's id, portal id or name (as `user list`'s access counts). */
async function domainIdsFor(shell: Shell, portalId: string, wanted: readonly string[]): Promise<string[]> {
  const domains = await portalDomains(shell.db, portalId);
  return wanted.map((value) => {
    const match = domains.find((d) => [d.id, d.externalId, d.name.toLowerCase()].includes(value.toLowerCase()));
    if (match === undefined) throw new StartupError(`--domain: no domain ${value} in this portal`);
    return match.id;
  });
}

async function domainsCommand(shell: Shell, options: UserCommandOptions): Promise<void> {
  const user = await userByEmail(shell, options.email);
  const wanted = options.domain ?? [];
  if (options.all !== true && wanted.length === 0) throw new StartupError('give --all or at least one --domain');
  const domainIds = options.all === true ? [] : await domainIdsFor(shell, user.portalId, wanted);
  const manager = { portalId: user.portalId, id: null };
  const allDomains = options.all === true;
  print(describeUser(succeeded(await grantDomains(shell, manager, user.id, { allDomains, domainIds }))));
}

/** Runs `crmhub user <sub>` for every subcommand but `add`. */
export async function userCommand(config: Config, sub: string, options: UserCommandOptions): Promise<number> {
  return withShell(config, async (shell) => {
    if (sub === 'list') return listCommand(shell);
    if (sub === 'domains') return domainsCommand(shell, options);
    const user = await userByEmail(shell, options.email);
    const manager = { portalId: user.portalId, id: null };
    if (sub === 'deactivate' || sub === 'reactivate') {
      print(describeUser(succeeded(await setActive(shell, manager, user.id, sub === 'reactivate'))));
    } else if (sub === 'set-role') {
      const role = userRoles.find((candidate) => candidate === options.role);
      if (role === undefined) throw new StartupError(`--role must be one of ${userRoles.join(', ')}`);
      print(describeUser(succeeded(await changeRole(shell, manager, user.id, role))));
    } else if (sub === 'reset-password') {
      const issued = succeeded(await resetPassword(shell, manager, user.id));
      print(`temporary password for ${user.email}: ${issued.temporaryPassword}`);
      print(`it must be changed at first login and expires ${issued.expiresAt.toISOString()}`);
    }
  });
}
