/** The call engine: plays each call's life (ringing → answered → ended) and the Poisson generator of new calls. */
import { buildJsonRequest, buildUrlTemplateRequest, deliver } from './emitter.js';
import { seedCallers } from './seed.js';
import { buildVoysRequests } from './voys.js';

import type { Rng } from '../shared/random.js';
import type { CallEmission, Corruption, FetchLike, OutgoingRequest } from './emitter.js';
import type { PbxSimOptions } from './options.js';
import type { PbxSimState, SimCall, SimCallState, SimDirection } from './state.js';

/** What a test, the demo or `POST /__sim/calls` asks for; anything left out is drawn at random. */
export type PlaceCallInput = {
  from?: string | undefined;
  to?: string | undefined;
  extension?: string | undefined;
  direction?: SimDirection | undefined;
  /** False for a missed call (ringing → ended). */
  answer?: boolean | undefined;
  /** Phase lengths in seconds before `timeScale`; default random within the options' ranges. */
  ringSeconds?: number | undefined;
  talkSeconds?: number | undefined;
  corrupt?: Corruption | undefined;
};

export type CallEngineDeps = {
  state: PbxSimState;
  options: PbxSimOptions;
  rng: Rng;
  fetch: FetchLike;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Callers for generated calls (seeded when the options list none). */
  callers: readonly string[];
};

export type CallEngine = {
  /** Starts a call; the promise settles when its last event was delivered (or the engine stopped). */
  place(input?: PlaceCallInput): { call: SimCall; done: Promise<SimCall> };
  /** Resolves once no call is in progress. */
  idle(): Promise<void>;
  setRate(ratePerSecond: number): void;
  readonly generating: boolean;
  stop(): void;
};

function maskToken(url: string, token: string | undefined): string {
  return token === undefined ? url : url.replace(`/pbx/${encodeURIComponent(token)}/`, '/pbx/***/');
}

/** Waits `ms`, or less when `signal` aborts first. */
function abortableSleep(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const t = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function requestsFor(options: PbxSimOptions, e: CallEmission, corrupt: Corruption | undefined): OutgoingRequest[] {
  if (options.mode === 'voys') {
    return options.token === undefined ? [] : buildVoysRequests(e, { ...options, token: options.token });
  }
  const out: OutgoingRequest[] = [];
  if (options.mode !== 'url_template' && options.secret !== undefined) {
    out.push(buildJsonRequest(e, { ...options, secret: options.secret }, corrupt));
  }
  if (options.mode !== 'json' && options.token !== undefined) {
    out.push(buildUrlTemplateRequest(e, { ...options, token: options.token }));
  }
  return out;
}

/** Records a call's new state and delivers it on every configured channel. */
async function emitCallState(
  deps: CallEngineDeps,
  signal: AbortSignal,
  call: SimCall,
  s: SimCallState,
  corrupt: Corruption | undefined,
): Promise<void> {
  const { state, options } = deps;
  const atMs = deps.now();
  const at = new Date(atMs).toISOString();
  state.recordEvent(call, s, at);
  if (options.dryRun) return;
  const requests = requestsFor(options, { ...call, state: s, atMs }, corrupt);
  const send = async (request: OutgoingRequest): Promise<void> => {
    const result = await deliver(request, {
      fetch: deps.fetch,
      retries: options.retries,
      timeoutMs: options.requestTimeoutMs,
      signal,
    });
    state.recordDelivery(call, {
      channel: request.channel,
      state: s,
      method: request.method,
      url: maskToken(request.url, options.token),
      ...result,
      at,
    });
  };
  if (options.mode === 'voys') {
    // One platform's notifications of a state (created, then each ringing) go out in order, as it sends them.
    for (const request of requests) await send(request);
    return;
  }
  // Both channels of one state go out together; the next state waits until both were answered.
  await Promise.all(requests.map(send));
}

function between(rng: Rng, r: { min: number; max: number }): number {
  return r.min + rng.next() * (r.max - r.min);
}

/** Direction, extension and numbers of a new call: what the input names, the rest drawn at random. */
function callParties(
  { options, rng, callers }: CallEngineDeps,
  input: PlaceCallInput,
): { direction: SimDirection; extension: string; from: string; to: string } {
  const direction = input.direction ?? (rng.chance(options.outboundShare) ? 'out' : 'in');
  const extension = input.extension ?? rng.pick(options.extensions);
  const external = direction === 'in' ? (input.from ?? rng.pick(callers)) : (input.to ?? rng.pick(callers));
  return {
    direction,
    extension,
    from: direction === 'in' ? external : (input.from ?? extension),
    to: direction === 'in' ? (input.to ?? options.firmNumber) : external,
  };
}

/** A call's states with the seconds each lasts: a missed call goes from ringing straight to ended. */
function callSteps(answer: boolean, ring: number, talk: number): [SimCallState, number][] {
  return answer
    ? [
        ['ringing', ring],
        ['answered', talk],
        ['ended', 0],
      ]
    : [
        ['ringing', ring],
        ['ended', 0],
      ];
}

/** Builds a call engine; generation starts at once when the rate is above zero. */
export function createCallEngine(deps: CallEngineDeps): CallEngine {
  const { state, options, rng } = deps;
  const abort = new AbortController();
  const inFlight = new Set<Promise<SimCall>>();
  let rate = options.ratePerSecond;
  let timer: NodeJS.Timeout | null = null;
  const startedAt = deps.now();

  const sleep = (seconds: number): Promise<void> => abortableSleep(abort.signal, seconds * 1000 * options.timeScale);
  const emit = (call: SimCall, s: SimCallState, corrupt: Corruption | undefined): Promise<void> =>
    emitCallState(deps, abort.signal, call, s, corrupt);

  const run = async (call: SimCall, input: PlaceCallInput): Promise<SimCall> => {
    const answer = input.answer ?? !rng.chance(options.missedShare);
    const ring = input.ringSeconds ?? between(rng, options.ringSeconds);
    const talk = input.talkSeconds ?? between(rng, options.talkSeconds);
    const steps = callSteps(answer, ring, talk);
    for (const [s, wait] of steps) {
      if (abort.signal.aborted) {
        state.markAborted(call);
        return call;
      }
      await emit(call, s, input.corrupt);
      await sleep(wait);
    }
    return call;
  };

  const place = (input: PlaceCallInput = {}): { call: SimCall; done: Promise<SimCall> } => {
    const call = state.add({ callId: state.nextCallId(deps.now()), ...callParties(deps, input) });
    const done = run(call, input);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    return { call, done };
  };

  const durationOver = (): boolean =>
    options.durationSeconds !== undefined && deps.now() - startedAt >= options.durationSeconds * 1000;
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (rate <= 0 || abort.signal.aborted) return;
    if (durationOver()) return;
    // Poisson arrivals: exponential gaps with mean 1/rate seconds.
    const gap = -Math.log(1 - rng.next()) / rate;
    timer = setTimeout(() => {
      timer = null;
      if (durationOver()) return;
      place();
      schedule();
    }, gap * 1000);
  };
  schedule();

  return {
    place,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    setRate(next) {
      rate = next;
      schedule();
    },
    get generating() {
      return timer !== null;
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      abort.abort();
    },
  };
}

/** The callers for generated calls: the configured list, or numbers drawn from the seeded companies. */
export function callerPool(options: PbxSimOptions, seed: number, orgs: number): string[] {
  return options.callers.length > 0 ? [...options.callers] : seedCallers(seed, orgs).map((c) => c.number);
}
