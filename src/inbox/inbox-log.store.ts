import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { inboxEvents, messageRecipients, messages, messageTags, users, userTags } from '../db/schema.js';
import type { InboxEvent } from './inbox-events.js';

/** A stream's starting point when it resumes from nothing (see InboxLogStore.startStates). */
export interface StartState {
  current: number;
  /** Unread messages at or before `current`, oldest first. */
  unread: InboxEvent[];
  /** False when more unread messages follow the last one in `unread`. */
  complete: boolean;
}

/**
 * Reads of the inbox log (`inbox_events` and the users' `inbox_seq`): what streams, `sync`
 * and the position check read to hand out every change in order.
 */
export class InboxLogStore {
  constructor(private readonly db: Database) {}

  /**
   * The user's inbox events after `afterSeq` (and up to `untilSeq`), oldest first, at most
   * `limit` positions. Consecutive READ rows of one markRead come back as one event. `executor`:
   * where to read (`sync` may read a replica: src/inbox/read-your-writes.ts).
   */
  async eventsAfter(userId: number, afterSeq: number, limit: number, untilSeq?: number, executor: Database = this.db): Promise<InboxEvent[]> {
    const conditions = [eq(inboxEvents.userId, userId), gt(inboxEvents.seq, afterSeq)];
    if (untilSeq !== undefined) conditions.push(lte(inboxEvents.seq, untilSeq));
    const rows = await executor
      .select({
        seq: inboxEvents.seq,
        kind: inboxEvents.kind,
        messageId: inboxEvents.messageId,
        createdAt: inboxEvents.createdAt,
        message: messages,
        isRead: messageRecipients.isRead,
        readAt: messageRecipients.readAt,
        starredAt: messageRecipients.starredAt,
        archivedAt: messageRecipients.archivedAt,
        tagId: inboxEvents.tagId,
        tag: userTags,
      })
      .from(inboxEvents)
      .leftJoin(messages, eq(messages.id, inboxEvents.messageId))
      .leftJoin(userTags, and(eq(userTags.id, inboxEvents.tagId), eq(userTags.userId, userId)))
      .leftJoin(
        messageRecipients,
        and(eq(messageRecipients.messageId, inboxEvents.messageId), eq(messageRecipients.recipientId, userId)),
      )
      .where(and(...conditions))
      .orderBy(asc(inboxEvents.seq))
      .limit(limit);
    // Organizing events carry the state as it is now: a later change of the same message or tag repeats the newest.
    const labelled = [...new Set(rows.filter((r) => r.kind === 'LABELS').map((r) => r.messageId))];
    const tagsOf = new Map<number, number[]>();
    if (labelled.length > 0) {
      const tagRows = await executor
        .select({ messageId: messageTags.messageId, tagId: messageTags.tagId })
        .from(messageTags)
        .where(and(eq(messageTags.userId, userId), inArray(messageTags.messageId, labelled)))
        .orderBy(asc(messageTags.messageId), asc(messageTags.tagId));
      for (const r of tagRows) tagsOf.set(r.messageId, [...(tagsOf.get(r.messageId) ?? []), r.tagId]);
    }
    const events: InboxEvent[] = [];
    for (const row of rows) {
      const last = events.at(-1);
      if (row.kind === 'READ') {
        if (last?.kind === 'READ' && last.seq === row.seq - 1 && last.readAt.getTime() === row.createdAt.getTime()) {
          last.seq = row.seq;
          last.messageIds.push(row.messageId);
        } else {
          events.push({ kind: 'READ', firstSeq: row.seq, seq: row.seq, messageIds: [row.messageId], readAt: row.createdAt });
        }
      } else if (row.kind === 'RECALL' && row.message) {
        events.push({ kind: 'RECALL', firstSeq: row.seq, seq: row.seq, message: row.message });
      } else if (row.kind === 'UPDATE' && row.message) {
        // The message as it is now: a later UPDATE of the same message repeats the newest state.
        events.push({ kind: 'UPDATE', firstSeq: row.seq, seq: row.seq, message: row.message });
      } else if (row.kind === 'LABELS') {
        events.push({
          kind: 'LABELS',
          firstSeq: row.seq,
          seq: row.seq,
          messageId: row.messageId,
          starredAt: row.starredAt ?? null,
          archivedAt: row.archivedAt ?? null,
          tagIds: tagsOf.get(row.messageId) ?? [],
        });
      } else if (row.kind === 'TAG' && row.tagId !== null) {
        events.push({ kind: 'TAG', firstSeq: row.seq, seq: row.seq, tagId: row.tagId, tag: row.tag ?? null });
      } else if (row.kind === 'MESSAGE' && row.message) {
        events.push({
          kind: 'MESSAGE',
          firstSeq: row.seq,
          seq: row.seq,
          message: row.message,
          isRead: row.isRead ?? false,
          readAt: row.readAt ?? null,
        });
      }
    }
    return events;
  }

