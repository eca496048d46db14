import type { Logger } from '../logger.js';
import type { Mailer } from '../outbound/mailer.js';
import { postSignedJson, retryDelayMs } from '../outbound/webhook.js';
import { metrics } from './metrics.js';
import type { AlertRow } from './alerts.store.js';

export interface AlertNotice {
  status: 'firing' | 'resolved';
  alert: AlertRow;
}

/** Where alert notices go. Each gets every notice of one evaluation at once (a group). */
export interface Notifier {
  name: string;
  send(notices: AlertNotice[]): Promise<void>;
}

const line = (n: AlertNotice) =>
  `[${n.status.toUpperCase()}] ${n.alert.severity} ${n.alert.rule}${n.alert.tenantId ? ` (tenant ${n.alert.tenantId})` : ''}: ${n.alert.summary}`;

export function subjectOf(notices: AlertNotice[]): string {
  const firing = notices.filter((n) => n.status === 'firing');
  const worst = firing.some((n) => n.alert.severity === 'critical') ? 'critical' : firing.length > 0 ? 'warning' : 'resolved';
  if (notices.length === 1) return `[${worst}] ${notices[0]!.alert.rule} ${notices[0]!.status}`;
  return `[${worst}] ${firing.length} alert(s) firing, ${notices.length - firing.length} resolved`;
}

export function logNotifier(logger: Logger): Notifier {
  return {
    name: 'log',
    async send(notices) {
      for (const n of notices) {
        const fields = { alert: n.alert.rule, severity: n.alert.severity, status: n.status, tenant: n.alert.tenantId, value: n.alert.value };
        if (n.status === 'firing') logger.warn(fields, line(n));
        else logger.info(fields, line(n));
      }
    },
  };
}

export function emailNotifier(mailer: Mailer, to: string[]): Notifier {
  return {
    name: 'email',
    async send(notices) {
      const text = [...notices.map(line), '', 'What each alert means and what to do: docs/operations.md'].join('\n');
      await mailer.send({ to, subject: subjectOf(notices), text });
    },
  };
}

const WEBHOOK_TRIES = 3;

/** A signed JSON POST (src/outbound/signature.ts): chat tools and SMS gateways take these. */
export function webhookNotifier(url: string, secret: string): Notifier {
  return {
    name: 'webhook',
    async send(notices) {
      const payload = {
        subject: subjectOf(notices),
        alerts: notices.map(({ status, alert }) => ({
          status,
          id: alert.id,
          rule: alert.rule,
          source: alert.source,
          severity: alert.severity,
          tenant: alert.tenantId,
          summary: alert.summary,
          value: alert.value,
          startedAt: alert.startedAt.toISOString(),
          resolvedAt: alert.resolvedAt?.toISOString() ?? null,
        })),
      };
      for (let tries = 1; ; tries++) {
        const attempt = await postSignedJson({ url, payload, secret, headers: { 'x-alert-group': String(notices.length) } });
        if (attempt.ok) return;
        if (!attempt.retryable || tries >= WEBHOOK_TRIES) throw new Error(`alert webhook failed: ${attempt.error}`);
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(tries, 500, 5_000)));
      }
    },
  };
}

/** Sends a group to every notifier; a failing one is counted and logged, the others still send. */
export async function notifyAll(notifiers: Notifier[], notices: AlertNotice[], logger: Logger): Promise<void> {
  if (notices.length === 0) return;
  await Promise.all(
    notifiers.map(async (notifier) => {
      try {
        await notifier.send(notices);
        metrics.alertNotifications.inc({ notifier: notifier.name, outcome: 'sent' });
      } catch (error) {
        metrics.alertNotifications.inc({ notifier: notifier.name, outcome: 'failed' });
        logger.error({ err: error, notifier: notifier.name }, 'an alert notifier failed');
      }
    }),
  );
}
