import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { isDuplicateKeyError, withTransaction, type Database, type Transaction } from '../db/client.js';
import { messageRecipients, messageTags, userTags, users } from '../db/schema.js';
import { appendUserEvents, lockInboxSeqs, unreadTagCounts } from '../inbox/inbox.store.js';

export type TagRow = typeof userTags.$inferSelect;

/** One change to the recipient's own state of some messages of their inbox. */
export type LabelChange =
  | { kind: 'star'; on: boolean }
  | { kind: 'archive'; on: boolean }
  | { kind: 'tag'; tagId: number; on: boolean };

/** A message whose labels changed, with its state after the change and its new inbox seq. */
export interface LabelState {
  messageId: number;
  seq: number;
  starredAt: Date | null;
  archivedAt: Date | null;
  tagIds: number[];
}

export type LabelResult =
  | { ok: true; changed: LabelState[]; tagDeltas: Array<{ tagId: number; delta: number }> }
  | { ok: false; missing: number[] }
  | { ok: false; noSuchTag: true };

export type TagWriteResult =
  | { ok: true; tag: TagRow; seq: number }
  | { ok: false; reason: 'limit' | 'duplicate' | 'missing' };

/**
 * Tags, stars and archive: each user's own organization of their inbox. Every write takes the
 * user's inbox sequence (locked first, before the state it changes is read) and writes LABELS
 * or TAG events, so other devices follow through the inbox log.
 */
export class OrganizingStore {
  constructor(private readonly db: Database) {}

  listTags(userId: number): Promise<TagRow[]> {
    return this.db.select().from(userTags).where(eq(userTags.userId, userId)).orderBy(asc(userTags.name));
  }

