/** Builds and sends the PBX webhooks exactly as the contract describes: signed JSON POST and URL-template GET. */
import { createHmac } from 'node:crypto';

import type { PbxSimOptions } from './options.js';
import type { SimCallState, SimChannel, SimDirection } from './state.js';

/** One state change of a call, as the PBX reports it. */
export type CallEmission = {
  callId: string;
  state: SimCallState;
  from: string;
  to: string;
  extension: string;
  direction: SimDirection;
  atMs: number;
};

/** Deliberate mistakes, to exercise crmhub's checks: a wrong signature or a timestamp outside the replay window. */
export type Corruption = 'signature' | 'timestamp';

export type OutgoingRequest = {
  channel: SimChannel;
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body: string | null;
};

/**
 * The signed JSON POST (crmhub's own contract): `X-Crmhub-Timestamp` = unix seconds, `X-Crmhub-Signature` =
 * `sha256=` + hex HMAC-SHA256 of `${timestamp}.${rawBody}` with the shared secret.
 */
export function buildJsonRequest(
  e: CallEmission,
  options: Pick<PbxSimOptions, 'target' | 'jsonTimestamp'> & { secret: string },
  corrupt?: Corruption,
): OutgoingRequest {
  const unix = Math.floor(e.atMs / 1000);
  const body = JSON.stringify({
    callId: e.callId,
    state: e.state,
    from: e.from,
    to: e.to,
    extension: e.extension,
    direction: e.direction,
    timestamp: options.jsonTimestamp === 'iso' ? new Date(e.atMs).toISOString() : unix,
  });
  // An hour off is outside any sensible replay window.
  const timestamp = corrupt === 'timestamp' ? unix - 3600 : unix;
  const key = corrupt === 'signature' ? `${options.secret}-wrong` : options.secret;
  const signature = createHmac('sha256', key)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex');
  return {
    channel: 'json',
    method: 'POST',
    url: `${options.target}/api/callerid/events`,
    headers: {
      'content-type': 'application/json',
      'x-crmhub-signature': `sha256=${signature}`,
      'x-crmhub-timestamp': String(timestamp),
    },
    body,
  };
}

const URL_STATUS = {
  ringing: { in: 'INCOMING_RINGING', out: 'OUTGOING_RINGING' },
  answered: { in: 'CONNECTED', out: 'CONNECTED' },
  ended: { in: 'DISCONNECTED', out: 'DISCONNECTED' },
} as const;

/**
 * The VOIPZeker-style GET (docs/external-systems/pbx.md#url-template [C]):
 * `/{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp}` under `${target}/api/callerid/pbx/${token}`; every variable is percent-encoded into its path segment.
 */
export function buildUrlTemplateRequest(
  e: CallEmission,
  options: Pick<PbxSimOptions, 'target' | 'statusDescriptions' | 'urlInboundCallTo'> & { token: string },
): OutgoingRequest {
  const status = URL_STATUS[e.state][e.direction];
  // [I] docs/external-systems/pbx.md#url-template: which number VOIPZeker puts in {callto} on an inbound call is not documented (see options).
  const callTo = e.direction === 'in' && options.urlInboundCallTo === 'extension' ? e.extension : e.to;
  const segments = [
    e.callId,
    e.from,
    callTo,
    status,
    options.statusDescriptions[status],
    e.direction,
    String(Math.floor(e.atMs / 1000)),
  ].map(encodeURIComponent);
  return {
    channel: 'url_template',
    method: 'GET',
    url: `${options.target}/api/callerid/pbx/${encodeURIComponent(options.token)}/${segments.join('/')}`,
    headers: {},
    body: null,
  };
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export type DeliveryResult = { status: number | null; error: string | null; attempts: number };

/** Sends a request, retrying network errors and 5xx `retries` times; never throws. */
export async function deliver(
  request: OutgoingRequest,
  deps: { fetch: FetchLike; retries: number; timeoutMs: number; signal?: AbortSignal },
): Promise<DeliveryResult> {
  let last: DeliveryResult = { status: null, error: 'not sent', attempts: 0 };
  for (let attempt = 1; attempt <= deps.retries + 1; attempt++) {
    const signals = [AbortSignal.timeout(deps.timeoutMs), ...(deps.signal === undefined ? [] : [deps.signal])];
    try {
      const response = await deps.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === null ? {} : { body: request.body }),
        signal: AbortSignal.any(signals),
      });
      await response.text();
      last = { status: response.status, error: null, attempts: attempt };
      if (response.status < 500) return last;
    } catch (error) {
      last = { status: null, error: error instanceof Error ? error.message : String(error), attempts: attempt };
      if (deps.signal?.aborted === true) return last;
    }
  }
  return last;
}
