import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisService } from './redis.service.js';

export interface LimiterOptions {
  /** Names the counters: keys are `rl:{name}:{key}` after the deployment prefix. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once the points are spent, refuse for this long (0: until the window ends). */
  blockSeconds?: number;
}

/**
 * A counter shared by every instance through Redis, with an in-process twin that answers
 * while Redis is unreachable (rate-limiter-flexible's insurance limiter): during an outage
 * each instance enforces the same limit on its own, so a client spread over N instances
 * gets at most N times the limit, never an unlimited path. Without Redis configured, only
 * the in-process counter.
 */
export function createLimiter(redis: RedisService, options: LimiterOptions): RateLimiterAbstract {
  const shape = { points: options.points, duration: options.durationSeconds, blockDuration: options.blockSeconds ?? 0 };
  const memory = new RateLimiterMemory({ ...shape, keyPrefix: options.name });
  if (!redis.command) return memory;
  return new RateLimiterRedis({
    ...shape,
    storeClient: redis.command,
    keyPrefix: redis.key(`rl:${options.name}`),
    // A command while disconnected fails at once (no offline queue): go to the insurance.
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}
