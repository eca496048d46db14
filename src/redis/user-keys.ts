import { Cluster } from 'ioredis';
import { userTag } from './key-slot.js';
import type { RedisService } from './redis.service.js';

/**
 * Every Redis key that names a user, as a SCAN pattern after the deployment prefix: what
 * erasure deletes. A new per-user key is one line here (docs/architecture.md lists the keys).
 */
export const USER_KEY_PATTERNS: ReadonlyArray<(userId: number) => string> = [
  (id) => `messages:user:{${id}}`,
  (id) => `unread_count:user:{${id}}`,
  (id) => `online_users:{${id}}`,
  (id) => `sync_status:{${id}}`,
  // Per-user rate-limit counters (src/limits/): rl:<rule>:{id}.
  (id) => `rl:*:{${id}}`,
];

/**
 * Deletes a user's keys, plus `more.patterns` (SCAN patterns) and `more.keys` (exact names);
 * returns how many were deleted. Without Redis: 0.
 */
export async function deleteUserKeys(redis: RedisService, userId: number, more: { patterns?: string[]; keys?: string[] } = {}): Promise<number> {
  const command = redis.command;
  if (!command || !redis.isConnected()) return 0;
  let deleted = 0;
  // SCAN walks one node: on a cluster, every master.
  const nodes = command instanceof Cluster ? command.nodes('master') : [command];
  for (const pattern of [...USER_KEY_PATTERNS.map((p) => p(userId)), ...(more.patterns ?? [])]) {
    const match = redis.key(pattern);
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 500);
        cursor = next;
        // One DEL per key: keys a pattern matches need not share a slot.
        if (keys.length > 0) deleted += (await Promise.all(keys.map((k) => command.del(k)))).reduce((a, b) => a + b, 0);
      } while (cursor !== '0');
    }
  }
  const keys = more.keys ?? [];
  deleted += (await Promise.all(keys.map((k) => command.del(redis.key(k))))).reduce((a, b) => a + b, 0);
  return deleted;
}

/** Empties users' read-model entries (messages:user:{id}, unread_count:user:{id}): the next read recomputes them. */
export async function emptyReadModels(redis: RedisService, userIds: number[]): Promise<void> {
  const command = redis.command;
  if (!command || !redis.isConnected() || userIds.length === 0) return;
  // One DEL per user: a user's two entries share a slot, different users may not.
  await Promise.all(userIds.map((id) => command.del(redis.key(`messages:user:${userTag(id)}`), redis.key(`unread_count:user:${userTag(id)}`))));
}
