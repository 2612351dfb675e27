/** XML in and out for the Yuki simulator: namespace-aware element trees over fast-xml-parser (no string parsing). */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed element: `local` is the name without prefix, `ns` the resolved namespace URI ('' when none). */
export type XEl = {
  readonly local: string;
  readonly ns: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly kids: readonly XEl[];
  /** Own text (and CDATA) content, untrimmed. */
  readonly text: string;
};

/** An element to write: `text` is escaped by the builder; `kids` are real elements. */
export type XOut = {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly kids?: readonly XOut[];
};

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Decodes numeric character references (&#233;) besides the XML entities.
  htmlEntities: true,
});

// eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser's builder is the project's XML library
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  processEntities: false,
  tagValueProcessor: (_n: string, v: unknown) => escapeText(String(v)),
  attributeValueProcessor: (_n: string, v: unknown) => escapeText(String(v)).replace(/"/g, '&quot;'),
});

// Characters XML 1.0 cannot carry are dropped from output: the simulator never writes an unparsable document.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(v: string): string {
  return v
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

/** Parses a document; returns an error text for malformed XML or a DTD. */
export function parseDocument(xml: string): { ok: true; root: XEl } | { ok: false; error: string } {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the parser alone accepts unbalanced tags
  const v = XMLValidator.validate(xml);
  if (v !== true)
    return {
      ok: false,
      error: `There is an error in XML document (${String(v.err.line)}, ${String(v.err.col)}): ${v.err.msg}`,
    };
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, error: 'DTD is prohibited in this XML document.' };
  const roots = (parser.parse(xml) as Ordered[]).map((n) => convert(n, new Map())).filter((e) => e !== null);
  const root = roots[0];
  if (root === undefined || roots.length > 1)
    return { ok: false, error: 'The XML document must have exactly one root element.' };
  return { ok: true, root };
}

function convert(node: Ordered, scope: ReadonlyMap<string, string>): XEl | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return null;
  const attrs: Record<string, string> = {};
  const raw = node[':@'];
  if (typeof raw === 'object' && raw !== null) for (const [k, v] of Object.entries(raw)) attrs[k] = String(v);
  const inner = new Map(scope);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns') inner.set('', v);
    else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
  }
  const i = name.indexOf(':');
  const kids: XEl[] = [];
  let text = '';
  const content = node[name];
  if (Array.isArray(content)) {
    for (const item of content as Ordered[]) {
      const t = item['#text'];
      if (typeof t === 'string') text += t;
      else {
        const k = convert(item, inner);
        if (k) kids.push(k);
      }
    }
  }
  return {
    local: i >= 0 ? name.slice(i + 1) : name,
    ns: inner.get(i >= 0 ? name.slice(0, i) : '') ?? '',
    attrs,
    kids,
    text: kids.length > 0 && text.trim() === '' ? '' : text,
  };
}

/** Serialises an element tree (no XML declaration). */
export function write(node: XOut): string {
  const out: string = builder.build([toOrdered(node)]);
  return out;
}

function toOrdered(node: XOut): Ordered {
  const content: Ordered[] = [];
  if (node.text !== undefined && node.text !== '') content.push({ '#text': node.text });
  for (const k of node.kids ?? []) content.push(toOrdered(k));
  const o: Ordered = { [node.name]: content };
  if (node.attrs && Object.keys(node.attrs).length > 0) o[':@'] = { ...node.attrs };
  return o;
}

/** First child with that local name. */
export function kid(el: XEl | null | undefined, local: string): XEl | undefined {
  return el?.kids.find((k) => k.local === local);
}

/** Text of the first child with one of the given local names; undefined when none is present. */
export function kidText(el: XEl | null | undefined, ...locals: string[]): string | undefined {
  for (const l of locals) {
    const k = kid(el, l);
    if (k) return k.text;
  }
  return undefined;
}

/** A leaf element; empty or null values become `<Name />` as ASMX writes them. */
export function leaf(name: string, value: string | null | undefined, attrs?: Record<string, string>): XOut {
  return { name, text: value ?? '', ...(attrs ? { attrs } : {}) };
}
