// Checks the seeded PRNG: reproducible, in range, and fair enough for picking.
import { describe, expect, it } from 'vitest';

import { createRng, mixSeed } from './random.js';

describe('createRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(99);
    const b = createRng(99);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(createRng(100).next()).not.toBe(seqA[0]);
  });

  it('keeps int() inclusive and within bounds, and hits both ends', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });

  it('pick() and chance() behave', () => {
    const rng = createRng(7);
    expect(() => rng.pick([])).toThrow(RangeError);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.3)) hits++;
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
    expect(rng.chance(0)).toBe(false);
  });

  it('mixSeed spreads neighbouring indices', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 2)).toBe(mixSeed(1, 2));
  });
});
