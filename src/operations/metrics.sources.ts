import type { Pool } from 'mysql2/promise';
import type { ReadReplicas } from '../db/replicas.js';
import type { DeliveryQueue } from '../delivery/delivery.queue.js';
import type { ClusterLease } from '../jobs/cluster-lease.js';
import type { RedisService } from '../redis/redis.service.js';
import { CACHE_ENTRY_KINDS, type CacheMetrics } from '../shared/cache-metrics.js';
import type { SocketInfo, SocketListener } from '../shared/socket-events.js';
import { metrics } from './metrics.js';
import type { MetricsSource } from './metrics.route.js';

/** mysql2's core pool keeps its counts in fields its typings do not show. */
interface CorePool {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
}

export function databasePoolSource(pool: Pool): MetricsSource {
  return () => {
    const core = (pool as unknown as { pool: CorePool }).pool;
    metrics.dbPoolInUse.set(core._allConnections.length - core._freeConnections.length);
    metrics.dbPoolIdle.set(core._freeConnections.length);
    metrics.dbPoolWaiting.set(core._connectionQueue.length);
  };
}

/** Each read replica's lag and whether it takes reads (src/db/replicas.ts). */
export function replicasSource(replicas: ReadReplicas): MetricsSource {
  return () => {
    for (const replica of replicas.health()) {
      metrics.dbReplicaLag.set({ replica: replica.name }, replica.lagSeconds ?? -1);
      metrics.dbReplicaUsable.set({ replica: replica.name }, replica.state === 'ok' ? 1 : 0);
    }
  };
}

export function redisSource(redis: RedisService): MetricsSource {
  return async () => {
    const mode = redis.mode();
    for (const m of ['connected', 'degraded', 'disabled'] as const) metrics.redisMode.set({ mode: m }, m === mode ? 1 : 0);
    const ping = await redis.latencyMs();
    if (ping !== null) metrics.redisPing.set(ping / 1000);
  };
}

export function queueSource(queue: DeliveryQueue | null): MetricsSource {
  return async () => {
    const state = await queue?.lanes();
    if (!state) return;
    for (const lane of state.lanes) {
      metrics.queueWaiting.set({ lane: lane.lane }, lane.entries);
      metrics.queuePending.set({ lane: lane.lane }, lane.pending);
      metrics.queueLag.set({ lane: lane.lane }, lane.oldestAgeMs / 1000);
    }
    metrics.deadLetters.set(state.dead);
  };
}

export function cacheSource(cache: CacheMetrics): MetricsSource {
  return () => {
    const snapshot = cache.snapshot();
    metrics.cacheLookups.reset();
    for (const kind of CACHE_ENTRY_KINDS) {
      const { hits, misses, bypasses } = snapshot[kind];
      metrics.cacheLookups.inc({ kind, result: 'hit' }, hits);
      metrics.cacheLookups.inc({ kind, result: 'miss' }, misses);
      metrics.cacheLookups.inc({ kind, result: 'bypass' }, bypasses);
      metrics.cacheHitRatio.set({ kind }, snapshot.hitRate[kind] ?? 0);
    }
  };
}

export function socketsSource(clientCount: () => number): MetricsSource {
  return () => metrics.wsConnections.set(clientCount());
}

/** Distinct users with an authenticated socket on this instance (mm_online_users). */
export function onlineUsersListener(): SocketListener {
  const open = new Map<number, number>();
  return {
    opened: (socket: SocketInfo) => {
      const count = (open.get(socket.viewer.id) ?? 0) + 1;
      open.set(socket.viewer.id, count);
      if (count === 1) metrics.wsOnlineUsers.inc();
    },
    closed: (socket: SocketInfo) => {
      const count = (open.get(socket.viewer.id) ?? 1) - 1;
      if (count > 0) return void open.set(socket.viewer.id, count);
      if (open.delete(socket.viewer.id)) metrics.wsOnlineUsers.dec();
    },
  };
}

/** Which once-per-cluster jobs this instance runs now (docs/jobs.md); none for a job it takes no part in. */
export function leasesSource(leases: ClusterLease[]): MetricsSource {
  return () => {
    for (const lease of leases) {
      if (lease.started()) metrics.leaseHeld.set({ lease: lease.name }, lease.held() ? 1 : 0);
      else metrics.leaseHeld.remove({ lease: lease.name });
    }
  };
}
