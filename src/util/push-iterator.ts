/**
 * The smallest async iterator a subscription needs: a producer pushes values, the consumer
 * (graphql-ws or Yoga's SSE) pulls them in order. A push resolves once the consumer has
 * taken the value, so a producer that awaits it never runs ahead of a slow consumer. Ending
 * the iteration (the client unsubscribes or goes away, or the producer fails) calls
 * `onClose` once.
 *
 * It replaces graphql-yoga's Repeater on the inbox streams: every open socket holds one,
 * and this one is a few objects instead of a few dozen.
 */
export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: Array<{ value: T; taken: () => void }> = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private rejectWaiting: ((error: unknown) => void) | null = null;
  /** Why the producer failed, until the consumer has been told. */
  private failure: { error: unknown } | null = null;
  private done = false;

  constructor(private onClose: (() => void) | null) {}

  /** Hands a value on; resolves when the consumer took it (at once when the iteration ended). */
  push(value: T): Promise<void> {
    if (this.done) return Promise.resolve();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.rejectWaiting = null;
      resolve({ value, done: false });
      return Promise.resolve();
    }
    return new Promise<void>((taken) => this.queue.push({ value, taken }));
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.queue.shift();
    if (item) {
      item.taken();
      return Promise.resolve({ value: item.value, done: false });
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.rejectWaiting = reject;
    });
  }

  /**
   * Ends the iteration because the producer failed: the consumer's next `next()` rejects
   * with `error` (graphql-ws sends it as an `error` message, Yoga's SSE as a result with
   * errors), so the client subscribes again instead of waiting on a stream that never comes.
   */
  fail(error: unknown): void {
    if (this.done) return;
    const reject = this.rejectWaiting;
    if (reject) {
      this.waiting = this.rejectWaiting = null;
      reject(error);
    } else {
      this.failure = { error };
    }
    this.close();
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    for (const item of this.queue) item.taken();
    this.queue.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = this.rejectWaiting = null;
    const onClose = this.onClose;
    this.onClose = null;
    onClose?.();
  }
}
