import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { withTransaction, type Database } from '../db/client.js';
import {
  attachments,
  inboxEvents,
  inboxFloors,
  meetingParticipants,
  meetings,
  messageAttachments,
  messageRecipients,
  messageRenderings,
  messages,
  retentionPolicies,
  searchTerms,
  transcriptSegments,
  userPresence,
  users,
} from '../db/schema.js';
import { ERASED_NAME, ERASED_TENANT, MESSAGE_ROWS, USER_COLUMNS } from './user-data.js';

export type RetentionPolicy = typeof retentionPolicies.$inferSelect;
type Policy = Omit<RetentionPolicy, 'tenantId' | 'updatedAt'>;

const affected = (result: unknown) => (result as [{ affectedRows: number }])[0].affectedRows;

/** Retention policies, the inbox floors, and the reads and writes of export and erasure. */
export class LifecycleStore {
  constructor(private readonly db: Database) {}

  // ---- policies and floors ----------------------------------------------------------------

  async policy(tenantId: string): Promise<RetentionPolicy | undefined> {
    const [row] = await this.db.select().from(retentionPolicies).where(eq(retentionPolicies.tenantId, tenantId));
    return row;
  }

  policies(): Promise<RetentionPolicy[]> {
    return this.db.select().from(retentionPolicies);
  }

  async setPolicy(tenantId: string, policy: Policy): Promise<void> {
    await this.db
      .insert(retentionPolicies)
      .values({ tenantId, ...policy })
      .onDuplicateKeyUpdate({ set: { ...policy, updatedAt: new Date() } });
  }

  async floorOf(userId: number): Promise<number> {
    const [row] = await this.db.select({ floorSeq: inboxFloors.floorSeq }).from(inboxFloors).where(eq(inboxFloors.userId, userId));
    return row?.floorSeq ?? 0;
  }

  // ---- retention, a batch at a time -------------------------------------------------------

  /**
   * Deletes up to `limit` inbox events of the tenant's users older than `before` and raises
   * each user's floor to the last position deleted. Per user, positions grow with time, so
   * the events deleted are always a prefix of the log: what is left has no gap.
   */
  async compactInboxEvents(tenantId: string, before: Date, limit: number): Promise<number> {
    return withTransaction(this.db, async (tx) => {
      const rows = await tx
        .select({ userId: inboxEvents.userId, top: sql<number>`MAX(${inboxEvents.seq})`.mapWith(Number) })
        .from(inboxEvents)
        .innerJoin(users, eq(users.id, inboxEvents.userId))
        .where(and(eq(users.tenantId, tenantId), lt(inboxEvents.createdAt, before)))
        .groupBy(inboxEvents.userId)
        .limit(limit);
      let deleted = 0;
      for (const { userId, top } of rows) {
        await tx
          .insert(inboxFloors)
          .values({ userId, floorSeq: top })
          .onDuplicateKeyUpdate({ set: { floorSeq: sql`GREATEST(${inboxFloors.floorSeq}, VALUES(${inboxFloors.floorSeq}))` } });
        deleted += affected(
          await tx.execute(sql`DELETE FROM ${inboxEvents} WHERE ${inboxEvents.userId} = ${userId} AND ${inboxEvents.seq} <= ${top} LIMIT ${limit}`),
        );
      }
      return deleted;
    });
  }

