/**
 * The file import as the UI drives it: upload (kept on disk with an id and an expiry), inspect and suggest a mapping,
 * save the mapping per source, then preview and commit the same bytes.
 */
import path from 'node:path';

import {
  findIntakeFolderStatus,
  findIntakeMapping,
  saveIntakeMapping,
} from '../../../adapters/db/repos/intake-mappings.repo.js';
import { createUploadStore, inspectIntakeFile } from '../../../adapters/intake-file/index.js';
import { checkMapping } from '../../../core/intake/mapping.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { fileRejected, importIntakeFile } from './file-import.js';
import { intakeConnection } from './ingest.js';

import type { Readable } from 'node:stream';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { StoredUpload } from '../../../adapters/intake-file/index.js';
import type {
  IntakeFileReport,
  IntakeInspectionView,
  IntakeMappingBody,
  IntakeSavedMappingView,
} from '../../../contract/intake-file.contract.js';
import type { IntakePresetId } from '../../../core/intake/presets.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

/** An upload waits this long for its preview and commit. */
export const UPLOAD_TTL_MS = 2 * 3600_000;

type Deps = Pick<AppDeps, 'db' | 'clock' | 'queue' | 'config'>;

function uploads(deps: Pick<AppDeps, 'config'>) {
  return createUploadStore(path.join(deps.config.dataDir, 'intake-uploads'));
}

async function ownSource(deps: Pick<AppDeps, 'db'>, user: User, sourceId: string): Promise<Outcome<Connection>> {
  const connection = await intakeConnection(deps, sourceId);
  if (!connection.ok || connection.value.portalId === user.portalId) return connection;
  return fail('not_found', `no intake source ${sourceId}`);
}

async function savedMappingView(deps: Pick<AppDeps, 'db'>, sourceId: string): Promise<IntakeSavedMappingView | null> {
  const saved = await findIntakeMapping(deps.db, sourceId);
  return saved === null ? null : { ...saved, updatedAt: saved.updatedAt.toISOString() };
}

async function inspectionOf(
  deps: Deps,
  upload: StoredUpload,
  preset: IntakePresetId | undefined,
): Promise<Outcome<IntakeInspectionView>> {
  const inspected = await inspectIntakeFile(upload.path, {
    maxBytes: deps.config.intakeFileLimitBytes,
    ...(preset === undefined ? {} : { preset }),
  });
  if (!inspected.ok) return fileRejected(inspected.error);
  const { format, headers, sample, suggestion } = inspected.value;
  const { id, fileName, sizeBytes, expiresAt } = upload;
  return ok({
    upload: { id, fileName, sizeBytes, expiresAt },
    format,
    headers: [...headers],
    sample: sample.map((row) => [...row]),
    suggestion: { ...suggestion, unknown: [...suggestion.unknown] },
    savedMapping: await savedMappingView(deps, upload.sourceId),
  });
}

/** Keeps the uploaded bytes and answers what the mapping step needs; a refused file is removed at once. */
export async function uploadIntakeFile(
  deps: Deps,
  user: User,
  input: { sourceId: string; fileName: string; body: Readable; preset?: IntakePresetId },
): Promise<Outcome<IntakeInspectionView>> {
  const source = await ownSource(deps, user, input.sourceId);
  if (!source.ok) return source;
  const store = uploads(deps);
  const now = deps.clock();
  await store.sweep(now);
  const maxBytes = deps.config.intakeFileLimitBytes;
  const upload = await store.save(input, { maxBytes, now, ttlMs: UPLOAD_TTL_MS });
  if (upload === null) return fail('intake_file_too_large', `a file may be at most ${String(maxBytes)} bytes`);
  const inspection = await inspectionOf(deps, upload, input.preset);
  if (!inspection.ok) await store.remove(upload);
  return inspection;
}

async function findUpload(deps: Deps, user: User, sourceId: string, uploadId: string) {
  const source = await ownSource(deps, user, sourceId);
  if (!source.ok) return source;
  const found = await uploads(deps).find(sourceId, uploadId, deps.clock());
  switch (found.kind) {
    case 'found':
      return ok({ source: source.value, upload: found.upload });
    case 'expired':
      return fail('intake_upload_expired', `no upload ${uploadId} for this source`);
    case 'elsewhere':
      return fail('intake_upload_elsewhere', `upload ${uploadId} is kept in another instance's data dir`);
  }
}

/** The mapping step again, e.g. with a preset the user chose after uploading. */
export async function inspectIntakeUpload(
  deps: Deps,
  user: User,
  input: { sourceId: string; uploadId: string; preset?: IntakePresetId },
): Promise<Outcome<IntakeInspectionView>> {
  const found = await findUpload(deps, user, input.sourceId, input.uploadId);
  if (!found.ok) return found;
  return inspectionOf(deps, found.value.upload, input.preset);
}

export async function getIntakeMapping(deps: Deps, user: User, sourceId: string) {
  const source = await ownSource(deps, user, sourceId);
  if (!source.ok) return source;
  return ok(await savedMappingView(deps, sourceId));
}

/** The watched folder's last file for this source and how it went (imported, rejected, waiting for a mapping). */
export async function getIntakeFolderStatus(deps: Deps, user: User, sourceId: string) {
  const source = await ownSource(deps, user, sourceId);
  if (!source.ok) return source;
  const status = await findIntakeFolderStatus(deps.db, sourceId);
  return ok(status === null ? null : { state: status.state, fileName: status.fileName, at: status.at.toISOString() });
}

/** Saves the source's mapping (used for every later upload and the watched folder). */
export async function saveMapping(
  deps: Deps,
  user: User,
  input: { sourceId: string } & IntakeMappingBody,
): Promise<Outcome<IntakeSavedMappingView>> {
  const source = await ownSource(deps, user, input.sourceId);
  if (!source.ok) return source;
  const checked = checkMapping(input.mapping);
  if (!checked.ok) {
    const { detail, column } = checked.error;
    const message = `${detail ?? 'mapping_invalid'}${column === undefined ? '' : ` (${column})`}`;
    return fail('validation_failed', `the mapping is unusable: ${message}`, {
      errors: [{ field: 'body.mapping', code: 'invalid', params: { reason: detail ?? 'mapping_invalid' }, message }],
      reason: detail ?? 'mapping_invalid',
    });
  }
  const now = deps.clock();
  await saveIntakeMapping(deps.db, input.sourceId, { mapping: input.mapping, preset: input.preset, now });
  return ok({ mapping: input.mapping, preset: input.preset, updatedAt: now.toISOString() });
}

/** Preview (nothing recorded) or commit (recorded in one transaction; the upload is gone afterwards). */
export async function runIntakeUpload(
  deps: Deps,
  user: User,
  input: { sourceId: string; uploadId: string; mode: 'preview' | 'commit' },
): Promise<Outcome<IntakeFileReport>> {
  const found = await findUpload(deps, user, input.sourceId, input.uploadId);
  if (!found.ok) return found;
  const { source, upload } = found.value;
  const saved = await findIntakeMapping(deps.db, source.id);
  if (saved === null) return fail('intake_mapping_missing', 'save a column mapping for this source first');
  const report = await importIntakeFile(deps, source, {
    path: upload.path,
    fileName: upload.fileName,
    mapping: saved.mapping,
    mode: input.mode,
    maxBytes: deps.config.intakeFileLimitBytes,
  });
  if (report.ok && input.mode === 'commit') await uploads(deps).remove(upload);
  return report;
}
