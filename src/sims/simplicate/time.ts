/** Simplicate timestamps: `YYYY-MM-DD HH:mm:ss` in local (Dutch) time, [I] docs/external-systems/simplicate.md#filters, #example-response. */
import { twoDigitWallClock } from '../shared/wall-clock.js';

export type Clock = () => Date;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats epoch milliseconds as `YYYY-MM-DD HH:mm:ss` wall time in a time zone (offsets cached, so 100k are cheap). */
export function createTimestampFormatter(timeZone: string): (ms: number) => string {
  const dtf = twoDigitWallClock('en-GB', timeZone);
  const exactOffset = (ms: number): number => {
    const parts = Object.fromEntries(dtf.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    const wall = Date.UTC(
      Number(parts['year']),
      Number(parts['month']) - 1,
      Number(parts['day']),
      Number(parts['hour']),
      Number(parts['minute']),
      Number(parts['second']),
    );
    return wall - Math.floor(ms / 1000) * 1000;
  };
  // Offsets change at most once a day (DST), so cache per UTC day and only go per hour on a changeover day.
  const days = new Map<number, number | Map<number, number>>();
  const offsetAt = (ms: number): number => {
    const day = Math.floor(ms / 86_400_000);
    let entry = days.get(day);
    if (entry === undefined) {
      const start = exactOffset(day * 86_400_000);
      entry = start === exactOffset(day * 86_400_000 + 86_399_000) ? start : new Map<number, number>();
      days.set(day, entry);
    }
    if (typeof entry === 'number') return entry;
    const hour = Math.floor(ms / 3_600_000);
    let offset = entry.get(hour);
    if (offset === undefined) {
      offset = exactOffset(hour * 3_600_000);
      entry.set(hour, offset);
    }
    return offset;
  };
  return (ms: number): string => {
    const d = new Date(ms + offsetAt(ms));
    return (
      `${String(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
    );
  };
}

/** True for `YYYY-MM-DD HH:mm:ss` or `YYYY-MM-DD` (the forms the `[ge]/[gt]/[le]/[lt]` filters accept). */
export function isSimplicateTimestamp(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value);
}