  /** Deletes up to `limit` of the tenant's messages sent before `before`; returns their recipients. */
  async deleteMessagesBefore(tenantId: string, before: Date, limit: number): Promise<{ deleted: number; recipientIds: number[] }> {
    return withTransaction(this.db, async (tx) => {
      const ids = (
        await tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.tenantId, tenantId), lt(messages.createdAt, before)))
          .orderBy(asc(messages.id))
          .limit(limit)
      ).map((r) => r.id);
      if (ids.length === 0) return { deleted: 0, recipientIds: [] };
      const recipients = await tx.selectDistinct({ id: messageRecipients.recipientId }).from(messageRecipients).where(inArray(messageRecipients.messageId, ids));
      // Every row about these messages goes with them (their inbox events: the floor, above).
      for (const table of MESSAGE_ROWS) await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE message_id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
      const [result] = await tx.delete(messages).where(inArray(messages.id, ids));
      return { deleted: result.affectedRows, recipientIds: recipients.map((r) => r.id) };
    });
  }

  async deleteTranscriptsBefore(tenantId: string, before: Date, limit: number): Promise<number> {
    return affected(
      await this.db.execute(
        sql`DELETE s FROM ${transcriptSegments} s JOIN ${meetings} m ON m.id = s.meeting_id WHERE m.tenant_id = ${tenantId} AND s.created_at < ${before} AND s.id IN (SELECT id FROM (SELECT s2.id FROM ${transcriptSegments} s2 JOIN ${meetings} m2 ON m2.id = s2.meeting_id WHERE m2.tenant_id = ${tenantId} AND s2.created_at < ${before} LIMIT ${limit}) AS batch)`,
      ),
    );
  }

  /** Up to `limit` of the tenant's uploads older than `before`, unlinked from their messages and deleted; returns their storage keys. */
  async deleteAttachmentsBefore(tenantId: string, before: Date, limit: number): Promise<Array<{ storageKey: string; thumbnailKey: string | null }>> {
    return this.deleteAttachments(and(eq(attachments.tenantId, tenantId), lt(attachments.createdAt, before))!, limit);
  }

  private async deleteAttachments(where: SQL, limit: number): Promise<Array<{ storageKey: string; thumbnailKey: string | null }>> {
    return withTransaction(this.db, async (tx) => {
      const rows = await tx
        .select({ id: attachments.id, storageKey: attachments.storageKey, thumbnailKey: attachments.thumbnailKey })
        .from(attachments)
        .where(where)
        .limit(limit);
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await tx.delete(messageAttachments).where(inArray(messageAttachments.attachmentId, ids));
      await tx.delete(attachments).where(inArray(attachments.id, ids));
      return rows;
    });
  }

  // ---- export -----------------------------------------------------------------------------

  async exportRows(userId: number) {
    const [user] = await this.db.select().from(users).where(eq(users.id, userId));
    const received = await this.db
      .select({ message: messages, isRead: messageRecipients.isRead, readAt: messageRecipients.readAt, deliveredAt: messageRecipients.deliveredAt })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(eq(messageRecipients.recipientId, userId))
      .orderBy(asc(messageRecipients.seq));
    const sent = await this.db.select().from(messages).where(eq(messages.senderId, userId)).orderBy(asc(messages.id));
    const visibleIds = [...new Set([...received.map((r) => r.message.id), ...sent.map((m) => m.id)])];
    const files =
      visibleIds.length === 0
        ? []
        : await this.db
            .selectDistinct({ attachment: attachments, messageId: messageAttachments.messageId })
            .from(messageAttachments)
            .innerJoin(attachments, eq(attachments.id, messageAttachments.attachmentId))
            .where(inArray(messageAttachments.messageId, visibleIds));
    const uploads = await this.db.select().from(attachments).where(eq(attachments.uploaderId, userId));
    const ownMeetings = await this.db
      .select({ meeting: meetings })
      .from(meetingParticipants)
      .innerJoin(meetings, eq(meetings.id, meetingParticipants.meetingId))
      .where(eq(meetingParticipants.userId, userId));
    const [presence] = await this.db.select().from(userPresence).where(eq(userPresence.userId, userId));
    return { user, received, sent, files, uploads, meetings: ownMeetings.map((m) => m.meeting), presence };
  }

  // ---- erasure ----------------------------------------------------------------------------

  /**
   * Erases a user in one transaction, following USER_COLUMNS: their own rows deleted, the
   * messages they sent turned into tombstones, their row anonymized. Returns the storage keys
   * of their uploads (deleted after the commit), the ids of the messages they sent and the
   * users whose inboxes changed.
   */
  async erase(userId: number, tenantId: string, names: string[], now: Date) {
    return withTransaction(this.db, async (tx) => {
      const sent = (await tx.select({ id: messages.id }).from(messages).where(eq(messages.senderId, userId))).map((r) => r.id);
      const touched =
        sent.length === 0
          ? []
          : (await tx.selectDistinct({ id: messageRecipients.recipientId }).from(messageRecipients).where(inArray(messageRecipients.messageId, sent))).map((r) => r.id);
      const uploads = await tx
        .select({ id: attachments.id, storageKey: attachments.storageKey, thumbnailKey: attachments.thumbnailKey })
        .from(attachments)
        .where(eq(attachments.uploaderId, userId));
      if (uploads.length > 0) await tx.delete(messageAttachments).where(inArray(messageAttachments.attachmentId, uploads.map((u) => u.id)));
      if (sent.length > 0) {
        await tx.delete(messageAttachments).where(inArray(messageAttachments.messageId, sent));
        // The text of the tombstones lives on in other people's search terms and renderings.
        await tx.delete(searchTerms).where(inArray(searchTerms.messageId, sent));
        await tx.delete(messageRenderings).where(inArray(messageRenderings.messageId, sent));
      }
      for (const { table, column, action } of USER_COLUMNS) {
        if (action.kind === 'delete') await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${userId}`);
      }
      await tx
        .update(messages)
        .set({ content: '', attachments: null, linkPreviews: null, forwardComment: null, clientMessageId: null, recalledAt: sql`COALESCE(${messages.recalledAt}, ${now})` })
        .where(eq(messages.senderId, userId));
      // Speaker labels are text from the transcriber: those naming the user are replaced.
      if (names.length > 0) {
        await tx.execute(
          sql`UPDATE ${transcriptSegments} s JOIN ${meetings} m ON m.id = s.meeting_id SET s.speaker = ${ERASED_NAME} WHERE m.tenant_id = ${tenantId} AND s.speaker IN (${sql.join(
            names.map((n) => sql`${n}`),
            sql`, `,
          )})`,
        );
      }
      await tx
        .update(users)
        .set({ tenantId: ERASED_TENANT, username: `erased-${userId}`, displayName: ERASED_NAME, passwordHash: null, settings: null })
        .where(eq(users.id, userId));
      return { uploads, sentMessageIds: sent, touchedUserIds: touched };
    });
  }
}
