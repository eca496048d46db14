import type { RedisService } from './redis.service.js';

/**
 * Every Redis key that names a user, as a SCAN pattern after the deployment prefix: what
 * erasure deletes. A new per-user key is one line here (docs/architecture.md lists the keys).
 */
export const USER_KEY_PATTERNS: ReadonlyArray<(userId: number) => string> = [
  (id) => `messages:user:${id}`,
  (id) => `unread_count:user:${id}`,
  (id) => `online_users:${id}`,
  (id) => `sync_status:${id}`,
  // Per-user rate-limit counters (src/limits/): rl:{rule}:{id}.
  (id) => `rl:*:${id}`,
];

/**
 * Deletes a user's keys, plus `more.patterns` (SCAN patterns) and `more.keys` (exact names);
 * returns how many were deleted. Without Redis: 0.
 */
export async function deleteUserKeys(redis: RedisService, userId: number, more: { patterns?: string[]; keys?: string[] } = {}): Promise<number> {
  const command = redis.command;
  if (!command || !redis.isConnected()) return 0;
  let deleted = 0;
  for (const pattern of [...USER_KEY_PATTERNS.map((p) => p(userId)), ...(more.patterns ?? [])]) {
    const match = redis.key(pattern);
    let cursor = '0';
    do {
      const [next, keys] = await command.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await command.del(...keys);
    } while (cursor !== '0');
  }
  const keys = more.keys ?? [];
  for (let i = 0; i < keys.length; i += 500) deleted += await command.del(...keys.slice(i, i + 500).map((k) => redis.key(k)));
  return deleted;
}

/** Empties users' read-model entries (messages:user:{id}, unread_count:user:{id}): the next read recomputes them. */
export async function emptyReadModels(redis: RedisService, userIds: number[]): Promise<void> {
  const command = redis.command;
  if (!command || !redis.isConnected() || userIds.length === 0) return;
  await command.del(...userIds.flatMap((id) => [redis.key(`messages:user:${id}`), redis.key(`unread_count:user:${id}`)]));
}
