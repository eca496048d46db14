import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (docs/operations.md lists each with its meaning). Code
 * that observes something imports `metrics` and makes one call: `metrics.pushesSucceeded.inc()`.
 * The hot-path metrics have no labels, or labels bound once here, so an observation allocates
 * nothing. Gauges whose value lives elsewhere (sockets, queue depth, pool) are read when
 * /metrics is scraped, through `metricsSources` (src/operations/metrics.sources.ts).
 *
 * One registry per process, not the global default one: several apps in one test process
 * share it, and tests compare counters before and after.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

/** Seconds, from 1 ms to 30 s: push, operation and query latencies. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A counter without labels for hot paths: `add` is a plain addition (prom-client's `inc(n)`
 * validates and allocates on every call, about 0.3 µs); the total joins prom-client's own at
 * scrape time, so `inc()` works too.
 */
class FastCounter extends Counter {
  private total = 0;

  add(n = 1): void {
    this.total += n;
  }

  override async get() {
    const base = await super.get();
    return { ...base, values: [{ value: (base.values[0]?.value ?? 0) + this.total, labels: {} }] };
  }

  override reset(): void {
    this.total = 0;
    super.reset();
  }
}

/**
 * A histogram without labels for hot paths: `record` finds the bucket and adds (prom-client's
 * `observe` allocates a label object per call, about 2 µs on the shared test machine); the
 * buckets are turned into prom-client's series at scrape time.
 */
class FastHistogram extends Histogram {
  private readonly bounds: number[];
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    private readonly metricName: string,
    private readonly helpText: string,
  ) {
    super({ name: metricName, help: helpText, buckets: LATENCY_BUCKETS, registers: [registry] });
    this.bounds = LATENCY_BUCKETS;
    this.counts = LATENCY_BUCKETS.map(() => 0);
  }

  record(seconds: number): void {
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    if (i < this.counts.length) this.counts[i]! += 1;
    this.sum += seconds;
    this.count += 1;
  }

  /** prom-client's registry reads histograms through this method when it exists. */
  getForPromString(): ReturnType<Histogram['get']> {
    return this.get();
  }

  override async get(): ReturnType<Histogram['get']> {
    const bucket = `${this.metricName}_bucket`;
    let cumulative = 0;
    const values = this.bounds.map((le, i) => {
      cumulative += this.counts[i]!;
      return { metricName: bucket, labels: { le }, value: cumulative };
    });
    values.push({ metricName: bucket, labels: { le: '+Inf' as unknown as number }, value: this.count });
    // The shape prom-client's own histograms return (its typings name the type as an enum it does not export).
    return {
      name: this.metricName,
      help: this.helpText,
      type: 'histogram',
      aggregator: 'sum',
      values: [
        ...values,
        { metricName: `${this.metricName}_sum`, labels: {}, value: this.sum },
        { metricName: `${this.metricName}_count`, labels: {}, value: this.count },
      ],
    } as unknown as Awaited<ReturnType<Histogram['get']>>;
  }

  override reset(): void {
    // prom-client's constructor resets before this class's fields exist.
    if (this.counts as number[] | undefined) this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
    super.reset();
  }
}

const counter = (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers: [registry] });
const fastCounter = (name: string, help: string) => new FastCounter({ name, help, registers: [registry] });
const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
const histogram = (name: string, help: string, labelNames: string[] = []) =>
  new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });

