import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import type { Transaction } from '../db/client.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { InboxService } from '../inbox/inbox.service.js';
import type { InboxStore, MessageRow } from '../inbox/inbox.store.js';
import type { Logger } from '../logger.js';
import type { NotificationsStore } from './notifications.store.js';
import type { TimerOutcome } from './timers.js';
import type { TimerRow, TimersStore } from './timers.store.js';

export interface RequireConfirmation {
  /** Seconds each recipient has to confirm; the reminder goes out then, the escalation after as long again. */
  withinSeconds: number;
  /** Who is told after the second deadline (a user of the sender's tenant); the sender when null. */
  escalateTo: number | null;
}

/** A far expiry for the sender acting through a timer: the send happened with a valid token. */
const TIMER_CREDENTIAL_SECONDS = 3600;

/**
 * Required confirmation: each recipient confirms (distinct from reading); by the first deadline
 * those who did not are reminded (an URGENT REMINDER message, which the offline fallback also
 * takes), by the second the escalation contact is told who did not confirm. Both deadlines are
 * durable timers (REMIND, ESCALATE); the move of each recipient's state (PENDING → REMINDED →
 * ESCALATED) happens under a row lock in the timer's transaction, so each fires once.
 */
export class Confirmations {
  constructor(
    private readonly store: NotificationsStore,
    private readonly timers: TimersStore,
    private readonly users: UsersStore,
    private readonly inbox: InboxService,
    private readonly messages: InboxStore,
    private readonly logger: Logger,
  ) {}

  /** Checks the options before the send: the escalation contact is a user of the sender's tenant. */
  async check(viewer: Viewer, options: RequireConfirmation): Promise<void> {
    if (options.escalateTo !== null && !(await this.users.existingInTenant(viewer.tenantId, [options.escalateTo])).has(options.escalateTo)) {
      throw badInput('escalateTo names no user', 'escalateTo');
    }
  }

  /** After the send committed: a row per recipient and the two timers. */
  async require(viewer: Viewer, message: MessageRow, recipientIds: readonly number[], options: RequireConfirmation): Promise<void> {
    const escalateTo = options.escalateTo ?? viewer.id;
    const existing = await this.store.confirmationsOf(message.id);
    // Sending again with the same clientMessageId returns the first message: nothing new to require.
    if (existing.length > 0) return;
    await this.store.insertConfirmations(recipientIds.map((recipientId) => ({ messageId: message.id, recipientId, escalateTo, withinSeconds: options.withinSeconds })));
    const sentAt = message.createdAt.getTime();
    await this.timers.schedule('REMIND', 0, message.id, new Date(sentAt + options.withinSeconds * 1000));
    await this.timers.schedule('ESCALATE', 0, message.id, new Date(sentAt + options.withinSeconds * 2000));
  }

  /** The viewer confirms a message that asked them to; confirming again changes nothing. */
  async confirm(viewer: Viewer, messageId: number): Promise<{ messageId: number; confirmedAt: Date }> {
    const mine = (await this.store.confirmationsOf(messageId)).find((c) => c.recipientId === viewer.id);
    if (!mine) throw notFound('No message of yours asks for a confirmation with this id');
    if (mine.confirmedAt) return { messageId, confirmedAt: mine.confirmedAt };
    const now = new Date();
    await this.store.confirm(messageId, viewer.id, now);
    const after = (await this.store.confirmationsOf(messageId)).find((c) => c.recipientId === viewer.id)!;
    return { messageId, confirmedAt: after.confirmedAt ?? now };
  }

  async fireReminder(timer: TimerRow, tx: Transaction, now: Date): Promise<TimerOutcome> {
    const original = await this.messageOf(timer.messageId);
    if (!original || original.recalledAt) return { done: true };
    const reminded = await this.store.advance(tx, timer.messageId, ['PENDING'], 'REMINDED', now);
    if (reminded.length > 0) {
      await this.inbox.send(await this.senderOf(original), {
        recipientIds: reminded,
        content: `Reminder, please confirm: ${original.content}`,
        type: 'REMINDER',
        priority: 'URGENT',
        replyToId: original.id,
        // An instance that dies after this send and before its commit leaves the timer to
        // another: the same clientMessageId makes that second send return the first message.
        clientMessageId: `confirmation-reminder:${original.id}`,
      });
      this.logger.debug({ messageId: original.id, reminded: reminded.length }, 'confirmation reminders sent');
    }
    return { done: true };
  }

  async fireEscalation(timer: TimerRow, tx: Transaction, now: Date): Promise<TimerOutcome> {
    const original = await this.messageOf(timer.messageId);
    if (!original || original.recalledAt) return { done: true };
    const rows = await this.store.confirmationsOf(timer.messageId, tx);
    const escalated = await this.store.advance(tx, timer.messageId, ['PENDING', 'REMINDED'], 'ESCALATED', now);
    if (escalated.length > 0) {
      const names = (await this.users.findByIds(escalated)).map((u) => u.displayName).sort();
      const contacts = [...new Set(rows.filter((r) => escalated.includes(r.recipientId)).map((r) => r.escalateTo))];
      await this.inbox.send(await this.senderOf(original), {
        recipientIds: contacts,
        content: `Not confirmed in time by ${names.join(', ')}: ${original.content}`,
        type: 'REMINDER',
        priority: 'URGENT',
        replyToId: original.id,
        clientMessageId: `confirmation-escalation:${original.id}`,
      });
    }
    return { done: true };
  }

  private async messageOf(id: number): Promise<MessageRow | null> {
    return (await this.messages.findByIds([id]))[0] ?? null;
  }

  private async senderOf(message: MessageRow): Promise<Viewer> {
    const sender = await this.users.findById(message.senderId);
    return {
      id: message.senderId,
      tenantId: message.tenantId,
      role: sender?.role ?? 'user',
      expiresAt: Math.floor(Date.now() / 1000) + TIMER_CREDENTIAL_SECONDS,
    };
  }
}
