/** Wall-clock helpers for the Yuki simulator: Amsterdam days, US-style timestamps, and modifiedAfter parsing. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export type WallClock = { y: number; mo: number; d: number; h: number; mi: number; s: number };

/** The wall-clock time in a zone at an instant. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts['year'] ?? 1970,
    mo: parts['month'] ?? 1,
    d: parts['day'] ?? 1,
    h: parts['hour'] ?? 0,
    mi: parts['minute'] ?? 0,
    s: parts['second'] ?? 0,
  };
}

/** The instant at which a zone's clock shows the given wall-clock time (the earlier one in a DST overlap). */
export function fromWallClock(w: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const offsetAt = (ms: number): number => {
    const x = wallClock(ms, timeZone);
    return Date.UTC(x.y, x.mo - 1, x.d, x.h, x.mi, x.s) - Math.floor(ms / 1000) * 1000;
  };
  // The offsets a day either side cover both sides of any DST change near this time.
  const candidates = [asUtc - offsetAt(asUtc - 86_400_000), asUtc - offsetAt(asUtc + 86_400_000)];
  const shows = (ms: number): boolean => {
    const x = wallClock(ms, timeZone);
    return x.y === w.y && x.mo === w.mo && x.d === w.d && x.h === w.h && x.mi === w.mi && x.s === w.s;
  };
  // Both read `w` in the autumn overlap (take the earlier); in the spring gap neither does (take the later).
  const hits = candidates.filter(shows);
  return hits.length > 0 ? Math.min(...hits) : Math.max(...candidates);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of the instant in the zone: the key of a quota day. */
export function dayKey(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
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
  const w = wallClock(ms, timeZone);
  const next = new Date(Date.UTC(w.y, w.mo - 1, w.d + 1));
  const midnight = fromWallClock(
    { y: next.getUTCFullYear(), mo: next.getUTCMonth() + 1, d: next.getUTCDate(), h: 0, mi: 0, s: 0 },
    timeZone,
  );
  return midnight - ms;
}
