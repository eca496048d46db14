import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client.js';
import {
  meetingParticipants,
  meetingTimes,
  messageConfirmations,
  messageRecipients,
  messages,
  notificationFallbacks,
  notificationHolds,
  notificationSettings,
  type ConfirmationState,
  type FallbackChannel,
} from '../db/schema.js';

export type SettingsRow = typeof notificationSettings.$inferSelect;
export type NewSettings = Omit<SettingsRow, 'updatedAt'>;
export type HoldRow = typeof notificationHolds.$inferSelect;
export type ConfirmationRow = typeof messageConfirmations.$inferSelect;
export type MessageRowOf = typeof messages.$inferSelect;

/** Preferences, held pushes, meeting times, confirmations and fallback records. */
export class NotificationsStore {
  constructor(private readonly db: Database) {}

  // ---- preferences ----

  async settingsOf(userIds: readonly number[]): Promise<Map<number, SettingsRow>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.select().from(notificationSettings).where(inArray(notificationSettings.userId, [...userIds]));
    return new Map(rows.map((r) => [r.userId, r]));
  }

  async saveSettings(settings: NewSettings): Promise<void> {
    const { userId: _key, ...rest } = settings;
    await this.db
      .insert(notificationSettings)
      .values(settings)
      .onDuplicateKeyUpdate({ set: { ...rest, updatedAt: sql`CURRENT_TIMESTAMP(3)` } });
  }

  // ---- meetings ----

  /** Each user's running meeting that ends last (null end: until it is ended), for users in one. */
  async runningMeetings(userIds: readonly number[], now: Date): Promise<Map<number, { until: Date | null }>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .select({ userId: meetingParticipants.userId, endsAt: meetingTimes.endsAt })
      .from(meetingParticipants)
      .innerJoin(meetingTimes, eq(meetingTimes.meetingId, meetingParticipants.meetingId))
      .where(
        and(
          inArray(meetingParticipants.userId, [...userIds]),
          lte(meetingTimes.startsAt, now),
          or(isNull(meetingTimes.endsAt), gt(meetingTimes.endsAt, now)),
        ),
      );
    const result = new Map<number, { until: Date | null }>();
    for (const row of rows) {
      const known = result.get(row.userId);
      if (known && (known.until === null || (row.endsAt && row.endsAt <= known.until))) continue;
      result.set(row.userId, { until: row.endsAt });
    }
    return result;
  }

  async setMeetingTimes(meetingId: number, startsAt: Date, endsAt: Date | null): Promise<void> {
    await this.db.insert(meetingTimes).values({ meetingId, startsAt, endsAt }).onDuplicateKeyUpdate({ set: { startsAt, endsAt } });
  }

  async meetingTimesOf(meetingId: number): Promise<{ startsAt: Date; endsAt: Date | null } | null> {
    const [row] = await this.db.select().from(meetingTimes).where(eq(meetingTimes.meetingId, meetingId)).limit(1);
    return row ?? null;
  }

  // ---- held pushes ----

  async insertHolds(rows: Array<{ userId: number; messageId: number; seq: number; heldUntil: Date | null }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insert(notificationHolds).values(rows).onDuplicateKeyUpdate({ set: { heldUntil: sql`VALUES(${notificationHolds.heldUntil})` } });
  }

  /** The user's pushes still held, in inbox order, locked until `tx` ends. */
  openHoldsForUpdate(tx: Transaction, userId: number): Promise<HoldRow[]> {
    return tx
      .select()
      .from(notificationHolds)
      .where(and(eq(notificationHolds.userId, userId), isNull(notificationHolds.releasedAt)))
      .orderBy(asc(notificationHolds.seq))
      .for('update');
  }

  async markReleased(tx: Transaction, userId: number, messageIds: number[], now: Date): Promise<void> {
    if (messageIds.length === 0) return;
    await tx
      .update(notificationHolds)
      .set({ releasedAt: now })
      .where(and(eq(notificationHolds.userId, userId), inArray(notificationHolds.messageId, messageIds), isNull(notificationHolds.releasedAt)));
  }

  async holdsOf(messageId: number): Promise<HoldRow[]> {
    return this.db.select().from(notificationHolds).where(eq(notificationHolds.messageId, messageId));
  }

  /** Of these messages, those whose push to the user is held now. */
  async heldAmong(userId: number, messageIds: readonly number[]): Promise<Set<number>> {
    if (messageIds.length === 0) return new Set();
    const rows = await this.db
      .select({ messageId: notificationHolds.messageId })
      .from(notificationHolds)
      .where(and(eq(notificationHolds.userId, userId), inArray(notificationHolds.messageId, [...messageIds]), isNull(notificationHolds.releasedAt)));
    return new Set(rows.map((r) => r.messageId));
  }

  /** Users with pushes still held. */
  async usersWithOpenHolds(userIds: readonly number[]): Promise<number[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectDistinct({ userId: notificationHolds.userId })
      .from(notificationHolds)
      .where(and(inArray(notificationHolds.userId, [...userIds]), isNull(notificationHolds.releasedAt)));
    return rows.map((r) => r.userId);
  }

  // ---- messages as the rules read them ----

  async messagesWithReceipts(userId: number, messageIds: readonly number[]): Promise<Array<{ message: MessageRowOf; seq: number; isRead: boolean }>> {
    if (messageIds.length === 0) return [];
    const rows = await this.db
      .select({ message: messages, seq: messageRecipients.seq, isRead: messageRecipients.isRead })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(and(eq(messageRecipients.recipientId, userId), inArray(messageRecipients.messageId, [...messageIds])))
      .orderBy(asc(messageRecipients.seq));
    return rows;
  }

  /** The user's unread messages of at least NORMAL priority sent at or before `before`, not yet sent through `channel`. */
  async fallbackCandidates(userId: number, channel: FallbackChannel, before: Date, limit: number): Promise<MessageRowOf[]> {
    const rows = await this.db
      .select({ message: messages })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .leftJoin(
        notificationFallbacks,
        and(
          eq(notificationFallbacks.userId, userId),
          eq(notificationFallbacks.messageId, messageRecipients.messageId),
          eq(notificationFallbacks.channel, channel),
        ),
      )
      .where(
        and(
          eq(messageRecipients.recipientId, userId),
          eq(messageRecipients.isRead, false),
          inArray(messages.priority, ['URGENT', 'NORMAL']),
          isNull(messages.recalledAt),
          lte(messages.createdAt, before),
          isNull(notificationFallbacks.messageId),
        ),
      )
      .orderBy(asc(messageRecipients.seq))
      .limit(limit);
    return rows.map((r) => r.message);
  }

  /** The oldest unread message newer than `after` not yet sent through `channel` (the next fallback to plan), if any. */
  async nextUnreadAfter(userId: number, channel: FallbackChannel, after: Date): Promise<Date | null> {
    const [row] = await this.db
      .select({ createdAt: messages.createdAt })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .leftJoin(
        notificationFallbacks,
        and(
          eq(notificationFallbacks.userId, userId),
          eq(notificationFallbacks.messageId, messageRecipients.messageId),
          eq(notificationFallbacks.channel, channel),
        ),
      )
      .where(
        and(
          eq(messageRecipients.recipientId, userId),
          eq(messageRecipients.isRead, false),
          inArray(messages.priority, ['URGENT', 'NORMAL']),
          gt(messages.createdAt, after),
          isNull(notificationFallbacks.messageId),
        ),
      )
      .orderBy(asc(messages.createdAt))
      .limit(1);
    return row?.createdAt ?? null;
  }

  /** Records what went out (SENT) or was given up (DEAD); a message is recorded once per channel. */
  async recordFallbacks(
    executor: Database | Transaction,
    rows: Array<{ userId: number; messageId: number; channel: FallbackChannel; status: 'SENT' | 'DEAD'; attempts: number; lastError: string | null }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await executor.insert(notificationFallbacks).values(rows).onDuplicateKeyUpdate({ set: { messageId: sql`${notificationFallbacks.messageId}` } });
  }

  async fallbacksOf(userId: number): Promise<Array<typeof notificationFallbacks.$inferSelect>> {
    return this.db.select().from(notificationFallbacks).where(eq(notificationFallbacks.userId, userId));
  }

  // ---- required confirmations ----

  async insertConfirmations(rows: Array<{ messageId: number; recipientId: number; escalateTo: number; withinSeconds: number }>): Promise<void> {
    if (rows.length > 0) await this.db.insert(messageConfirmations).values(rows);
  }

  async confirmationsOf(messageId: number, executor: Database | Transaction = this.db): Promise<ConfirmationRow[]> {
    return executor.select().from(messageConfirmations).where(eq(messageConfirmations.messageId, messageId));
  }

  /** Moves recipients from one state to the next; returns the recipients this call moved (others saw it first). */
  async advance(tx: Transaction, messageId: number, from: ConfirmationState[], to: ConfirmationState, now: Date): Promise<number[]> {
    const rows = await tx
      .select({ recipientId: messageConfirmations.recipientId })
      .from(messageConfirmations)
      .where(and(eq(messageConfirmations.messageId, messageId), inArray(messageConfirmations.state, from)))
      .for('update');
    const ids = rows.map((r) => r.recipientId);
    if (ids.length === 0) return [];
    const stamp = to === 'REMINDED' ? { remindedAt: now } : to === 'ESCALATED' ? { escalatedAt: now } : { confirmedAt: now };
    await tx
      .update(messageConfirmations)
      .set({ state: to, ...stamp })
      .where(and(eq(messageConfirmations.messageId, messageId), inArray(messageConfirmations.recipientId, ids)));
    return ids;
  }

  /** Confirms for one recipient; false when nothing was waiting for it. */
  async confirm(messageId: number, recipientId: number, now: Date): Promise<boolean> {
    const [result] = await this.db
      .update(messageConfirmations)
      .set({ state: 'CONFIRMED', confirmedAt: now })
      .where(
        and(
          eq(messageConfirmations.messageId, messageId),
          eq(messageConfirmations.recipientId, recipientId),
          inArray(messageConfirmations.state, ['PENDING', 'REMINDED', 'ESCALATED']),
        ),
      );
    return result.affectedRows > 0;
  }
}
