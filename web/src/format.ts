// Dates and times in the reader's language (Amsterdam time), counts with thousands separators, empty values as a dash.
import i18next from 'i18next';

/** A timestamp as a short date and time in the current language; null (never) becomes the given fallback. */
export function formatDateTime(value: string | null, fallback = '—'): string {
  if (value === null) return fallback;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  return new Intl.DateTimeFormat(i18next.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam', // the firm's time, whatever the reader's machine is set to
  }).format(at);
}

/** A field value for display; null and empty read as a dash so "cleared" and "empty" look the same. */
export function displayValue(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

/** A count as the reader writes it (10.000 in Dutch, 10,000 in English). */
export function formatCount(value: number): string {
  return new Intl.NumberFormat(i18next.language).format(value);
}

/**
 * Counts for a sentence, each as the reader writes it; `count` stays a number, as i18next picks the plural form by it
 * (the texts format it themselves with `{{count, number}}`).
 */
export function formatCounts<K extends string>(
  counts: Readonly<Record<K, number>>,
): Record<Exclude<K, 'count'>, string> & Partial<Record<'count', number>> {
  const entries = Object.entries<number>(counts).map(([key, value]) => [
    key,
    key === 'count' ? value : formatCount(value),
  ]);
  return Object.fromEntries(entries) as Record<Exclude<K, 'count'>, string> & Partial<Record<'count', number>>;
}
