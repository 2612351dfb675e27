/** Suggests which CRM organisation an administration belongs to: same normalised KvK or VAT number, else by name. */
import { validateKvk } from '../identifiers/kvk.js';
import { validateVat } from '../identifiers/vat.js';

export type LinkCandidate = {
  readonly externalId: string;
  readonly name: string | null;
  readonly kvk: string | null;
  readonly vat: string | null;
};

export type Suggestion<C extends LinkCandidate> = {
  readonly candidate: C;
  /** Why it was suggested, shown to the user. */
  readonly reasons: readonly ('kvk' | 'vat' | 'name')[];
};

const normalizedKvk = (kvk: string | null): string | null => {
  if (kvk === null) return null;
  const result = validateKvk(kvk);
  return result.ok ? result.value : null;
};
const normalizedVat = (vat: string | null): string | null => {
  if (vat === null) return null;
  const result = validateVat(vat);
  return result.ok ? result.value : null;
};

/** Lower-case, without legal forms and punctuation: "Bakkerij De Vries B.V." → "bakkerij de vries". */
export function comparableName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(b\.?\s?v\.?|n\.?\s?v\.?|v\.?\s?o\.?\s?f\.?|c\.?\s?v\.?|holding|eenmanszaak)(?=\s|$)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Candidates whose KvK or VAT number equals the administration's (after normalisation), best first (both match >
 * one). Several results mean the user must choose; none means "search by name" ({@link searchByName}).
 */
export function suggestLinks<C extends LinkCandidate>(
  administration: { readonly kvk: string | null; readonly vat: string | null },
  candidates: Iterable<C>,
): Suggestion<C>[] {
  const kvk = normalizedKvk(administration.kvk);
  const vat = normalizedVat(administration.vat);
  const found: Suggestion<C>[] = [];
  for (const candidate of candidates) {
    const reasons: ('kvk' | 'vat')[] = [];
    if (kvk !== null && normalizedKvk(candidate.kvk) === kvk) reasons.push('kvk');
    if (vat !== null && normalizedVat(candidate.vat) === vat) reasons.push('vat');
    if (reasons.length > 0) found.push({ candidate, reasons });
  }
  return found.sort((a, b) => b.reasons.length - a.reasons.length);
}

/** Candidates whose comparable name contains every word of the query, exact name matches first. */
export function searchByName<C extends LinkCandidate>(
  query: string,
  candidates: Iterable<C>,
  limit = 20,
): Suggestion<C>[] {
  const words = comparableName(query).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const wanted = words.join(' ');
  const found: { suggestion: Suggestion<C>; exact: boolean }[] = [];
  for (const candidate of candidates) {
    const name = comparableName(candidate.name ?? '');
    if (words.every((word) => name.includes(word))) {
      found.push({ suggestion: { candidate, reasons: ['name'] }, exact: name === wanted });
    }
  }
  return found
    .sort((a, b) => Number(b.exact) - Number(a.exact))
    .slice(0, limit)
    .map((entry) => entry.suggestion);
}