  async tagsByIds(ids: readonly number[]): Promise<TagRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(userTags).where(inArray(userTags.id, [...ids]));
  }

  /** The user's tag ids on each of these messages. */
  async tagIdsOf(userId: number, messageIds: readonly number[]): Promise<Map<number, number[]>> {
    return tagIdsIn(this.db, userId, messageIds);
  }

  /** Unread messages of the user's inbox per tag. */
  unreadByTag(userId: number): Promise<Array<{ tagId: number; count: number }>> {
    return unreadTagCounts(this.db, userId, 'all');
  }

  async createTag(userId: number, name: string, color: string, maxTags: number, now: Date): Promise<TagWriteResult> {
    try {
      return await withTransaction(this.db, async (tx) => {
        await lockInboxSeqs(tx, [userId]);
        const [row] = await tx.select({ n: sql<number>`COUNT(*)` }).from(userTags).where(eq(userTags.userId, userId));
        if (Number(row?.n ?? 0) >= maxTags) return { ok: false, reason: 'limit' } as const;
        const [inserted] = await tx.insert(userTags).values({ userId, name, color, createdAt: now }).$returningId();
        const tag: TagRow = { id: inserted!.id, userId, name, color, createdAt: now };
        const [seq] = await appendUserEvents(tx, userId, [{ kind: 'TAG', messageId: 0, tagId: tag.id }], now);
        return { ok: true, tag, seq: seq! } as const;
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return { ok: false, reason: 'duplicate' };
      throw error;
    }
  }

  async updateTag(userId: number, tagId: number, patch: { name?: string; color?: string }, now: Date): Promise<TagWriteResult> {
    try {
      return await withTransaction(this.db, async (tx) => {
        await lockInboxSeqs(tx, [userId]);
        const [tag] = await tx.select().from(userTags).where(and(eq(userTags.id, tagId), eq(userTags.userId, userId)));
        if (!tag) return { ok: false, reason: 'missing' } as const;
        const next = { ...tag, ...patch };
        await tx.update(userTags).set({ name: next.name, color: next.color }).where(eq(userTags.id, tagId));
        const [seq] = await appendUserEvents(tx, userId, [{ kind: 'TAG', messageId: 0, tagId }], now);
        return { ok: true, tag: next, seq: seq! } as const;
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return { ok: false, reason: 'duplicate' };
      throw error;
    }
  }

  /** Removes the tag from every message of the user's and deletes it; `unread` is how many unread messages carried it. */
  deleteTag(userId: number, tagId: number, now: Date): Promise<{ seq: number; unread: number } | null> {
    return withTransaction(this.db, async (tx) => {
      await lockInboxSeqs(tx, [userId]);
      const [tag] = await tx.select().from(userTags).where(and(eq(userTags.id, tagId), eq(userTags.userId, userId)));
      if (!tag) return null;
      const counts = await unreadTagCounts(tx, userId, 'all');
      const unread = counts.find((c) => c.tagId === tagId)?.count ?? 0;
      await tx.delete(messageTags).where(and(eq(messageTags.userId, userId), eq(messageTags.tagId, tagId)));
      await tx.delete(userTags).where(eq(userTags.id, tagId));
      const [seq] = await appendUserEvents(tx, userId, [{ kind: 'TAG', messageId: 0, tagId }], now);
      return { seq: seq!, unread };
    });
  }

  /**
   * Applies one change to messages of the user's inbox. Messages already in the asked state
   * take no position; the others each get one LABELS event with their state after the change.
   */
  setLabels(userId: number, messageIds: readonly number[], change: LabelChange, now: Date): Promise<LabelResult> {
    return withTransaction(this.db, async (tx) => {
      await lockInboxSeqs(tx, [userId]);
      const receipts = await tx
        .select({
          messageId: messageRecipients.messageId,
          isRead: messageRecipients.isRead,
          starredAt: messageRecipients.starredAt,
          archivedAt: messageRecipients.archivedAt,
        })
        .from(messageRecipients)
        .where(and(eq(messageRecipients.recipientId, userId), inArray(messageRecipients.messageId, [...messageIds])))
        .orderBy(asc(messageRecipients.seq));
      if (receipts.length !== messageIds.length) {
        const found = new Set(receipts.map((r) => r.messageId));
        return { ok: false, missing: messageIds.filter((id) => !found.has(id)) } as const;
      }
      const tags = await tagIdsIn(tx, userId, messageIds);
      let changed: typeof receipts;
      const tagDeltas: Array<{ tagId: number; delta: number }> = [];
      const ids = (rows: typeof receipts) => rows.map((r) => r.messageId);
      if (change.kind === 'tag') {
        const [tag] = await tx.select({ id: userTags.id }).from(userTags).where(and(eq(userTags.id, change.tagId), eq(userTags.userId, userId)));
        if (!tag) return { ok: false, noSuchTag: true } as const;
        changed = receipts.filter((r) => (tags.get(r.messageId) ?? []).includes(change.tagId) !== change.on);
        if (changed.length > 0) {
          if (change.on) {
            await tx.insert(messageTags).values(changed.map((r) => ({ userId, messageId: r.messageId, tagId: change.tagId, createdAt: now })));
          } else {
            await tx
              .delete(messageTags)
              .where(and(eq(messageTags.userId, userId), eq(messageTags.tagId, change.tagId), inArray(messageTags.messageId, ids(changed))));
          }
          for (const r of changed) {
            const list = tags.get(r.messageId) ?? [];
            tags.set(r.messageId, change.on ? [...list, change.tagId].sort((a, b) => a - b) : list.filter((t) => t !== change.tagId));
          }
          const unread = changed.filter((r) => !r.isRead).length;
          if (unread > 0) tagDeltas.push({ tagId: change.tagId, delta: change.on ? unread : -unread });
        }
      } else {
        const column = change.kind === 'star' ? 'starredAt' : 'archivedAt';
        changed = receipts.filter((r) => (r[column] !== null) !== change.on);
        if (changed.length > 0) {
          const value = change.on ? now : null;
          await tx
            .update(messageRecipients)
            .set({ [column]: value })
            .where(and(eq(messageRecipients.recipientId, userId), inArray(messageRecipients.messageId, ids(changed))));
          for (const r of changed) r[column] = value;
        }
      }
      if (changed.length === 0) return { ok: true, changed: [], tagDeltas } as const;
      const seqs = await appendUserEvents(
        tx,
        userId,
        changed.map((r) => ({ kind: 'LABELS' as const, messageId: r.messageId, tagId: null })),
        now,
      );
      return {
        ok: true,
        changed: changed.map((r, i) => ({
          messageId: r.messageId,
          seq: seqs[i]!,
          starredAt: r.starredAt,
          archivedAt: r.archivedAt,
          tagIds: tags.get(r.messageId) ?? [],
        })),
        tagDeltas,
      } as const;
    });
  }

  /** The user's organizing settings (kept under `organizing` in users.settings). */
  async settings(userId: number): Promise<{ importantFirst: boolean }> {
    const [row] = await this.db.select({ settings: users.settings }).from(users).where(eq(users.id, userId));
    const organizing = (row?.settings?.organizing ?? {}) as { importantFirst?: unknown };
    return { importantFirst: organizing.importantFirst !== false };
  }

  async setImportantFirst(userId: number, on: boolean): Promise<void> {
    // JSON_SET keeps whatever else users.settings holds.
    await this.db
      .update(users)
      .set({
        settings: sql`JSON_SET(COALESCE(${users.settings}, JSON_OBJECT()), '$.organizing', JSON_OBJECT('importantFirst', ${on ? sql`TRUE` : sql`FALSE`}))`,
      })
      .where(eq(users.id, userId));
  }
}

async function tagIdsIn(executor: Database | Transaction, userId: number, messageIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (messageIds.length === 0) return out;
  const rows = await executor
    .select({ messageId: messageTags.messageId, tagId: messageTags.tagId })
    .from(messageTags)
    .where(and(eq(messageTags.userId, userId), inArray(messageTags.messageId, [...messageIds])))
    .orderBy(asc(messageTags.messageId), asc(messageTags.tagId));
  for (const r of rows) {
    const list = out.get(r.messageId);
    if (list) list.push(r.tagId);
    else out.set(r.messageId, [r.tagId]);
  }
  return out;
}
