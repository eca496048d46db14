import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { userPresence } from '../db/schema.js';

/** When each user was last seen on a socket, kept in the database so it outlives Redis keys. */
export class PresenceStore {
  constructor(private readonly db: Database) {}

  /** Moves each user's last-seen forward to `at` (never backward). */
  async recordSeen(userIds: readonly number[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await this.db
      .insert(userPresence)
      .values([...new Set(userIds)].sort((a, b) => a - b).map((userId) => ({ userId, lastSeenAt: at })))
      .onDuplicateKeyUpdate({
        set: { lastSeenAt: sql`GREATEST(last_seen_at, VALUES(last_seen_at))` },
      });
  }

  async lastSeen(userIds: readonly number[]): Promise<Map<number, Date>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.select().from(userPresence).where(inArray(userPresence.userId, [...userIds]));
    return new Map(rows.map((r) => [r.userId, r.lastSeenAt]));
  }
}
