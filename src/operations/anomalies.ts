import { createHash } from 'node:crypto';
import type { OperationsConfig } from '../config.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { Finding } from './alerts.service.js';
import { drainLoginFailures } from './login-failures.js';
import { metrics } from './metrics.js';
import type { InstanceSnapshot } from './snapshot.js';

/** Entries an instance tracks per window, and reports (the largest). */
const MAX_TRACKED = 20_000;
const MAX_REPORTED = 50;

/**
 * What this instance saw in the current window, for the abnormal-pattern checks: messages per
 * sender, and recipients per identical content (by digest: the content itself is never kept).
 * A reaction to commits (src/reactions.ts); the monitor drains it into each snapshot.
 */
export class TrafficSample {
  private senders = new Map<string, number>();
  private contents = new Map<string, { recipients: number; senderId: number }>();

  observe(change: InboxChange): void {
    if (change.kind === 'read') {
      metrics.messagesRead.inc(change.events.length);
      return;
    }
    if (change.kind !== 'sent') return;
    for (const { message, deliveries, duplicate } of change.results) {
      if (duplicate) continue;
      metrics.messagesSent.inc({ priority: message.priority });
      metrics.messageRecipients.inc(deliveries.length);
      const sender = `${message.tenantId}|${message.senderId}`;
      if (this.senders.has(sender) || this.senders.size < MAX_TRACKED) this.senders.set(sender, (this.senders.get(sender) ?? 0) + 1);
      const digest = `${message.tenantId}|${createHash('sha256').update(message.content).digest('base64url').slice(0, 22)}`;
      const seen = this.contents.get(digest);
      if (seen) seen.recipients += deliveries.length;
      else if (this.contents.size < MAX_TRACKED) this.contents.set(digest, { recipients: deliveries.length, senderId: message.senderId });
    }
  }

  /** The window's busiest senders and most repeated contents, and refused logins; the next window starts empty. */
  drain(): Pick<InstanceSnapshot, 'senders' | 'contents' | 'logins'> {
    const senders = [...this.senders]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_REPORTED)
      .map(([key, n]): [string, number, number] => {
        const bar = key.lastIndexOf('|');
        return [key.slice(0, bar), Number(key.slice(bar + 1)), n];
      });
    const contents = [...this.contents]
      .sort((a, b) => b[1].recipients - a[1].recipients)
      .slice(0, MAX_REPORTED)
      .map(([key, v]): [string, string, number, number] => {
        const bar = key.lastIndexOf('|');
        return [key.slice(0, bar), key.slice(bar + 1), v.recipients, v.senderId];
      });
    this.senders = new Map();
    this.contents = new Map();
    return { senders, contents, logins: [...drainLoginFailures()] };
  }
}

/**
 * The abnormal-pattern checks over one window of every instance's samples. Nothing is blocked:
 * each finding becomes an alert that tenant admins see (`alerts`) and the notifiers send.
 * A sender's baseline is its own average per window (exponentially weighted), kept here by the
 * evaluating instance.
 */
export class AnomalyDetector {
  private readonly baselines = new Map<string, number>();

  constructor(private readonly config: OperationsConfig['anomalies']) {}

  detect(snapshots: InstanceSnapshot[]): Finding[] {
    const findings: Finding[] = [];
    const senders = new Map<string, number>();
    const contents = new Map<string, { recipients: number; senderId: number }>();
    const logins = new Map<string, number>();
    for (const s of snapshots) {
      for (const [tenant, senderId, n] of s.senders) senders.set(`${tenant}|${senderId}`, (senders.get(`${tenant}|${senderId}`) ?? 0) + n);
      for (const [tenant, digest, recipients, senderId] of s.contents) {
        const key = `${tenant}|${digest}`;
        const seen = contents.get(key);
        contents.set(key, { recipients: (seen?.recipients ?? 0) + recipients, senderId: seen?.senderId ?? senderId });
      }
      for (const [tenant, n] of s.logins) logins.set(tenant, (logins.get(tenant) ?? 0) + n);
    }

    for (const [key, count] of senders) {
      const baseline = this.baselines.get(key) ?? 0;
      const [tenant, senderId] = splitKey(key);
      if (count >= this.config.senderMinPerWindow && count >= this.config.senderFactor * Math.max(baseline, 1)) {
        findings.push(
          anomaly('SenderRateJump', tenant, `sender:${senderId}`, `user ${senderId} sent ${count} messages in one window, baseline ${baseline.toFixed(1)}`, count, {
            senderId,
            baseline,
          }),
        );
      }
    }
    // Every tracked baseline moves toward this window's count (0 for a sender who sent nothing).
    for (const key of new Set([...this.baselines.keys(), ...senders.keys()])) {
      const next = (this.baselines.get(key) ?? 0) * 0.9 + (senders.get(key) ?? 0) * 0.1;
      if (next < 0.01) this.baselines.delete(key);
      else if (this.baselines.size < MAX_TRACKED || this.baselines.has(key)) this.baselines.set(key, next);
    }

    for (const [key, { recipients, senderId }] of contents) {
      if (recipients < this.config.duplicateRecipients) continue;
      const [tenant, digest] = splitKey(key);
      findings.push(
        anomaly('IdenticalContentBurst', tenant, `content:${digest}`, `identical content sent to ${recipients} recipients in one window (first sender ${senderId})`, recipients, {
          senderId,
          digest,
        }),
      );
    }
    for (const [tenant, failures] of logins) {
      if (failures < this.config.loginFailures) continue;
      findings.push(anomaly('FailedLoginSpike', tenant, 'logins', `${failures} refused logins in one window`, failures, {}));
    }
    for (const f of findings) metrics.anomalies.inc({ kind: f.rule });
    return findings;
  }
}

function splitKey(key: string): [string, string] {
  const bar = key.lastIndexOf('|');
  return [key.slice(0, bar), key.slice(bar + 1)];
}

function anomaly(rule: string, tenantId: string, subject: string, summary: string, value: number, details: Record<string, unknown>): Finding {
  return {
    source: 'ANOMALY',
    rule,
    severity: 'warning',
    tenantId,
    fingerprint: `${rule}|${tenantId}|${subject}`.slice(0, 191),
    summary,
    value,
    details,
    forMs: 0,
  };
}
