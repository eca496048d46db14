import type { Logger } from '../logger.js';
import type { DeliveryStore, StartState } from './delivery.store.js';
import { eventAfter, type InboxEvent } from './inbox-events.js';

/** Unread messages read per query when a stream starts. */
export const START_PAGE = 500;
const PAGE = START_PAGE;
/** Beyond this many unacknowledged messages a device is expected to resume by cursor instead. */
const MAX_UNACKED = 1000;

/**
 * One subscriber's ordered view of a user's inbox: it starts from a cursor (or from the
 * unread messages), then follows live events, and hands each position to the sink exactly
 * once and in order. Live events arrive at most once and possibly out of order; whatever
 * they skip is read from inbox_events before the next one is handed on. All work runs on
 * one promise chain, so the sink never sees two events at once.
 */
export class InboxStream {
  /** The last inbox position handed to the sink. */
  lastSeq = 0;
  private live: InboxEvent[] = [];
  private started = false;
  private closed = false;
  private work: Promise<void> = Promise.resolve();
  /** A position the database had and this stream had not, at the last position check. */
  private suspect: number | null = null;
  /**
   * Whether this stream's client acknowledges. Until it is known not to, handed-on messages
   * are watched for re-push; a client found never to acknowledge is not watched (nor asked
   * about) again until its user acknowledges through this instance.
   */
  watchAcks = true;
  /** Messages handed on and not yet known to be acknowledged, by seq (oldest first). */
  private readonly unacked = new Map<number, { event: InboxEvent; sentAt: number; tries: number }>();

  constructor(
    readonly userId: number,
    private readonly store: DeliveryStore,
    private readonly sink: (event: InboxEvent) => Promise<void> | void,
    private readonly logger: Logger,
    /** The starting point read together with other streams' (null: read it here). */
    private readonly loadStart: (userId: number) => Promise<StartState | null> = () => Promise.resolve(null),
  ) {}

  /**
   * Catches up from `since` (every event after it) or, when null, from the unread messages
   * at or before the current position; live events that arrive meanwhile wait and are
   * handed on afterwards without duplicates.
   */
  start(since: number | null): Promise<void> {
    return this.enqueue(async () => {
      if (since !== null) {
        this.lastSeq = since;
        await this.fill(Number.MAX_SAFE_INTEGER);
      } else {
        const state = await this.loadStart(this.userId);
        const current = state ? state.current : ((await this.store.currentSeqs([this.userId])).get(this.userId) ?? 0);
        let after = 0;
        for (const event of state?.unread ?? []) {
          if (this.closed) return;
          await this.sink(event);
          after = event.seq;
        }
        for (;;) {
          if (state?.complete) break;
          const page = await this.store.unreadUpTo(this.userId, after, current, PAGE);
          for (const event of page) {
            if (this.closed) return;
            await this.sink(event);
          }
          if (page.length < PAGE) break;
          after = page.at(-1)!.seq;
        }
        this.lastSeq = current;
      }
      this.started = true;
      await this.drain();
    });
  }

  /** A live event from the bus. */
  push(event: InboxEvent): void {
    if (this.closed) return;
    this.live.push(event);
    if (this.started) void this.enqueue(() => this.drain());
  }

  /**
   * Called periodically with the user's position in the database. A position this stream
   * still lacks at two checks in a row was committed but never pushed (a server died
   * between commit and publish): read it now.
   */
  checkPosition(databaseSeq: number): void {
    if (!this.started || this.closed) return;
    const missing = this.suspect !== null && this.lastSeq < this.suspect ? this.suspect : null;
    this.suspect = databaseSeq > this.lastSeq ? databaseSeq : null;
    if (missing !== null) {
      void this.enqueue(async () => {
        await this.fill(missing);
        await this.drain();
      });
    }
  }

  close(): void {
    this.closed = true;
    this.live = [];
    this.unacked.clear();
  }

  /** Positions handed on at least `timeoutMs` ago (longer after each re-push) and not acknowledged. */
  overdue(now: number, timeoutMs: number): number[] {
    const seqs: number[] = [];
    for (const [seq, entry] of this.unacked) if (now - entry.sentAt >= timeoutMs * (entry.tries + 1)) seqs.push(seq);
    return seqs;
  }

  /** Stops watching everything up to `seq` (the user acknowledged it). */
  acknowledged(seq: number): void {
    this.watchAcks = true;
    for (const key of this.unacked.keys()) if (key <= seq) this.unacked.delete(key);
  }

  /** Stops watching these positions (acknowledged, or the client does not acknowledge at all). */
  forget(seqs: Iterable<number> | 'all'): void {
    if (seqs === 'all') {
      this.unacked.clear();
      this.watchAcks = false;
    }
    else for (const seq of seqs) this.unacked.delete(seq);
  }

  /**
   * Hands these messages on again (the client drops what it already has by cursor); a
   * message is re-pushed at most `maxTries` times.
   */
  repush(seqs: number[], maxTries: number): void {
    void this.enqueue(async () => {
      for (const seq of seqs) {
        const entry = this.unacked.get(seq);
        if (!entry || this.closed) continue;
        entry.tries += 1;
        entry.sentAt = Date.now();
        if (entry.tries >= maxTries) this.unacked.delete(seq);
        await this.sink(entry.event);
      }
    });
  }

  /**
   * Runs `task` after the work queued before it. A failure is logged and the chain goes on;
   * the returned promise rejects with it, so that a failed start reaches the subscriber.
   */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.work.then(task);
    this.work = run.catch((error: unknown) => {
      this.logger.error({ err: error, userId: this.userId }, 'inbox stream failed');
    });
    return run;
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.live.length > 0) {
      this.live.sort((a, b) => a.firstSeq - b.firstSeq);
      const part = eventAfter(this.live[0]!, this.lastSeq);
      if (!part) {
        this.live.shift();
        continue;
      }
      if (part.firstSeq > this.lastSeq + 1) {
        const before = this.lastSeq;
        await this.fill(part.firstSeq - 1);
        if (this.lastSeq === before) {
          // Committed positions are always readable; this means the database lost them.
          this.logger.warn({ userId: this.userId, from: before + 1, to: part.firstSeq - 1 }, 'inbox gap not in database');
          this.lastSeq = part.firstSeq - 1;
        }
        continue;
      }
      this.live.shift();
      await this.hand(part);
    }
  }

  /** Hands on every event from the database after lastSeq up to `untilSeq`. */
  private async fill(untilSeq: number): Promise<void> {
    while (!this.closed && this.lastSeq < untilSeq) {
      const before = this.lastSeq;
      const limit = Math.min(PAGE, untilSeq - this.lastSeq);
      for (const event of await this.store.eventsAfter(this.userId, this.lastSeq, limit, untilSeq)) {
        await this.hand(event);
      }
      if (this.lastSeq === before) break;
    }
  }

  private async hand(event: InboxEvent): Promise<void> {
    if (this.closed) return;
    const part = eventAfter(event, this.lastSeq);
    if (!part) return;
    this.lastSeq = part.seq;
    if (part.kind === 'MESSAGE' && this.watchAcks) {
      this.unacked.set(part.seq, { event: part, sentAt: Date.now(), tries: 0 });
      if (this.unacked.size > MAX_UNACKED) this.unacked.delete(this.unacked.keys().next().value!);
    }
    await this.sink(part);
  }
}
