import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';

/** setTimeout's largest delay (a token may live 30 days; a longer delay would fire at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Subscriptions over HTTP (Yoga's SSE, graphql-sse); sockets run theirs without Yoga's plugins
 * (src/transport/ws/server.ts).
 * - Each ends when its token expires, with UNAUTHENTICATED "Token expired", so the client
 *   subscribes again with a fresh Authorization header (and its cursor). Sockets do the same
 *   by closing with 4403.
 * - A subscription refused when it starts (no token, a bad cursor) answers `data: null` beside
 *   its errors: graphql-sse takes a result without `data` for execution arguments and answers
 *   "Unable to detect operation AST" instead of the error.
 */
export function useHttpSubscriptions(): Plugin<Context> {
  return {
    onSubscribe: () => ({
      onSubscribeResult: ({ args, result, setResult }) => {
        if (!isAsyncIterable(result)) {
          if (!('data' in result)) setResult({ data: null, ...result });
          return;
        }
        const viewer = args.contextValue.viewer;
        if (viewer) setResult(new ExpiringStream(result[Symbol.asyncIterator](), viewer.expiresAt * 1000));
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
    // A last result, not a thrown error: Yoga's SSE and graphql-sse both send it, then end.
    return { value: { errors: [unauthenticated('Token expired')] }, done: false };
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
