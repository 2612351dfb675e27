/** Raw Yuki calls: one SOAP operation on an ASMX service, one Platform API request; errors mapped, no model mapping. */
import { err, ok } from '../../core/result.js';
import { createHttpClient } from '../shared/http.js';
import { buildSoapRequest, child, parseSoapResponse } from '../shared/soap.js';
import { classifyFault, faultToError, httpStatusToError, platformErrorToError } from './errors.js';
import { yukiProtocol } from './manifest.js';
import { msUntilLocalMidnight } from './time.js';

import type { ConnectorError } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpClient, HttpOptions } from '../shared/http.js';
import type { SoapParam, XmlElement } from '../shared/soap.js';
import type { FaultKind } from './errors.js';
import type { YukiEndpoints } from './manifest.js';

/** A failed call: the mapped error, plus the fault's meaning when Yuki answered with a SOAP Fault. */
export type YukiFailure = { readonly error: ConnectorError; readonly fault: FaultKind | null };

export type YukiClient = {
  /** Calls one SOAP 1.1 operation and returns its `{Method}Response` element. */
  soap(service: string, method: string, params: readonly SoapParam[]): Promise<Result<XmlElement, YukiFailure>>;
  /**
   * One Platform API request ([I] docs/external-systems/yuki.md#platform-api) with a Visma Connect bearer token;
   * returns the parsed JSON body. A token refused with 401 is refreshed once and the request sent again.
   */
  platform(input: {
    readonly method: 'GET' | 'PATCH';
    readonly path: string;
    readonly body?: unknown;
  }): Promise<Result<unknown, ConnectorError>>;
};

export type YukiClientOptions = {
  readonly endpoints: YukiEndpoints;
  readonly clock: () => Date;
  /** Passed to the shared HTTP client (timeout, retries, and test doubles for fetch/sleep/random). */
  readonly http?: HttpOptions;
  /** A usable Platform API access token; `rejected` names one the API just refused (so it is refreshed). */
  readonly platformToken?: PlatformTokenSource;
};

export type PlatformTokenSource = (rejected?: string) => Promise<Result<string, ConnectorError>>;

const noPlatformGrant: PlatformTokenSource = () =>
  Promise.resolve(
    err({
      code: 'auth_invalid',
      message: 'The Yuki Platform API is not connected with Visma Connect; connect it on the portal connection.',
    }),
  );

/** One Platform API round trip with the given bearer token. */
async function platformOnce(
  http: HttpClient,
  opts: YukiClientOptions,
  input: Parameters<YukiClient['platform']>[0],
  token: string,
): Promise<Result<unknown, ConnectorError>> {
  const what = `${input.method} ${input.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}')}`;
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  const sent = await http.request({
    method: input.method,
    url: `${opts.endpoints.platformBaseUrl.replace(/\/+$/, '')}${yukiProtocol.platformApi.basePath}${input.path}`,
    headers,
    ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
    expectJson: true,
  });
  if (!sent.ok) return sent;
  const response = sent.value;
  if (response.status >= 300) {
    return err(
      platformErrorToError(response.status, response.json ?? null, {
        what,
        msUntilReset: msUntilLocalMidnight(opts.clock(), yukiProtocol.quota.timeZone),
        retryAfter: response.headers.get('retry-after'),
      }),
    );
  }
  return ok(response.json ?? null);
}

export function createYukiClient(opts: YukiClientOptions): YukiClient {
  const http = createHttpClient({ systemName: 'Yuki', now: () => opts.clock().getTime(), ...opts.http });
  const resetMs = (): number => msUntilLocalMidnight(opts.clock(), yukiProtocol.quota.timeZone);

  return {
    async soap(service, method, params) {
      const what = `${method} (${service})`;
      const request = buildSoapRequest({ namespace: yukiProtocol.soap.namespace, method, params });
      // Not idempotent for the retry policy: a Fault comes with HTTP 500 and is an answer, not an outage. Only a
      // request that never arrived, a 429 or a 503 is sent again.
      const sent = await http.request({
        method: 'POST',
        url: `${opts.endpoints.soapBaseUrl.replace(/\/+$/, '')}/ws/${service}`,
        headers: { ...request.headers, accept: 'text/xml' },
        body: request.body,
        idempotent: false,
      });
      if (!sent.ok) return err({ error: sent.error, fault: null });
      const response = sent.value;
      const retryAfter = response.headers.get('retry-after');
      const parsed = parseSoapResponse(response.text);
      if (!parsed.ok) {
        if (response.status >= 300)
          return err({ error: httpStatusToError(response.status, what, retryAfter), fault: null });
        return err({
          error: {
            code: 'transient',
            // What the parser saw is not shown: the body may be any service's page.
            message: `Yuki sent an unreadable answer to ${what}.`,
            network: 'malformed_response',
          },
          fault: null,
        });
      }
      if (parsed.value.kind === 'fault') {
        const fault = parsed.value.fault;
        const error = faultToError(fault, { httpStatus: response.status, msUntilReset: resetMs(), retryAfter });
        return err({ error, fault: response.status === 429 ? null : classifyFault(fault) });
      }
      const element = parsed.value.element;
      if (response.status >= 300)
        return err({ error: httpStatusToError(response.status, what, retryAfter), fault: null });
      if (element.local !== `${method}Response`) {
        return err({
          error: { code: 'transient', message: `Yuki answered ${what} with <${element.local}>.` },
          fault: null,
        });
      }
      return ok(element);
    },

    async platform(input) {
      const tokens = opts.platformToken ?? noPlatformGrant;
      const first = await tokens();
      if (!first.ok) return first;
      const answer = await platformOnce(http, opts, input, first.value);
      if (answer.ok || answer.error.code !== 'auth_invalid') return answer;
      const again = await tokens(first.value);
      return again.ok ? platformOnce(http, opts, input, again.value) : again;
    },
  };
}

/** The `{Method}Result` child of a response (null for operations without a result, e.g. SetCurrentDomain). */
export function resultOf(response: XmlElement, method: string): XmlElement | null {
  return child(response, `${method}Result`);
}
