import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { messageRecipients, messages, users, type MessageType } from '../db/schema.js';
import { receiptColumns, type InboxItem } from '../inbox/inbox.store.js';

/** What one user did with the messages of one sender and type in the history window. */
export interface BehaviourRow {
  senderId: number;
  type: MessageType;
  received: number;
  /** Read within QUICK_READ_MINUTES of arriving. */
  quick: number;
  read: number;
  starred: number;
  /** Replies the user sent to these messages. */
  replies: number;
}

export const QUICK_READ_MINUTES = 10;

type Count = number | string | null;

/** The important ordering's reads (docs/organizing.md): two aggregate queries over a bounded window, and the candidates. */
export class ImportanceStore {
  constructor(private readonly db: Database) {}

  /** The user's unread, not archived, not recalled messages, newest first. */
  unreadCandidates(userId: number, limit: number): Promise<InboxItem[]> {
    return this.db
      .select({ message: messages, receipt: receiptColumns })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(
        and(
          eq(messageRecipients.recipientId, userId),
          eq(messageRecipients.isRead, false),
          isNull(messageRecipients.archivedAt),
          isNull(messages.recalledAt),
        ),
      )
      .orderBy(desc(messageRecipients.seq))
      .limit(limit);
  }

  /**
   * Per (sender, type): what the user did with their newest `rows` received messages since
   * `since` (read quickly, read, starred) and how many of the user's own newest `rows` sends
   * since then replied to them.
   */
  async history(userId: number, since: Date, rows: number): Promise<BehaviourRow[]> {
    const [received] = (await this.db.execute(sql`
      SELECT m.sender_id AS senderId, m.type AS type, COUNT(*) AS received,
        SUM(h.read_at IS NOT NULL AND h.read_at <= h.created_at + INTERVAL ${QUICK_READ_MINUTES} MINUTE) AS quick,
        SUM(h.read_at IS NOT NULL) AS readCount,
        SUM(h.starred_at IS NOT NULL) AS starred
      FROM (
        SELECT message_id, created_at, read_at, starred_at FROM ${messageRecipients}
        WHERE recipient_id = ${userId} AND created_at >= ${since}
        ORDER BY seq DESC LIMIT ${rows}
      ) h
      JOIN ${messages} m ON m.id = h.message_id
      WHERE m.recalled_at IS NULL
      GROUP BY m.sender_id, m.type`)) as unknown as [Array<{ senderId: Count; type: MessageType; received: Count; quick: Count; readCount: Count; starred: Count }>];
    const [replies] = (await this.db.execute(sql`
      SELECT o.sender_id AS senderId, o.type AS type, COUNT(*) AS replies
      FROM (
        SELECT reply_to_id FROM ${messages}
        WHERE sender_id = ${userId} AND created_at >= ${since} AND reply_to_id IS NOT NULL
        ORDER BY id DESC LIMIT ${rows}
      ) r
      JOIN ${messages} o ON o.id = r.reply_to_id
      GROUP BY o.sender_id, o.type`)) as unknown as [Array<{ senderId: Count; type: MessageType; replies: Count }>];
    const out = new Map<string, BehaviourRow>();
    const row = (senderId: number, type: MessageType) => {
      const key = `${senderId}/${type}`;
      let r = out.get(key);
      if (!r) out.set(key, (r = { senderId, type, received: 0, quick: 0, read: 0, starred: 0, replies: 0 }));
      return r;
    };
    for (const r of received) {
      Object.assign(row(Number(r.senderId), r.type), {
        received: Number(r.received ?? 0),
        quick: Number(r.quick ?? 0),
        read: Number(r.readCount ?? 0),
        starred: Number(r.starred ?? 0),
      });
    }
    for (const r of replies) row(Number(r.senderId), r.type).replies = Number(r.replies ?? 0);
    return [...out.values()];
  }

  async displayNames(userIds: number[]): Promise<Map<number, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
