// intake.import_100k_*: a 100,000-row Dutch export (Windows-1252, semicolons) uploaded to `crmhub start` and committed
// against a stored previous state of the same 100,000 records, 10,000 of them linked to administrations and 1,000
// of those changed (a new e-mail address): the time from upload to recorded changes, and crmhub's peak RSS in that
// time (Linux: the high-water mark is reset at the upload). Baselines measured in the same run: the library's bare
// parse of the same file (no database), and crmhub's idle RSS.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';

import { upsertCrmOrganizations } from '../src/adapters/db/repos/crm-organizations.repo.js';
import { upsertIntakeRecords } from '../src/adapters/db/repos/intake-records.repo.js';
import { readIntakeFile } from '../src/adapters/intake-file/index.js';
import { csvLine, EXPORT_HEADERS, exportRow } from '../src/adapters/intake-file/testing.js';
import { crmOrganizationOf } from '../src/app/use-cases/sync/ingest.js';
import { mergeFileRecord } from '../src/core/intake/merge.js';
import { companyOfIntakeRecord } from '../src/core/intake/record.js';
import { loginOverHttp } from '../test/helpers/api-session.js';
import { setupAndLogin } from './api-client.js';
import { createBenchDatabase } from './bench-db.js';
import { round, withRatio } from './harness.js';
import { crmhubEnv, startCrmhub, stopCrmhub } from './sync-webhook.js';

import type { Db } from '../src/adapters/db/pool.js';
import type { ColumnMapping } from '../src/core/intake/headers.js';
import type { IntakeRecord } from '../src/core/intake/record.js';
import type { Benchmark } from './harness.js';

const ROWS = 100_000;
const LINKED = 10_000;
/** Every tenth linked row changes: 1,000 changed records, all linked. */
const changed = (i: number): boolean => i < LINKED && i % 10 === 0;

const TARGETS = ['externalId', 'companyName', 'kvk', 'vat', 'contactName', 'visitingStreet', 'visitingPostcode'];
const MAPPING: ColumnMapping = Object.fromEntries(
  EXPORT_HEADERS.map((header, i) => [
    header,
    [...TARGETS, 'visitingCity', 'phone', 'email', 'updatedAt'][i] as ColumnMapping[string],
  ]),
);

async function writeExport(file: string, edited: boolean): Promise<void> {
  const out = createWriteStream(file);
  const write = async (cells: readonly string[]) => {
    if (!out.write(iconv.encode(`${csvLine(cells, ';')}\r\n`, 'win1252'))) await once(out, 'drain');
  };
  await write(EXPORT_HEADERS);
  for (let i = 0; i < ROWS; i++) {
    const row = exportRow(i);
    if (edited && changed(i)) row[9] = `administratie${String(i)}@example.nl`;
    await write(row);
  }
  out.end();
  await once(out, 'finish');
}

