import type { HttpReceiver } from './http-receiver.js';
import type { SmtpInbox } from './smtp.js';

/**
 * An app's environment for the offline fallback (src/notifications/fallback.ts): email to a
 * real SMTP inbox, the notification webhook to a real receiver, timers polled every 100 ms and
 * a failed try retried after 100 ms, three tries in all.
 */
export function fallbackChannelsEnv(smtp: SmtpInbox, receiver: HttpReceiver, webhookSecret: string): Record<string, string> {
  return {
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Assistant <assistant@example.test>',
    NOTIFICATION_WEBHOOK_URL: receiver.url,
    NOTIFICATION_WEBHOOK_SECRET: webhookSecret,
    NOTIFICATION_TIMER_POLL_MS: '100',
    NOTIFICATION_RETRY_BASE_MS: '100',
    NOTIFICATION_MAX_ATTEMPTS: '3',
  };
}
