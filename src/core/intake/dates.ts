/** Dates as spreadsheets hold them (serial numbers, Dutch d-m-yyyy, ISO) → ISO 8601 UTC, read as Amsterdam wall time. */

const DAY_MS = 86_400_000;
/** Serial 25569 is 1970-01-01 in Excel's 1900 date system (its 1900 leap-year bug only shifts serials below 61). */
const UNIX_EPOCH_SERIAL = 25_569;
/** 1954-10-09 … 2173-10-14: serials outside this range are taken for plain numbers, not dates. */
const MIN_SERIAL = 20_000;
const MAX_SERIAL = 100_000;

/** Midnight UTC of the last Sunday of a month (1-based). */
function lastSundayUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS;
}

/** UTC offset of Europe/Amsterdam in ms at a UTC instant: EU summer time from the last Sunday of March to October. */
function amsterdamOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 3) + 3_600_000;
  const end = lastSundayUtc(year, 10) + 3_600_000;
  return utcMs >= start && utcMs < end ? 7_200_000 : 3_600_000;
}

/** Wall-clock time in Amsterdam (given as if it were UTC) → the real UTC instant. */
export function amsterdamWallToUtc(wallMs: number): number {
  // An hour that exists twice (end of October) is read as the first, summer-time one; one that does not exist (end of
  // March) as winter time.
  const summer = wallMs - 7_200_000;
  return amsterdamOffsetMs(summer) === 7_200_000 ? summer : wallMs - 3_600_000;
}

/** An Excel serial number (days since 1899-12-30, fraction = time of day) in Amsterdam → ISO UTC; null if not a date. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < MIN_SERIAL || serial > MAX_SERIAL) return null;
  const wallMs = Math.round(((serial - UNIX_EPOCH_SERIAL) * DAY_MS) / 1000) * 1000;
  return new Date(amsterdamWallToUtc(wallMs)).toISOString();
}

function wallIso(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(amsterdamWallToUtc(wall)).toISOString();
}

const DUTCH = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a date as typed: ISO 8601 with a zone as given; ISO or Dutch `d-m-yyyy [h:mm[:ss]]` (also with `/` or `.`)
 * without a zone as Amsterdam time. Day-first always: Dutch exports never write month-first. Null when not a date.
 */
export function parseDateText(text: string): string | null {
  if (ISO_ZONED.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const n = (value: string | undefined): number => (value === undefined ? 0 : Number(value));
  const iso = ISO_LOCAL.exec(text);
  if (iso !== null) return wallIso(n(iso[1]), n(iso[2]), n(iso[3]), n(iso[4]), n(iso[5]), n(iso[6]));
  const dutch = DUTCH.exec(text);
  if (dutch !== null) return wallIso(n(dutch[3]), n(dutch[2]), n(dutch[1]), n(dutch[4]), n(dutch[5]), n(dutch[6]));
  return null;
}
