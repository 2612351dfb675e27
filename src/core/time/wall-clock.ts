/** A time zone's wall clock: what it shows at an instant, and the instant at which it shows a given time (DST-aware). */

export type WallClock = {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
};

// Building an Intl.DateTimeFormat costs far more than using one, and scans convert timestamps per record.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time a zone shows at an instant (epoch milliseconds). */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
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

const asUtc = (w: WallClock): number => Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds: the clock shows no fraction). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  return asUtc(wallClock(ms, timeZone)) - Math.floor(ms / 1000) * 1000;
}

/** The instant at which a zone's clock shows `w`: the earlier one in the autumn DST overlap, the later in the spring gap. */
export function fromWallClock(w: WallClock, timeZone: string): number {
  const naive = asUtc(w);
  // The offsets a day either side cover both sides of any DST change near this time.
  const candidates = [
    naive - zoneOffsetMs(naive - 86_400_000, timeZone),
    naive - zoneOffsetMs(naive + 86_400_000, timeZone),
  ];
  const shows = (ms: number): boolean => {
    const x = wallClock(ms, timeZone);
    return x.y === w.y && x.mo === w.mo && x.d === w.d && x.h === w.h && x.mi === w.mi && x.s === w.s;
  };
  // Both show `w` in the autumn overlap (take the earlier); in the spring gap neither does (take the later).
  const hits = candidates.filter(shows);
  return hits.length > 0 ? Math.min(...hits) : Math.max(...candidates);
}

/** Milliseconds from the instant to the next midnight in the zone. */
export function msUntilNextMidnight(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const next = new Date(Date.UTC(w.y, w.mo - 1, w.d + 1));
  const midnight = fromWallClock(
    { y: next.getUTCFullYear(), mo: next.getUTCMonth() + 1, d: next.getUTCDate(), h: 0, mi: 0, s: 0 },
    timeZone,
  );
  return midnight - ms;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of the instant in the zone (the key of a calendar day there). */
export function localDay(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

/** `YYYY-MM-DDTHH:mm:ss` of the instant in the zone, without an offset. */
export function localDateTime(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}