export const metrics = {
  // ---- GraphQL operations (src/operations/metrics.plugin.ts), HTTP, SSE and sockets ----
  operations: counter('mm_graphql_operations_total', 'GraphQL operations executed, by root field, type and transport', ['operation', 'type', 'transport']),
  operationErrors: counter('mm_graphql_operation_errors_total', 'GraphQL operations that returned errors, by error code', [
    'operation',
    'type',
    'transport',
    'code',
  ]),
  operationDuration: histogram('mm_graphql_operation_duration_seconds', 'Execution time of GraphQL queries and mutations', ['operation', 'type', 'transport']),

  // ---- messages and pushes ----
  messagesSent: counter('mm_messages_sent_total', 'Messages committed, by priority', ['priority']),
  messageRecipients: counter('mm_message_recipients_total', 'Recipient rows committed (one per recipient of each message)'),
  messagesRead: counter('mm_messages_read_total', 'Messages marked read'),
  pushLatency: new FastHistogram('mm_push_latency_seconds', 'From a message commit to its hand-over to a subscription on a socket or SSE stream'),
  pushAckLatency: new FastHistogram('mm_push_ack_latency_seconds', 'From a message commit to the device acknowledging it'),
  pushesSucceeded: fastCounter('mm_pushes_succeeded_total', 'Message pushes handed to a subscription'),
  pushesFailed: counter('mm_pushes_failed_total', 'Queue entries whose publish to recipient channels failed (they are retried)'),
  pushesRepushed: fastCounter('mm_pushes_repushed_total', 'Messages pushed again to a device that did not acknowledge in time'),
  /** Incremented by whatever holds a push back on purpose (do-not-disturb, quiet hours). */
  pushesHeld: fastCounter('mm_pushes_held_total', 'Pushes held back on purpose (do-not-disturb), to be delivered later'),

  // ---- sockets ----
  wsConnections: gauge('mm_websocket_connections', 'Open WebSocket connections on this instance'),
  wsOnlineUsers: gauge('mm_online_users', 'Distinct users with at least one authenticated socket on this instance'),
  subscriptions: gauge('mm_inbox_streams', 'Open inbox streams (live subscriptions) on this instance'),
  wsFramesSent: fastCounter('mm_websocket_frames_sent_total', 'Frames written to sockets'),
  wsBytesSent: fastCounter('mm_websocket_sent_bytes_total', 'Bytes written to sockets'),
  wsMessagesReceived: fastCounter('mm_websocket_messages_received_total', 'Messages received from sockets'),
  wsConnectionsOpened: counter('mm_websocket_connections_opened_total', 'Sockets authenticated (connection_init accepted)'),

  // ---- delivery queue (read at scrape time) ----
  queueWaiting: gauge('mm_delivery_queue_entries', 'Entries in a delivery lane (waiting or pending)', ['lane']),
  queuePending: gauge('mm_delivery_queue_pending_entries', 'Entries taken by a worker and not yet acknowledged', ['lane']),
  queueLag: gauge('mm_delivery_queue_lag_seconds', 'Age of the oldest entry of a lane (0 when empty)', ['lane']),
  deadLetters: gauge('mm_delivery_dead_letter_entries', 'Entries in the dead-letter stream'),
  enqueueFailures: counter('mm_delivery_enqueue_failures_total', 'Messages the queue could not take (Redis down): pushed directly in process instead'),
  reclaims: counter('mm_delivery_reclaims_total', 'Queue entries taken over from a failed or dead worker'),
  leaseHeld: gauge('mm_cluster_lease_held', '1 on the instance holding the lease of a once-per-cluster job (retention, alerts), 0 elsewhere', ['lease']),

  // ---- read model ----
  cacheLookups: counter('mm_cache_lookups_total', 'Read-model lookups, by entry kind and result (hit, miss, bypass)', ['kind', 'result']),
  cacheHitRatio: gauge('mm_cache_hit_ratio', 'Hits over lookups since start, by entry kind', ['kind']),

  // ---- Redis ----
  redisMode: gauge('mm_redis_mode', '1 for the current Redis mode of this instance', ['mode']),
  redisCommandDuration: histogram('mm_redis_command_duration_seconds', 'Redis command round trips (every 16th command is timed)'),
  redisPing: gauge('mm_redis_ping_seconds', 'Last PING round trip to Redis'),

  // ---- MySQL ----
  dbPoolInUse: gauge('mm_db_pool_connections_in_use', 'Pool connections handed out'),
  dbPoolIdle: gauge('mm_db_pool_connections_idle', 'Pool connections open and free'),
  dbPoolWaiting: gauge('mm_db_pool_waiting_requests', 'Requests waiting for a pool connection'),
  dbQueryDuration: histogram('mm_db_query_duration_seconds', 'SQL statement round trips'),
  dbRoutedReads: counter('mm_db_routed_reads_total', 'Reads that may run on a read replica, by where they ran and why (docs/read-replicas.md)', ['target', 'reason']),
  dbReplicaLag: gauge('mm_db_replica_lag_seconds', 'Seconds_Behind_Master of each read replica at its last check (-1: not replicating or not shown)', ['replica']),
  dbReplicaUsable: gauge('mm_db_replica_usable', '1 when a read replica takes reads, 0 when it is down or lagging', ['replica']),
  dbSlowQueries: counter('mm_db_slow_queries_total', 'SQL statements slower than SLOW_QUERY_MS (each also logged, without values)'),

  // ---- security and built-in alerts ----
  loginFailures: counter('mm_login_failures_total', 'Refused logins (wrong username or password)'),
  anomalies: counter('mm_anomalies_total', 'Abnormal patterns detected, by kind', ['kind']),
  alertsFiring: gauge('mm_alerts_firing', 'Built-in alerts firing (as seen by the evaluating instance)', ['rule', 'severity']),
  alertNotifications: counter('mm_alert_notifications_total', 'Alert notifications sent, by notifier and outcome', ['notifier', 'outcome']),
};

/** Seconds since `startMs` (a `Date.now()` or `createdAt.getTime()` value). */
export const secondsSince = (startMs: number): number => Math.max(0, (Date.now() - startMs) / 1000);

/** A live message push reaching `streams` subscriptions of this instance: one latency sample, `streams` pushes. */
export function observePush(committedAt: Date, streams: number): void {
  metrics.pushLatency.record(secondsSince(committedAt.getTime()));
  metrics.pushesSucceeded.add(streams);
}

const routedReads = {
  replica: metrics.dbRoutedReads.labels('replica', 'caught_up'),
  primary_replica_behind: metrics.dbRoutedReads.labels('primary', 'replica_behind'),
  primary_replica_unavailable: metrics.dbRoutedReads.labels('primary', 'replica_unavailable'),
};

/** A read that could have used a replica ran where `route` says (src/db/replicas.ts). */
export function countRoutedRead(route: keyof typeof routedReads): void {
  routedReads[route].inc();
}

/** One frame written to a socket (string length: bytes for the ASCII-heavy JSON frames, close enough). */
export function countFrameSent(length: number): void {
  metrics.wsFramesSent.add();
  metrics.wsBytesSent.add(length);
}
