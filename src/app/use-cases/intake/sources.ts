/** Intake sources: a portal's CRM connection fed by push or file, with an API key and secret issued once. */
import { randomBytes } from 'node:crypto';

import {
  disconnectConnection,
  findLiveConnection,
  insertConnection,
} from '../../../adapters/db/repos/connections.repo.js';
import {
  insertIntakeSource,
  listIntakeSources,
  revokeIntakeCredentials,
  rotateIntakeCredentials,
} from '../../../adapters/db/repos/intake-sources.repo.js';
import { getConnectorEntry, intakeRoleOf } from '../../../adapters/registry.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { auditUserAction } from '../user-audit.js';
import { intakeConnection } from './ingest.js';

import type { SecretBox } from '../../../adapters/crypto/secret-box.js';
import type { IntakeSourceRow, StoredIntakeCredentials } from '../../../adapters/db/repos/intake-sources.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type {
  IntakeCredentialsView,
  IntakeSourceView,
  NewIntakeSourceInput,
} from '../../../contract/intake.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

/** Where the push API lives under crmhub's public address (docs/intake.md). */
export const INTAKE_API_PATH = '/api/intake/v1';

function issueCredentials(secretBox: SecretBox): StoredIntakeCredentials {
  const apiKey = `ik_${randomBytes(24).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  return { apiKey, apiKeyPrefix: apiKey.slice(0, 10), secret, secretEnc: secretBox.encrypt(secret) };
}

function displayName(system: string): string {
  const entry = getConnectorEntry(system);
  return entry.ok ? entry.value.manifest.displayName : system;
}

function sourceView(row: IntakeSourceRow, system: string, status: string): IntakeSourceView {
  return {
    id: row.connectionId,
    name: row.name,
    system,
    systemName: displayName(system),
    status: status === 'active' || status === 'needs_reconnect' ? status : 'disconnected',
    apiKeyPrefix: row.apiKeyPrefix,
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    lastBatchAt: row.lastBatchAt?.toISOString() ?? null,
  };
}

function credentialsView(view: IntakeSourceView, issued: StoredIntakeCredentials, baseUrl: string) {
  return { ...view, environmentUrl: `${baseUrl}${INTAKE_API_PATH}`, apiKey: issued.apiKey, apiSecret: issued.secret };
}

export async function listSources(deps: Pick<AppDeps, 'db'>, portalId: string): Promise<IntakeSourceView[]> {
  return (await listIntakeSources(deps.db, portalId)).map((row) => sourceView(row, row.system, row.status));
}

/** Adds an intake source as the portal's CRM connection; its key and secret are in this answer only. */
export async function addSource(
  deps: AppDeps,
  user: User,
  input: NewIntakeSourceInput & { readonly baseUrl: string },
): Promise<Outcome<IntakeCredentialsView>> {
  if (intakeRoleOf(input.system) === null) {
    return fail('validation_failed', `${input.system} is not a CRM that sends its records`, {
      errors: [
        {
          field: 'body.system',
          code: 'invalid_choice',
          message: 'choose radar, visma_advisor, clientonline or other_crm',
        },
      ],
    });
  }
  if ((await findLiveConnection(deps.db, user.portalId, 'crm')) !== null) {
    return fail('already_connected', 'disconnect the current CRM connection first');
  }
  const issued = issueCredentials(deps.secretBox);
  const now = deps.clock();
  const row = await deps.db.transaction().execute(async (trx) => {
    const connection = await insertConnection(trx, {
      portalId: user.portalId,
      role: 'crm',
      system: input.system,
      baseUrl: null,
      credentialsEnc: null,
      nextRunAt: null,
    });
    const source = await insertIntakeSource(trx, {
      connectionId: connection.id,
      portalId: user.portalId,
      name: input.name,
      credentials: issued,
    });
    await auditUserAction(trx, user, 'intake_source_added', now, {
      details: { system: input.system, name: input.name },
    });
    return source;
  });
  return ok(credentialsView(sourceView(row, input.system, 'active'), issued, input.baseUrl));
}

/** New key and secret for a live source of the portal; the old ones stop working at once. */
export async function rotateSource(
  deps: AppDeps,
  user: User,
  input: { readonly id: string; readonly baseUrl: string },
): Promise<Outcome<IntakeCredentialsView>> {
  const connection = await intakeConnection(deps, input.id);
  if (!connection.ok || connection.value.portalId !== user.portalId)
    return fail('not_found', `no intake source ${input.id}`);
  const issued = issueCredentials(deps.secretBox);
  const now = deps.clock();
  const row = await deps.db.transaction().execute(async (trx) => {
    const rotated = await rotateIntakeCredentials(trx, {
      connectionId: input.id,
      portalId: user.portalId,
      credentials: issued,
      now,
    });
    if (rotated !== null) await auditUserAction(trx, user, 'intake_credentials_rotated', now);
    return rotated;
  });
  if (row === null) return fail('not_found', `no intake source ${input.id}`);
  return ok(credentialsView(sourceView(row, connection.value.system, connection.value.status), issued, input.baseUrl));
}

/** Removes a source: its credentials stop working and the CRM connection is disconnected (records and links stay). */
export async function removeSource(deps: AppDeps, user: User, id: string): Promise<Outcome<void>> {
  const connection = await intakeConnection(deps, id);
  if (!connection.ok || connection.value.portalId !== user.portalId) return fail('not_found', `no intake source ${id}`);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await revokeIntakeCredentials(trx, id);
    await disconnectConnection(trx, id, now);
    await auditUserAction(trx, user, 'intake_source_removed', now);
  });
  return ok(undefined);
}
