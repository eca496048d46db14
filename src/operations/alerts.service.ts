import type { AlertSeverity, AlertSource } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { metrics } from './metrics.js';
import type { AlertRow, AlertsStore } from './alerts.store.js';
import { notifyAll, type AlertNotice, type Notifier } from './notifiers.js';

/** One thing an evaluation found to be wrong now; its fingerprint says which alert it is. */
export interface Finding {
  source: AlertSource;
  rule: string;
  severity: AlertSeverity;
  tenantId: string | null;
  fingerprint: string;
  summary: string;
  value: number | null;
  details: Record<string, unknown>;
  /** How long it must hold before it fires (anomalies: 0, they are already a window's worth). */
  forMs: number;
}

/**
 * Turns findings into alerts: one open alert per fingerprint (de-duplicated while it lasts),
 * fired once its finding has held for `forMs`, resolved once at the first evaluation without
 * it. Every notice of one evaluation goes out as one group. An alert that fires again within
 * the cooldown after it resolved is recorded without a notice (and so resolves without one).
 * Runs on the one instance that holds the lease; what is open lives in the database, so the
 * next holder carries on.
 */
export class AlertEvaluator {
  private readonly pendingSince = new Map<string, number>();
  /** Open alerts by fingerprint, read once per stretch of holding the lease (null: read them). */
  private openAlerts: Map<string, AlertRow> | null = null;

  constructor(
    private readonly store: AlertsStore,
    private readonly notifiers: Notifier[],
    private readonly cooldownMs: number,
    private readonly logger: Logger,
  ) {}

  /** Another instance evaluates now: what is open is read again when this one takes over. */
  forget(): void {
    this.openAlerts = null;
    this.pendingSince.clear();
  }

  async evaluate(findings: Finding[], now = Date.now()): Promise<AlertNotice[]> {
    this.openAlerts ??= new Map((await this.store.open()).map((a) => [a.fingerprint, a]));
    const open = this.openAlerts;
    if (findings.length === 0 && open.size === 0) return [];
    const notices: AlertNotice[] = [];
    const present = new Set<string>();
    const firing: Finding[] = [];
    for (const finding of findings) {
      present.add(finding.fingerprint);
      if (open.has(finding.fingerprint)) {
        firing.push(finding);
        continue;
      }
      const since = this.pendingSince.get(finding.fingerprint) ?? now;
      this.pendingSince.set(finding.fingerprint, since);
      if (now - since < finding.forMs) continue;
      const lastResolved = await this.store.lastResolvedAt(finding.fingerprint);
      const notified = !lastResolved || now - lastResolved.getTime() >= this.cooldownMs;
      const { forMs: _forMs, ...fields } = finding;
      const alert = await this.store.insert({ ...fields, startedAt: new Date(now), notified });
      open.set(alert.fingerprint, alert);
      present.add(alert.fingerprint);
      this.pendingSince.delete(finding.fingerprint);
      firing.push(finding);
      if (notified) notices.push({ status: 'firing', alert });
    }
    for (const fingerprint of this.pendingSince.keys()) if (!present.has(fingerprint)) this.pendingSince.delete(fingerprint);
    for (const [fingerprint, alert] of open) {
      if (present.has(fingerprint)) continue;
      const resolvedAt = new Date(now);
      // Only the evaluator whose update resolved it tells anyone: two evaluators around a
      // lease handover (one stalled past its lease) never both send the resolved notice.
      const resolvedHere = await this.store.resolve(alert.id, resolvedAt);
      open.delete(fingerprint);
      if (alert.notified && resolvedHere) notices.push({ status: 'resolved', alert: { ...alert, resolvedAt } });
    }
    metrics.alertsFiring.reset();
    for (const f of firing) metrics.alertsFiring.inc({ rule: f.rule, severity: f.severity });
    await notifyAll(this.notifiers, notices, this.logger);
    return notices;
  }
}
