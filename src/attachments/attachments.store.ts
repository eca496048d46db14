import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client.js';
import { attachments, messageAttachments, messages } from '../db/schema.js';
import { badInput } from '../graphql/errors.js';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = Omit<AttachmentRow, 'id' | 'attachedAt'>;

/** Where the bytes of an attachment are: what the cleanup deletes. */
export type StoredKeys = Pick<AttachmentRow, 'id' | 'storageKey' | 'thumbnailKey'>;

/** The uploads one new message references, in the order the sender gave. */
export interface MessageAttachmentsToWrite {
  messageId: number;
  tenantId: string;
  senderId: number;
  attachmentIds: readonly number[];
}

/**
 * Writes `message_attachments` for new messages and marks the uploads attached, in the
 * caller's transaction (InboxStore.commitSends). The upload rows are locked first, so the
 * cleanup of unsent uploads cannot delete one between the send's check and its commit: if it
 * got there first, the send fails here exactly like a send naming an unknown id.
 */
export async function attachToMessages(tx: Transaction, sends: MessageAttachmentsToWrite[], now: Date): Promise<void> {
  const ids = [...new Set(sends.flatMap((s) => s.attachmentIds))];
  if (ids.length === 0) return;
  const locked = await tx
    .select({ id: attachments.id, tenantId: attachments.tenantId, uploaderId: attachments.uploaderId })
    .from(attachments)
    .where(inArray(attachments.id, ids))
    .orderBy(attachments.id)
    .for('update');
  const byId = new Map(locked.map((r) => [r.id, r]));
  for (const send of sends) {
    const unknown = send.attachmentIds.filter((id) => {
      const row = byId.get(id);
      return !row || row.tenantId !== send.tenantId || row.uploaderId !== send.senderId;
    });
    if (unknown.length > 0) throw badInput(`unknown attachments: ${unknown.join(', ')}`, 'attachmentIds');
  }
  await tx.insert(messageAttachments).values(
    sends.flatMap((s) => s.attachmentIds.map((attachmentId, position) => ({ messageId: s.messageId, attachmentId, position }))),
  );
  await tx
    .update(attachments)
    .set({ attachedAt: now })
    .where(and(inArray(attachments.id, ids), isNull(attachments.attachedAt)));
}

/**
 * Lets `toMessageId` reference the same uploads as `fromMessageId`, in the same order (a
 * forward: no copy of the bytes). Returns how many it references. Call it in the transaction
 * that writes the new message; who may download then follows both messages.
 */
export async function copyAttachments(tx: Transaction, fromMessageId: number, toMessageId: number): Promise<number> {
  const [result] = await tx.execute(
    sql`INSERT INTO ${messageAttachments} (message_id, attachment_id, position)
        SELECT ${toMessageId}, attachment_id, position FROM ${messageAttachments} WHERE message_id = ${fromMessageId}`,
  );
  return (result as unknown as { affectedRows: number }).affectedRows;
}

export class AttachmentsStore {
  constructor(private readonly db: Database) {}

  async insert(row: NewAttachment): Promise<number> {
    const [inserted] = await this.db.insert(attachments).values(row).$returningId();
    return inserted!.id;
  }

  /** Removes an upload whose bytes could not be stored (it was never returned to anyone). */
  async deleteUnattached(id: number): Promise<void> {
    await this.db.delete(attachments).where(and(eq(attachments.id, id), isNull(attachments.attachedAt)));
  }

  async findByIds(ids: readonly number[]): Promise<AttachmentRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(attachments).where(inArray(attachments.id, [...ids]));
  }

  /**
   * The attachments of each message, in order. Recalled messages have none: the recall is read
   * from `messages.recalled_at` here, whatever copy of the message the caller holds.
   */
  async ofMessages(messageIds: readonly number[]): Promise<Array<{ messageId: number; attachment: AttachmentRow }>> {
    if (messageIds.length === 0) return [];
    return this.db
      .select({ messageId: messageAttachments.messageId, attachment: attachments })
      .from(messageAttachments)
      .innerJoin(attachments, eq(attachments.id, messageAttachments.attachmentId))
      .innerJoin(messages, eq(messages.id, messageAttachments.messageId))
      .where(and(inArray(messageAttachments.messageId, [...messageIds]), isNull(messages.recalledAt)))
      .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position));
  }

  /** How many messages reference the upload, and how many of them are not recalled. */
  async references(attachmentId: number): Promise<{ total: number; live: number }> {
    const [row] = await this.db
      .select({
        total: sql<number>`COUNT(*)`,
        live: sql<number>`COALESCE(SUM(${messages.recalledAt} IS NULL), 0)`,
      })
      .from(messageAttachments)
      .innerJoin(messages, eq(messages.id, messageAttachments.messageId))
      .where(eq(messageAttachments.attachmentId, attachmentId));
    return { total: Number(row?.total ?? 0), live: Number(row?.live ?? 0) };
  }

  /** The oldest uploads never sent and created before `cutoff` (read without locks). */
  async unsentBefore(cutoff: Date, limit: number): Promise<number[]> {
    const rows = await this.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(isNull(attachments.attachedAt), lt(attachments.createdAt, cutoff)))
      .orderBy(asc(attachments.createdAt))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  /**
   * Deletes the given uploads that are still unsent: locks them (skipping rows another
   * instance's cleanup or a send holds), lets `deleteBytes` remove their bytes, then deletes
   * the rows, all before the commit. A send that wants one of them waits for the lock and then
   * finds it gone; a crash after the bytes went leaves rows that the next run deletes again.
   * Point locks by primary key only, so new uploads are never blocked by the cleanup.
   */
  async deleteUnsent(tx: Transaction, ids: number[], deleteBytes: (rows: StoredKeys[]) => Promise<void>): Promise<number> {
    if (ids.length === 0) return 0;
    const locked = await tx
      .select({ id: attachments.id, storageKey: attachments.storageKey, thumbnailKey: attachments.thumbnailKey })
      .from(attachments)
      .where(and(inArray(attachments.id, ids), isNull(attachments.attachedAt)))
      .for('update', { skipLocked: true });
    if (locked.length === 0) return 0;
    await deleteBytes(locked);
    const [result] = await tx.delete(attachments).where(
      and(
        inArray(
          attachments.id,
          locked.map((r) => r.id),
        ),
        isNull(attachments.attachedAt),
      ),
    );
    return result.affectedRows;
  }
}
