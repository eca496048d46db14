import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';

/** setTimeout's largest delay (a token may live 30 days; a longer delay would fire at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Ends every subscription over HTTP (Yoga's SSE, graphql-sse) when its token expires: the
 * stream ends with UNAUTHENTICATED "Token expired", so the client subscribes again with a
 * fresh Authorization header (and its cursor). Sockets do the same by closing with 4403
 * (src/transport/ws/server.ts); their subscriptions do not run through Yoga's plugins.
 */
export function useSubscriptionExpiry(): Plugin<Context> {
  return {
    onSubscribe: () => ({
      onSubscribeResult: ({ args, result, setResult }) => {
        const viewer = args.contextValue.viewer;
        if (!viewer || !isAsyncIterable(result)) return;
        setResult(new ExpiringStream(result[Symbol.asyncIterator](), viewer.expiresAt * 1000));
      },
    }),
  };
}

/** A subscription's results until `expiresAtMs`, then the expiry error. */
class ExpiringStream implements AsyncIterableIterator<ExecutionResult> {
  private timer: NodeJS.Timeout | null = null;
  private readonly expired: Promise<'expired'>;
  private done = false;

  constructor(
    private readonly source: AsyncIterator<ExecutionResult>,
    expiresAtMs: number,
  ) {
    this.expired = new Promise((resolve) => {
      const wait = () => {
        const left = expiresAtMs - Date.now();
        if (left <= 0) return resolve('expired');
        this.timer = setTimeout(wait, Math.min(left, MAX_DELAY_MS));
      };
      wait();
    });
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.done) return { value: undefined, done: true };
    const next = await Promise.race([this.source.next(), this.expired]);
    if (next !== 'expired') {
      if (next.done) this.stop();
      return next;
    }
    this.stop();
    void this.source.return?.();
    throw unauthenticated('Token expired');
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    return this.source.return ? this.source.return() : Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    return this.source.throw ? this.source.throw(error) : Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private stop(): void {
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
