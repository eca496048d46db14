import type { Transaction } from '../db/client.js';
import type { HeldPushes } from '../delivery/inbox-stream.js';
import type { PushPolicy } from '../delivery/dispatcher.js';
import type { CommittedSend } from '../inbox/inbox.store.js';
import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import { encodeReleaseEvent, userChannel } from '../wire/payloads.js';
import type { NotificationsStore } from './notifications.store.js';
import { decidePush } from './quiet-hours.js';
import type { SettingsResolver } from './settings.js';
import type { TimerOutcome } from './timers.js';
import type { TimerRow, TimersStore } from './timers.store.js';

/** How long a hold whose end is unknown (a meeting with no end) waits before the rules are read again. */
const RECHECK_MS = 15 * 60_000;

/**
 * Do-not-disturb: decides, after a send commits and before it is published, which recipients'
 * live pushes are held (quiet hours, a running meeting, the type's mode); records each hold in
 * `notification_holds` and arms the user's RELEASE timer. When that timer fires (on one
 * instance) and the rules no longer hold, the open holds are marked released in the timer's
 * transaction and published as one event on the user's channel, in inbox order.
 */
export class PushHolds implements PushPolicy, HeldPushes {
  constructor(
    private readonly store: NotificationsStore,
    private readonly timers: TimersStore,
    private readonly settings: SettingsResolver,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {}

  /** A send is about to commit: its recipients' rules are read meanwhile (SettingsResolver.prefetch). */
  prepare(recipientIds: readonly number[]): void {
    this.settings.prefetch(recipientIds);
  }

  async heldRecipients(results: CommittedSend[]): Promise<Map<number, number[]>> {
    const sends = results.filter((r) => !r.duplicate && r.deliveries.length > 0);
    const recipientIds = [...new Set(sends.flatMap((r) => r.deliveries.map((d) => d.recipientId)))];
    const rules = await this.settings.customRules(recipientIds);
    const held = new Map<number, number[]>();
    if (rules.size === 0) return held;
    const now = new Date();
    const meetingUsers = [...rules].filter(([, r]) => r.holdDuringMeetings).map(([id]) => id);
    const meetings = await this.store.runningMeetings(meetingUsers, now);
    const holds: Array<{ userId: number; messageId: number; seq: number; heldUntil: Date | null }> = [];
    for (const send of sends) {
      for (const { recipientId, seq } of send.deliveries) {
        const userRules = rules.get(recipientId);
        if (!userRules) continue;
        const decision = decidePush(userRules, send.message, now, meetings.get(recipientId) ?? null);
        if (decision.push === 'LIVE') continue;
        held.set(send.message.id, [...(held.get(send.message.id) ?? []), recipientId]);
        // A muted type is never pushed live: no hold to release.
        if (decision.push === 'HELD') holds.push({ userId: recipientId, messageId: send.message.id, seq, heldUntil: decision.until });
      }
    }
    await this.store.insertHolds(holds);
    const releases = new Map<number, Date>();
    for (const h of holds) {
      const due = h.heldUntil ?? new Date(now.getTime() + RECHECK_MS);
      const known = releases.get(h.userId);
      if (!known || due < known) releases.set(h.userId, due);
    }
    for (const [userId, due] of releases) await this.timers.schedule('RELEASE', userId, 0, due);
    return held;
  }

  heldAmong(userId: number, messageIds: readonly number[]): Promise<Set<number>> {
    return this.store.heldAmong(userId, messageIds);
  }

  /** Arms the release of these users' holds now (a meeting ended); the timer reads the rules again. */
  async releaseSoon(userIds: readonly number[]): Promise<void> {
    const now = new Date();
    for (const userId of await this.store.usersWithOpenHolds(userIds)) await this.timers.schedule('RELEASE', userId, 0, now);
  }

  /** The RELEASE timer of a user. */
  async fire(timer: TimerRow, tx: Transaction, now: Date): Promise<TimerOutcome> {
    const userId = timer.userId;
    const rules = (await this.settings.customRules([userId])).get(userId);
    if (rules) {
      const meeting = rules.holdDuringMeetings ? ((await this.store.runningMeetings([userId], now)).get(userId) ?? null) : null;
      // Still quiet (the hours were extended, a meeting runs on): fire again when that ends.
      const decision = decidePush(rules, { type: 'TEXT', priority: 'NORMAL' }, now, meeting);
      if (decision.push === 'HELD') return { done: false, retryAt: decision.until ?? new Date(now.getTime() + RECHECK_MS), error: null };
    }
    const open = await this.store.openHoldsForUpdate(tx, userId);
    if (open.length === 0) return { done: true };
    await this.store.markReleased(tx, userId, open.map((h) => h.messageId), now);
    // Read meanwhile (on another device, through sync): nothing to push for those.
    const unread = (await this.store.messagesWithReceipts(userId, open.map((h) => h.messageId))).filter((m) => !m.isRead && !m.message.recalledAt);
    if (unread.length > 0) {
      await this.bus.publish(userChannel(userId), encodeReleaseEvent(unread.map((m) => ({ seq: m.seq, message: m.message }))));
    }
    this.logger.debug({ userId, released: open.length, pushed: unread.length }, 'held pushes released');
    return { done: true };
  }
}
