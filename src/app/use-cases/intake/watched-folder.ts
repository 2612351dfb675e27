/**
 * The watched folder for nightly exports: CRMHUB_INTAKE_DIR/<intake source id>/ per source. A complete file is
 * imported with the source's saved mapping and moved to done/ or rejected/ with a `<name>.report.json` beside it;
 * without a saved mapping it stays where it is and the source's folder status says so.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  findIntakeMapping,
  liveIntakeSourceIds,
  saveIntakeFolderStatus,
} from '../../../adapters/db/repos/intake-mappings.repo.js';
import { createWatchedFolder } from '../../../adapters/intake-file/index.js';
import { importIntakeFile } from './file-import.js';
import { intakeConnection } from './ingest.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { AppDeps } from '../../deps.js';

type Folder = ReturnType<typeof createWatchedFolder>;

/** One tracker per folder for the life of the process: completeness is judged across polls. */
const folders = new Map<string, Folder>();

export type FolderOutcome = { readonly sourceId: string; readonly file: string; readonly state: string };

async function moveWithReport(file: string, to: 'done' | 'rejected', report: unknown): Promise<void> {
  const dir = path.join(path.dirname(file), to);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, path.basename(file));
  await rename(file, target);
  await writeFile(`${target}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
}

async function importOne(deps: AppDeps, connection: Connection, file: string): Promise<FolderOutcome['state']> {
  const fileName = path.basename(file);
  const at = deps.clock();
  const saved = await findIntakeMapping(deps.db, connection.id);
  if (saved === null) {
    const detail = { code: 'intake_mapping_missing' };
    await saveIntakeFolderStatus(deps.db, connection.id, { state: 'mapping_missing', fileName, detail, at });
    return 'mapping_missing';
  }
  const report = await importIntakeFile(deps, connection, {
    path: file,
    fileName,
    mapping: saved.mapping,
    mode: 'commit',
    maxBytes: deps.config.intakeFileLimitBytes,
  });
  const state = report.ok ? 'imported' : 'rejected';
  const detail = report.ok ? report.value : report.error;
  await moveWithReport(file, report.ok ? 'done' : 'rejected', detail);
  const summary = report.ok ? report.value.counts : report.error;
  await saveIntakeFolderStatus(deps.db, connection.id, { state, fileName, detail: summary, at });
  return state;
}

/** Polls every live source's folder once and imports the files that are complete. */
export async function pollIntakeFolders(deps: AppDeps): Promise<FolderOutcome[]> {
  const root = deps.config.intakeDir;
  if (root === null) return [];
  const outcomes: FolderOutcome[] = [];
  for (const sourceId of await liveIntakeSourceIds(deps.db)) {
    const connection = await intakeConnection(deps, sourceId);
    if (!connection.ok) continue;
    const dir = path.join(root, sourceId);
    await mkdir(dir, { recursive: true });
    const folder = folders.get(dir) ?? createWatchedFolder(dir);
    folders.set(dir, folder);
    for (const file of await folder.poll()) {
      outcomes.push({ sourceId, file: path.basename(file), state: await importOne(deps, connection.value, file) });
    }
  }
  return outcomes;
}