  /** Unread messages at positions in (afterSeq, maxSeq], oldest first, as MESSAGE events. */
  async unreadUpTo(userId: number, afterSeq: number, maxSeq: number, limit: number): Promise<InboxEvent[]> {
    const rows = await this.db
      .select({ seq: messageRecipients.seq, message: messages })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(
        and(
          eq(messageRecipients.recipientId, userId),
          eq(messageRecipients.isRead, false),
          gt(messageRecipients.seq, afterSeq),
          lte(messageRecipients.seq, maxSeq),
        ),
      )
      .orderBy(asc(messageRecipients.seq))
      .limit(limit);
    return rows.map((r) => ({ kind: 'MESSAGE', firstSeq: r.seq, seq: r.seq, message: r.message, isRead: false, readAt: null }));
  }

  /**
   * Where new streams of these users start when they resume from nothing: each user's
   * current position and the first `pageSize` unread messages at or before it (`complete`
   * when that is all of them). Two statements for the whole batch; a user whose rows the
   * batch limit cut off comes back without an entry and is read on its own.
   */
  async startStates(userIds: number[], pageSize: number): Promise<Map<number, StartState>> {
    const current = await this.currentSeqs(userIds);
    const limit = Math.max(pageSize, userIds.length * 8);
    const rows = await this.db
      .select({ recipientId: messageRecipients.recipientId, seq: messageRecipients.seq, message: messages })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(and(inArray(messageRecipients.recipientId, userIds), eq(messageRecipients.isRead, false)))
      .orderBy(asc(messageRecipients.recipientId), asc(messageRecipients.seq))
      .limit(limit);
    // With the limit reached, the last user's rows (and those of users after it) may be cut.
    const cutFrom = rows.length === limit ? rows.at(-1)!.recipientId : Number.POSITIVE_INFINITY;
    const states = new Map<number, StartState>();
    for (const userId of userIds) {
      const seq = current.get(userId);
      if (seq === undefined || userId >= cutFrom) continue;
      states.set(userId, { current: seq, unread: [], complete: true });
    }
    for (const row of rows) {
      const state = states.get(row.recipientId);
      // Rows past the position read first were committed since; they arrive as live events.
      if (!state || row.seq > state.current) continue;
      if (state.unread.length >= pageSize) {
        state.complete = false;
        continue;
      }
      state.unread.push({ kind: 'MESSAGE', firstSeq: row.seq, seq: row.seq, message: row.message, isRead: false, readAt: null });
    }
    return states;
  }

  /**
   * Each user's current inbox position. The position check asks this for every user with a
   * socket on the instance (thousands of ids every interval), so the ids go in as checked
   * integer literals rather than one bound parameter each, a thousand per statement (parsing
   * a result runs in one go; smaller ones let pushes run in between). On a replica (`executor`)
   * it tells how far the replica has come (src/inbox/read-your-writes.ts).
   */
  /**
   * The sum of these users' inbox positions and how many of them exist: one row for a
   * thousand users, where `currentSeqs` returns a thousand. Positions only grow, so a sum
   * equal to that of positions already handed on says that none of them is behind.
   */
  async seqSum(userIds: number[]): Promise<{ sum: number; users: number }> {
    if (!userIds.every((id) => Number.isSafeInteger(id))) throw new Error('user ids must be integers');
    const [rows] = (await this.db.execute(
      sql`SELECT COALESCE(SUM(inbox_seq), 0) AS total, COUNT(*) AS users FROM ${users} WHERE id IN (${sql.raw(userIds.join(','))})`,
    )) as unknown as [Array<{ total: number | string; users: number | string }>];
    return { sum: Number(rows[0]?.total ?? 0), users: Number(rows[0]?.users ?? 0) };
  }

  async currentSeqs(userIds: number[], executor: Database = this.db): Promise<Map<number, number>> {
    const result = new Map<number, number>();
    for (let i = 0; i < userIds.length; i += 1000) {
      const part = userIds.slice(i, i + 1000);
      if (!part.every((id) => Number.isSafeInteger(id))) throw new Error('user ids must be integers');
      const [rows] = (await executor.execute(
        sql`SELECT id, inbox_seq FROM ${users} WHERE id IN (${sql.raw(part.join(','))})`,
      )) as unknown as [Array<{ id: number | string; inbox_seq: number | string }>];
      for (const row of rows) result.set(Number(row.id), Number(row.inbox_seq));
    }
    return result;
  }
}
