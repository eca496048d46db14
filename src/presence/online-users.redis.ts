import type { Redis } from 'ioredis';
import { userTag } from '../redis/key-slot.js';
import type { RedisClient, RedisService } from '../redis/redis.service.js';

/** One open connection as stored in `online_users:{userId}` (field: the connection id). */
export interface ConnectionEntry {
  instance: string;
  device: string;
  /** Epoch milliseconds. */
  connectedAt: number;
  /** Epoch milliseconds of the last heartbeat of the instance that holds the connection. */
  lastSeen: number;
}

// Writes the given fields, deletes every field whose last-seen is older than ARGV[1] (the
// connections of instances that died without closing them), and renews the key's TTL while
// any field is left. One key per call, so it runs as-is on Redis Cluster.
const REFRESH_SCRIPT = `
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
local all = redis.call('HGETALL', KEYS[1])
local removed = 0
for i = 1, #all, 2 do
  local ok, entry = pcall(cjson.decode, all[i + 1])
  local seen = ok and type(entry) == 'table' and tonumber(entry.lastSeen) or nil
  if seen == nil or seen < tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[1], all[i])
    removed = removed + 1
  end
end
if redis.call('HLEN', KEYS[1]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return removed
`;

type RefreshingRedis = RedisClient & {
  refreshOnlineUsers(key: string, staleBefore: number, ttlSeconds: number, ...fieldsAndValues: string[]): Promise<number>;
};

/**
 * The `online_users:{userId}` hashes. Callers check `redis.isConnected()` first; every method
 * may still reject (timeout, connection lost) and callers fall back to local knowledge.
 */
export class OnlineUsersRedis {
  constructor(
    private readonly redis: RedisService,
    private readonly ttlSeconds: number,
  ) {
    const client = redis.command;
    if (client && !('refreshOnlineUsers' in client)) {
      client.defineCommand('refreshOnlineUsers', { numberOfKeys: 1, lua: REFRESH_SCRIPT });
    }
  }

  private client(): RefreshingRedis {
    if (!this.redis.command) throw new Error('Redis is not configured');
    return this.redis.command as RefreshingRedis;
  }

  keyOf(userId: number): string {
    return this.redis.key(`online_users:${userTag(userId)}`);
  }

  /**
   * Writes the connections of each user and sweeps that user's stale fields, in one
   * pipeline. Returns how many stale fields were removed.
   */
  async refresh(byUser: Map<number, Array<[connectionId: string, entry: ConnectionEntry]>>, now: number): Promise<number> {
    if (byUser.size === 0) return 0;
    const staleBefore = now - this.ttlSeconds * 1000;
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & {
      refreshOnlineUsers(key: string, staleBefore: number, ttlSeconds: number, ...fieldsAndValues: string[]): unknown;
    };
    for (const [userId, connections] of byUser) {
      const args = connections.flatMap(([id, entry]) => [id, JSON.stringify(entry)]);
      pipeline.refreshOnlineUsers(this.keyOf(userId), staleBefore, this.ttlSeconds, ...args);
    }
    const results = (await pipeline.exec()) ?? [];
    let removed = 0;
    for (const [error, value] of results) {
      if (error) throw error;
      removed += Number(value);
    }
    return removed;
  }

  async remove(userId: number, connectionId: string): Promise<void> {
    await this.client().hdel(this.keyOf(userId), connectionId);
  }

  /** The live connections of each user; fields older than the TTL are left out (not yet swept). */
  async read(userIds: readonly number[], now: number): Promise<Map<number, Map<string, ConnectionEntry>>> {
    const result = new Map<number, Map<string, ConnectionEntry>>();
    if (userIds.length === 0) return result;
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.hgetall(this.keyOf(userId));
    const replies = (await pipeline.exec()) ?? [];
    const staleBefore = now - this.ttlSeconds * 1000;
    userIds.forEach((userId, index) => {
      const [error, hash] = replies[index] ?? [new Error('no reply'), null];
      if (error) throw error;
      const connections = new Map<string, ConnectionEntry>();
      for (const [field, value] of Object.entries((hash ?? {}) as Record<string, string>)) {
        const entry = parseEntry(value);
        if (entry && entry.lastSeen >= staleBefore) connections.set(field, entry);
      }
      result.set(userId, connections);
    });
    return result;
  }
}

function parseEntry(value: string): ConnectionEntry | null {
  try {
    const raw = JSON.parse(value) as Partial<ConnectionEntry>;
    if (typeof raw.lastSeen !== 'number' || typeof raw.connectedAt !== 'number') return null;
    return {
      instance: String(raw.instance ?? ''),
      device: String(raw.device ?? 'unknown'),
      connectedAt: raw.connectedAt,
      lastSeen: raw.lastSeen,
    };
  } catch {
    return null;
  }
}
