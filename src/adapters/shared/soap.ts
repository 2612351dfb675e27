/** SOAP 1.1/1.2 plumbing: XML element trees (fast-xml-parser), request envelopes, and response/fault parsing. */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

import { err, ok } from '../../core/result.js';

import type { Result } from '../../core/result.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export type SoapVersion = '1.1' | '1.2';

/** A parsed XML element, addressed by local name; `ns` is the resolved namespace URI. */
export type XmlElement = {
  readonly name: string;
  readonly local: string;
  readonly ns: string | null;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Text and CDATA content of this element (not of its children), untrimmed. */
  readonly text: string;
};

/** An element to build: text is escaped; child nodes are embedded as XML (never as escaped text). */
export type XmlNode = {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly XmlNode[];
};

/** A SOAP operation parameter: a text value (escaped), an embedded XML element, or omitted when null. */
export type SoapParam = { readonly name: string; readonly value: string | XmlNode | null };

export type SoapFault = {
  readonly code: string;
  readonly message: string;
  readonly detail: string | null;
};

export type SoapResponse =
  { readonly kind: 'result'; readonly element: XmlElement } | { readonly kind: 'fault'; readonly fault: SoapFault };

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Needed to decode numeric references (&#233;); it also accepts a few HTML names, which is harmless when reading.
  htmlEntities: true,
});

// eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser's own builder (the brief's XML library)
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
  attributeValueProcessor: (_name: string, value: unknown) => escapeXmlAttribute(String(value)),
});

// XML 1.0 Char production: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (no lone surrogates).
const INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Index of the first character XML 1.0 cannot carry at all (control characters, lone surrogates), or -1. */
export function findInvalidXmlChar(value: string): number {
  const match = INVALID_XML_CHAR.exec(value);
  return match ? match.index : -1;
}

/** Escapes element text; CR is written as a reference so XML line-end normalisation keeps it. */
export function escapeXmlText(value: string): string {
  assertXmlChars(value);
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Escapes an attribute value, keeping whitespace characters that attribute normalisation would turn into spaces. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;');
}

function assertXmlChars(value: string): void {
  const at = findInvalidXmlChar(value);
  if (at >= 0) {
    // Callers validate user data first (see findInvalidXmlChar); reaching this is a bug, so it throws.
    throw new RangeError(
      `Character U+${(value.codePointAt(at) ?? 0).toString(16).toUpperCase()} cannot be written in XML`,
    );
  }
}

/** Builds an XML document (no declaration) from a node tree. */
export function buildXml(node: XmlNode): string {
  const out: string = builder.build([toOrdered(node)]);
  return out;
}

function toOrdered(node: XmlNode): OrderedNode {
  const content: OrderedNode[] = [];
  if (node.text !== undefined && node.text !== '') content.push({ '#text': node.text });
  for (const c of node.children ?? []) content.push(toOrdered(c));
  const out: OrderedNode = { [node.name]: content };
  if (node.attrs && Object.keys(node.attrs).length > 0) out[':@'] = { ...node.attrs };
  return out;
}

