/** The simulators' zone clock: a zone's UTC offset read from Intl's `GMT+02:00` name, and wall-clock fields from it. */

export type WallClock = { y: number; mo: number; d: number; h: number; mi: number; s: number };

const DAY_MS = 86_400_000;
const OFFSET_NAME = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;

// Building an Intl.DateTimeFormat costs far more than using one; the simulators ask for offsets per record.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds: historic offsets like +00:19:32 too). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = OFFSET_NAME.exec(name);
  // Intl names a zero offset plain `GMT`.
  if (m === null) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return (m[1] === '-' ? -seconds : seconds) * 1000;
}

/** The wall-clock time in a zone at an instant (to the second). */
export function wallClock(ms: number, timeZone: string): WallClock {
  return wallClockAtOffset(ms, zoneOffsetMs(ms, timeZone));
}

/** The wall-clock time at an instant on a clock `offsetMs` ahead of UTC (for callers that cache offsets). */
export function wallClockAtOffset(ms: number, offsetMs: number): WallClock {
  const local = new Date(ms + offsetMs);
  return {
    y: local.getUTCFullYear(),
    mo: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    h: local.getUTCHours(),
    mi: local.getUTCMinutes(),
    s: local.getUTCSeconds(),
  };
}

/** The instant at which a zone's clock shows the given wall-clock time (the earlier one in a DST overlap). */
export function fromWallClock(w: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  // The offsets a day either side cover both sides of any DST change near this time.
  const candidates = [-DAY_MS, DAY_MS].map((shift) => asUtc - zoneOffsetMs(asUtc + shift, timeZone));
  // Both read `w` in the autumn overlap (take the earlier); in the spring gap neither does (take the later).
  const hits = candidates.filter((ms) => ms + zoneOffsetMs(ms, timeZone) === asUtc);
  return hits.length > 0 ? Math.min(...hits) : Math.max(...candidates);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a wall-clock time. */
export function wallDate(w: WallClock): string {
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

/** `YYYY-MM-DD{separator}HH:mm:ss` of a wall-clock time (`T` for ISO-like stamps, a space for Simplicate's). */
export function wallDateTime(w: WallClock, separator: 'T' | ' '): string {
  return `${wallDate(w)}${separator}${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}
