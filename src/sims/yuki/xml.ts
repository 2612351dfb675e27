/** XML in and out for the Yuki simulator: errors worded as ASMX words them, output that never fails to parse. */
import { createXmlWriter, parseXmlRoots, xmlProblem } from '../../core/xml/tree.js';

import type { XmlElement, XmlNode } from '../../core/xml/tree.js';

export type { XmlElement, XmlNode } from '../../core/xml/tree.js';

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

/** Serialises an element tree (no XML declaration). */
export const write = createXmlWriter({
  text: escapeText,
  attribute: (v) => escapeText(v).replace(/"/g, '&quot;'),
});

/** Parses a document; returns an error text for malformed XML or a DTD. */
export function parseDocument(xml: string): { ok: true; root: XmlElement } | { ok: false; error: string } {
  const problem = xmlProblem(xml);
  if (problem?.kind === 'malformed') {
    const at = `${String(problem.line)}, ${String(problem.col)}`;
    return { ok: false, error: `There is an error in XML document (${at}): ${problem.message}` };
  }
  if (problem?.kind === 'doctype') return { ok: false, error: 'DTD is prohibited in this XML document.' };
  const roots = parseXmlRoots(xml);
  const root = roots[0];
  if (root === undefined || roots.length > 1)
    return { ok: false, error: 'The XML document must have exactly one root element.' };
  return { ok: true, root };
}

/** First child with that local name. */
export function kid(el: XmlElement | null | undefined, local: string): XmlElement | undefined {
  return el?.children.find((k) => k.local === local);
}

/** Text of the first child with one of the given local names; undefined when none is present. */
export function kidText(el: XmlElement | null | undefined, ...locals: string[]): string | undefined {
  for (const l of locals) {
    const k = kid(el, l);
    if (k) return k.text;
  }
  return undefined;
}

/** A leaf element; empty or null values become `<Name />` as ASMX writes them. */
export function leaf(name: string, value: string | null | undefined, attrs?: Record<string, string>): XmlNode {
  return { name, text: value ?? '', ...(attrs ? { attrs } : {}) };
}
