// File-import test helpers: upload an export, save a mapping, preview and commit, as the UI does over HTTP.
import { injectAs } from './http.js';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { IntakeFileReport, IntakeInspectionView } from '../../src/contract/intake-file.contract.js';
import type { Session } from './http.js';

export function upload(
  app: FastifyInstance,
  admin: Session,
  sourceId: string,
  file: { name: string; bytes: Buffer; preset?: string },
): Promise<LightMyRequestResponse> {
  const preset = file.preset === undefined ? '' : `&preset=${file.preset}`;
  return injectAs(app, admin, {
    method: 'POST',
    url: `/api/intake/sources/${sourceId}/uploads?filename=${encodeURIComponent(file.name)}${preset}`,
    payload: file.bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

/** Uploads, saves the suggested mapping (columns it left unknown ignored) and returns the upload's id. */
export async function uploadAndMap(
  app: FastifyInstance,
  admin: Session,
  sourceId: string,
  file: { name: string; bytes: Buffer },
): Promise<IntakeInspectionView> {
  const response = await upload(app, admin, sourceId, file);
  if (response.statusCode !== 201) throw new Error(`upload: ${response.statusCode} ${response.body}`);
  const inspection = response.json<IntakeInspectionView>();
  const ignored = Object.fromEntries(inspection.suggestion.unknown.map((header) => [header, 'ignore']));
  const mapping = { ...inspection.suggestion.mapping, ...ignored };
  const saved = await injectAs(app, admin, {
    method: 'PUT',
    url: `/api/intake/sources/${sourceId}/mapping`,
    payload: { mapping },
  });
  if (saved.statusCode !== 200) throw new Error(`mapping: ${saved.statusCode} ${saved.body}`);
  return inspection;
}

export async function run(
  app: FastifyInstance,
  admin: Session,
  sourceId: string,
  uploadId: string,
  mode: 'preview' | 'commit',
): Promise<IntakeFileReport> {
  const response = await runRaw(app, admin, sourceId, uploadId, mode);
  if (response.statusCode !== 200) throw new Error(`${mode}: ${response.statusCode} ${response.body}`);
  return response.json<IntakeFileReport>();
}

export function runRaw(
  app: FastifyInstance,
  admin: Session,
  sourceId: string,
  uploadId: string,
  mode: 'preview' | 'commit',
): Promise<LightMyRequestResponse> {
  return injectAs(app, admin, { method: 'POST', url: `/api/intake/sources/${sourceId}/uploads/${uploadId}/${mode}` });
}
