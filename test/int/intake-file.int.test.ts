// The file door of intake over HTTP: a realistic Dutch export is uploaded, mapped (saved per source), previewed
// (nothing recorded) and committed (one transaction) into the same comparison and review queue as the push API.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findUserById } from '../../src/adapters/db/repos/users.repo.js';
import { csvBytes, EXPORT_HEADERS, exportRow } from '../../src/adapters/intake-file/testing.js';
import { buildApp } from '../../src/app/http/app.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { linkAdministration } from '../../src/app/use-cases/sync/links.js';
import { connectPortal, importPortal } from '../../src/app/use-cases/sync/portal-connection.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { yukiSimPortalInput } from '../helpers/connections.js';
import { loginAs } from '../helpers/http.js';
import { run, runRaw, upload, uploadAndMap } from '../helpers/intake-file.js';
import { addIntakeSource, push } from '../helpers/intake.js';

import type { FastifyInstance } from 'fastify';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { IntakeBatchResultView, IntakeCredentialsView } from '../../src/contract/intake.contract.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let session: Session;
let yuki: ListeningTestSim;
let source: IntakeCredentialsView;
let administrationId: string;
let dataDir: string;

/** Five rows of the kit's export, two of them damaged by Excel (a phone without its 0, a KvK in E-notation). */
function dutchExport(): string[][] {
  const rows = [0, 1, 2, 3, 4].map((i) => exportRow(i));
  const [, second, third] = rows;
  if (second === undefined || third === undefined) throw new Error('rows');
  second[8] = second[8]?.slice(1) ?? ''; // 06… → 6…: the leading zero Excel drops
  third[2] = '1,2345678E+07';
  return [[...EXPORT_HEADERS, 'Opmerkingen'], ...rows.map((row) => [...row, 'klant sinds 1998'])];
}

async function storedCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom('intake_records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('connection_id', '=', source.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function storedRecord(externalId: string): Promise<Record<string, unknown>> {
  const row = await t.deps.db
    .selectFrom('intake_records')
    .select('record')
    .where('connection_id', '=', source.id)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return row.record as Record<string, unknown>;
}

async function findAdmin(): Promise<User> {
  const admin = await findUserById(t.deps.db, session.userId);
  if (admin === null) throw new Error('no admin');
  return admin;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-file-'));
  t = await buildTestApp({ env: { CRMHUB_DATA_DIR: dataDir, CRMHUB_INTAKE_FILE_LIMIT_BYTES: '2000000' } });
  session = await loginAs(t.app, t.deps.db, 'portal_admin');
  const admin = await findAdmin();
  yuki = await startTestYukiSim({ orgs: 2 });
  const portal = mustSucceed(await connectPortal(t.deps, admin, await yukiSimPortalInput(yuki.url)));
  mustSucceed(await importPortal(t.deps, portal));
  source = await addIntakeSource(t.app, session, { name: 'Radar export', system: 'radar' });
  administrationId = (await t.deps.db.selectFrom('administrations').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.close();
  await yuki.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a first upload of a Dutch Windows-1252 export', () => {
  it('suggests a mapping, previews without recording, and commits with the Excel damage repaired', async () => {
    const bytes = csvBytes(dutchExport(), { encoding: 'win1252' });
    const first = await upload(t.app, session, source.id, { name: 'relaties.csv', bytes, preset: 'radar' });
    expect(first.statusCode).toBe(201);
    const inspection = first.json<{ upload: { id: string }; savedMapping: unknown; suggestion: object }>();
    expect(inspection).toMatchObject({
      format: { kind: 'csv', encoding: 'win1252', delimiter: ';' },
      savedMapping: null,
      suggestion: { unknown: ['Opmerkingen'], externalIdMissing: false, checkAgainstYourExport: true },
    });
    const unmapped = await runRaw(t.app, session, source.id, inspection.upload.id, 'preview');
    expect(unmapped.statusCode).toBe(409);
    expect(unmapped.json()).toMatchObject({ code: 'intake_mapping_missing' });

    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'relaties.csv', bytes });
    const preview = await run(t.app, session, source.id, mapped.upload.id, 'preview');
    expect(preview).toMatchObject({ committed: false, counts: { rows: 5, changed: 5, rejected: 0, missing: 0 } });
    expect(preview.notes).toMatchObject({ leading_zero_restored: 1, scientific_notation_expanded: 1 });
    expect(preview.changed[0]).toMatchObject({ row: 2, externalId: '1000', created: true });
    expect(await storedCount()).toBe(0);

    const commit = await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(commit).toMatchObject({ committed: true, counts: { changed: 5, rejected: 0 } });
    expect(await storedCount()).toBe(5);
    expect(await storedRecord('1002')).toMatchObject({ kvk: '12345678' });
    const again = await runRaw(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(again.json()).toMatchObject({ code: 'intake_upload_expired' });
  });

  it('re-uploading the same file changes nothing (every record unchanged)', async () => {
    const bytes = csvBytes(dutchExport(), { encoding: 'win1252' });
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'relaties.csv', bytes });
    expect(mapped.savedMapping).not.toBeNull();
    const report = await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(report.counts).toMatchObject({ changed: 0, unchanged: 5 });
  });
});

