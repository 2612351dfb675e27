/** An instant as a time zone's wall clock and back, read from Intl's date parts (pure: the zone rules come with Node). */

/** A wall-clock reading, to the second; months and days count from 1. */
export type WallClock = {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
};

// Building an Intl.DateTimeFormat costs far more than using one, and a scan converts two timestamps per record.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** What the zone's clock reads at the instant `ms`. */
export function wallClockOf(ms: number, timeZone: string): WallClock {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    y: p['year'] ?? 1970,
    mo: p['month'] ?? 1,
    d: p['day'] ?? 1,
    h: p['hour'] ?? 0,
    mi: p['minute'] ?? 0,
    s: p['second'] ?? 0,
  };
}

/** A wall-clock reading as if it were UTC, in epoch milliseconds. */
function asUtc(w: WallClock): number {
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
}

/** How far the zone's clock is ahead of UTC at the instant `ms` (whole seconds, in milliseconds). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  return asUtc(wallClockOf(ms, timeZone)) - Math.floor(ms / 1000) * 1000;
}

/** The instant the zone's clock reads `w` (the earlier instant in the autumn DST overlap). */
export function instantOfWallClock(w: WallClock, timeZone: string): number {
  const naive = asUtc(w);
  // The offsets a day either side cover both sides of any DST change near this time.
  const candidates = [
    naive - zoneOffsetMs(naive - 86_400_000, timeZone),
    naive - zoneOffsetMs(naive + 86_400_000, timeZone),
  ];
  const shows = (ms: number): boolean => asUtc(wallClockOf(ms, timeZone)) === naive;
  // Both read `w` in the autumn overlap (take the earlier); in the spring gap neither does (take the later).
  const hits = candidates.filter(shows);
  return hits.length > 0 ? Math.min(...hits) : Math.max(...candidates);
}
