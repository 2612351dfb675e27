/** Shell chores that need the database: migrate, user add. */
import { createInterface } from 'node:readline/promises';

import { migrateToLatest } from '../../adapters/db/migrate.js';
import { emailSchema, nameSchema, passwordSchema, userRoles } from '../../contract/auth.contract.js';
import { openConfiguredDatabase, StartupError } from '../runtime.js';
import { createUser } from '../use-cases/users.js';

import type { UserRole } from '../../contract/auth.contract.js';
import type { Config } from '../config.js';
import type { Failure } from '../use-cases/failure.js';

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export async function migrateCommand(config: Config): Promise<number> {
  const database = await openConfiguredDatabase(config, say, { exclusive: false });
  try {
    const applied = await migrateToLatest(database.handle.db);
    process.stdout.write(applied.length === 0 ? 'migrations are current\n' : `applied: ${applied.join(', ')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await prompt.question('password (at least 12 characters): ');
  } finally {
    prompt.close();
  }
}

function fieldError(field: string, message: string): StartupError {
  return new StartupError(`--${field} ${message}`);
}

/** The CLI wording of a refused user: the password (read from stdin) or the email, named as the operator knows them. */
function userAddProblem(failure: Failure): string {
  if (failure.code === 'password_too_weak') return `password is too easy to guess (${failure.reason ?? 'weak'})`;
  return `--email ${failure.detail ?? failure.code}`;
}

export async function userAddCommand(
  config: Config,
  options: { email?: string | undefined; role?: string | undefined; name?: string | undefined },
): Promise<number> {
  const email = emailSchema.safeParse(options.email ?? '');
  if (!email.success) throw fieldError('email', email.error.issues[0]?.message ?? 'is not valid');
  const role = userRoles.find((candidate) => candidate === options.role);
  if (role === undefined) throw fieldError('role', `must be one of ${userRoles.join(', ')}`);
  const name = nameSchema.safeParse(options.name ?? email.data.split('@')[0]);
  if (!name.success) throw fieldError('name', name.error.issues[0]?.message ?? 'is not valid');
  const password = passwordSchema.safeParse(await readPassword());
  if (!password.success) throw new StartupError(`password ${password.error.issues[0]?.message ?? 'is not valid'}`);
  const database = await openConfiguredDatabase(config, say, { exclusive: false });
  try {
    await migrateToLatest(database.handle.db);
    const user = await createUser(database.handle.db, {
      email: email.data,
      name: name.data,
      password: password.data,
      role: role satisfies UserRole,
    });
    if (!user.ok) throw new StartupError(userAddProblem(user.error));
    process.stdout.write(`added ${user.value.email} as ${user.value.role}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
