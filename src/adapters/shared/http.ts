/** HTTP for connectors: fetch with a timeout, retries with backoff + jitter honouring Retry-After, typed network errors. */
import { err, ok } from '../../core/result.js';
import { createOutboundFetch, OutboundRedirectError, OutboundRefusedError } from './outbound-fetch.js';
import { strictOutboundPolicy } from './outbound-policy.js';

import type { ConnectorError, NetworkFailure } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { Resolver } from './outbound-fetch.js';
import type { OutboundPolicy } from './outbound-policy.js';

/** Things a test replaces so nothing waits on real time. */
export type HttpDeps = {
  /** Replaces the network transport; the address policy's URL check and the redirect refusal still apply. */
  fetch?: typeof fetch;
  /** Replaces DNS for the address check (tests). */
  resolve?: Resolver;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for jitter. */
  random?: () => number;
  /** Epoch ms, to read `Retry-After` given as an HTTP date. */
  now?: () => number;
};

export type HttpOptions = HttpDeps & {
  /** Per attempt, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** Total attempts including the first (default 4). */
  maxAttempts?: number;
  /** First backoff step (default 500 ms), doubled per attempt, capped at maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A longer Retry-After is not waited out here; the response is returned for the caller to reschedule. */
  maxRetryAfterMs?: number;
  /** Name of the system for messages ("Could not reach Simplicate at …"). */
  systemName?: string;
  /** Which addresses may be called (default: https to public addresses only). */
  outbound?: OutboundPolicy;
};

export type HttpRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Safe to repeat after the server may have acted on it (default: all but POST). A non-idempotent request is retried
   * only when it surely never arrived (refused connection, unknown host) or was refused with 429/503.
   */
  idempotent?: boolean;
  /** A 2xx answer must be JSON; an unreadable one counts as a (retryable) malformed response. */
  expectJson?: boolean;
};

export type HttpResponse = {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed body when it is JSON, otherwise undefined. */
  readonly json: unknown;
  /** Parsed Retry-After in ms, when present and readable. */
  readonly retryAfterMs: number | undefined;
};

export type HttpClient = {
  /** Sends with retries; any final HTTP status is Ok (map it with the system's error mapper), failures below HTTP are Err. */
  request(req: HttpRequest): Promise<Result<HttpResponse, ConnectorError>>;
};

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with jitter: a random delay in [half, full] of base·2^(attempt-1), capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

type Failure = { kind: NetworkFailure; detail: string };

/** Classifies what fetch threw (undici puts the system error in `cause`). */
export function classifyFetchError(error: unknown): Failure {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return { kind: 'timeout', detail: 'timed out' };
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const message = cause instanceof Error ? cause.message : String(cause);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { kind: 'unknown_host', detail: message };
    case 'ECONNREFUSED':
      return { kind: 'connection_refused', detail: message };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { kind: 'connection_reset', detail: message };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return { kind: 'timeout', detail: message };
    default:
      if (/certificate|SSL|TLS/i.test(code + message)) return { kind: 'tls', detail: message };
      return { kind: 'network', detail: message };
  }
}

/**
 * Every failure below HTTP reads the same: telling an unknown host from a refused or silent port would let anyone who
 * may enter an address scan the network behind crmhub. The kind stays on the error for retry decisions only.
 */
function describe(failure: Failure, system: string, url: URL): string {
  if (failure.kind === 'malformed_response') return `${system} at ${url.host} sent an incomplete or invalid answer`;
  return `Could not reach ${system} at ${url.host}`;
}

/** A refused address or a redirect: never retried, and the message says what to change. */
export function outboundError(
  error: OutboundRefusedError | OutboundRedirectError,
  system: string,
  url: URL,
): ConnectorError {
  if (error instanceof OutboundRedirectError) {
    return {
      code: 'rejected',
      network: 'redirect',
      message:
        `${system} at ${url.host} answered with a redirect (HTTP ${String(error.status)}) to ${error.location}; ` +
        'crmhub does not follow redirects, so no credentials were sent there. Enter the final address instead.',
    };
  }
  return { code: 'rejected', network: 'address_not_allowed', message: `${system}: ${error.message}` };
}

// Failures after which the request surely never reached the server, so even a POST may be sent again.
const NEVER_ARRIVED: readonly NetworkFailure[] = ['connection_refused', 'unknown_host'];
// An unknown host will not appear by retrying within seconds; report it at once.
const NOT_RETRIED: readonly NetworkFailure[] = ['unknown_host', 'tls'];

export function createHttpClient(options: HttpOptions = {}): HttpClient {
  const doFetch = createOutboundFetch(options.outbound ?? strictOutboundPolicy, {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.resolve === undefined ? {} : { resolve: options.resolve }),
  });
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const system = options.systemName ?? 'The server';

  return {
    async request(req) {
      const url = new URL(req.url);
      const idempotent = req.idempotent ?? req.method !== 'POST';
      let lastFailure: Failure | null = null;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const last = attempt === maxAttempts;
        let response: HttpResponse;
        try {
          const res = await doFetch(url, {
            method: req.method,
            headers: req.headers ?? {},
            ...(req.body === undefined ? {} : { body: req.body }),
            signal: AbortSignal.timeout(timeoutMs),
          });
          const text = await res.text();
          response = {
            status: res.status,
            headers: res.headers,
            text,
            json: parseJson(text),
            retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
          };
        } catch (error) {
          if (error instanceof OutboundRefusedError || error instanceof OutboundRedirectError) {
            return err(outboundError(error, system, url));
          }
          lastFailure = classifyFetchError(error);
          const retryable =
            !NOT_RETRIED.includes(lastFailure.kind) && (idempotent || NEVER_ARRIVED.includes(lastFailure.kind));
          if (last || !retryable) break;
          await sleep(backoffDelay(attempt, baseDelayMs, maxDelayMs, random));
          continue;
        }
        const ok2xx = response.status >= 200 && response.status < 300;
        if (ok2xx && req.expectJson === true && response.json === undefined) {
          lastFailure = {
            kind: 'malformed_response',
            detail: `HTTP ${String(response.status)} with a body that is not JSON`,
          };
          if (last || !idempotent) break;
          await sleep(backoffDelay(attempt, baseDelayMs, maxDelayMs, random));
          continue;
        }
        const retryStatus =
          response.status === 429 || response.status === 503 || (idempotent && response.status >= 500);
        if (!retryStatus || last) return ok(response);
        if (response.retryAfterMs !== undefined && response.retryAfterMs > maxRetryAfterMs) return ok(response);
        await sleep(response.retryAfterMs ?? backoffDelay(attempt, baseDelayMs, maxDelayMs, random));
      }
      const failure = lastFailure ?? { kind: 'network', detail: 'no answer' };
      return err({
        code: 'transient',
        message: describe(failure, system, url),
        network: failure.kind,
      });
    },
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
