/** Yuki's clock conventions: Amsterdam calendar days (quota) and wall-clock timestamps without an offset (docs/external-systems/yuki.md#search-contacts). */

type Wall = { y: number; mo: number; d: number; h: number; mi: number; s: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function wall(ms: number, timeZone: string): Wall {
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
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return {
    y: p['year'] ?? 1970,
    mo: p['month'] ?? 1,
    d: p['day'] ?? 1,
    h: p['hour'] ?? 0,
    mi: p['minute'] ?? 0,
    s: p['second'] ?? 0,
  };
}

/** The instant a zone's clock reads `w` (the earlier instant in the autumn DST overlap). */
function instantOf(w: Wall, timeZone: string): number {
  const naive = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const offset = (ms: number): number => {
    const x = wall(ms, timeZone);
    return Date.UTC(x.y, x.mo - 1, x.d, x.h, x.mi, x.s) - Math.floor(ms / 1000) * 1000;
  };
  // The offsets a day either side cover both sides of any DST change near this time.
  const candidates = [naive - offset(naive - 86_400_000), naive - offset(naive + 86_400_000)];
  const shows = (ms: number): boolean => {
    const x = wall(ms, timeZone);
    return x.y === w.y && x.mo === w.mo && x.d === w.d && x.h === w.h && x.mi === w.mi && x.s === w.s;
  };
  // Both read `w` in the autumn overlap (take the earlier); in the spring gap neither does (take the later).
  const hits = candidates.filter(shows);
  return hits.length > 0 ? Math.min(...hits) : Math.max(...candidates);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD` in the zone: the key of a quota day. */
export function localDay(at: Date, timeZone: string): string {
  const w = wall(at.getTime(), timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

/** Milliseconds until the next local midnight (when the daily quota resets). */
export function msUntilLocalMidnight(at: Date, timeZone: string): number {
  const w = wall(at.getTime(), timeZone);
  const next = new Date(Date.UTC(w.y, w.mo - 1, w.d + 1));
  return (
    instantOf(
      { y: next.getUTCFullYear(), mo: next.getUTCMonth() + 1, d: next.getUTCDate(), h: 0, mi: 0, s: 0 },
      timeZone,
    ) - at.getTime()
  );
}

/** An instant as the zone's wall clock, `yyyy-MM-ddTHH:mm:ss` (the form clients send as modifiedAfter, docs/external-systems/yuki.md#search-contacts). */
export function toLocalDateTime(at: Date, timeZone: string): string {
  const w = wall(at.getTime(), timeZone);
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
  const w: Wall = { y: Number(y), mo: Number(mo), d: Number(d), h: hour, mi: Number(mi), s: Number(s) };
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.mi > 59 || w.s > 59) return null;
  const check = new Date(Date.UTC(w.y, w.mo - 1, w.d));
  if (check.getUTCMonth() !== w.mo - 1) return null;
  return new Date(instantOf(w, timeZone)).toISOString();
}
