// Intake test helpers: add a source over the API, and push batches the way a CRM or integrator would.
import { signIntakeBody } from '../../src/app/use-cases/intake/push-auth.js';
import { injectAs } from './http.js';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { IntakeCredentialsView } from '../../src/contract/intake.contract.js';
import type { Session } from './http.js';

export const PUSH_URL = '/api/intake/v1/batches';

export async function addIntakeSource(
  app: FastifyInstance,
  admin: Session,
  input: { name: string; system: string },
): Promise<IntakeCredentialsView> {
  const response = await injectAs(app, admin, { method: 'POST', url: '/api/intake/sources', payload: input });
  if (response.statusCode !== 201) throw new Error(`add source: ${response.statusCode} ${response.body}`);
  return response.json<IntakeCredentialsView>();
}

type Credentials = Pick<IntakeCredentialsView, 'apiKey' | 'apiSecret'>;

/** Pushes with key and secret (the default) or, with `signAt` (unix seconds), an HMAC signature. */
export function push(
  app: FastifyInstance,
  credentials: Credentials,
  body: unknown,
  options: { signAt?: number; idempotencyKey?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const auth =
    options.signAt === undefined
      ? { 'x-api-secret': credentials.apiSecret }
      : {
          'x-crmhub-timestamp': String(options.signAt),
          'x-crmhub-signature': `sha256=${signIntakeBody(credentials.apiSecret, String(options.signAt), raw)}`,
        };
  return app.inject({
    method: 'POST',
    url: PUSH_URL,
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-api-key': credentials.apiKey,
      ...auth,
      ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
      ...options.headers,
    },
  });
}
