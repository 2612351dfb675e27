/** Yuki's clock conventions: Amsterdam calendar days (quota) and wall-clock timestamps without an offset (docs/external-systems/yuki.md#search-contacts). */
import { instantOfWallClock, wallClockOf } from '../../core/zone-clock.js';

import type { WallClock } from '../../core/zone-clock.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD` in the zone: the key of a quota day. */
export function localDay(at: Date, timeZone: string): string {
  const w = wallClockOf(at.getTime(), timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

/** Milliseconds until the next local midnight (when the daily quota resets). */
export function msUntilLocalMidnight(at: Date, timeZone: string): number {
  const w = wallClockOf(at.getTime(), timeZone);
  const next = new Date(Date.UTC(w.y, w.mo - 1, w.d + 1));
  return (
    instantOfWallClock(
      { y: next.getUTCFullYear(), mo: next.getUTCMonth() + 1, d: next.getUTCDate(), h: 0, mi: 0, s: 0 },
      timeZone,
    ) - at.getTime()
  );
}

/** An instant as the zone's wall clock, `yyyy-MM-ddTHH:mm:ss` (the form clients send as modifiedAfter, docs/external-systems/yuki.md#search-contacts). */
export function toLocalDateTime(at: Date, timeZone: string): string {
  const w = wallClockOf(at.getTime(), timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AP]M)$/i;

/** Parses Yuki's `M/d/yyyy h:mm:ss tt` (wall clock in the zone) to ISO 8601 UTC; null when it is not that format. */
export function parseUsDateTime(value: string, timeZone: string): string | null {
  const m = US.exec(value.trim());
  if (!m) return null;
  const [, mo, d, y, h, mi, s, ampm] = m;
  const hour12 = Number(h);
  if (hour12 < 1 || hour12 > 12) return null;
  const hour = (hour12 % 12) + ((ampm ?? '').toUpperCase() === 'PM' ? 12 : 0);
  const w: WallClock = { y: Number(y), mo: Number(mo), d: Number(d), h: hour, mi: Number(mi), s: Number(s) };
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.mi > 59 || w.s > 59) return null;
  const check = new Date(Date.UTC(w.y, w.mo - 1, w.d));
  if (check.getUTCMonth() !== w.mo - 1) return null;
  return new Date(instantOfWallClock(w, timeZone)).toISOString();
}
