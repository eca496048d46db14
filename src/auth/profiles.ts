import { LRUCache } from 'lru-cache';
import type { MessageBus } from '../redis/bus.js';
import type { CacheMetrics } from '../shared/cache-metrics.js';
import { PROFILE_INVALIDATION_CHANNEL } from '../wire/payloads.js';
import type { UserProfile } from './users.store.js';

function profileOf(row: UserProfile): UserProfile {
  const { id, tenantId, username, displayName, role, createdAt } = row;
  return { id, tenantId, username, displayName, role, createdAt };
}

/**
 * In-process first level for user profiles (who sent a message, who is calling). Only the
 * public profile is kept — never inbox state, settings or credentials — and an entry leaves
 * when any instance calls invalidate (pub/sub), when its TTL ends, or when the cache is full
 * (least recently used first).
 */
export class ProfileCache {
  private readonly entries: LRUCache<number, UserProfile> | null;
  /** Bumped by every invalidation: a load that began before one does not store its result. */
  private generation = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly metrics: CacheMetrics,
    options: { enabled: boolean; ttlMs: number; maxEntries: number },
  ) {
    this.entries = options.enabled && options.ttlMs > 0 ? new LRUCache({ max: options.maxEntries, ttl: options.ttlMs }) : null;
    if (this.entries) bus.subscribe(PROFILE_INVALIDATION_CHANNEL, (payload) => this.forget(Number(payload)));
  }

  /** The profile from the first level, or from `load` (then kept). */
  async get(id: number, load: () => Promise<UserProfile | null | undefined>): Promise<UserProfile | undefined> {
    if (!this.entries) return (await load()) ?? undefined;
    const hit = this.entries.get(id);
    if (hit) {
      this.metrics.record('profile', 'hits');
      return hit;
    }
    this.metrics.record('profile', 'misses');
    const generation = this.generation;
    const row = await load();
    if (!row) return undefined;
    const profile = profileOf(row);
    if (generation === this.generation) this.remember(profile);
    return profile;
  }

  /** Keeps a profile just read from the database (login). */
  prime(row: UserProfile): void {
    if (this.entries) this.remember(profileOf(row));
  }

  /**
   * Call after committing a change to a user's profile: every instance drops it. (No mutation
   * changes a profile yet; tenant administration will.)
   */
  async invalidate(id: number): Promise<void> {
    this.forget(id);
    await this.bus.publish(PROFILE_INVALIDATION_CHANNEL, String(id));
  }

  size(): number {
    return this.entries?.size ?? 0;
  }

  private remember(profile: UserProfile): void {
    this.entries!.set(profile.id, profile);
    this.metrics.record('profile', 'fills');
  }

  private forget(id: number): void {
    this.generation += 1;
    if (this.entries?.delete(id)) this.metrics.record('profile', 'invalidations');
  }
}
