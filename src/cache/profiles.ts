import type { UserProfile } from '../auth/auth.graphql.js';
import type { MessageBus } from '../redis/bus.js';
import type { CacheMetrics } from './cache.metrics.js';

/** Instances tell each other here that a user's profile changed (payload: the user id). */
export const PROFILE_INVALIDATION_CHANNEL = 'cache:profiles:invalidate';

function profileOf(row: UserProfile): UserProfile {
  const { id, tenantId, username, displayName, role, createdAt } = row;
  return { id, tenantId, username, displayName, role, createdAt };
}

/**
 * In-process first level for user profiles (who sent a message, who is calling). Only the
 * public profile is kept — never inbox state, settings or credentials — and an entry leaves
 * when any instance calls invalidate (pub/sub), when its TTL ends, or when the map is full.
 */
export class ProfileCache {
  private readonly entries = new Map<number, { profile: UserProfile; expiresAt: number }>();
  /** Bumped by every invalidation: a load that began before one does not store its result. */
  private generation = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly metrics: CacheMetrics,
    private readonly options: { enabled: boolean; ttlMs: number; maxEntries: number },
  ) {
    if (options.enabled && options.ttlMs > 0) {
      bus.subscribe(PROFILE_INVALIDATION_CHANNEL, (payload) => this.forget(Number(payload)));
    }
  }

  private get active(): boolean {
    return this.options.enabled && this.options.ttlMs > 0;
  }

  /** The profile from the first level, or from `load` (then kept). */
  async get(id: number, load: () => Promise<UserProfile | null | undefined>): Promise<UserProfile | undefined> {
    if (!this.active) return (await load()) ?? undefined;
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > Date.now()) {
      this.metrics.record('profile', 'hits');
      // Most recently used last: the map's first entry is the one to evict.
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.profile;
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
    if (this.active) this.remember(profileOf(row));
  }

  /** Call after committing a change to a user's profile: every instance drops it. */
  async invalidate(id: number): Promise<void> {
    this.forget(id);
    await this.bus.publish(PROFILE_INVALIDATION_CHANNEL, String(id));
  }

  size(): number {
    return this.entries.size;
  }

  private remember(profile: UserProfile): void {
    this.entries.delete(profile.id);
    this.entries.set(profile.id, { profile, expiresAt: Date.now() + this.options.ttlMs });
    this.metrics.record('profile', 'fills');
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private forget(id: number): void {
    this.generation += 1;
    if (this.entries.delete(id)) this.metrics.record('profile', 'invalidations');
  }
}
