/** The PBX simulator's own HTTP app: the admin API under `/__sim/` to place calls on demand and read the call log. */
import Fastify from 'fastify';
import { z } from 'zod';

import type { FastifyInstance } from 'fastify';
import type { CallEngine } from './calls.js';
import type { PbxSimOptions } from './options.js';
import type { PbxSimState } from './state.js';

const placeCallSchema = z.strictObject({
  from: z.string().max(200).optional(),
  to: z.string().max(200).optional(),
  extension: z
    .string()
    .regex(/^\d{2,6}$/, 'extension must be 2–6 digits')
    .optional(),
  direction: z.enum(['in', 'out']).optional(),
  answer: z.boolean().optional(),
  ringSeconds: z.number().min(0).max(3600).optional(),
  talkSeconds: z.number().min(0).max(86_400).optional(),
  corrupt: z.enum(['signature', 'timestamp']).optional(),
  /** Answer only when the call has ended (default: at once, with the call as scheduled). */
  wait: z.boolean().optional(),
});

function issues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

/** Builds the admin app (never listens itself). */
export function buildPbxSimApp(state: PbxSimState, engine: CallEngine, options: PbxSimOptions): FastifyInstance {
  const app = Fastify({ logger: false });

  app.get('/__sim/status', () => ({
    mode: options.mode,
    target: options.target,
    generating: engine.generating,
    counters: state.counters,
  }));

  app.get('/__sim/calls', (request, reply) => {
    const limit = Number((request.query as Record<string, unknown>)['limit'] ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return reply.code(400).send({ error: 'limit must be a whole number from 1 to 10000' });
    }
    return { calls: state.list(limit) };
  });

  app.get('/__sim/calls/:callId', (request, reply) => {
    const { callId } = request.params as { callId: string };
    const call = state.get(callId);
    return call === undefined ? reply.code(404).send({ error: `no call ${callId}` }) : call;
  });

  app.post('/__sim/calls', async (request, reply) => {
    const parsed = placeCallSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: 'invalid call', issues: issues(parsed.error) });
    const { wait, ...input } = parsed.data;
    const placed = engine.place(input);
    if (wait === true) return reply.code(200).send(await placed.done);
    return reply.code(202).send(placed.call);
  });

  app.put('/__sim/rate', (request, reply) => {
    const parsed = z.strictObject({ ratePerSecond: z.number().min(0).max(1000) }).safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid rate', issues: issues(parsed.error) });
    engine.setRate(parsed.data.ratePerSecond);
    return { ratePerSecond: parsed.data.ratePerSecond, generating: engine.generating };
  });

  return app;
}
