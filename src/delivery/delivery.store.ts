import { and, asc, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { messageRecipients } from '../db/schema.js';

/** The database side of acknowledgements and delivery status. */
export class DeliveryStore {
  constructor(private readonly db: Database) {}

  /** Marks the user's messages up to `upToSeq` delivered; returns the ids that changed. */
  async acknowledge(userId: number, upToSeq: number, now: Date): Promise<number[]> {
    const pending = await this.db
      .select({ messageId: messageRecipients.messageId })
      .from(messageRecipients)
      .where(
        and(
          eq(messageRecipients.recipientId, userId),
          lte(messageRecipients.seq, upToSeq),
          isNull(messageRecipients.deliveredAt),
        ),
      );
    if (pending.length === 0) return [];
    await this.db
      .update(messageRecipients)
      .set({ deliveredAt: now })
      .where(
        and(
          eq(messageRecipients.recipientId, userId),
          lte(messageRecipients.seq, upToSeq),
          isNull(messageRecipients.deliveredAt),
        ),
      );
    return pending.map((p) => p.messageId);
  }

  /** Which of these users ever acknowledged anything (one statement for all of them). */
  async everAcknowledged(userIds: number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ userId: messageRecipients.recipientId })
      .from(messageRecipients)
      .where(and(inArray(messageRecipients.recipientId, userIds), isNotNull(messageRecipients.deliveredAt)));
    return new Set(rows.map((r) => r.userId));
  }

  /** Of each user's positions, those not acknowledged yet (one statement for all of them). */
  async unacknowledgedOf(seqsByUser: Map<number, number[]>): Promise<Map<number, Set<number>>> {
    const out = new Map<number, Set<number>>([...seqsByUser.keys()].map((id) => [id, new Set<number>()]));
    if (seqsByUser.size === 0) return out;
    const rows = await this.db
      .select({ userId: messageRecipients.recipientId, seq: messageRecipients.seq })
      .from(messageRecipients)
      .where(
        and(
          isNull(messageRecipients.deliveredAt),
          or(
            ...[...seqsByUser].map(([userId, seqs]) =>
              and(eq(messageRecipients.recipientId, userId), inArray(messageRecipients.seq, seqs)),
            ),
          ),
        ),
      );
    for (const row of rows) out.get(row.userId)?.add(row.seq);
    return out;
  }

  /** Per-recipient state of a message, from the database (the status of record). */
  async recipientStates(messageId: number): Promise<
    Array<{ recipientId: number; createdAt: Date; deliveredAt: Date | null; readAt: Date | null; isRead: boolean }>
  > {
    return this.db
      .select({
        recipientId: messageRecipients.recipientId,
        createdAt: messageRecipients.createdAt,
        deliveredAt: messageRecipients.deliveredAt,
        readAt: messageRecipients.readAt,
        isRead: messageRecipients.isRead,
      })
      .from(messageRecipients)
      .where(eq(messageRecipients.messageId, messageId))
      .orderBy(asc(messageRecipients.id));
  }
}
