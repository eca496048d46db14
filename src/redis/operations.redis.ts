import type { RedisService } from './redis.service.js';

const INSTANCES = 'ops_instances';
const LEASE = 'ops_alert_lease';

/** Renews the lease only for its owner: one round trip, no race between GET and PEXPIRE. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * What instances share for operations: each one's latest counters (`ops_instances`, a hash by
 * instance id, so any instance can show the whole installation), and the lease that lets one
 * instance at a time evaluate alerts (`ops_alert_lease`).
 */
export class OperationsRedis {
  constructor(private readonly redis: RedisService) {}

  /** True while this owner holds the lease (taken when free, renewed when its own). Null: Redis is unusable. */
  async holdLease(owner: string, ttlMs: number): Promise<boolean | null> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return null;
    try {
      const key = this.redis.key(LEASE);
      if ((await command.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
      return Number(await command.eval(RENEW, 1, key, owner, ttlMs)) === 1;
    } catch {
      return null;
    }
  }

  async releaseLease(owner: string): Promise<void> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return;
    const key = this.redis.key(LEASE);
    await command.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`, 1, key, owner).catch(() => undefined);
  }

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
