import { metrics } from './metrics.js';

/**
 * One instance's cumulative counters at one moment: what it publishes for the others
 * (src/redis/operations.redis.ts) and what windows are computed from. Counters only grow;
 * a restarted instance starts from zero and its first window counts nothing.
 */
export interface InstanceSnapshot {
  at: number;
  sockets: number;
  onlineUsers: number;
  redisMode: string;
  messagesSent: number;
  pushesSucceeded: number;
  pushesFailed: number;
  operations: number;
  /** Operations that failed on the server's side (INTERNAL_SERVER_ERROR, STREAM_FAILED, OTHER). */
  serverErrors: number;
  loginFailures: number;
  /** Cumulative counts of mm_push_latency_seconds per upper bound (Infinity last). */
  pushLatencyBuckets: number[];
  /** Messages sent in the last window, by tenant and sender (the busiest only). */
  senders: Array<[tenant: string, senderId: number, messages: number]>;
  /** Recipients of identical content in the last window, by tenant and content digest (the largest only). */
  contents: Array<[tenant: string, digest: string, recipients: number, senderId: number]>;
  /** Refused logins in the last window, by tenant. */
  logins: Array<[tenant: string, failures: number]>;
}

const SERVER_ERROR_CODES = new Set(['INTERNAL_SERVER_ERROR', 'STREAM_FAILED', 'OTHER']);

const total = async (metric: { get(): Promise<{ values: Array<{ value: number }> }> }) =>
  (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);

export async function countersNow(): Promise<Omit<InstanceSnapshot, 'at' | 'sockets' | 'onlineUsers' | 'redisMode' | 'senders' | 'contents' | 'logins'>> {
  const errors = (await metrics.operationErrors.get()).values;
  const latency = (await metrics.pushLatency.get()).values.filter((v) => v.metricName === 'mm_push_latency_seconds_bucket');
  return {
    messagesSent: await total(metrics.messagesSent),
    pushesSucceeded: await total(metrics.pushesSucceeded),
    pushesFailed: await total(metrics.pushesFailed),
    operations: await total(metrics.operations),
    serverErrors: errors.filter((v) => SERVER_ERROR_CODES.has(String(v.labels.code))).reduce((sum, v) => sum + v.value, 0),
    loginFailures: await total(metrics.loginFailures),
    pushLatencyBuckets: latency.map((v) => v.value),
  };
}

/** Upper bounds of the push latency buckets, in seconds, in the snapshot's order. */
export async function pushLatencyBounds(): Promise<number[]> {
  return (await metrics.pushLatency.get()).values
    .filter((v) => v.metricName === 'mm_push_latency_seconds_bucket')
    .map((v) => (v.labels as { le?: number | string }).le)
    .map((le) => (le === '+Inf' ? Infinity : Number(le)));
}

/** What happened across the installation between two rounds of snapshots. */
export interface Window {
  seconds: number;
  instances: number;
  sockets: number;
  onlineUsers: number;
  redisDegraded: number;
  messagesSent: number;
  pushesSucceeded: number;
  pushesFailed: number;
  operations: number;
  serverErrors: number;
  loginFailures: number;
  pushLatencyBuckets: number[];
}

const delta = (now: number, before: number | undefined) => (before === undefined || now < before ? 0 : now - before);

/** Sums each instance's growth since its previous snapshot (an instance seen for the first time adds none). */
export function windowOf(current: Map<string, InstanceSnapshot>, previous: Map<string, InstanceSnapshot>, seconds: number): Window {
  const window: Window = {
    seconds,
    instances: current.size,
    sockets: 0,
    onlineUsers: 0,
    redisDegraded: 0,
    messagesSent: 0,
    pushesSucceeded: 0,
    pushesFailed: 0,
    operations: 0,
    serverErrors: 0,
    loginFailures: 0,
    pushLatencyBuckets: [],
  };
  for (const [id, now] of current) {
    const before = previous.get(id);
    window.sockets += now.sockets;
    window.onlineUsers += now.onlineUsers;
    if (now.redisMode === 'degraded') window.redisDegraded += 1;
    for (const key of ['messagesSent', 'pushesSucceeded', 'pushesFailed', 'operations', 'serverErrors', 'loginFailures'] as const) {
      window[key] += before ? delta(now[key], before[key]) : 0;
    }
    now.pushLatencyBuckets.forEach((count, i) => {
      window.pushLatencyBuckets[i] = (window.pushLatencyBuckets[i] ?? 0) + (before ? delta(count, before.pushLatencyBuckets[i]) : 0);
    });
  }
  return window;
}

/** A quantile from cumulative bucket counts, interpolated inside its bucket (as PromQL's histogram_quantile). */
export function quantileOf(buckets: number[], bounds: number[], q: number): number | null {
  const count = buckets.at(-1) ?? 0;
  if (count === 0) return null;
  const rank = q * count;
  for (let i = 0; i < buckets.length; i++) {
    if (buckets[i]! < rank) continue;
    const upper = bounds[i]!;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    if (upper === Infinity) return lower;
    const below = i === 0 ? 0 : buckets[i - 1]!;
    const inBucket = buckets[i]! - below;
    return inBucket === 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
  }
  return bounds.at(-2) ?? null;
}
