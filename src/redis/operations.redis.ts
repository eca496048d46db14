import type { RedisService } from './redis.service.js';

const INSTANCES = 'ops_instances';

/**
 * What instances share for operations: each one's latest counters (`ops_instances`, a hash by
 * instance id, so any instance can show the whole installation). Who evaluates alerts is a
 * database lease (src/jobs/cluster-lease.ts).
 */
export class OperationsRedis {
  constructor(private readonly redis: RedisService) {}

  /** Publishes this instance's snapshot and reads every instance's (stale ones, older than `maxAgeMs`, are removed). */
  async exchangeSnapshots(instanceId: string, snapshot: string, maxAgeMs: number): Promise<Map<string, string> | null> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return null;
    const key = this.redis.key(INSTANCES);
    try {
      const [, all] = (await command.multi().hset(key, instanceId, `${Date.now()}|${snapshot}`).hgetall(key).exec()) ?? [];
      const entries = (all?.[1] ?? {}) as Record<string, string>;
      const fresh = new Map<string, string>();
      const stale: string[] = [];
      for (const [id, value] of Object.entries(entries)) {
        const bar = value.indexOf('|');
        if (Date.now() - Number(value.slice(0, bar)) > maxAgeMs) stale.push(id);
        else fresh.set(id, value.slice(bar + 1));
      }
      if (stale.length > 0) await command.hdel(key, ...stale);
      return fresh;
    } catch {
      return null;
    }
  }

  async removeSnapshot(instanceId: string): Promise<void> {
    if (!this.redis.command || !this.redis.isConnected()) return;
    await this.redis.command.hdel(this.redis.key(INSTANCES), instanceId).catch(() => 0);
  }
}
