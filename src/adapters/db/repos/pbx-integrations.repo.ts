/** Phone systems that report calls: a hashed URL/3CX token and an encrypted webhook secret per integration. */
import { camelRow } from './camel-row.js';
import { secretHash } from './secret-hash.js';

import type { Updateable } from 'kysely';
import type { Db } from '../pool.js';
import type { PbxIntegrationsTable } from '../schema.js';

export type PbxIntegration = {
  readonly id: string;
  readonly portalId: string;
  readonly name: string;
  readonly webhookSecretEnc: string | null;
  readonly createdAt: Date;
  readonly rotatedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastEventAt: Date | null;
  /** IP addresses or CIDR ranges Voys notifications may come from; empty: any. */
  readonly allowedSenders: readonly string[];
};

const selection = [
  'id',
  'portal_id',
  'name',
  'webhook_secret_enc',
  'created_at',
  'rotated_at',
  'revoked_at',
  'last_event_at',
  'allowed_senders',
] as const;

export async function insertPbxIntegration(
  db: Db,
  input: {
    readonly portalId: string;
    readonly name: string;
    readonly token: string;
    readonly webhookSecretEnc: string;
  },
): Promise<PbxIntegration> {
  const row = await db
    .insertInto('pbx_integrations')
    .values({
      portal_id: input.portalId,
      name: input.name,
      token_hash: secretHash('pbx-token', input.token),
      webhook_secret_enc: input.webhookSecretEnc,
    })
    .returning(selection)
    .executeTakeFirstOrThrow();
  return camelRow(row);
}

export async function listPbxIntegrations(db: Db, portalId: string): Promise<PbxIntegration[]> {
  const rows = await db
    .selectFrom('pbx_integrations')
    .select(selection)
    .where('portal_id', '=', portalId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(camelRow);
}

/** Live integrations whose webhook secrets may have signed a JSON event. */
export async function listActivePbxSecrets(db: Db): Promise<PbxIntegration[]> {
  const rows = await db
    .selectFrom('pbx_integrations')
    .select(selection)
    .where('revoked_at', 'is', null)
    .where('webhook_secret_enc', 'is not', null)
    .execute();
  return rows.map(camelRow);
}

export async function findPbxIntegrationByToken(db: Db, token: string): Promise<PbxIntegration | null> {
  const row = await db
    .selectFrom('pbx_integrations')
    .select(selection)
    .where('token_hash', '=', secretHash('pbx-token', token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

/** Updates the portal's live (not revoked) integration with this id; the query's callers add what they return. */
function updateLiveIntegration(db: Db, id: string, portalId: string, values: Updateable<PbxIntegrationsTable>) {
  return db
    .updateTable('pbx_integrations')
    .set(values)
    .where('id', '=', id)
    .where('portal_id', '=', portalId)
    .where('revoked_at', 'is', null);
}

/** New token and secret for a live integration; null when there is none with this id. */
export async function rotatePbxCredentials(
  db: Db,
  input: {
    readonly id: string;
    readonly portalId: string;
    readonly token: string;
    readonly webhookSecretEnc: string;
    readonly now: Date;
  },
): Promise<PbxIntegration | null> {
  const row = await updateLiveIntegration(db, input.id, input.portalId, {
    token_hash: secretHash('pbx-token', input.token),
    webhook_secret_enc: input.webhookSecretEnc,
    rotated_at: input.now,
  })
    .returning(selection)
    .executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

/** Revokes: token and secret are deleted; the row stays for the call log. */
export async function revokePbxIntegration(db: Db, id: string, portalId: string, now: Date): Promise<boolean> {
  const result = await updateLiveIntegration(db, id, portalId, {
    token_hash: null,
    webhook_secret_enc: null,
    revoked_at: now,
  }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchPbxIntegration(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('pbx_integrations').set({ last_event_at: now }).where('id', '=', id).execute();
}

/** Replaces the sender allow-list of a live integration of the portal; null when there is none with this id. */
export async function setPbxAllowedSenders(
  db: Db,
  input: { readonly id: string; readonly portalId: string; readonly allowedSenders: readonly string[] },
): Promise<PbxIntegration | null> {
  const row = await updateLiveIntegration(db, input.id, input.portalId, { allowed_senders: [...input.allowedSenders] })
    .returning(selection)
    .executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}
