// Dates and times in the reader's language, and empty values shown as a dash.
import i18next from 'i18next';

/** A timestamp as a short date and time in the current language, Dutch time; null (never) becomes the given fallback. */
export function formatDateTime(value: string | null, fallback = '—'): string {
  if (value === null) return fallback;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  return new Intl.DateTimeFormat(i18next.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(at);
}

/** A field value for display; null and empty read as a dash so "cleared" and "empty" look the same. */
export function displayValue(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}
