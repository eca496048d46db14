import type { RecipientNotice, RecipientNotices } from '../delivery/delivery-status.js';
import type { NotificationsStore } from './notifications.store.js';

/** What `deliveryStatus` shows of the notification rules: held pushes and confirmations, per recipient. */
export class NotificationNotices implements RecipientNotices {
  constructor(private readonly store: NotificationsStore) {}

  async of(messageId: number): Promise<Map<number, RecipientNotice>> {
    const [holds, confirmations] = await Promise.all([this.store.holdsOf(messageId), this.store.confirmationsOf(messageId)]);
    const result = new Map<number, RecipientNotice>();
    const entry = (id: number) => {
      let notice = result.get(id);
      if (!notice) result.set(id, (notice = { held: null, confirmation: null }));
      return notice;
    };
    for (const h of holds) if (!h.releasedAt) entry(h.userId).held = { until: h.heldUntil };
    for (const c of confirmations) {
      entry(c.recipientId).confirmation = { state: c.state, confirmedAt: c.confirmedAt, remindedAt: c.remindedAt, escalatedAt: c.escalatedAt };
    }
    return result;
  }
}
