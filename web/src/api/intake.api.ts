// Intake sources (CRMs that push or export): list, add, new credentials, remove; the file import's steps.
import {
  intakeFileReportSchema,
  intakeFolderStatusSchema,
  intakeInspectionSchema,
  intakeSavedMappingSchema,
} from '../../../src/contract/intake-file.contract.js';
import { intakeCredentialsSchema, intakeSourcesSchema } from '../../../src/contract/intake.contract.js';
import { send, sendJson } from '../api.js';

import type {
  IntakeFileReport,
  IntakeFolderStatusView,
  IntakeInspectionView,
  IntakeMappingBody,
} from '../../../src/contract/intake-file.contract.js';
import type { IntakeCredentialsView, IntakeSourceView } from '../../../src/contract/intake.contract.js';

export type IntakeSource = IntakeSourceView;
export type IntakeCredentials = IntakeCredentialsView;

const base = '/api/intake/sources';
const one = (id: string): string => `${base}/${encodeURIComponent(id)}`;

export async function getIntakeSources(): Promise<IntakeSource[]> {
  return (await sendJson(intakeSourcesSchema, 'GET', base)).sources;
}

export function addIntakeSource(input: { name: string; system: string }): Promise<IntakeCredentials> {
  return sendJson(intakeCredentialsSchema, 'POST', base, input);
}

export function rotateIntakeSource(id: string): Promise<IntakeCredentials> {
  return sendJson(intakeCredentialsSchema, 'POST', `${one(id)}/rotate`);
}

export async function removeIntakeSource(id: string): Promise<void> {
  await send('DELETE', one(id));
}

// File import: upload (raw bytes), the mapping step, the saved mapping, preview and commit.
const uploadsOf = (id: string): string => `${one(id)}/uploads`;

export type IntakeInspection = IntakeInspectionView;
export type IntakeFileReportView = IntakeFileReport;
export type IntakeMapping = IntakeMappingBody['mapping'];

export function uploadIntakeFile(id: string, file: File, preset: string | null): Promise<IntakeInspection> {
  const query = new URLSearchParams({ filename: file.name, ...(preset === null ? {} : { preset }) });
  return sendJson(intakeInspectionSchema, 'POST', `${uploadsOf(id)}?${query.toString()}`, file);
}

export function inspectIntakeUpload(id: string, uploadId: string, preset: string | null): Promise<IntakeInspection> {
  const query = preset === null ? '' : `?preset=${encodeURIComponent(preset)}`;
  return sendJson(intakeInspectionSchema, 'GET', `${uploadsOf(id)}/${encodeURIComponent(uploadId)}${query}`);
}

export async function saveIntakeMapping(id: string, mapping: IntakeMapping, preset: string | null): Promise<void> {
  await sendJson(intakeSavedMappingSchema, 'PUT', `${one(id)}/mapping`, { mapping, preset });
}

export function runIntakeUpload(id: string, uploadId: string, mode: 'preview' | 'commit'): Promise<IntakeFileReport> {
  return sendJson(intakeFileReportSchema, 'POST', `${uploadsOf(id)}/${encodeURIComponent(uploadId)}/${mode}`);
}

export function getIntakeFolderStatus(id: string): Promise<IntakeFolderStatusView> {
  return sendJson(intakeFolderStatusSchema, 'GET', `${one(id)}/folder`);
}