/** Parses a whole XML document into its root element; malformed XML and DTDs are rejected. */
export function parseXml(xml: string): Result<XmlElement, string> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the parser alone accepts unbalanced tags
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return err(`Malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  // SOAP forbids DTDs (SOAP 1.1 §3, SOAP 1.2 part 1 §5); refusing them also avoids entity-expansion tricks.
  if (/<!DOCTYPE/i.test(xml)) return err('XML with a DOCTYPE is not accepted');
  const roots = (parser.parse(xml) as OrderedNode[]).map((n) => fromOrdered(n, new Map())).filter((e) => e !== null);
  const [root, ...rest] = roots;
  if (root === undefined) return err('XML document has no root element');
  if (rest.length > 0) return err('XML document has more than one root element');
  return ok(root);
}

function fromOrdered(node: OrderedNode, scope: ReadonlyMap<string, string>): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return null;
  const rawAttrs = node[':@'];
  const attrs: Record<string, string> = {};
  if (typeof rawAttrs === 'object' && rawAttrs !== null) {
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
  }
  const nsScope = new Map(scope);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns') nsScope.set('', v);
    else if (k.startsWith('xmlns:')) nsScope.set(k.slice(6), v);
  }
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : '';
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const nsUri = nsScope.get(prefix);
  const content = node[name];
  const children: XmlElement[] = [];
  let text = '';
  if (Array.isArray(content)) {
    for (const item of content as OrderedNode[]) {
      const t = item['#text'];
      if (typeof t === 'string') text += t;
      else {
        const c = fromOrdered(item, nsScope);
        if (c) children.push(c);
      }
    }
  }
  if (children.length > 0 && text.trim() === '') text = '';
  return { name, local, ns: nsUri === undefined || nsUri === '' ? null : nsUri, attrs, children, text };
}

/** First child element with the given local name. */
export function child(el: XmlElement | null | undefined, local: string): XmlElement | null {
  return el?.children.find((c) => c.local === local) ?? null;
}

/** All child elements with the given local name. */
export function children(el: XmlElement | null | undefined, local: string): readonly XmlElement[] {
  return el ? el.children.filter((c) => c.local === local) : [];
}

/** Text of the first child with that local name, or null when the element is absent. */
export function childText(el: XmlElement | null | undefined, local: string): string | null {
  const c = child(el, local);
  return c ? c.text : null;
}

/** Attribute by local name (ignores any prefix). */
export function attr(el: XmlElement | null | undefined, local: string): string | null {
  if (!el) return null;
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k === local || k.endsWith(`:${local}`)) return v;
  }
  return null;
}

/** Builds a document/literal SOAP request envelope and its HTTP headers. */
export function buildSoapRequest(input: {
  readonly version?: SoapVersion;
  readonly namespace: string;
  readonly method: string;
  readonly params: readonly SoapParam[];
}): { readonly body: string; readonly headers: Readonly<Record<string, string>> } {
  const version = input.version ?? '1.1';
  const params: XmlNode[] = [];
  for (const p of input.params) {
    if (p.value === null) continue;
    params.push(typeof p.value === 'string' ? { name: p.name, text: p.value } : { name: p.name, children: [p.value] });
  }
  const prefix = version === '1.1' ? 'soap' : 'soap12';
  const envelope: XmlNode = {
    name: `${prefix}:Envelope`,
    attrs: { [`xmlns:${prefix}`]: version === '1.1' ? SOAP11_NS : SOAP12_NS },
    children: [
      {
        name: `${prefix}:Body`,
        children: [{ name: input.method, attrs: { xmlns: input.namespace }, children: params }],
      },
    ],
  };
  const body = `<?xml version="1.0" encoding="utf-8"?>${buildXml(envelope)}`;
  const action = `${input.namespace}${input.method}`;
  const headers: Record<string, string> =
    version === '1.1'
      ? { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` }
      : { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` };
  return { body, headers };
}

/** Parses a SOAP 1.1 or 1.2 response: the first Body child, or the Fault with its message and detail text. */
export function parseSoapResponse(xml: string): Result<SoapResponse, string> {
  const parsed = parseXml(xml);
  if (!parsed.ok) return parsed;
  const env = parsed.value;
  if (env.local !== 'Envelope' || (env.ns !== SOAP11_NS && env.ns !== SOAP12_NS)) {
    return err(`Not a SOAP envelope (root element ${env.name})`);
  }
  const body = child(env, 'Body');
  if (!body) return err('SOAP envelope has no Body');
  const first = body.children[0];
  if (!first) return err('SOAP Body is empty');
  if (first.local === 'Fault' && (first.ns === SOAP11_NS || first.ns === SOAP12_NS)) {
    return ok({ kind: 'fault', fault: readFault(first) });
  }
  return ok({ kind: 'result', element: first });
}

function readFault(fault: XmlElement): SoapFault {
  // SOAP 1.1: faultcode/faultstring/detail; SOAP 1.2: Code/Value, Reason/Text, Detail.
  const code = childText(fault, 'faultcode') ?? childText(child(fault, 'Code'), 'Value') ?? '';
  const message = childText(fault, 'faultstring') ?? childText(child(fault, 'Reason'), 'Text') ?? '';
  const detailEl = child(fault, 'detail') ?? child(fault, 'Detail');
  const detail = detailEl ? allText(detailEl).trim() : null;
  return { code: code.trim(), message: message.trim(), detail: detail === '' ? null : detail };
}

/** Concatenated text of an element and all its descendants. */
export function allText(el: XmlElement): string {
  return el.text + el.children.map(allText).join('');
}
