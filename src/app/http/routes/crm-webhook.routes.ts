/** Signed CRM webhooks: verified on the raw bytes, then only a hint: the record is re-read by id in a job. */
import { z } from 'zod';

import { findConnection } from '../../../adapters/db/repos/connections.repo.js';
import { verifyWebhookSignature } from '../../../adapters/simplicate/simplicate.connector.js';
import { enqueueCrmRecord, enqueueCrmSync } from '../../jobs/contracts.js';
import { crmCredentialsSchema, readCredentials } from '../../use-cases/sync/connectors.js';
import { ApiError } from '../problem.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

// external-apis.md §1.9 [I]: the payload names the event and the record; anything else in it is ignored.
const webhookPayload = z.looseObject({ event: z.string().optional(), id: z.string().min(1) });

export function registerCrmWebhookRoutes(app: ZodApp, deps: AppDeps): void {
  void app.register((scope, _options, done) => {
    // The signature covers the exact bytes sent, so the body is read raw here and parsed after the check.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, parsed) => {
      parsed(null, body);
    });
    scope.post(
      '/api/webhooks/crm/:connectionId',
      {
        config: { access: 'public' },
        validatorCompiler:
          ({ httpPart }) =>
          (value: unknown) =>
            httpPart === 'body' ? { value } : { value },
        schema: {
          tags: ['webhooks'],
          summary: 'A CRM record changed (Simplicate webhook, signed with X-Webhook-Signature: sha256=<hex HMAC>)',
          params: z.object({ connectionId: z.uuid() }),
          response: { 202: z.object({ queued: z.boolean() }) },
        },
      },
      async (request, reply) => {
        const connectionId = (request.params as { connectionId: string }).connectionId;
        const connection = z.uuid().safeParse(connectionId).success
          ? await findConnection(deps.db, connectionId)
          : null;
        if (connection?.role !== 'crm' || connection.status === 'disconnected')
          throw new ApiError('not_found', 'no such CRM connection');
        const secret = readCredentials(deps, connection, crmCredentialsSchema)?.webhookSecret ?? null;
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['x-webhook-signature'];
        if (
          secret === null ||
          !verifyWebhookSignature(rawBody, typeof signature === 'string' ? signature : undefined, secret)
        ) {
          throw new ApiError(
            'webhook_signature_invalid',
            secret === null ? 'no webhook secret is configured for this connection' : undefined,
          );
        }
        let payload: z.infer<typeof webhookPayload>;
        try {
          payload = webhookPayload.parse(JSON.parse(rawBody.toString('utf8')));
        } catch {
          throw new ApiError('validation_failed', 'the webhook body must be JSON with the record id', {
            errors: [{ field: 'body.id', message: 'is missing' }],
          });
        }
        if (payload.id.startsWith('organization:')) {
          await enqueueCrmRecord(deps.queue, connectionId, payload.id);
        } else {
          // A person or link changed: the organisations it belongs to are found by an incremental read.
          await enqueueCrmSync(deps.queue, connectionId, false);
        }
        return reply.code(202).send({ queued: true });
      },
    );
    done();
  });
}
