// Finds text on a Dutch page that is not Dutch: raw i18next keys (a missing translation), English UI texts (en.json
// strings that differ from their Dutch counterpart) and English server phrases (problem details, zod messages).
import en from '../../web/src/locales/en.json' with { type: 'json' };
import nl from '../../web/src/locales/nl.json' with { type: 'json' };

import type { Page, Response } from 'playwright-core';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : flatten(value, `${prefix}${key}.`),
  );
}

const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const interpolation = /{{[^}]+}}/g;

type EnglishText = { readonly key: string; readonly text: string; readonly pattern: RegExp | null };

/** English strings a Dutch page must not show: they differ from the Dutch text of the same key and of every key. */
function englishTexts(): EnglishText[] {
  const dutch = new Map(flatten(nl));
  const dutchValues = new Set([...dutch.values()].map(normalize));
  return flatten(en)
    .filter(([key, text]) => normalize(dutch.get(key) ?? '') !== normalize(text) && !dutchValues.has(normalize(text)))
    .filter(([, text]) => /\p{L}{3}/u.test(text.replace(interpolation, '')))
    .map(([key, text]) => {
      const parts = normalize(text).split(interpolation).map(escapeRegExp);
      return {
        key,
        text: normalize(text),
        pattern: parts.length > 1 ? new RegExp(`^${parts.join('.+?')}$`, 'u') : null,
      };
    });
}

const english = englishTexts();
const englishExact = new Map(english.filter((e) => e.pattern === null).map((e) => [e.text, e.key]));
const englishPatterns = english.filter((e) => e.pattern !== null);

/** A dotted key under one of the locale files' top-level sections, standing on its own (not in an address or a URL). */
const rawKey = new RegExp(
  `(?<![\\w@/.:-])(?:${Object.keys(en).map(escapeRegExp).join('|')})\\.[A-Za-z][\\w]*(?:\\.[\\w]+)*(?![\\w@/-]|\\.\\w)`,
  'u',
);

/** A host name that happens to start like a section (`portal.kantoor.nl`): data, not a key. */
const hostName = /\.(?:nl|be|de|com|org|net|eu|io|dev|local|invalid|test)$/u;

/** zod's and Fastify's own English words, and the issue codes zod reports. */
const serverWords =
  /\b(?:Invalid|Required|Expected|too_short|too_big|too_small|invalid_type|invalid_string|invalid_format|Too small|Too big)\b/u;

/**
 * Every piece of text a reader sees or hears: visible text (per node and per small element), labels, titles. Plain
 * JavaScript, evaluated in the page (the test build has no DOM types).
 */
const pageTextsScript = `(() => {
  const texts = [document.title];
  const visible = (element) => element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  // Another system's own words, quoted and labelled as theirs (web/src/components/run-failure.component.tsx).
  const quoted = (element) => element.closest('[data-system-said]') !== null;
  const holdsQuote = (element) => quoted(element) || element.querySelector('[data-system-said]') !== null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent !== null && node.textContent.trim() !== '' && visible(parent) && !quoted(parent)) {
      texts.push(node.textContent);
    }
  }
  for (const element of document.body.querySelectorAll('*')) {
    for (const name of ['aria-label', 'aria-description', 'placeholder', 'title', 'alt']) {
      const value = element.getAttribute(name);
      if (value !== null) texts.push(value);
    }
    const small = element instanceof HTMLElement && element.querySelectorAll('*').length <= 6;
    if (small && visible(element) && !holdsQuote(element)) {
      texts.push(...element.innerText.split('\\n'));
    }
  }
  return texts;
})()`;

/** Where an API answer carries crmhub's own English: problem details, messages and a run's last error. */
const crmhubEnglishKeys = new Set(['detail', 'message', 'lastError']);

/** Server texts seen in the page's API answers (`detail`, `message`, `lastError`), to be told apart from what the UI words. */
export function collectServerPhrases(page: Page): Set<string> {
  const phrases = new Set<string>();
  const collect = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (crmhubEnglishKeys.has(key) && /\p{L}+ \p{L}+/u.test(value)) phrases.add(normalize(value));
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, key);
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, inner] of Object.entries(value)) collect(inner, name);
    }
  };
  page.on('response', (response: Response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    if (!(response.headers()['content-type'] ?? '').includes('json')) return;
    response.json().then(
      (body: unknown) => {
        collect(body, '');
      },
      () => undefined, // a streamed or aborted answer has no body to read
    );
  });
  return phrases;
}

/** Which of `texts` are not Dutch: one line per finding, naming the text and why. */
export function findUntranslated(texts: readonly string[], serverPhrases: ReadonlySet<string>): string[] {
  const findings = new Set<string>();
  for (const raw of texts) {
    const text = normalize(raw);
    if (text === '') continue;
    const key = rawKey.exec(text)?.[0];
    if (key !== undefined && !hostName.test(key)) findings.add(`raw translation key "${key}" in "${text}"`);
    const englishKey = englishExact.get(text) ?? englishPatterns.find((e) => e.pattern?.test(text))?.key;
    if (englishKey !== undefined) findings.add(`English text "${text}" (en.json ${englishKey})`);
    const word = serverWords.exec(text)?.[0];
    if (word !== undefined) findings.add(`English server word "${word}" in "${text}"`);
    for (const phrase of serverPhrases) {
      if (text.includes(phrase)) findings.add(`English server text "${phrase}"`);
    }
  }
  return [...findings].sort();
}

/** What on the page as it is now is not Dutch. */
export async function untranslatedTexts(page: Page, serverPhrases: ReadonlySet<string>): Promise<string[]> {
  return findUntranslated(await page.evaluate<string[]>(pageTextsScript), serverPhrases);
}
