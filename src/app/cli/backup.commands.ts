/** `crmhub backup` and `crmhub restore`: a consistent export through the database connection, and its way back. */
import { createSecretBox } from '../../adapters/crypto/secret-box.js';
import { backupDatabase, BackupError, restoreDatabase } from '../../adapters/db/backup.js';
import { masterKeyFits, openConfiguredDatabase, StartupError } from '../runtime.js';

import type { Config } from '../config.js';

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function keyLocation(config: Config): string {
  return config.databaseUrl === null ? `${config.dataDir}/secret.key` : 'CRMHUB_SECRET_KEY';
}

export async function backupCommand(config: Config, file: string): Promise<number> {
  const database = await openConfiguredDatabase(config, say, { exclusive: false });
  try {
    const summary = await backupDatabase(database.handle.db, file, new Date());
    const rows = Object.values(summary.tables).reduce((sum, count) => sum + count, 0);
    process.stdout.write(`backed up ${rows} rows of ${Object.keys(summary.tables).length} tables to ${file}\n`);
    say(
      `Keep the master key (${keyLocation(config)}) with this backup: stored credentials and tokens are encrypted ` +
        'with it and cannot be read without it. Queued background jobs are not part of a backup.',
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) throw new StartupError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}

export async function restoreCommand(config: Config, file: string): Promise<number> {
  const database = await openConfiguredDatabase(config, say, { exclusive: false });
  const secretBox = createSecretBox(database.secretKey, config.oldSecretKeys);
  try {
    const summary = await restoreDatabase(database.handle.db, file, (keyCheck) => masterKeyFits(secretBox, keyCheck));
    const rows = Object.values(summary.tables).reduce((sum, count) => sum + count, 0);
    process.stdout.write(`restored ${rows} rows of ${Object.keys(summary.tables).length} tables from ${file}\n`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) throw new StartupError(error.message);
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new StartupError(`--file ${file} does not exist`);
    }
    throw error;
  } finally {
    await database.close();
  }
}
