/** An event that covers the consecutive positions firstSeq..seq of a log. */
export interface Positioned {
  firstSeq: number;
  seq: number;
}

export interface OrderedStreamOptions<E extends Positioned> {
  /** Committed events after `after` and up to `until`, oldest first, covering at most `limit` positions. */
  readAfter(after: number, limit: number, until: number): Promise<E[]>;
  /** Hands an event on; awaited, so a slow consumer slows only its own stream. */
  sink(event: E): Promise<void> | void;
  /** The part of an event after position `after`, or null when it has been handed on already. */
  trim(event: E, after: number): E | null;
  /**
   * The stream cannot go on (its start or a repair failed: the database is unreachable). It
   * is closed; the owner ends its subscription with the error, so the client resubscribes
   * from its cursor.
   */
  onFailure(error: unknown): void;
  /** Positions the log should hold but does not (they were lost); the stream skips them. */
  onLostPositions?(from: number, to: number): void;
  /** Positions read per query. */
  pageSize?: number;
}

/**
 * One subscriber's ordered, gap-repairing view of a log (a user's inbox, a meeting's
 * transcript): after its start it follows live events, and hands each position to the sink
 * exactly once and in order. Live events arrive at most once and possibly out of order;
 * whatever they skip is read from the log before the next one is handed on. All work runs on
 * one promise chain, so the sink never sees two events at once.
 */
export class OrderedStream<E extends Positioned> {
  /** The last position handed to the sink. */
  lastSeq = 0;
  private live: E[] = [];
  private started = false;
  private closed = false;
  private work: Promise<void> = Promise.resolve();
  private readonly pageSize: number;

  constructor(private readonly options: OrderedStreamOptions<E>) {
    this.pageSize = options.pageSize ?? 500;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Runs `catchUp` first (it hands on the backlog and sets `lastSeq`); live events that
   * arrive meanwhile wait and are handed on afterwards without duplicates.
   */
  start(catchUp: () => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      await catchUp();
      this.started = true;
      await this.drain();
    });
  }

  /** A live event from the bus. */
  push(event: E): void {
    if (this.closed) return;
    this.live.push(event);
    if (this.started) void this.enqueue(() => this.drain());
  }

  /** Reads and hands on every committed position up to `untilSeq` (a repair the owner decided on). */
  repair(untilSeq: number): void {
    if (!this.started || this.closed) return;
    void this.enqueue(async () => {
      await this.fill(untilSeq);
      await this.drain();
    });
  }

  /** Runs a task on the stream's chain, after everything queued before it. */
  enqueue(task: () => Promise<void>): Promise<void> {
    this.work = this.work.then(() => (this.closed ? undefined : task())).catch((error: unknown) => this.fail(error));
    return this.work;
  }

  close(): void {
    this.closed = true;
    this.live = [];
  }

  /** Hands on every event from the log after lastSeq up to `untilSeq`. */
  async fill(untilSeq: number): Promise<void> {
    while (!this.closed && this.lastSeq < untilSeq) {
      const before = this.lastSeq;
      const limit = Math.min(this.pageSize, untilSeq - this.lastSeq);
      for (const event of await this.options.readAfter(this.lastSeq, limit, untilSeq)) await this.hand(event);
      if (this.lastSeq === before) break;
    }
  }

  /** Hands an event on unless it was handed on already; moves lastSeq past it. */
  async hand(event: E): Promise<void> {
    if (this.closed) return;
    const part = this.options.trim(event, this.lastSeq);
    if (!part) return;
    this.lastSeq = part.seq;
    await this.options.sink(part);
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.live.length > 0) {
      this.live.sort((a, b) => a.firstSeq - b.firstSeq);
      const part = this.options.trim(this.live[0]!, this.lastSeq);
      if (!part) {
        this.live.shift();
        continue;
      }
      if (part.firstSeq > this.lastSeq + 1) {
        const before = this.lastSeq;
        await this.fill(part.firstSeq - 1);
        if (this.lastSeq === before) {
          // Committed positions are always readable; this means the log lost them.
          this.options.onLostPositions?.(before + 1, part.firstSeq - 1);
          this.lastSeq = part.firstSeq - 1;
        }
        continue;
      }
      this.live.shift();
      await this.hand(part);
    }
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.close();
    this.options.onFailure(error);
  }
}
