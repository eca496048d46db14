/**
 * One clock for every process of a run: wall-clock milliseconds with sub-millisecond
 * resolution. Processes started on the same machine agree on it to well under a millisecond.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
