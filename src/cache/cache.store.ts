import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { MySqlTransactionConfig } from 'drizzle-orm/mysql-core';
import type { Database } from '../db/client.js';
import { messageRecipients, messages, users, type MessagePriority, type MessageType } from '../db/schema.js';
import type { InboxItem } from './inbox.entries.js';
import { receiptColumns } from '../messages/messages.store.js';

export type UnreadBreakdown = Array<{ type: MessageType; priority: MessagePriority; count: number }>;

/** What a fill writes: the user's inbox as of one inbox seq, read in one consistent snapshot. */
export interface InboxSnapshot {
  version: number;
  /** Newest first, up to the requested number of rows. */
  page?: InboxItem[];
  unread?: UnreadBreakdown;
}

/** The database reads of the cache: fills and the kinds of messages a read changed. */
export class CacheStore {
  constructor(private readonly db: Database) {}

  /**
   * Reads the user's inbox seq together with the first page and/or the unread breakdown in
   * one consistent snapshot, so the seq says exactly which commits the data contains.
   */
  snapshot(userId: number, want: { pageRows?: number; unread?: boolean }): Promise<InboxSnapshot> {
    return this.db.transaction(
      async (tx) => {
        const [user] = await tx.select({ inboxSeq: users.inboxSeq }).from(users).where(eq(users.id, userId));
        const snapshot: InboxSnapshot = { version: user?.inboxSeq ?? 0 };
        if (want.pageRows) {
          snapshot.page = await tx
            .select({ message: messages, receipt: receiptColumns })
            .from(messageRecipients)
            .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
            .where(eq(messageRecipients.recipientId, userId))
            .orderBy(desc(messageRecipients.seq))
            .limit(want.pageRows);
        }
        if (want.unread) {
          const rows = await tx
            .select({ type: messages.type, priority: messages.priority, count: sql<number>`COUNT(*)` })
            .from(messageRecipients)
            .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
            .where(and(eq(messageRecipients.recipientId, userId), eq(messageRecipients.isRead, false)))
            .groupBy(messages.type, messages.priority);
          snapshot.unread = rows.map((r) => ({ ...r, count: Number(r.count) }));
        }
        return snapshot;
      },
      // REPEATABLE READ is the server default; naming it would cost one more statement per fill.
      { withConsistentSnapshot: true } as MySqlTransactionConfig,
    );
  }

  /** How many of these messages there are per (type, priority); both never change. */
  async kindsOf(messageIds: readonly number[]): Promise<UnreadBreakdown> {
    const out = new Map<string, UnreadBreakdown[number]>();
    for (let i = 0; i < messageIds.length; i += 1000) {
      const rows = await this.db
        .select({ type: messages.type, priority: messages.priority, count: sql<number>`COUNT(*)` })
        .from(messages)
        .where(inArray(messages.id, messageIds.slice(i, i + 1000)))
        .groupBy(messages.type, messages.priority);
      for (const r of rows) {
        const key = `${r.type}/${r.priority}`;
        const prev = out.get(key);
        out.set(key, { type: r.type, priority: r.priority, count: (prev?.count ?? 0) + Number(r.count) });
      }
    }
    return [...out.values()];
  }
}
