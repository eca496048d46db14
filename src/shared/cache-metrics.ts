/** What the cache keeps: the inbox's first page and unread counters in Redis, sender profiles in process. */
export const CACHE_ENTRY_KINDS = ['page', 'counts', 'profile'] as const;
export type CacheEntryKind = (typeof CACHE_ENTRY_KINDS)[number];

const CACHE_EVENTS = [
  /** Served from the cache. */
  'hits',
  /** Looked up, not servable (absent, expired, incomplete or from an earlier Redis process). */
  'misses',
  /** Filled from the database after a miss or at warm-up. */
  'fills',
  /** Fills refused because a newer change reached the entry first. */
  'staleFillsRefused',
  /** Changes applied after a commit. */
  'updates',
  /** Entries emptied after an error, a gap or a reconnect. */
  'invalidations',
  /** Reads answered by the database because Redis could not be trusted at that moment. */
  'bypasses',
  /** Redis commands that failed. */
  'errors',
] as const;
export type CacheEvent = (typeof CACHE_EVENTS)[number];

export type CacheMetricsSnapshot = Record<CacheEntryKind, Record<CacheEvent, number>>;

/** Counters per entry kind, shown in /health/redis (and meant for /metrics). */
export class CacheMetrics {
  private readonly counts: CacheMetricsSnapshot;

  constructor() {
    this.counts = Object.fromEntries(
      CACHE_ENTRY_KINDS.map((kind) => [kind, Object.fromEntries(CACHE_EVENTS.map((e) => [e, 0]))]),
    ) as CacheMetricsSnapshot;
  }

  record(kind: CacheEntryKind, event: CacheEvent, n = 1): void {
    this.counts[kind][event] += n;
  }

  snapshot(): CacheMetricsSnapshot & { hitRate: Record<CacheEntryKind, number | null> } {
    const copy = structuredClone(this.counts);
    const hitRate = Object.fromEntries(
      CACHE_ENTRY_KINDS.map((kind) => {
        const { hits, misses, bypasses } = copy[kind];
        const total = hits + misses + bypasses;
        return [kind, total === 0 ? null : Math.round((hits / total) * 10_000) / 10_000];
      }),
    ) as Record<CacheEntryKind, number | null>;
    return { ...copy, hitRate };
  }
}
