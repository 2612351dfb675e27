// The watched intake folder: a complete export in CRMHUB_INTAKE_DIR/<source id>/ is imported with the saved mapping
// and moved to done/ with a report; a refused file goes to rejected/; without a mapping the file waits.
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findIntakeFolderStatus } from '../../src/adapters/db/repos/intake-mappings.repo.js';
import { csvBytes, EXPORT_HEADERS, exportRow } from '../../src/adapters/intake-file/testing.js';
import { pollIntakeFolders } from '../../src/app/use-cases/intake/watched-folder.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs } from '../helpers/http.js';
import { addIntakeSource } from '../helpers/intake.js';

import type { IntakeCredentialsView } from '../../src/contract/intake.contract.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let root: string;
let session: Session;
let source: IntakeCredentialsView;

/** Writes a file as a finished export that was renamed into place (mtime an hour old), so one poll sees it. */
async function drop(name: string, bytes: Buffer): Promise<void> {
  const file = path.join(root, source.id, name);
  await writeFile(file, bytes);
  const hourAgo = new Date(Date.now() - 3600_000);
  await utimes(file, hourAgo, hourAgo);
}

const exportBytes = csvBytes([[...EXPORT_HEADERS], exportRow(0), exportRow(1)], { encoding: 'win1252' });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-dir-'));
  t = await buildTestApp({ env: { CRMHUB_INTAKE_DIR: root, CRMHUB_DATA_DIR: root } });
  session = await loginAs(t.app, t.deps.db, 'portal_admin');
  source = await addIntakeSource(t.app, session, { name: 'Nachtelijke export', system: 'visma_advisor' });
  expect(await pollIntakeFolders(t.deps)).toEqual([]); // creates the source's folder
});
afterAll(async () => {
  await t.close();
  await rm(root, { recursive: true, force: true });
});

describe('the watched intake folder', () => {
  it('leaves a file without a saved mapping where it is, and says so on the source', async () => {
    await drop('relaties.csv', exportBytes);
    expect(await pollIntakeFolders(t.deps)).toEqual([
      { sourceId: source.id, file: 'relaties.csv', state: 'mapping_missing' },
    ]);
    expect(await readdir(path.join(root, source.id))).toContain('relaties.csv');
    const status = await injectAs(t.app, session, { method: 'GET', url: `/api/intake/sources/${source.id}/folder` });
    expect(status.json()).toMatchObject({ state: 'mapping_missing', fileName: 'relaties.csv' });
  });

  it('imports a complete file with the saved mapping and moves it to done/ with a report', async () => {
    const mapping = Object.fromEntries(
      EXPORT_HEADERS.map((header, i) => [
        header,
        [
          'externalId',
          'companyName',
          'kvk',
          'vat',
          'contactName',
          'visitingStreet',
          'visitingPostcode',
          'visitingCity',
          'phone',
          'email',
          'updatedAt',
        ][i],
      ]),
    );
    const saved = await injectAs(t.app, session, {
      method: 'PUT',
      url: `/api/intake/sources/${source.id}/mapping`,
      payload: { mapping },
    });
    expect(saved.statusCode).toBe(200);
    await drop('relaties-2.csv', exportBytes);
    expect(await pollIntakeFolders(t.deps)).toEqual([
      { sourceId: source.id, file: 'relaties-2.csv', state: 'imported' },
    ]);
    const report: unknown = JSON.parse(
      await readFile(path.join(root, source.id, 'done', 'relaties-2.csv.report.json'), 'utf8'),
    );
    expect(report).toMatchObject({ committed: true, counts: { changed: 2, rejected: 0 } });
    const stored = await t.deps.db.selectFrom('intake_records').select('external_id').execute();
    expect(stored.map((row) => row.external_id).sort()).toEqual(['1000', '1001']);
  });

  it('moves a refused file to rejected/ with the reason, recording nothing', async () => {
    await drop('relaties.xlsx', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'));
    expect(await pollIntakeFolders(t.deps)).toEqual([
      { sourceId: source.id, file: 'relaties.xlsx', state: 'rejected' },
    ]);
    const report: unknown = JSON.parse(
      await readFile(path.join(root, source.id, 'rejected', 'relaties.xlsx.report.json'), 'utf8'),
    );
    expect(report).toMatchObject({ code: 'intake_file_rejected', reason: 'file_type_unsupported' });
    expect(await findIntakeFolderStatus(t.deps.db, source.id)).toMatchObject({ state: 'rejected' });
  });
});
