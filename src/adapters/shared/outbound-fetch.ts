/** The one way connectors reach the network: policy-checked URL and resolved address, and no redirect is ever followed. */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';

import { checkOutboundAddress, checkOutboundUrl } from './outbound-policy.js';

import type { LookupFunction } from 'node:net';
import type { OutboundPolicy, OutboundRefusal } from './outbound-policy.js';

/** A URL or resolved address the policy refuses; nothing was sent. */
export class OutboundRefusedError extends Error {
  constructor(readonly refusal: OutboundRefusal) {
    super(refusal.message);
    this.name = 'OutboundRefusedError';
  }
}

/** A 3xx answer: the request is not repeated at `location`, since the credentials would go along. */
export class OutboundRedirectError extends Error {
  constructor(
    readonly status: number,
    readonly location: string,
  ) {
    super(`redirected (HTTP ${String(status)}) to ${location}`);
    this.name = 'OutboundRedirectError';
  }
}

/** Resolves a host name to every address it has (tests inject one; the default is the system resolver). */
export type Resolver = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export type OutboundFetchOptions = {
  /** Replaces the transport (tests); the URL check and the redirect refusal still apply. */
  readonly fetch?: typeof fetch;
  readonly resolve?: Resolver;
};

export type OutboundInit = {
  readonly method?: string;
  readonly headers?: Headers | Readonly<Record<string, string>>;
  readonly body?: string | URLSearchParams | null;
  readonly signal?: AbortSignal | null;
};

export type OutboundFetch = (url: string | URL, init?: OutboundInit) => Promise<Response>;

/** The address is checked after resolution, on the connection actually made, so DNS rebinding gains nothing. */
function guardedLookup(policy: OutboundPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const first = addresses[0];
        const refused = addresses.map((a) => checkOutboundAddress(hostname, a.address, policy)).find((r) => r !== null);
        if (refused !== undefined) callback(new OutboundRefusedError(refused), '', 0);
        else if (first === undefined)
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        else if (options.all === true)
          callback(
            null,
            addresses.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), '', 0);
      },
    );
  };
}

// Statuses whose Response may not carry a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

function toResponse(res: http.IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    headers.append(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
  const status = res.statusCode ?? 0;
  return new Response(NULL_BODY.has(status) ? null : body, { status, statusText: res.statusMessage ?? '', headers });
}

/** Headers and body as fetch would send them: a length always (never chunked), a content type for the body kinds. */
function requestHead(init: OutboundInit): { headers: Record<string, string>; body: string | undefined } {
  const headers = new Headers(init.headers ?? {});
  const body = init.body === null || init.body === undefined ? undefined : String(init.body);
  if (body !== undefined && !headers.has('content-type')) {
    const form = init.body instanceof URLSearchParams;
    headers.set('content-type', form ? 'application/x-www-form-urlencoded;charset=UTF-8' : 'text/plain;charset=UTF-8');
  }
  const method = (init.method ?? 'GET').toUpperCase();
  if (body !== undefined || (method !== 'GET' && method !== 'HEAD')) {
    headers.set('content-length', String(Buffer.byteLength(body ?? '')));
  }
  return { headers: Object.fromEntries(headers.entries()), body };
}

/** One request over node:http(s) with the guarded lookup; the whole body is read (answers are small JSON/XML). */
type Agents = { readonly http: http.Agent; readonly https: https.Agent };

/**
 * Keep-alive agents whose new connections go through the guarded lookup (a reused socket is one already checked).
 * Idle sockets are unref'd by Node and closed after 30 s, so they neither hold the process nor pile up.
 */
function createAgents(policy: OutboundPolicy, resolve: Resolver): Agents {
  const options = { keepAlive: true, timeout: 30_000, lookup: guardedLookup(policy, resolve) };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

// One pair per policy for the system resolver: the app's policy is one object, so connections are reused process-wide.
const sharedAgents = new WeakMap<OutboundPolicy, Agents>();

function agentsFor(policy: OutboundPolicy, resolve: Resolver | undefined): Agents {
  if (resolve !== undefined) return createAgents(policy, resolve);
  const cached = sharedAgents.get(policy);
  if (cached !== undefined) return cached;
  const created = createAgents(policy, systemResolver);
  sharedAgents.set(policy, created);
  return created;
}

function send(url: URL, init: OutboundInit, agents: Agents): Promise<Response> {
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolvePromise, reject) => {
    // A timeout rejects with the signal's reason (a TimeoutError), as fetch does.
    const fail = (error: Error): void => {
      reject(signal?.aborted === true && signal.reason instanceof Error ? signal.reason : error);
    };
    const { headers, body } = requestHead(init);
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).request(
      url,
      { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          resolvePromise(toResponse(res, Buffer.concat(chunks)));
        });
        res.on('close', () => {
          if (!res.complete) fail(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function transportOf(
  policy: OutboundPolicy,
  options: OutboundFetchOptions,
): (url: URL, init: OutboundInit) => Promise<Response> {
  const injected = options.fetch;
  if (injected !== undefined) return (url, init) => injected(url, { ...init, redirect: 'manual' });
  const agents = agentsFor(policy, options.resolve);
  return (url, init) => send(url, init, agents);
}

/** Builds the connectors' fetch: refuses what the policy refuses, and turns every 3xx into an OutboundRedirectError. */
export function createOutboundFetch(policy: OutboundPolicy, options: OutboundFetchOptions = {}): OutboundFetch {
  const transport = transportOf(policy, options);
  return async (input, init = {}) => {
    const url = new URL(input);
    const refused = checkOutboundUrl(url, policy);
    if (refused !== null) throw new OutboundRefusedError(refused);
    const response = await transport(url, init);
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel();
      throw new OutboundRedirectError(response.status, shownLocation(response.headers.get('location'), url));
    }
    return response;
  };
}

/** The Location as an absolute URL, without credentials or control characters, bounded in length. */
function shownLocation(location: string | null, base: URL): string {
  if (location === null) return '(no Location header)';
  let shown: string;
  try {
    const target = new URL(location, base);
    target.username = '';
    target.password = '';
    shown = target.toString();
  } catch {
    shown = location;
  }
  // eslint-disable-next-line no-control-regex -- a header value is shown in messages; control characters are not
  const clean = shown.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
