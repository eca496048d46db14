import { Cluster } from 'ioredis';
import type { Logger } from '../../logger.js';
import type { RedisClient, RedisService } from '../../redis/redis.service.js';
import type { CacheMetrics } from '../../shared/cache-metrics.js';
import { countsKey, pageKey, type EntryChange } from './entries.js';
import { defineInboxScripts, scriptsOf } from './scripts.js';

/**
 * Decides whether this instance may use the Redis cache right now: Redis is connected, the
 * run_id of the Redis process is known (entries written under another process are never
 * served, so a Redis restarted from an old dump serves nothing stale), and every user whose
 * entries this instance failed to invalidate has been invalidated since. Until then reads
 * go to the database.
 *
 * On a cluster the run id is that of every master together: entries are served only while
 * the same master processes hold the slots. A failover or a node added, removed or erroring
 * forgets it until it is read again, so the cache is cold after a topology change instead
 * of serving what a restarted node reloaded from an old dump.
 */
export class CacheGate {
  private runId: string | null = null;
  /** Bumped on every connection change, so a late INFO reply of an older connection is ignored. */
  private epoch = 0;
  /** Users whose invalidation failed, with the inbox seq their entries must not be filled below. */
  private readonly unreachable = new Map<number, number>();
  private flushing: Promise<boolean> | null = null;

  constructor(
    private readonly redis: RedisService,
    private readonly metrics: CacheMetrics,
    private readonly logger: Logger,
    private readonly ttlSeconds: number,
  ) {
    if (!redis.command) return;
    defineInboxScripts(redis.command);
    redis.onModeChange((mode) => {
      this.epoch += 1;
      this.runId = null;
      if (mode === 'connected') void this.learnRunId(this.epoch);
    });
    if (redis.command instanceof Cluster) {
      for (const event of ['+node', '-node', 'node error']) {
        redis.command.on(event, () => {
          this.epoch += 1;
          this.runId = null;
          if (redis.isConnected()) void this.learnRunId(this.epoch);
        });
      }
    }
    if (redis.isConnected()) void this.learnRunId(this.epoch);
  }

  private async learnRunId(epoch: number): Promise<void> {
    for (let attempt = 0; epoch === this.epoch && this.redis.command; attempt++) {
      try {
        const runId = await runIdOf(this.redis.command);
        if (epoch !== this.epoch) return;
        this.runId = runId;
        // Users this instance could not invalidate while away go first, not only at the next read.
        if (this.unreachable.size > 0) void this.flushUnreachable();
        return;
      } catch (error) {
        if (attempt === 0) this.logger.warn({ err: error }, 'cache: cannot read the Redis run_id; reading from the database');
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
      }
    }
  }

  /** The run_id under which entries may be read and written now, or null (use the database). */
  async ready(): Promise<string | null> {
    if (!this.runId || !this.redis.isConnected()) return null;
    // Invalidations that failed go first: until they land, those users' entries may be stale.
    if (this.unreachable.size > 0 && !(await this.flushUnreachable())) return null;
    return this.current();
  }

  /** The run_id when the connection is up, without waiting for pending invalidations (writers). */
  current(): string | null {
    return this.runId && this.redis.isConnected() ? this.runId : null;
  }

  unreachableUsers(): number {
    return this.unreachable.size;
  }

  /** Remembers users whose entries may now be stale and could not be emptied. */
  markUnreachable(changes: readonly EntryChange[]): void {
    for (const { userId, to } of changes) this.unreachable.set(userId, Math.max(this.unreachable.get(userId) ?? 0, to));
  }

  /**
   * Empties both entries of each user, keeping a floor at the change's seq so that no fill
   * read before it lands later. Users it cannot reach are remembered. Returns whether all went.
   */
  async invalidate(changes: readonly EntryChange[]): Promise<boolean> {
    if (changes.length === 0) return true;
    const client = this.redis.command;
    const run = this.current();
    if (!client || !run) {
      this.markUnreachable(changes);
      return false;
    }
    try {
      const pipeline = this.redis.pipeline();
      const scripts = scriptsOf(pipeline);
      for (const { userId, to } of changes) {
        scripts.inboxCacheInvalidate(this.redis.key(pageKey(userId)), run, this.ttlSeconds, to);
        scripts.inboxCacheInvalidate(this.redis.key(countsKey(userId)), run, this.ttlSeconds, to);
      }
      const results = await pipeline.exec();
      const failed = new Set<number>();
      results?.forEach(([error], i) => {
        if (error) failed.add(changes[Math.floor(i / 2)]!.userId);
      });
      if (!results) for (const c of changes) failed.add(c.userId);
      this.metrics.record('page', 'invalidations', changes.length - failed.size);
      this.metrics.record('counts', 'invalidations', changes.length - failed.size);
      if (failed.size === 0) return true;
      this.metrics.record('page', 'errors', failed.size);
      this.metrics.record('counts', 'errors', failed.size);
      this.markUnreachable(changes.filter((c) => failed.has(c.userId)));
      return false;
    } catch (error) {
      this.logger.warn({ err: error, users: changes.length }, 'cache: invalidation failed; will retry before the next cached read');
      this.metrics.record('page', 'errors');
      this.metrics.record('counts', 'errors');
      this.markUnreachable(changes);
      return false;
    }
  }

  private flushUnreachable(): Promise<boolean> {
    this.flushing ??= (async () => {
      try {
        const pending = [...this.unreachable].map(([userId, to]) => ({ userId, from: to, to }));
        const ok = await this.invalidate(pending);
        // A user marked again meanwhile (a higher seq) stays until the next flush.
        for (const { userId, to } of pending) if (ok && this.unreachable.get(userId) === to) this.unreachable.delete(userId);
        if (ok) this.logger.info({ users: pending.length }, 'cache: entries this instance could not reach are invalidated');
        return ok && this.unreachable.size === 0;
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }
}

/** The Redis process's run_id; on a cluster, every master's, sorted and joined. */
async function runIdOf(client: RedisClient): Promise<string> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const ids = await Promise.all(
    nodes.map(async (node) => {
      const runId = /run_id:(\w+)/.exec(await node.info('server'))?.[1];
      if (!runId) throw new Error('INFO server has no run_id');
      return runId;
    }),
  );
  return ids.sort().join('.');
}
