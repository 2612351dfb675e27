/** A signed CRM webhook: verified on the raw bytes by the system's verifier, then only a hint queued as a job. */
import { z } from 'zod';

import { findConnection } from '../../../adapters/db/repos/connections.repo.js';
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

function parsedHint(rawBody: Buffer, hint: (payload: unknown) => WebhookHint | null): WebhookHint | null {
  try {
    return hint(JSON.parse(rawBody.toString('utf8')));
  } catch {
    return null;
  }
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
  const hint = parsedHint(input.rawBody, (payload) => verifier.hint(payload));
  if (hint === null) {
    return fail('validation_failed', 'the webhook body must be JSON with the record id', {
      errors: [{ field: 'body.id', message: 'is missing' }],
    });
  }
  if (hint.kind === 'record') await enqueueCrmRecord(deps.queue, connection.id, hint.recordId);
  else await enqueueCrmSync(deps.queue, connection.id, false);
  return { ok: true, value: { queued: true } };
}
