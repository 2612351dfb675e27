/** Test kit for the Yuki simulator's own tests: an in-process app and raw SOAP calls through `app.inject`. */
import { YUKI_NS } from './catalog.js';
import { SOAP11, SOAP12 } from './envelope.js';
import { parseYukiSimOptions } from './options.js';
import { seededAccessKey, seedYukiState } from './seed.js';
import { buildYukiApp } from './server.js';
import { kid, parseDocument } from './xml.js';

import type { SoapVersion } from './envelope.js';
import type { YukiSimApp } from './server.js';
import type { XEl } from './xml.js';

export type TestSim = YukiSimApp & { key: string; clock: { ms: number } };

/** A seeded simulator on a settable clock (starts 2024-07-01 10:00 UTC). */
export function testSim(input: { seed?: number; orgs?: number; options?: Record<string, unknown> } = {}): TestSim {
  const seed = input.seed ?? 42;
  const orgs = input.orgs ?? 3;
  const clock = { ms: Date.UTC(2024, 6, 1, 10, 0, 0) };
  const options = parseYukiSimOptions(input.options ?? {});
  const state = seedYukiState(seed, orgs, options, () => clock.ms);
  const sim = buildYukiApp({ state, seed, orgs, clock: () => clock.ms });
  return { ...sim, key: options.accessKey ?? seededAccessKey(seed), clock };
}

export type ListeningTestSim = TestSim & { url: string; close(): Promise<void> };

/** A test simulator listening on a free port, for connector contract tests. */
export async function startTestYukiSim(
  input: { seed?: number; orgs?: number; options?: Record<string, unknown> } = {},
): Promise<ListeningTestSim> {
  const sim = testSim(input);
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const address = sim.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { ...sim, url: `http://127.0.0.1:${String(port)}`, close: () => sim.app.close() };
}

/** Escapes a value for the hand-written request XML of these tests. */
export function x(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Parameters as child elements, in order; values are escaped. */
export function params(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `<${k}>${x(v)}</${k}>`)
    .join('');
}

export function envelope(version: SoapVersion, method: string, inner: string): string {
  const ns = version === '1.1' ? SOAP11 : SOAP12;
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ns}"><s:Body><${method} xmlns="${YUKI_NS}">${inner}</${method}></s:Body></s:Envelope>`;
}

export type SoapReply = {
  status: number;
  contentType: string;
  body: string;
  /** The `{Method}Response` element, when not a fault. */
  response: XEl | undefined;
  fault: { code: string; message: string; detail: string } | undefined;
};

/** Sends one SOAP request to `/ws/{service}.asmx` and parses the answer. */
export async function call(
  sim: YukiSimApp,
  service: string,
  method: string,
  inner: string,
  opts: { version?: SoapVersion; soapAction?: string | null; contentType?: string } = {},
): Promise<SoapReply> {
  const version = opts.version ?? '1.1';
  const headers: Record<string, string> = {
    'content-type':
      opts.contentType ?? (version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8'),
  };
  const action = opts.soapAction === undefined ? `"${YUKI_NS}${method}"` : opts.soapAction;
  if (version === '1.1' && action !== null) headers['soapaction'] = action;
  const res = await sim.app.inject({
    method: 'POST',
    url: `/ws/${service}.asmx`,
    headers,
    payload: envelope(version, method, inner),
  });
  const parsed = parseDocument(res.body);
  const bodyEl = parsed.ok ? kid(parsed.root, 'Body') : undefined;
  const first = bodyEl?.kids[0];
  let fault: SoapReply['fault'];
  if (first?.local === 'Fault') {
    const text = (el: XEl | undefined): string => (el ? el.text + el.kids.map((k) => text(k)).join('') : '');
    fault =
      version === '1.1'
        ? {
            code: text(kid(first, 'faultcode')),
            message: text(kid(first, 'faultstring')),
            detail: text(kid(first, 'detail')),
          }
        : {
            code: text(kid(kid(first, 'Code'), 'Value')),
            message: text(kid(kid(first, 'Reason'), 'Text')),
            detail: text(kid(first, 'Detail')),
          };
  }
  return {
    status: res.statusCode,
    contentType: String(res.headers['content-type'] ?? ''),
    body: res.body,
    response: fault ? undefined : first,
    fault,
  };
}

/** Authenticates with the seeded key and returns the session id. */
export async function login(sim: TestSim, service = 'Accounting'): Promise<string> {
  const r = await call(sim, service, 'Authenticate', params({ accessKey: sim.key }));
  const id = kid(r.response, 'AuthenticateResult')?.text;
  if (id === undefined) throw new Error(`Authenticate failed: ${r.body}`);
  return id;
}

/** A seeded simulator with a session already authenticated on the given service. */
export async function loggedInSim(
  input: Parameters<typeof testSim>[0] = {},
  service = 'Accounting',
): Promise<{ sim: TestSim; sid: string }> {
  const sim = testSim(input);
  return { sim, sid: await login(sim, service) };
}

/** The `{Method}Result` element of a reply, or a thrown error with the body. */
export function result(reply: SoapReply, method: string): XEl {
  const r = kid(reply.response, `${method}Result`);
  if (!r) throw new Error(`no ${method}Result in: ${reply.body}`);
  return r;
}
