/** Signed CRM webhooks: the body is read raw (the signature covers the exact bytes) and handed to one use-case. */
import { crmWebhookAccepted, crmWebhookParams } from '../../../contract/webhooks.contract.js';
import { receiveCrmWebhook } from '../../use-cases/sync/crm-webhook.js';
import { unwrap } from '../problem.js';
import { documentedOnly, rawBodyOf } from '../raw-body.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerCrmWebhookRoutes(app: ZodApp, deps: AppDeps): void {
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, parsed) => {
      parsed(null, body);
    });
    scope.post(
      '/api/webhooks/crm/:connectionId',
      {
        config: { access: 'public' },
        // Nothing is parsed before the use-case: an unknown connection id is a 404 and the body is checked raw.
        validatorCompiler: documentedOnly,
        schema: {
          tags: ['webhooks'],
          summary: 'A CRM record changed (Simplicate webhook, signed with X-Webhook-Signature: sha256=<hex HMAC>)',
          params: crmWebhookParams,
          response: { 202: crmWebhookAccepted },
        },
      },
      async (request, reply) => {
        const accepted = unwrap(
          await receiveCrmWebhook(deps, {
            connectionId: (request.params as { connectionId: string }).connectionId,
            rawBody: rawBodyOf(request),
            headers: request.headers,
          }),
        );
        return reply.code(202).send(accepted);
      },
    );
    done();
  });
}
