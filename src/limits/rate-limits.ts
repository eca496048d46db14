import { createHash } from 'node:crypto';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/auth.service.js';
import type { AppConfig } from '../config.js';
import { AppError } from '../graphql/errors.js';
import { userTag } from '../redis/key-slot.js';
import { createLimiter } from '../redis/rate-limiters.js';
import type { RedisService } from '../redis/redis.service.js';
import { OPERATION_LIMITS, ruleRates, type RuleName } from './rate-limit-rules.js';

/** Refused for now: retry after `retryAfter` seconds (also the HTTP `Retry-After` header). */
export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests; retry later') =>
  new AppError('RATE_LIMITED', message, { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) });

/** Whom a counted operation is for. */
export interface Caller {
  viewer: Viewer | null;
  ip: string;
}

/**
 * Every rate limit and quota of the server (docs/security.md "Rate limits"): per user and
 * operation, per IP for login and register (with a growing wait after repeated wrong
 * passwords), per tenant (messages per day, open sockets). Counters live in Redis, shared by
 * every instance, with an in-process twin while Redis is down (src/redis/rate-limiters.ts).
 */
export class RateLimits {
  readonly enabled: boolean;
  private readonly users = new Map<RuleName, { user: RateLimiterAbstract; service: RateLimiterAbstract }>();
  private readonly others = new Map<RuleName, RateLimiterAbstract>();
  private readonly loginFailuresByIp: RateLimiterAbstract;
  private readonly loginBackoff: RateLimiterAbstract;
  /** Accounts (from one address) waiting out their backoff: blocked keys. */
  private readonly loginBlocked: RateLimiterAbstract;
  private readonly tenantSockets: RateLimiterAbstract;

  constructor(
    redis: RedisService,
    private readonly config: AppConfig['rateLimits'],
  ) {
    this.enabled = config.enabled;
    const rates = ruleRates(config);
    const userScoped = new Set(Object.values(OPERATION_LIMITS).flatMap((limits) => limits.filter((l) => l.scope === 'user').map((l) => l.rule)));
    for (const [rule, rate] of Object.entries(rates) as Array<[RuleName, { points: number; seconds: number }]>) {
      const shape = { points: rate.points, durationSeconds: rate.seconds };
      if (!userScoped.has(rule)) {
        this.others.set(rule, createLimiter(redis, { name: rule, ...shape }));
        continue;
      }
      this.users.set(rule, {
        user: createLimiter(redis, { name: rule, ...shape }),
        service: createLimiter(redis, { name: `${rule}-service`, ...shape, points: rate.points * config.serviceMultiplier }),
      });
    }
    const failures = config.perIp.loginFailures;
    this.loginFailuresByIp = createLimiter(redis, { name: 'loginFailures', points: failures.points, durationSeconds: failures.seconds, blockSeconds: failures.seconds });
    // Consecutive failures of one (address, account), forgotten after the longest wait.
    this.loginBackoff = createLimiter(redis, { name: 'loginBackoff', points: 1_000_000, durationSeconds: config.loginBackoffMaxSeconds * 2 });
    this.loginBlocked = createLimiter(redis, { name: 'loginBlocked', points: 1, durationSeconds: config.loginBackoffMaxSeconds });
    // Open sockets per tenant: taken on open, given back on close. A day's window bounds what
    // an instance that died with open sockets leaves counted.
    this.tenantSockets = createLimiter(redis, { name: 'tenantSockets', points: config.tenantMaxSockets, durationSeconds: 86_400 });
  }

  /** Counts `count` uses of a root field; throws RATE_LIMITED when one of its limits is spent. */
  async consumeOperation(field: string, caller: Caller, count: number): Promise<void> {
    const limits = OPERATION_LIMITS[field];
    if (!this.enabled || !limits) return;
    for (const limit of limits) {
      if (limit.scope !== 'ip' && !caller.viewer) continue; // the field refuses the anonymous caller itself
      const viewer = caller.viewer!;
      if (limit.scope === 'user') {
        const pair = this.users.get(limit.rule)!;
        // Tagged like the user's other keys (one cluster slot per user).
        await consume(viewer.role === 'service' ? pair.service : pair.user, userTag(viewer.id), count);
      } else if (limit.scope === 'tenant') {
        await consume(this.others.get(limit.rule)!, viewer.tenantId, count, 'The tenant’s daily message quota is spent');
      } else {
        await consume(this.others.get(limit.rule)!, caller.ip, count);
      }
    }
  }

  /** Before a login is checked: refused while the address, or this account from it, waits out failures. */
  async checkLogin(ip: string, tenant: string, username: string): Promise<void> {
    if (!this.enabled) return;
    const [byIp, blocked] = await Promise.all([this.loginFailuresByIp.get(ip), this.loginBlocked.get(backoffKey(ip, tenant, username))]);
    for (const res of [byIp, blocked]) {
      if (res && res.remainingPoints <= 0 && res.consumedPoints > (res === byIp ? this.config.perIp.loginFailures.points : 1)) {
        throw rateLimited(res.msBeforeNext / 1000, 'Too many failed logins; retry later');
      }
    }
  }

  /** A wrong password: counts for the address and, doubling the wait each time, for the account from it. */
  async loginFailed(ip: string, tenant: string, username: string): Promise<void> {
    if (!this.enabled) return;
    const key = backoffKey(ip, tenant, username);
    await this.loginFailuresByIp.consume(ip, 1).catch(ignoreRefusal);
    const failures = await this.loginBackoff.penalty(key, 1);
    const waitMs = this.backoffMs(failures.consumedPoints);
    if (waitMs > 0) await this.loginBlocked.block(key, waitMs / 1000);
  }

  async loginSucceeded(ip: string, tenant: string, username: string): Promise<void> {
    if (!this.enabled) return;
    await this.loginBackoff.delete(backoffKey(ip, tenant, username));
  }

  /** How long an account waits after its `failures`-th consecutive failure. */
  backoffMs(failures: number): number {
    const over = failures - this.config.loginFreeFailures;
    if (over <= 0) return 0;
    return Math.min(this.config.loginBackoffMaxSeconds, 2 ** (over - 1)) * 1000;
  }

  /** A socket opens: refused (RATE_LIMITED) when its tenant has its maximum open. */
  async socketOpened(tenantId: string): Promise<void> {
    if (!this.enabled) return;
    try {
      await consume(this.tenantSockets, tenantId, 1, 'The tenant has its maximum of open sockets');
    } catch (error) {
      // A refused consume still counted its point: give it back, or every refused attempt
      // would hold a place of the tenant's quota until the window ends.
      await this.tenantSockets.reward(tenantId, 1).catch(() => undefined);
      throw error;
    }
  }

  async socketClosed(tenantId: string): Promise<void> {
    if (!this.enabled) return;
    await this.tenantSockets.reward(tenantId, 1).catch(() => undefined);
  }
}

/** A refusal is what a counter that is spent answers; other errors go on. */
function ignoreRefusal(error: unknown): void {
  if (!(error instanceof RateLimiterRes)) throw error;
}

/** An account in a rate-limit key: hashed, so a key never holds a username; erasure finds it by this. */
export function accountKeyOf(tenant: string, username: string): string {
  return createHash('sha256').update(`${tenant}\n${username.toLowerCase()}`).digest('hex').slice(0, 24);
}

function backoffKey(ip: string, tenant: string, username: string): string {
  return `${ip}:${accountKeyOf(tenant, username)}`;
}

async function consume(limiter: RateLimiterAbstract, key: string, points: number, message?: string): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(error.msBeforeNext / 1000, message);
    throw error;
  }
}
