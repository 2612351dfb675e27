/** Yuki's clock conventions: Amsterdam calendar days (quota) and wall-clock timestamps without an offset (docs/external-systems/yuki.md#search-contacts). */
import { fromWallClock, localDateTime, localDay as zoneDay, msUntilNextMidnight } from '../../core/time/wall-clock.js';

import type { WallClock } from '../../core/time/wall-clock.js';

/** `YYYY-MM-DD` in the zone: the key of a quota day. */
export function localDay(at: Date, timeZone: string): string {
  return zoneDay(at.getTime(), timeZone);
}

/** Milliseconds until the next local midnight (when the daily quota resets). */
export function msUntilLocalMidnight(at: Date, timeZone: string): number {
  return msUntilNextMidnight(at.getTime(), timeZone);
}

/** An instant as the zone's wall clock, `yyyy-MM-ddTHH:mm:ss` (the form clients send as modifiedAfter, docs/external-systems/yuki.md#search-contacts). */
export function toLocalDateTime(at: Date, timeZone: string): string {
  return localDateTime(at.getTime(), timeZone);
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
  return new Date(fromWallClock(w, timeZone)).toISOString();
}
