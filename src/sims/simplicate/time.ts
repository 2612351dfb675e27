/** Simplicate timestamps: `YYYY-MM-DD HH:mm:ss` in local (Dutch) time, [I] docs/external-systems/simplicate.md#filters, #example-response. */
import { wallClockAtOffset, wallDateTime, zoneOffsetMs } from '../shared/wall-clock.js';

export type Clock = () => Date;

/** Formats epoch milliseconds as `YYYY-MM-DD HH:mm:ss` wall time in a time zone (offsets cached, so 100k are cheap). */
export function createTimestampFormatter(timeZone: string): (ms: number) => string {
  const exactOffset = (ms: number): number => zoneOffsetMs(ms, timeZone);
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
  return (ms: number): string => wallDateTime(wallClockAtOffset(ms, offsetAt(ms)), ' ');
}

/** True for `YYYY-MM-DD HH:mm:ss` or `YYYY-MM-DD` (the forms the `[ge]/[gt]/[le]/[lt]` filters accept). */
export function isSimplicateTimestamp(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value);
}
