/** Fault injection for simulators: `/__sim/faults` admin routes plus a hook that breaks matching API calls. */
import { z } from 'zod';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';

export const faultKinds = ['latency', 'status', 'rate_limit', 'reset', 'timeout', 'malformed'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultSpecSchema = z
  .strictObject({
    kind: z.enum(faultKinds),
    /** Apply to the next N matching calls. */
    count: z.int().positive().optional(),
    /** Apply to each matching call with this probability (instead of a count). */
    rate: z.number().min(0).max(1).optional(),
    /** HTTP status for `status` (default 500). */
    status: z.int().min(400).max(599).optional(),
    /** Delay for `latency`. */
    latencyMs: z.int().min(0).max(600_000).optional(),
    /** Retry-After for `rate_limit` (default 1); null sends a 429 without Retry-After. */
    retryAfterSeconds: z.int().min(0).nullable().optional(),
    /** Only calls whose path starts with this (e.g. `/api/v2/crm/person`). */
    pathPrefix: z.string().startsWith('/').optional(),
  })
  .refine((f) => f.count === undefined || f.rate === undefined, { message: 'give either count or rate, not both' })
  .refine((f) => f.kind !== 'latency' || f.latencyMs !== undefined, { message: 'latency needs latencyMs' });
export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** A fault as stored: `remaining` is null when it applies by rate or until cleared. */
export type ActiveFault = FaultSpec & { readonly id: number; remaining: number | null; applied: number };

export type FaultOptions = {
  /** The simulated system's error body for a status (e.g. a JSON envelope or a SOAP fault). */
  errorBody(status: number, message: string): { contentType: string; body: string };
  /** A full, valid 200 body of the system; `malformed` sends its first half. */
  malformedBody: { contentType: string; body: string };
  /** Randomness for `rate` (default Math.random); inject a seeded one for reproducible runs. */
  random?: () => number;
};

/** The fault store, exposed so a simulator's own admin routes or tests can add faults directly. */
export type FaultController = {
  add(spec: FaultSpec): ActiveFault;
  list(): readonly ActiveFault[];
  clear(): void;
};

const SIM_PREFIX = '/__sim/';

type FaultStore = {
  readonly controller: FaultController;
  /** The faults that apply to a call on `path` (counting them), dropping those used up. */
  takeMatching(path: string): ActiveFault[];
};

function createFaultStore(random: () => number): FaultStore {
  let faults: ActiveFault[] = [];
  let nextId = 1;
  const controller: FaultController = {
    add(spec) {
      const fault: ActiveFault = { ...spec, id: nextId++, remaining: spec.count ?? null, applied: 0 };
      faults.push(fault);
      return fault;
    },
    list: () => faults,
    clear() {
      faults = [];
    },
  };
  const takes = (fault: ActiveFault, path: string): boolean => {
    if (fault.pathPrefix !== undefined && !path.startsWith(fault.pathPrefix)) return false;
    if (fault.remaining !== null) {
      if (fault.remaining <= 0) return false;
      fault.remaining -= 1;
    } else if (fault.rate !== undefined && random() >= fault.rate) {
      return false;
    }
    fault.applied += 1;
    return true;
  };
  return {
    controller,
    takeMatching(path) {
      if (faults.length === 0) return [];
      const matched = faults.filter((f) => takes(f, path));
      faults = faults.filter((f) => f.remaining === null || f.remaining > 0);
      return matched;
    },
  };
}

function registerFaultRoutes(app: FastifyInstance, controller: FaultController): void {
  app.post('/__sim/faults', async (request, reply) => {
    const parsed = faultSpecSchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'invalid fault',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    return reply.code(201).send(controller.add(parsed.data));
  });
  app.get('/__sim/faults', () => ({ faults: controller.list() }));
  app.delete('/__sim/faults', () => {
    controller.clear();
    return { faults: controller.list() };
  });
}

function sendError(opts: FaultOptions, reply: FastifyReply, status: number, message: string): FastifyReply {
  const { contentType, body } = opts.errorBody(status, message);
  return reply.code(status).header('content-type', contentType).send(body);
}

/** Holds the socket open until the client gives up (tracked in `hung` so the server can still close). */
function hangUp(request: FastifyRequest, reply: FastifyReply, hung: Set<Socket>): FastifyReply {
  reply.hijack();
  const socket = request.raw.socket;
  hung.add(socket);
  socket.once('close', () => hung.delete(socket));
  // The client giving up half-closes the connection; finish closing it so close() is not held up.
  // Node pauses reading while a request is unanswered, so resume to notice the client's FIN.
  socket.once('end', () => socket.destroy());
  socket.resume();
  return reply;
}

/** Answers the call as a failing fault says (`latency` is applied by the caller: the call goes on). */
function sendFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  opts: FaultOptions,
  hung: Set<Socket>,
): FastifyReply | undefined {
  switch (fault.kind) {
    case 'latency':
      return undefined;
    case 'status':
      return sendError(opts, reply, fault.status ?? 500, `Simulated failure (HTTP ${String(fault.status ?? 500)})`);
    case 'rate_limit': {
      const retryAfter = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
      if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
      return sendError(opts, reply, 429, 'Too many requests');
    }
    case 'reset':
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    case 'timeout':
      return hangUp(request, reply, hung);
    case 'malformed': {
      const { contentType, body } = opts.malformedBody;
      return reply
        .code(200)
        .header('content-type', contentType)
        .send(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    }
  }
}

/** Registers `POST/GET/DELETE /__sim/faults` and the onRequest hook that applies faults to non-admin calls. */
export function registerFaultInjection(app: FastifyInstance, opts: FaultOptions): FaultController {
  const store = createFaultStore(opts.random ?? Math.random);
  // Sockets held open by `timeout` faults; destroyed before the server closes so close() does not hang. (Create the
  // app with `forceCloseConnections: true` too: a client may open a spare connection that Node never sees as idle.)
  const hung = new Set<Socket>();

  registerFaultRoutes(app, store.controller);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    if (path.startsWith(SIM_PREFIX)) return;
    for (const fault of store.takeMatching(path)) {
      if (fault.kind === 'latency') {
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 0));
        continue;
      }
      return sendFault(fault, request, reply, opts, hung);
    }
    return undefined;
  });

  app.addHook('preClose', (done) => {
    for (const socket of hung) socket.destroy();
    hung.clear();
    done();
  });

  return store.controller;
}