describe('a later export with fewer columns', () => {
  it('changes only the covered fields, keeps the rest, reports missing records and queues the change', async () => {
    mustSucceed(
      await linkAdministration(t.deps, await findAdmin(), administrationId, {
        crmExternalId: '1000',
        mode: 'manual',
      }),
    );
    const phoneBefore = (await storedRecord('1000'))['phone'];
    const bytes = csvBytes(
      [
        ['Relatienummer', 'E-mail'],
        ['1000', 'nieuw@bakkerij.nl'],
      ],
      { bom: true },
    );
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'alleen-email.csv', bytes });
    const preview = await run(t.app, session, source.id, mapped.upload.id, 'preview');
    expect(preview.changed).toEqual([
      {
        row: 2,
        externalId: '1000',
        created: false,
        fields: [{ field: 'email', old: 'info0@example.nl', new: 'nieuw@bakkerij.nl' }],
      },
    ]);
    expect(preview.counts.missing).toBe(4);
    expect(preview.missing).toEqual(['1001', '1002', '1003', '1004']);
    await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(await storedRecord('1000')).toMatchObject({ email: 'nieuw@bakkerij.nl', phone: phoneBefore });
    expect(await storedRecord('1001')).toMatchObject({ active: true });
    const open = await t.deps.db
      .selectFrom('sync_changes')
      .select(['field', 'new_value', 'state'])
      .where('administration_id', '=', administrationId)
      .where('field', '=', 'email')
      .execute();
    expect(open).toEqual([{ field: 'email', new_value: 'nieuw@bakkerij.nl', state: 'pending' }]);
  });
});

describe('both doors', () => {
  it('a record pushed first arrives unchanged by file', async () => {
    const record = {
      externalId: '2000',
      name: 'Garage Zwolle B.V.',
      kvk: '87654321',
      email: 'info@garagezwolle.nl',
      phone: '038 123 4567',
      visitingAddress: { line1: 'Kerkweg 2', postcode: '8011 AB', city: 'Zwolle' },
    };
    const pushed = await push(t.app, source, { records: [record] });
    expect(pushed.json<IntakeBatchResultView>().counts.changed).toBe(1);
    const header = ['Relatienummer', 'Bedrijfsnaam', 'KvK', 'Adres', 'Postcode', 'Plaats', 'Telefoon', 'E-mail'];
    const row = ['2000', 'Garage Zwolle B.V.', '87654321', 'Kerkweg 2', '8011 AB', 'Zwolle', '038 123 4567'];
    const bytes = csvBytes([header, [...row, 'info@garagezwolle.nl']]);
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'garage.csv', bytes });
    const report = await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(report.counts).toMatchObject({ changed: 0, unchanged: 1, rejected: 0 });
  });

  it('reject an invalid value alike: with field errors, the file with its row number', async () => {
    const pushed = await push(t.app, source, { records: [{ externalId: '2001', name: 'X', kvk: '123' }] });
    expect(pushed.json<IntakeBatchResultView>().records[0]).toMatchObject({
      status: 'rejected',
      errors: [{ field: 'kvk', code: 'invalid_value' }],
    });
    const bytes = csvBytes([
      ['Relatienummer', 'Bedrijfsnaam', 'KvK'],
      ['2001', 'X', '123'],
    ]);
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'kvk.csv', bytes });
    const report = await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(report.counts).toMatchObject({ changed: 0, rejected: 1 });
    expect(report.rejected[0]).toMatchObject({
      row: 2,
      externalId: '2001',
      errors: [{ code: 'value_invalid', field: 'kvk', column: 'KvK' }],
    });
  });
});

