/** SOAP 1.1/1.2 framing for the Yuki simulator: read a request envelope, write a response or a Fault. */
import { YUKI_NS } from './catalog.js';
import { parseDocument, write } from './xml.js';

import type { XEl, XOut } from './xml.js';

export const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export type SoapVersion = '1.1' | '1.2';

/** A fault: `Client` (Sender in 1.2) for bad requests and refusals, `Server` (Receiver) for our own failures. */
export type SimFault = {
  readonly code: 'Client' | 'Server' | 'VersionMismatch';
  readonly message: string;
  readonly detail?: string;
};

export type SoapRequest = { version: SoapVersion; method: string; op: XEl };
export type ReadResult =
  | { ok: true; request: SoapRequest }
  | { ok: false; version: SoapVersion; fault: SimFault }
  | { ok: false; status: number; message: string };

/** Which SOAP version a content type selects; null when it is not a SOAP content type. */
export function versionOf(contentType: string | undefined): SoapVersion | null {
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'text/xml') return '1.1';
  if (type === 'application/soap+xml') return '1.2';
  return null;
}

/** Reads a request: SOAP 1.1 dispatches on SOAPAction (docs/external-systems/yuki.md#soap-framing), SOAP 1.2 on the body element. */
export function readEnvelope(input: {
  contentType: string | undefined;
  soapAction: string | undefined;
  body: string;
  soap12: boolean;
}): ReadResult {
  const version = versionOf(input.contentType);
  if (version === null || (version === '1.2' && !input.soap12)) {
    return {
      ok: false,
      status: 415,
      message: `Unsupported content type '${input.contentType ?? ''}': send text/xml (SOAP 1.1)${input.soap12 ? ' or application/soap+xml (SOAP 1.2)' : ''}.`,
    };
  }
  const fail = (message: string, code: SimFault['code'] = 'Client'): ReadResult => ({
    ok: false,
    version,
    fault: { code, message },
  });
  let action: string | null = null;
  if (version === '1.1') {
    action = (input.soapAction ?? '').trim().replace(/^"(.*)"$/, '$1');
    if (!action.startsWith(YUKI_NS) || action.length === YUKI_NS.length) {
      return fail(`Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
    }
  }
  const doc = parseDocument(input.body);
  if (!doc.ok) return fail(`Server was unable to read request. ---> ${doc.error}`);
  const env = doc.root;
  const expected = version === '1.1' ? SOAP11 : SOAP12;
  if (env.local !== 'Envelope' || (env.ns !== SOAP11 && env.ns !== SOAP12)) {
    return fail(
      `Server was unable to read request. ---> The root element is not a SOAP Envelope (found '${env.local}' in '${env.ns}').`,
    );
  }
  if (env.ns !== expected) {
    return fail(
      `Possible SOAP version mismatch: Envelope namespace ${env.ns} was unexpected. Expecting ${expected}.`,
      'VersionMismatch',
    );
  }
  const body = env.kids.find((k) => k.local === 'Body' && k.ns === expected);
  const op = body?.kids[0];
  if (!op) return fail('Server was unable to read request. ---> The SOAP Body is empty.');
  if (op.ns !== YUKI_NS) {
    return fail(`Server was unable to read request. ---> <${op.local} xmlns='${op.ns}'> was not expected.`);
  }
  if (action !== null && action.slice(YUKI_NS.length) !== op.local) {
    return fail(
      `Server was unable to read request. ---> SOAPAction '${action}' does not match the body element <${op.local}>.`,
    );
  }
  return { ok: true, request: { version, method: op.local, op } };
}

function envelope(version: SoapVersion, bodyKid: XOut): string {
  const attrs: Record<string, string> =
    version === '1.1'
      ? {
          'xmlns:soap': SOAP11,
          'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
        }
      : {
          'xmlns:soap': SOAP12,
          'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
        };
  return `<?xml version="1.0" encoding="utf-8"?>${write({ name: 'soap:Envelope', attrs, kids: [{ name: 'soap:Body', kids: [bodyKid] }] })}`;
}

export function contentTypeOf(version: SoapVersion): string {
  return version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8';
}

/** `<{Method}Response xmlns="http://www.theyukicompany.com/">…</…>` in an envelope. */
export function responseEnvelope(version: SoapVersion, method: string, kids: readonly XOut[]): string {
  return envelope(version, { name: `${method}Response`, attrs: { xmlns: YUKI_NS }, kids });
}

export function faultEnvelope(version: SoapVersion, fault: SimFault): string {
  const detail = fault.detail ?? '';
  if (version === '1.1') {
    return envelope(version, {
      name: 'soap:Fault',
      kids: [
        { name: 'faultcode', text: `soap:${fault.code}` },
        { name: 'faultstring', text: fault.message },
        { name: 'detail', text: detail },
      ],
    });
  }
  const code = fault.code === 'Client' ? 'Sender' : fault.code === 'Server' ? 'Receiver' : 'VersionMismatch';
  return envelope(version, {
    name: 'soap:Fault',
    kids: [
      { name: 'soap:Code', kids: [{ name: 'soap:Value', text: `soap:${code}` }] },
      { name: 'soap:Reason', kids: [{ name: 'soap:Text', attrs: { 'xml:lang': 'en' }, text: fault.message }] },
      { name: 'soap:Detail', text: detail },
    ],
  });
}
