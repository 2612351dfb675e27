// Intake sources (CRMs that push or export): list, add, new credentials, remove.
import { intakeCredentialsSchema, intakeSourcesSchema } from '../../../src/contract/intake.contract.js';
import { send, sendJson } from '../api.js';

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
