/** XML as namespace-aware element trees over fast-xml-parser: checking, parsing and writing (no string parsing). */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed XML element, addressed by local name; `ns` is the resolved namespace URI (null when none). */
export type XmlElement = {
  readonly name: string;
  readonly local: string;
  readonly ns: string | null;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Text and CDATA content of this element (not of its children), untrimmed. */
  readonly text: string;
};

/** An element to write: text is escaped; child nodes are embedded as XML (never as escaped text). */
export type XmlNode = {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly XmlNode[];
};

/** Why a document cannot be read: malformed (where and what), or it carries a DTD. */
export type XmlProblem =
  | { readonly kind: 'malformed'; readonly line: number; readonly col: number; readonly message: string }
  | { readonly kind: 'doctype' };

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

/** What keeps a document from being parsed, or null. DTDs are refused: SOAP forbids them, and so do entity-expansion tricks. */
export function xmlProblem(xml: string): XmlProblem | null {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the parser alone accepts unbalanced tags
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { kind: 'malformed', line: valid.err.line, col: valid.err.col, message: valid.err.msg };
  if (/<!DOCTYPE/i.test(xml)) return { kind: 'doctype' };
  return null;
}

/** The root elements of a document that `xmlProblem` accepted (a well-formed one has exactly one). */
export function parseXmlRoots(xml: string): XmlElement[] {
  return (parser.parse(xml) as OrderedNode[]).map((n) => fromOrdered(n, new Map())).filter((e) => e !== null);
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

/** How text and attribute values are escaped: the reader of the output decides what must be refused or dropped. */
export type XmlEscapes = {
  readonly text: (value: string) => string;
  readonly attribute: (value: string) => string;
};

/** A writer of element trees to XML (no declaration) with the given escaping. */
export function createXmlWriter(escapes: XmlEscapes): (node: XmlNode) => string {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser's own builder (the project's XML library)
  const builder = new XMLBuilder({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    suppressEmptyNode: true,
    processEntities: false,
    tagValueProcessor: (_name: string, value: unknown) => escapes.text(String(value)),
    attributeValueProcessor: (_name: string, value: unknown) => escapes.attribute(String(value)),
  });
  return (node) => {
    const out: string = builder.build([toOrdered(node)]);
    return out;
  };
}

function toOrdered(node: XmlNode): OrderedNode {
  const content: OrderedNode[] = [];
  if (node.text !== undefined && node.text !== '') content.push({ '#text': node.text });
  for (const c of node.children ?? []) content.push(toOrdered(c));
  const out: OrderedNode = { [node.name]: content };
  if (node.attrs && Object.keys(node.attrs).length > 0) out[':@'] = { ...node.attrs };
  return out;
}