/** The previous state: the unedited export as stored records and CRM organisations, 10,000 of them linked. */
async function seed(db: Db, sourceId: string, file: string): Promise<number> {
  let batch: IntakeRecord[] = [];
  const flush = async () => {
    await upsertIntakeRecords(db, sourceId, batch, new Date());
    await upsertCrmOrganizations(db, sourceId, batch.map(companyOfIntakeRecord).map(crmOrganizationOf), new Date());
    batch = [];
  };
  const started = performance.now();
  for await (const event of readIntakeFile(file, { mapping: MAPPING })) {
    if (event.kind !== 'record') continue;
    batch.push(mergeFileRecord(event.record, null));
    if (batch.length === 1_000) await flush();
  }
  await flush();
  const parseSeconds = (performance.now() - started) / 1000;
  const { portal_id: portalId } = await db
    .selectFrom('connections')
    .select('portal_id')
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  const domain = await db
    .insertInto('domains')
    .values({ portal_id: portalId, external_id: 'bench', name: 'Bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let start = 0; start < LINKED; start += 1_000) {
    const ids = Array.from({ length: 1_000 }, (_, k) => start + k);
    const administrations = await db
      .insertInto('administrations')
      .values(
        ids.map((i) => ({
          domain_id: domain.id,
          external_id: `adm-${String(i)}`,
          name: `Adm ${String(i)}`,
          profile: '{}',
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('administration_links')
      .values(
        administrations.map((row, k) => ({
          administration_id: row.id,
          connection_id: sourceId,
          crm_external_id: String(1000 + start + k),
          mode: 'manual' as const,
          baseline: '{}',
          linked_at: new Date(),
        })),
      )
      .execute();
  }
  return parseSeconds;
}

function processMemoryMb(pid: number, key: 'VmRSS' | 'VmHWM'): Promise<number> {
  return readFile(`/proc/${String(pid)}/status`, 'utf8').then((status) => {
    const kb = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
    return Number(kb) / 1024;
  });
}

export const intakeImportBenchmarks: Benchmark[] = [
  {
    name: 'intake.import_100k',
    async run() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-import-'));
      const database = await createBenchDatabase();
      const crmhub = await startCrmhub(crmhubEnv(database.url, { CRMHUB_DATA_DIR: dir }));
      try {
        const api = await setupAndLogin(crmhub.url);
        const added = await api.request('POST', '/api/intake/sources', { name: 'Bench Radar', system: 'radar' });
        const sourceId = (added.body as { id: string }).id;
        const [before, after] = [path.join(dir, 'vorige.csv'), path.join(dir, 'relaties.csv')];
        await writeExport(before, false);
        await writeExport(after, true);
        const parseSeconds = await seed(database.handle.db, sourceId, before);
        const saved = await api.request('PUT', `/api/intake/sources/${sourceId}/mapping`, { mapping: MAPPING });
        if (saved.status !== 200) throw new Error(`mapping: ${JSON.stringify(saved.body)}`);
        const pid = crmhub.child.pid ?? 0;
        const idleMb = await processMemoryMb(pid, 'VmRSS');
        const session = await loginOverHttp(crmhub.url, {
          email: 'bench@kantoor.nl',
          password: 'a long enough bench password',
        });
        const headers = {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          'content-type': 'application/octet-stream',
        };
        const bytes = await readFile(after);
        // The peak counts from the upload on: logins before it (scrypt takes 32 MiB for a moment) are not the import's.
        const lifetimePeakMb = await processMemoryMb(pid, 'VmHWM');
        await writeFile(`/proc/${String(pid)}/clear_refs`, '5');
        const started = performance.now();
        const uploaded = await fetch(`${crmhub.url}/api/intake/sources/${sourceId}/uploads?filename=relaties.csv`, {
          method: 'POST',
          headers,
          body: bytes,
        });
        const { upload } = (await uploaded.json()) as { upload: { id: string } };
        const committed = await fetch(`${crmhub.url}/api/intake/sources/${sourceId}/uploads/${upload.id}/commit`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        });
        const report = (await committed.json()) as { counts: Record<string, number> };
        const seconds = (performance.now() - started) / 1000;
        if (report.counts['changed'] !== 1_000) throw new Error(`commit: ${JSON.stringify(report).slice(0, 300)}`);
        const peakMb = await processMemoryMb(pid, 'VmHWM');
        const changes = await database.handle.db
          .selectFrom('sync_changes')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        process.stderr.write(
          `  ${round(bytes.length / 2 ** 20)} MB; ${JSON.stringify(report.counts)}; ${changes.n} changes in the review queue; ` +
            `peak RSS before the upload (start, setup, logins) ${round(lifetimePeakMb)} MB\n`,
        );
        return [
          withRatio('intake.import_100k_s', seconds, 's', parseSeconds),
          withRatio('intake.import_100k_rss_mb', peakMb, 'MB', idleMb),
        ];
      } finally {
        await stopCrmhub(crmhub.child);
        await database.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