describe('files refused as a whole change nothing', () => {
  it.each([
    ['empty.csv', Buffer.alloc(0), 'file_empty'],
    ['relaties.xlsx', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1'), 'file_type_unsupported'],
  ])('%s → 422 (%#)', async (name, bytes, reason) => {
    const before = await storedCount();
    const response = await upload(t.app, session, source.id, { name, bytes });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'intake_file_rejected', reason });
    expect(await storedCount()).toBe(before);
  });

  it('a header without rows is refused at preview, nothing recorded', async () => {
    const bytes = Buffer.from('Relatienummer;Bedrijfsnaam\r\n');
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'header.csv', bytes });
    const before = await storedCount();
    const response = await runRaw(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'intake_file_rejected', reason: 'no_rows' });
    expect(await storedCount()).toBe(before);
  });

  it('answers 413 for a file over the limit', async () => {
    const response = await upload(t.app, session, source.id, { name: 'big.csv', bytes: Buffer.alloc(2_000_001, 65) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'intake_file_too_large' });
  });
});

describe('the same id on rows far apart', () => {
  it('rejects both rows even when the first was already in an earlier chunk, recording the rest', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => exportRow(20_000 + i));
    const twin = [...(rows[0] ?? [])];
    twin[1] = 'Een ander bedrijf B.V.';
    const bytes = csvBytes([[...EXPORT_HEADERS], ...rows, twin]);
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'dubbel.csv', bytes });
    const before = await storedCount();
    const report = await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(report.counts).toMatchObject({ changed: 1199, rejected: 2 });
    expect(report.rejected.map((r) => [r.row, r.errors[0]?.code])).toEqual([
      [1202, 'duplicate_external_id'],
      [2, 'duplicate_external_id'],
    ]);
    expect(await storedCount()).toBe(before + 1199);
  });
});

describe('a crash during commit', () => {
  it('leaves nothing half-applied, and the re-run gives the result of a clean commit', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => exportRow(5000 + i));
    const bytes = csvBytes([[...EXPORT_HEADERS], ...rows]);
    const mapped = await uploadAndMap(t.app, session, source.id, { name: 'groot.csv', bytes });
    const before = await storedCount();
    // The second chunk of 1,000 fails inside the transaction, after the first chunk was written.
    await sql`CREATE FUNCTION crash_intake() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.external_id = '7200' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`.execute(
      t.deps.db,
    );
    await sql`CREATE TRIGGER crash_intake BEFORE INSERT ON intake_records FOR EACH ROW EXECUTE FUNCTION crash_intake()`.execute(
      t.deps.db,
    );
    const crashed = await runRaw(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(crashed.statusCode).toBe(500);
    expect(await storedCount()).toBe(before);
    await sql`DROP TRIGGER crash_intake ON intake_records`.execute(t.deps.db);
    const report = await run(t.app, session, source.id, mapped.upload.id, 'commit');
    expect(report.counts).toMatchObject({ changed: 1500, rejected: 0 });
    expect(await storedCount()).toBe(before + 1500);
  });
});

describe('several instances on one database', () => {
  /** Another crmhub instance: the same database and master key, the given data dir. */
  const instance = (dataDirOfInstance: string): Promise<FastifyInstance> =>
    buildApp({ ...t.deps, config: { ...t.deps.config, dataDir: dataDirOfInstance }, metrics: new Registry() });

  it('an instance with another data dir answers intake_upload_elsewhere and records nothing; a shared one commits', async () => {
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-other-'));
    const [other, sharing] = await Promise.all([instance(otherDir), instance(dataDir)]);
    try {
      const bytes = csvBytes([[...EXPORT_HEADERS], exportRow(9000), exportRow(9001)]);
      const mapped = await uploadAndMap(t.app, session, source.id, { name: 'relaties.csv', bytes });
      const before = await storedCount();
      for (const mode of ['preview', 'commit'] as const) {
        const elsewhere = await runRaw(other, session, source.id, mapped.upload.id, mode);
        expect(elsewhere.statusCode).toBe(404);
        expect(elsewhere.json()).toMatchObject({ code: 'intake_upload_elsewhere' });
      }
      expect(await storedCount()).toBe(before);

      const report = await run(sharing, session, source.id, mapped.upload.id, 'commit');
      expect(report).toMatchObject({ committed: true, counts: { changed: 2 } });
      expect(await storedCount()).toBe(before + 2);
      // Committed through the shared folder: gone for every instance that shares it, not "elsewhere".
      const again = await runRaw(t.app, session, source.id, mapped.upload.id, 'commit');
      expect(again.json()).toMatchObject({ code: 'intake_upload_expired' });
    } finally {
      await Promise.all([other.close(), sharing.close()]);
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
