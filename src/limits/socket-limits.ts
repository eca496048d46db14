import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config.js';
import { AppError } from '../graphql/errors.js';
import { rateLimited } from './rate-limits.js';

/**
 * Limits of one socket, kept in process (a socket lives on one instance): how many
 * operations it runs at once (subscriptions included) and how many it starts per second.
 * A refusal is the error of that one operation; the socket and its other subscriptions go on.
 */
export class SocketLimits {
  private readonly starts: RateLimiterMemory | null;

  constructor(private readonly config: AppConfig['rateLimits']) {
    this.starts = config.enabled ? new RateLimiterMemory({ points: config.socketOperationsPerSecond, duration: 1 }) : null;
  }

  /**
   * Before an operation starts on socket `socketId`, which then runs `running` operations
   * (this one included). The cap on operations at once holds even with RATE_LIMITS_ENABLED=false:
   * it bounds memory, like the frame size.
   */
  async admit(socketId: string, running: number): Promise<AppError | null> {
    if (running > this.config.socketMaxSubscriptions) {
      return new AppError('RATE_LIMITED', `At most ${this.config.socketMaxSubscriptions} operations at once on one socket`, { retryAfter: 1 });
    }
    if (!this.starts) return null;
    try {
      await this.starts.consume(socketId, 1);
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return rateLimited(error.msBeforeNext / 1000, 'Too many operations on this socket; slow down');
      throw error;
    }
  }
}
