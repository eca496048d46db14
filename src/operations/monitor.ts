import type { OperationsConfig } from '../config.js';
import type { DeliveryQueue } from '../delivery/delivery.queue.js';
import type { HealthCheck } from '../health/health.routes.js';
import type { ClusterLease } from '../jobs/cluster-lease.js';
import type { Logger } from '../logger.js';
import type { OperationsRedis } from '../redis/operations.redis.js';
import type { RedisService } from '../redis/redis.service.js';
import { alertRules, type AlertRule } from './alert-rules.js';
import type { AlertEvaluator, Finding } from './alerts.service.js';
import type { AnomalyDetector, TrafficSample } from './anomalies.js';
import { metrics } from './metrics.js';
import type { ReportsService } from './reports.service.js';
import { countersNow, pushLatencyBounds, quantileOf, windowOf, type InstanceSnapshot, type Window } from './snapshot.js';

/** What the admin dashboard shows live (the `operationsStatus` query and subscription). */
export interface OperationsStatus {
  at: Date;
  /** True when this view holds every instance's numbers (through Redis); false: this instance's only. */
  clusterWide: boolean;
  instances: Array<{ id: string; sockets: number; onlineUsers: number; redisMode: string }>;
  sockets: number;
  onlineUsers: number;
  messagesPerSecond: number;
  pushesPerSecond: number;
  pushLatencyP50Ms: number | null;
  pushLatencyP99Ms: number | null;
  pushFailureRatio: number | null;
  queueDepth: number | null;
  queueLagSeconds: number | null;
  deadLetters: number | null;
  redisMode: string;
  databaseOk: boolean;
}

const PEAK_WINDOWS = 6;

/**
 * Every ALERT_EVAL_INTERVAL_MS: publishes this instance's counters, reads every instance's,
 * computes the window since the previous round (the live status), and, on the one instance
 * holding the `alerts` lease (a database row: src/jobs/cluster-lease.ts), evaluates the alert
 * rules and the abnormal-pattern checks and rolls up report aggregates when due. Without Redis
 * (or while it is down) instances see only their own counters, and the holder evaluates its
 * own: it reports the outage once, and what only other instances see waits for Redis.
 */
export class OperationsMonitor {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private previous = new Map<string, InstanceSnapshot>();
  private previousAt = Date.now();
  private previousDead: number | null = null;
  private readonly peaks: number[] = [];
  private readonly rules: AlertRule[];
  private bounds: number[] = [];
  /** The first rollup waits one interval: a starting instance has enough to do. */
  private lastRollup = Date.now();
  /** When the status was last read: the database is checked only while someone looks. */
  private lastRead = 0;
  private status: OperationsStatus;

  constructor(
    private readonly parts: {
      config: OperationsConfig;
      instanceId: string;
      shared: OperationsRedis;
      /** Who evaluates: one instance of the cluster at a time. */
      lease: ClusterLease;
      redis: RedisService;
      queue: DeliveryQueue | null;
      sample: TrafficSample;
      anomalies: AnomalyDetector;
      evaluator: AlertEvaluator;
      reports: ReportsService;
      database: HealthCheck;
      sockets: () => number;
      logger: Logger;
    },
  ) {
    this.rules = alertRules(parts.config.alerts);
    this.status = this.emptyStatus();
  }

