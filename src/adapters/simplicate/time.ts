/** Simplicate timestamps (`YYYY-MM-DD HH:mm:ss`, Dutch wall time [I] docs/external-systems/simplicate.md#filters) ⇄ ISO 8601 UTC. */
import { zoneOffsetMs } from '../../core/zone-clock.js';

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const pad = (n: number): string => String(n).padStart(2, '0');

const DAY_MS = 86_400_000;
const dayOffsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC at an instant. Zones change their offset at most once a day, so a UTC day that starts
 * and ends with the same offset has it throughout: that is remembered, and a scan of thousands of records formats
 * dates about once per distinct day instead of four times per record. A day with a change is computed exactly.
 */
function offsetMs(epochMs: number, timeZone: string): number {
  const day = Math.floor(epochMs / DAY_MS);
  let known = dayOffsets.get(timeZone);
  const cached = known?.get(day);
  if (cached !== undefined) return cached;
  const start = zoneOffsetMs(day * DAY_MS, timeZone);
  if (start !== zoneOffsetMs(day * DAY_MS + DAY_MS - 1000, timeZone)) return zoneOffsetMs(epochMs, timeZone);
  if (known === undefined || known.size >= 100_000) {
    known = new Map();
    dayOffsets.set(timeZone, known);
  }
  known.set(day, start);
  return start;
}

/** `2024-05-03 14:00:10` (wall time in timeZone) → `2024-05-03T12:00:10.000Z`; null when not a timestamp. */
export function simplicateToIso(value: string, timeZone: string): string | null {
  const m = WALL.exec(value.trim());
  if (m === null) return null;
  const asUtc = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (Number.isNaN(asUtc)) return null;
  // Guess with the offset at the wall time read as UTC, then correct once (handles DST changeovers).
  let epoch = asUtc - offsetMs(asUtc, timeZone);
  epoch = asUtc - offsetMs(epoch, timeZone);
  return new Date(epoch).toISOString();
}

/** ISO 8601 (or an already Simplicate-shaped value) → `YYYY-MM-DD HH:mm:ss` wall time in timeZone; null if unreadable. */
export function toSimplicateTime(value: string, timeZone: string): string | null {
  if (WALL.test(value.trim())) return value.trim();
  const epoch = Date.parse(value);
  if (Number.isNaN(epoch)) return null;
  const d = new Date(Math.floor(epoch / 1000) * 1000 + offsetMs(epoch, timeZone));
  return (
    `${String(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}
