/** A signed CRM webhook: verified on the raw bytes by the system's verifier, then only a hint queued as a job. */
import { createHash } from 'node:crypto';
import { z } from 'zod';

import { findConnection } from '../../../adapters/db/repos/connections.repo.js';
import { firstReceiptWithin, forgetReceipt } from '../../../adapters/db/repos/webhook-receipts.repo.js';
import { getConnectorEntry } from '../../../adapters/registry.js';
import { enqueueCrmRecord, enqueueCrmSync } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { crmCredentialsSchema, readCredentials } from './connectors.js';

import type { WebhookHeaders, WebhookHint } from '../../../adapters/shared/system.js';
import type { CrmWebhookAccepted } from '../../../contract/webhooks.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

export type CrmWebhookInput = {
  readonly connectionId: string;
  /** The exact bytes sent: the signature covers them, so the body is parsed only after the check. */
  readonly rawBody: Buffer;
  readonly headers: WebhookHeaders;
};

/** An identical signed body within this window is counted once ([C] external-apis §10.2: no timestamp in the scheme). */
export const WEBHOOK_DEDUPE_MS = 10 * 60_000;

/** Queues what a webhook hints at: targeted reads of the records it names, and an incremental read when asked. */
async function enqueueHint(deps: AppDeps, connectionId: string, hint: WebhookHint): Promise<void> {
  if (hint.kind === 'records') {
    for (const id of hint.recordIds) await enqueueCrmRecord(deps.queue, connectionId, id);
  }
  if (hint.kind === 'changes' || hint.poll) await enqueueCrmSync(deps.queue, connectionId, false);
}

/** Finds the live CRM connection, checks the signature with its system's verifier and queues what the hint asks. */
export async function receiveCrmWebhook(deps: AppDeps, input: CrmWebhookInput): Promise<Outcome<CrmWebhookAccepted>> {
  const connection = z.uuid().safeParse(input.connectionId).success
    ? await findConnection(deps.db, input.connectionId)
    : null;
  if (connection?.role !== 'crm' || connection.status === 'disconnected') {
    return fail('not_found', 'no such CRM connection');
  }
  const entry = getConnectorEntry(connection.system);
  const verifier = entry.ok ? entry.value.webhookVerifier : undefined;
  if (verifier === undefined) {
    return fail('webhook_signature_invalid', `${connection.system} connections take no webhooks`);
  }
  const secret = readCredentials(deps, connection, crmCredentialsSchema)?.webhookSecret ?? null;
  if (secret === null) return fail('webhook_signature_invalid', 'no webhook secret is configured for this connection');
  if (!verifier.verify(input.rawBody, input.headers, secret)) return fail('webhook_signature_invalid');
  const bodySha256 = createHash('sha256').update(input.rawBody).digest('hex');
  const receipt = { connectionId: connection.id, bodySha256, now: deps.clock(), windowMs: WEBHOOK_DEDUPE_MS };
  if (!(await firstReceiptWithin(deps.db, receipt))) return { ok: true, value: { queued: false, duplicate: true } };
  try {
    await enqueueHint(deps, connection.id, verifier.hint(input.rawBody));
  } catch (e) {
    await forgetReceipt(deps.db, connection.id, bodySha256);
    throw e;
  }
  return { ok: true, value: { queued: true, duplicate: false } };
}
