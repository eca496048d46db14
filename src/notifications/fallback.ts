import type { UsersStore } from '../auth/users.store.js';
import type { Transaction } from '../db/client.js';
import type { FallbackChannel } from '../db/schema.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../outbound/mailer.js';
import { postSignedJson, retryDelayMs } from '../outbound/webhook.js';
import type { PresenceService } from '../presence/presence.service.js';
import type { MessageRowOf, NotificationsStore } from './notifications.store.js';
import type { SettingsResolver } from './settings.js';
import type { TimerOutcome } from './timers.js';
import type { TimerRow, TimersStore } from './timers.store.js';

export interface FallbackSettings {
  retryBaseMs: number;
  maxAttempts: number;
  webhook: { url: string; secret: string } | null;
}

/** Messages in one digest at most (the rest go in the next one). */
const DIGEST_LIMIT = 50;
const KIND: Record<FallbackChannel, 'FALLBACK_EMAIL' | 'FALLBACK_WEBHOOK'> = { EMAIL: 'FALLBACK_EMAIL', WEBHOOK: 'FALLBACK_WEBHOOK' };

/**
 * Offline fallback: a user who chose fallback channels and leaves a message of NORMAL or URGENT
 * priority unread for their `fallbackAfterSeconds`, with no live device at that time, gets it
 * through each channel: one email digest (SMTP) of every such message, and one signed webhook
 * (a push gateway or SMS provider). A timer per user and channel; failures are retried with
 * backoff, and after the last try each message gets a DEAD record (the dead-letter record).
 * Every message sent or given up is recorded once per channel, so it never goes out twice.
 */
export class OfflineFallback {
  constructor(
    private readonly store: NotificationsStore,
    private readonly timers: TimersStore,
    private readonly settings: SettingsResolver,
    private readonly presence: PresenceService,
    private readonly users: UsersStore,
    private readonly mailer: Mailer | null,
    private readonly options: FallbackSettings,
    private readonly logger: Logger,
  ) {}

  /** After a send commits: arms the recipients' fallback timers (the reaction in src/reactions.ts). */
  async react(change: InboxChange): Promise<void> {
    if (change.kind !== 'sent') return;
    const sends = change.results.filter((r) => !r.duplicate && r.message.priority !== 'LOW');
    const recipients = [...new Set(sends.flatMap((r) => r.deliveries.map((d) => d.recipientId)))];
    if (recipients.length === 0) return;
    const rules = await this.settings.customRules(recipients);
    for (const send of sends) {
      for (const { recipientId } of send.deliveries) {
        const prefs = rules.get(recipientId);
        if (!prefs) continue;
        const due = new Date(send.message.createdAt.getTime() + prefs.fallbackAfterSeconds * 1000);
        for (const channel of prefs.fallbackChannels) await this.timers.schedule(KIND[channel], recipientId, 0, due);
      }
    }
  }

  async fire(channel: FallbackChannel, timer: TimerRow, tx: Transaction, now: Date): Promise<TimerOutcome> {
    const userId = timer.userId;
    const prefs = (await this.settings.of([userId])).get(userId)!;
    if (!prefs.fallbackChannels.includes(channel)) return { done: true };
    const cutoff = new Date(now.getTime() - prefs.fallbackAfterSeconds * 1000);
    // The oldest waited long enough; the digest takes every unread message not yet sent along with it.
    const messages = await this.store.fallbackCandidates(userId, channel, now, DIGEST_LIMIT);
    const next = async (): Promise<TimerOutcome> => {
      const later = await this.store.nextUnreadAfter(userId, channel, cutoff);
      return later ? { done: false, retryAt: new Date(later.getTime() + prefs.fallbackAfterSeconds * 1000), error: null } : { done: true };
    };
    if (!messages.some((m) => m.createdAt <= cutoff) || (await this.isOnline(userId))) return next();

    const attempt = await this.deliver(channel, prefs.fallbackEmail, userId, messages);
    const attempts = timer.attempts + 1;
    if (!attempt.ok && attempt.retryable && attempts < this.options.maxAttempts) {
      return { done: false, retryAt: new Date(now.getTime() + retryDelayMs(attempts, this.options.retryBaseMs)), error: attempt.error };
    }
    const status = attempt.ok ? 'SENT' : 'DEAD';
    const lastError = attempt.ok ? null : attempt.error.slice(0, 500);
    await this.store.recordFallbacks(tx, messages.map((m) => ({ userId, messageId: m.id, channel, status, attempts, lastError })));
    if (!attempt.ok) this.logger.warn({ userId, channel, error: attempt.error, messages: messages.length }, 'fallback given up: dead-letter records written');
    return next();
  }

  private async isOnline(userId: number): Promise<boolean> {
    const user = await this.users.findById(userId);
    if (!user) return false;
    const [presence] = await this.presence.presenceOf({ id: userId, tenantId: user.tenantId, role: user.role, expiresAt: Number.MAX_SAFE_INTEGER }, [userId]);
    return presence?.online ?? false;
  }

  private async deliver(
    channel: FallbackChannel,
    email: string | null,
    userId: number,
    messages: MessageRowOf[],
  ): Promise<{ ok: true } | { ok: false; retryable: boolean; error: string }> {
    if (channel === 'EMAIL') {
      if (!this.mailer || !email) return { ok: false, retryable: false, error: this.mailer ? 'no fallbackEmail' : 'SMTP_URL is not set' };
      try {
        await this.mailer.send({ to: email, subject: digestSubject(messages.length), text: await this.digestText(messages) });
        return { ok: true };
      } catch (error) {
        return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
      }
    }
    if (!this.options.webhook) return { ok: false, retryable: false, error: 'NOTIFICATION_WEBHOOK_URL is not set' };
    const result = await postSignedJson({
      url: this.options.webhook.url,
      secret: this.options.webhook.secret,
      payload: {
        type: 'unread_messages',
        userId: String(userId),
        messages: messages.map((m) => ({ id: String(m.id), senderId: String(m.senderId), priority: m.priority, content: m.content, createdAt: m.createdAt.toISOString() })),
      },
    });
    return result.ok ? { ok: true } : { ok: false, retryable: result.retryable, error: result.error };
  }

  private async digestText(messages: MessageRowOf[]): Promise<string> {
    const senders = new Map((await this.users.findByIds([...new Set(messages.map((m) => m.senderId))])).map((u) => [u.id, u.displayName]));
    const lines = messages.map((m) => `${m.priority === 'URGENT' ? '[URGENT] ' : ''}${senders.get(m.senderId) ?? 'Someone'} (${m.createdAt.toISOString()}):\n${m.content}`);
    return `You have ${digestSubject(messages.length).toLowerCase()} while you were away:\n\n${lines.join('\n\n')}\n`;
  }
}

function digestSubject(count: number): string {
  return count === 1 ? '1 unread message' : `${count} unread messages`;
}
