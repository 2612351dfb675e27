/** The zone arithmetic the Yuki and Simplicate adapters and simulators share: offsets, DST gaps and overlaps. */
import { describe, expect, it } from 'vitest';

import { fromWallClock, localDateTime, localDay, msUntilNextMidnight, wallClock, zoneOffsetMs } from './wall-clock.js';

const AMS = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);

describe('wall clock of a zone', () => {
  it('reads the zone’s date and time and its offset, summer and winter', () => {
    expect(wallClock(at('2024-07-01T10:00:00Z'), AMS)).toEqual({ y: 2024, mo: 7, d: 1, h: 12, mi: 0, s: 0 });
    expect(zoneOffsetMs(at('2024-07-01T10:00:00Z'), AMS)).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(at('2024-01-01T10:00:00.750Z'), AMS)).toBe(3_600_000);
    expect(localDay(at('2024-12-31T23:30:00Z'), AMS)).toBe('2025-01-01');
    expect(localDateTime(at('2024-12-31T23:30:05Z'), AMS)).toBe('2025-01-01T00:30:05');
  });

  it('finds the earlier instant in the autumn overlap and the later one in the spring gap', () => {
    // 2024-10-27 02:30 happens twice (CEST, then CET); 2024-03-31 02:30 does not happen at all.
    expect(new Date(fromWallClock({ y: 2024, mo: 10, d: 27, h: 2, mi: 30, s: 0 }, AMS)).toISOString()).toBe(
      '2024-10-27T00:30:00.000Z',
    );
    expect(new Date(fromWallClock({ y: 2024, mo: 3, d: 31, h: 2, mi: 30, s: 0 }, AMS)).toISOString()).toBe(
      '2024-03-31T01:30:00.000Z',
    );
  });

  it('counts to the next local midnight across a 23-hour day', () => {
    expect(msUntilNextMidnight(at('2024-03-30T23:00:00Z'), AMS)).toBe(23 * 3_600_000);
    expect(msUntilNextMidnight(at('2024-07-01T21:00:00Z'), AMS)).toBe(3_600_000);
  });
});
