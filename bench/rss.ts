// Peak resident memory of this process: sampled RSS (process.memoryUsage) and the kernel's high-water mark (VmHWM).
import { readFileSync } from 'node:fs';

export type RssProbe = { stop(): number };

/** Starts sampling; stop() returns the peak in MiB (the larger of the samples and /proc's VmHWM on Linux). */
export function sampleRss(intervalMs = 25): RssProbe {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss(), highWaterMark() ?? 0);
      return peak / 2 ** 20;
    },
  };
}

/** VmHWM of /proc/self/status in bytes, or null off Linux. */
function highWaterMark(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}