  start(): void {
    if (this.timer || !this.parts.config.alerts.enabled) return;
    this.parts.lease.start();
    this.timer = setInterval(() => void this.tick(), this.parts.config.alerts.evalIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.parts.lease.stop();
    await this.parts.shared.removeSnapshot(this.parts.instanceId);
  }

  /** The last round's numbers, with the Redis mode as it is now. */
  latest(): OperationsStatus {
    this.lastRead = Date.now();
    return { ...this.status, redisMode: this.parts.redis.mode() };
  }

  /** One round; ticks never overlap (a slow round skips the next). Tests call it directly. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round()
      .catch((error: unknown) => this.parts.logger.error({ err: error }, 'operations round failed'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const { config, instanceId, shared } = this.parts;
    const now = Date.now();
    if (this.bounds.length === 0) this.bounds = await pushLatencyBounds();
    const own: InstanceSnapshot = {
      at: now,
      sockets: this.parts.sockets(),
      onlineUsers: (await metrics.wsOnlineUsers.get()).values[0]?.value ?? 0,
      redisMode: this.parts.redis.mode(),
      ...(await countersNow()),
      ...this.parts.sample.drain(),
    };
    const ttl = config.alerts.evalIntervalMs * 3;
    const exchanged = await shared.exchangeSnapshots(instanceId, JSON.stringify(own), ttl);
    const current = new Map<string, InstanceSnapshot>();
    if (exchanged) for (const [id, json] of exchanged) current.set(id, JSON.parse(json) as InstanceSnapshot);
    current.set(instanceId, own);
    const window = windowOf(current, this.previous, Math.max(0.001, (now - this.previousAt) / 1000));
    // An instance that has not published since the previous round adds no new sample.
    const fresh = [...current].filter(([id, s]) => this.previous.get(id)?.at !== s.at).map(([, s]) => s);
    this.previous = current;
    this.previousAt = now;

    const lanes = await this.parts.queue?.lanes().catch(() => null);
    const watched = now - this.lastRead < 30_000;
    const databaseOk = watched ? (await this.parts.database.check({ details: false }).catch(() => ({ ok: false }))).ok : this.status.databaseOk;
    this.status = this.statusOf(window, current, lanes ?? null, databaseOk, exchanged !== null);

    const evaluated = await this.parts.lease.run(() => this.evaluate(window, fresh, now));
    // Another instance evaluates: what is open is read again when this one takes over.
    if (evaluated === null) this.parts.evaluator.forget();
  }

  /** The holder's part of a round: rules, anomalies, alerts, report rollups. */
  private async evaluate(window: Window, fresh: InstanceSnapshot[], now: number): Promise<void> {
    const { config } = this.parts;
    const peak = Math.max(0, ...this.peaks);
    this.peaks.push(window.sockets);
    if (this.peaks.length > PEAK_WINDOWS) this.peaks.shift();
    const input = {
      window,
      pushLatencyBounds: this.bounds,
      queueLagSeconds: this.status.queueLagSeconds,
      deadLetters: this.status.deadLetters,
      previousDeadLetters: this.previousDead,
      recentPeakSockets: peak,
    };
    this.previousDead = this.status.deadLetters;
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      const result = rule.evaluate(input);
      if (!result.active) continue;
      findings.push({
        source: 'RULE',
        rule: rule.name,
        severity: rule.severity,
        tenantId: null,
        fingerprint: `rule|${rule.name}`,
        summary: result.summary,
        value: result.value,
        details: { description: rule.description },
        forMs: config.alerts.forSeconds * 1000,
      });
    }
    findings.push(...this.parts.anomalies.detect(fresh));
    await this.parts.evaluator.evaluate(findings, now);

    if (config.rollupIntervalMs > 0 && now - this.lastRollup >= config.rollupIntervalMs) {
      this.lastRollup = now;
      await this.parts.reports.rollUpRecent();
    }
  }

  private statusOf(
    window: Window,
    current: Map<string, InstanceSnapshot>,
    lanes: Awaited<ReturnType<DeliveryQueue['lanes']>>,
    databaseOk: boolean,
    clusterWide: boolean,
  ): OperationsStatus {
    const p = (q: number) => {
      const v = quantileOf(window.pushLatencyBuckets, this.bounds, q);
      return v === null ? null : Math.round(v * 1000 * 10) / 10;
    };
    const pushes = window.pushesSucceeded + window.pushesFailed;
    return {
      at: new Date(),
      clusterWide,
      instances: [...current].map(([id, s]) => ({ id, sockets: s.sockets, onlineUsers: s.onlineUsers, redisMode: s.redisMode })),
      sockets: window.sockets,
      onlineUsers: window.onlineUsers,
      messagesPerSecond: window.messagesSent / window.seconds,
      pushesPerSecond: window.pushesSucceeded / window.seconds,
      pushLatencyP50Ms: p(0.5),
      pushLatencyP99Ms: p(0.99),
      pushFailureRatio: pushes === 0 ? null : window.pushesFailed / pushes,
      queueDepth: lanes ? lanes.lanes.reduce((sum, l) => sum + l.entries, 0) : null,
      queueLagSeconds: lanes ? Math.max(0, ...lanes.lanes.map((l) => l.oldestAgeMs / 1000)) : null,
      deadLetters: lanes ? lanes.dead : null,
      redisMode: this.parts.redis.mode(),
      databaseOk,
    };
  }

  private emptyStatus(): OperationsStatus {
    return {
      at: new Date(),
      clusterWide: false,
      instances: [],
      sockets: 0,
      onlineUsers: 0,
      messagesPerSecond: 0,
      pushesPerSecond: 0,
      pushLatencyP50Ms: null,
      pushLatencyP99Ms: null,
      pushFailureRatio: null,
      queueDepth: null,
      queueLagSeconds: null,
      deadLetters: null,
      redisMode: this.parts.redis.mode(),
      databaseOk: true,
    };
  }
}
