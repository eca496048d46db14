import { build, type Histogram } from 'hdr-histogram-js';
import type { Percentiles } from './protocol.js';

/** A latency histogram in microseconds (3 significant digits, up to an hour). */
export function latencyHistogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

/** Percentiles of a microsecond histogram, in milliseconds. */
export function percentiles(histogram: Histogram): Percentiles {
  const count = histogram.totalCount;
  const at = (p: number) => (count === 0 ? Number.NaN : histogram.getValueAtPercentile(p) / 1000);
  return { count, p50: at(50), p99: at(99), p999: at(99.9), max: count === 0 ? Number.NaN : histogram.maxValue / 1000 };
}

/** mulberry32: a small seeded generator, so runs pick the same pairs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
