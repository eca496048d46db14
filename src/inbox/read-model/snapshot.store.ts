import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { unionAll, type MySqlTransactionConfig } from 'drizzle-orm/mysql-core';
import type { Database } from '../../db/client.js';
import { messageRecipients, messages, messageTags, users, type MessagePriority, type MessageType } from '../../db/schema.js';
import type { InboxItem } from './entries.js';
import { receiptColumns, unreadTagCounts } from '../inbox.store.js';

export type UnreadBreakdown = Array<{ type: MessageType; priority: MessagePriority; count: number }>;

const UNION_CHUNK = 30;

/** What a fill writes: the user's inbox as of one inbox seq, read in one consistent snapshot. */
export interface InboxSnapshot {
  version: number;
  /** Newest first, up to the requested number of rows. */
  page?: InboxItem[];
  unread?: UnreadBreakdown;
  /** With `unread`: unread messages per tag of the user's (src/organizing/). */
  unreadTags?: Array<{ tagId: number; count: number }>;
}

/** The database reads of the read model: consistent snapshots for fills, and the kinds of messages a read changed. */
export class SnapshotStore {
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
          snapshot.unreadTags = await unreadTagCounts(tx, userId, 'all');
        }
        return snapshot;
      },
      // REPEATABLE READ is the server default; naming it would cost one more statement per fill.
      { withConsistentSnapshot: true } as MySqlTransactionConfig,
    );
  }

  /**
   * `snapshot` for many users at once (a burst of first sockets): one consistent snapshot and
   * three statements for the whole batch, each user's first page still read with its own
   * LIMIT (one UNION ALL).
   */
  snapshots(wants: Map<number, { pageRows?: number; unread?: boolean }>): Promise<Map<number, InboxSnapshot>> {
    const ids = [...wants.keys()];
    return this.db.transaction(
      async (tx) => {
        const out = new Map<number, InboxSnapshot>();
        if (ids.length === 0) return out;
        const seqs = await tx.select({ id: users.id, inboxSeq: users.inboxSeq }).from(users).where(inArray(users.id, ids));
        for (const id of ids) out.set(id, { version: 0 });
        for (const row of seqs) out.get(row.id)!.version = row.inboxSeq;
        const pageQueries = ids
          .filter((id) => wants.get(id)!.pageRows)
          .map((id) =>
            tx
              .select({ message: messages, receipt: receiptColumns })
              .from(messageRecipients)
              .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
              .where(eq(messageRecipients.recipientId, id))
              .orderBy(desc(messageRecipients.seq))
              .limit(wants.get(id)!.pageRows!),
          );
        for (const id of ids) if (wants.get(id)!.pageRows) out.get(id)!.page = [];
        // drizzle nests each UNION one level deeper and MariaDB caps nesting (at 63 levels),
        // so a large batch goes as a few statements.
        for (let i = 0; i < pageQueries.length; i += UNION_CHUNK) {
          const [first, second, ...rest] = pageQueries.slice(i, i + UNION_CHUNK);
          const rows = second ? await unionAll(first!, second, ...rest) : await first!;
          for (const row of rows) out.get(row.receipt.recipientId)!.page!.push(row);
        }
        if (pageQueries.length > 0) {
          // UNION ALL promises no order across or within its parts: newest first again.
          for (const id of ids) out.get(id)!.page?.sort((a, b) => b.receipt.seq - a.receipt.seq);
        }
        const unreadIds = ids.filter((id) => wants.get(id)!.unread);
        for (const id of unreadIds) out.get(id)!.unread = [];
        if (unreadIds.length > 0) {
          // Counts by (type, priority) and by tag (src/organizing/) in one statement: a wave of
          // warm-ups costs what it did before tags. Ids are checked integers (a thousand at most per wave).
          if (!unreadIds.every((id) => Number.isSafeInteger(id))) throw new Error('user ids must be integers');
          const idList = sql.raw(unreadIds.join(','));
          const [rows] = (await tx.execute(sql`
            SELECT mr.recipient_id AS userId, m.type AS type, m.priority AS priority, NULL AS tagId, COUNT(*) AS n
            FROM ${messageRecipients} mr JOIN ${messages} m ON m.id = mr.message_id
            WHERE mr.recipient_id IN (${idList}) AND mr.is_read = 0
            GROUP BY mr.recipient_id, m.type, m.priority
            UNION ALL
            SELECT mt.user_id, NULL, NULL, mt.tag_id, COUNT(*)
            FROM ${messageTags} mt JOIN ${messageRecipients} mr ON mr.message_id = mt.message_id AND mr.recipient_id = mt.user_id
            WHERE mt.user_id IN (${idList}) AND mr.is_read = 0
            GROUP BY mt.user_id, mt.tag_id`)) as unknown as [
            Array<{ userId: number | string; type: MessageType | null; priority: MessagePriority | null; tagId: number | string | null; n: number | string }>,
          ];
          for (const id of unreadIds) out.get(id)!.unreadTags = [];
          for (const r of rows) {
            const snapshot = out.get(Number(r.userId))!;
            if (r.tagId !== null) snapshot.unreadTags!.push({ tagId: Number(r.tagId), count: Number(r.n) });
            else snapshot.unread!.push({ type: r.type!, priority: r.priority!, count: Number(r.n) });
          }
        }
        return out;
      },
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
