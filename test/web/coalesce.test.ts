// Live updates re-read at most once a second: a burst of announcements becomes one read now and one after the burst.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createCoalescer } from '../../web/src/coalesce.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a coalescer', () => {
  it('runs the first trigger at once and the rest of a burst once, an interval later', () => {
    const run = vi.fn();
    const coalescer = createCoalescer(run, 1_000);
    coalescer.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(10);
      coalescer.trigger();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(499);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet interval, and never after cancel', () => {
    const run = vi.fn();
    const coalescer = createCoalescer(run, 1_000);
    coalescer.trigger();
    vi.advanceTimersByTime(1_000);
    coalescer.trigger();
    expect(run).toHaveBeenCalledTimes(2);
    coalescer.trigger();
    coalescer.cancel();
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
