import { and, eq, isNull } from 'drizzle-orm';
import { withTransaction, type Database } from '../db/client.js';
import { messages } from '../db/schema.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import { appendMessageEvents } from '../inbox/inbox.store.js';
import type { LinkPreview } from './link-preview.js';

/** Rolls the transaction back: the message was recalled (or removed) meanwhile. */
class MessageGone extends Error {}

/** The previews' one write: a message's `link_previews`, with its UPDATE in every recipient's inbox. */
export class PreviewsStore {
  constructor(private readonly db: Database) {}

  /**
   * Stores the previews and, in the same transaction, takes the next inbox seq of every
   * recipient for one UPDATE event each (user rows first, in id order, like every inbox
   * change; retried on deadlock). Returns the committed change, or null when the message is
   * gone or recalled (nothing is written then).
   */
  async save(messageId: number, previews: LinkPreview[], now: Date): Promise<Extract<InboxChange, { kind: 'update' }> | null> {
    try {
      return await withTransaction(this.db, async (tx) => {
        const deliveries = await appendMessageEvents(tx, messageId, 'UPDATE', now);
        const [result] = await tx
          .update(messages)
          .set({ linkPreviews: previews })
          .where(and(eq(messages.id, messageId), isNull(messages.recalledAt)));
        if (result.affectedRows === 0) throw new MessageGone();
        const [message] = await tx.select().from(messages).where(eq(messages.id, messageId));
        return { kind: 'update' as const, message: message!, deliveries };
      });
    } catch (error) {
      if (error instanceof MessageGone) return null;
      throw error;
    }
  }
}
