/** Simplicate timestamps (`YYYY-MM-DD HH:mm:ss`, Dutch wall time [I] §1.4) ⇄ ISO 8601 UTC. */

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const pad = (n: number): string => String(n).padStart(2, '0');

function offsetMs(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
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
