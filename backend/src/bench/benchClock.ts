import { readFileSync } from 'node:fs';

/** Wall time and this thread's on-CPU time (schedstat, as the C reference reads it), in seconds. */
export interface ClockReading {
  readonly wall: number;
  readonly cpu: number;
}

function onCpuSeconds(): number {
  try {
    const [run] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return Number(run) * 1e-9;
  } catch {
    return process.cpuUsage().user * 1e-6;
  }
}

export function readClock(): ClockReading {
  return { wall: Number(process.hrtime.bigint()) * 1e-9, cpu: onCpuSeconds() };
}

export function since(start: ClockReading): ClockReading {
  const now = readClock();
  return { wall: now.wall - start.wall, cpu: now.cpu - start.cpu };
}

/**
 * Wall seconds since an arbitrary origin, cheap enough to call in a timing loop (unlike `readClock`, which
 * reads a /proc file and would itself cost microseconds).
 */
export function wallSeconds(): number {
  return Number(process.hrtime.bigint()) * 1e-9;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
