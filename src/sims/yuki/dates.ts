/** Wall-clock helpers for the Yuki simulator: Amsterdam days, US-style timestamps, and modifiedAfter parsing. */
import { fromWallClock, wallClock, wallDate } from '../shared/wall-clock.js';

import type { WallClock } from '../shared/wall-clock.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of the instant in the zone: the key of a quota day. */
export function dayKey(ms: number, timeZone: string): string {
  return wallDate(wallClock(ms, timeZone));
}

/** Yuki's search-result format `M/d/yyyy h:mm:ss tt` (docs/external-systems/yuki.md#search-contacts, e.g. `4/10/2019 3:50:52 PM`). */
export function usDateTime(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
  return `${String(w.mo)}/${String(w.d)}/${String(w.y)} ${String(h12)}:${pad(w.mi)}:${pad(w.s)} ${w.h < 12 ? 'AM' : 'PM'}`;
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a modifiedAfter value as .NET's DateTime reader accepts it in practice (`2018-01-01`,
 * `2000-01-01T00:00:00`, optional fraction and offset). Without an offset it is the zone's wall-clock time.
 */
export function parseDateTimeParam(value: string, timeZone: string): number | null {
  const m = ISO_LIKE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const w: WallClock = {
    y: Number(y),
    mo: Number(mo),
    d: Number(d),
    h: Number(h ?? 0),
    mi: Number(mi ?? 0),
    s: Number(s ?? 0),
  };
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > 31 || w.h > 23 || w.mi > 59 || w.s > 59) return null;
  const check = new Date(Date.UTC(w.y, w.mo - 1, w.d));
  if (check.getUTCDate() !== w.d) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (zone === undefined) return fromWallClock(w, timeZone) + ms;
  const utc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) + ms;
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Milliseconds from the instant to the next midnight in the zone. */
export function msUntilNextDay(ms: number, timeZone: string): number {
  const today = wallClock(ms, timeZone);
  // Date.UTC rolls day 32 into the next month, so `d + 1` is always the next calendar day.
  return fromWallClock({ ...today, d: today.d + 1, h: 0, mi: 0, s: 0 }, timeZone) - ms;
}
