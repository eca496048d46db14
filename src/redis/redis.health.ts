import { UNREACHABLE, type HealthCheck } from '../health/health.routes.js';
import type { RedisService } from './redis.service.js';

/** GET /health/redis: which mode the instance is in, and the PING latency; `extra` (cache counters) with details only. */
export function redisHealth(redis: RedisService, extra: () => Record<string, unknown> = () => ({})): HealthCheck {
  return {
    path: '/redis',
    async check({ details }) {
      const latencyMs = await redis.latencyMs();
      const mode = latencyMs === null && redis.mode() === 'connected' ? 'degraded' : redis.mode();
      // Degraded and disabled are working modes, not failures: the instance still serves.
      return { ok: true, body: { status: mode === 'connected' || mode === 'disabled' ? 'ok' : 'degraded', mode, latencyMs, ...(details ? extra() : {}) } };
    },
  };
}

/** GET /health/redis/test: a write, read and delete round trip through Redis. */
export function redisRoundTrip(redis: RedisService, instanceId: string): HealthCheck {
  return {
    path: '/redis/test',
    async check() {
      if (!redis.command) return { ok: true, body: { status: 'disabled', mode: 'disabled' } };
      const key = redis.key(`health:test:${instanceId}:${Date.now()}`);
      const value = Math.random().toString(36).slice(2);
      const start = performance.now();
      try {
        await redis.command.set(key, value, 'PX', 10_000);
        const read = await redis.command.get(key);
        const deleted = await redis.command.del(key);
        const ok = read === value && deleted === 1;
        return {
          ok,
          body: {
            status: ok ? 'ok' : 'error',
            mode: redis.mode(),
            write: true,
            read: read === value,
            delete: deleted === 1,
            latencyMs: Math.round((performance.now() - start) * 100) / 100,
          },
        };
      } catch {
        return { ok: false, body: { status: 'error', mode: redis.mode(), error: UNREACHABLE } };
      }
    },
  };
}
