import { metrics, secondsSince } from '../operations/metrics.js';
import type { Logger } from '../logger.js';
import { eventAfter, type InboxEvent } from '../inbox/inbox-events.js';
import type { InboxLogStore, StartState } from '../inbox/inbox-log.store.js';
import { OrderedStream } from '../shared/ordered-stream.js';

/**
 * Which of a user's messages have their live push held (notification rules,
 * src/notifications/): consulted for the positions a live stream reads from the log to
 * repair a gap, so that a repair does not push what the rules hold.
 */
export interface HeldPushes {
  heldAmong(userId: number, messageIds: readonly number[]): Promise<Set<number>>;
}

/** A message handed on and not yet known to be acknowledged. */
interface Unacked {
  event: InboxEvent;
  sentAt: number;
  tries: number;
}

/** Unread messages read per query when a stream starts. */
export const START_PAGE = 500;
/** Beyond this many unacknowledged messages a device is expected to resume by cursor instead. */
const MAX_UNACKED = 1000;

/**
 * One subscriber's ordered view of a user's inbox (an OrderedStream over inbox_events): it
 * starts from a cursor or from the unread messages, follows live events with no gap and no
 * duplicate, repairs positions a crash never pushed (position check), and watches what an
 * acknowledging device has not acknowledged, for re-push.
 */
export class InboxStream {
  private readonly ordered: OrderedStream<InboxEvent>;
  /** A position the database had and this stream had not, at the last position check. */
  private suspect: number | null = null;
  /**
   * Whether this stream's client acknowledges. Until it is known not to, handed-on messages
   * are watched for re-push; a client found never to acknowledge is not watched (nor asked
   * about) again until its user acknowledges through this instance.
   */
  watchAcks = true;
  /**
   * Messages handed on and not yet known to be acknowledged, by seq, oldest first. An ordered
   * window rather than a cache: the oldest position leaves first, whatever was read last.
   * Made with the first message handed on: an idle stream (most) holds no Map.
   */
  private unacked: Map<number, Unacked> | null = null;
  private started = false;
  /** The position the catch-up reached: released pushes at or before it were handed on by the catch-up. */
  private caughtUpTo = 0;

  constructor(
    readonly userId: number,
    private readonly log: InboxLogStore,
    private readonly sink: (event: InboxEvent) => Promise<void> | void,
    logger: Logger,
    onFailure: (error: unknown) => void,
    /** The starting point read together with other streams' (null: read it here). */
    private readonly loadStart: (userId: number) => Promise<StartState | null> = () => Promise.resolve(null),
    private readonly holds: HeldPushes | null = null,
  ) {
    this.ordered = new OrderedStream<InboxEvent>({
      readAfter: (after, limit, until) => this.readLog(after, limit, until),
      sink: (event) => this.handOn(event),
      trim: eventAfter,
      pageSize: START_PAGE,
      onFailure: (error) => {
        logger.warn({ err: error, userId }, 'inbox stream failed; its subscription ends with an error');
        this.unacked = null;
        onFailure(error);
      },
      onLostPositions: (from, to) => logger.warn({ userId, from, to }, 'inbox gap not in database'),
    });
  }

  /** The last inbox position handed to the sink. */
  get lastSeq(): number {
    return this.ordered.lastSeq;
  }

  /**
   * Catches up from `since` (every event after it) or, when null, from the unread messages
   * at or before the current position; live events that arrive meanwhile wait and are
   * handed on afterwards without duplicates. Rejects never: a failure ends the stream.
   */
  start(since: number | null): Promise<void> {
    return this.ordered.start(async () => {
      if (since !== null) {
        this.ordered.lastSeq = since;
        await this.ordered.fill(Number.MAX_SAFE_INTEGER);
      } else {
        await this.startFromUnread();
      }
      this.caughtUpTo = this.ordered.lastSeq;
      this.started = true;
    });
  }

  private async startFromUnread(): Promise<void> {
    const state = await this.loadStart(this.userId);
    const current = state ? state.current : ((await this.log.currentSeqs([this.userId])).get(this.userId) ?? 0);
    let after = 0;
    for (const event of state?.unread ?? []) {
      if (this.ordered.isClosed) return;
      await this.sink(event);
      after = event.seq;
    }
    while (!state?.complete) {
      const page = await this.log.unreadUpTo(this.userId, after, current, START_PAGE);
      for (const event of page) {
        if (this.ordered.isClosed) return;
        await this.sink(event);
      }
      if (page.length < START_PAGE) break;
      after = page.at(-1)!.seq;
    }
    this.ordered.lastSeq = current;
  }

  /** A live event from the bus. */
  push(event: InboxEvent): void {
    this.ordered.push(event);
  }

  /** Held pushes released: handed on after what is queued, outside the position order (each message is at its own position). */
  release(event: Extract<InboxEvent, { kind: 'RELEASED' }>): void {
    if (!this.started) return;
    void this.ordered.enqueue(async () => {
      const messages = event.messages.filter((m) => m.seq > this.caughtUpTo && m.seq <= this.lastSeq);
      if (messages.length > 0) await this.sink({ kind: 'RELEASED', firstSeq: this.lastSeq, seq: this.lastSeq, messages });
    });
  }

  /**
   * The log after `after`. A catch-up (start, resume from a cursor) hands on everything, held
   * or not, like `sync`; once the stream is live, a repaired gap keeps held pushes held.
   */
  private async readLog(after: number, limit: number, until: number): Promise<InboxEvent[]> {
    const events = await this.log.eventsAfter(this.userId, after, limit, until);
    if (!this.started || !this.holds) return events;
    const ids = events.flatMap((e) => (e.kind === 'MESSAGE' ? [e.message.id] : []));
    const held = ids.length > 0 ? await this.holds.heldAmong(this.userId, ids) : new Set<number>();
    return held.size === 0 ? events : events.map((e) => (e.kind === 'MESSAGE' && held.has(e.message.id) ? { ...e, held: true } : e));
  }

  /**
   * Called periodically with the user's position in the database. A position this stream
   * still lacks at two checks in a row was committed but never pushed (a server died
   * between commit and publish): read it now.
   */
  checkPosition(databaseSeq: number): void {
    if (!this.started || this.ordered.isClosed) return;
    const missing = this.suspect !== null && this.lastSeq < this.suspect ? this.suspect : null;
    this.suspect = databaseSeq > this.lastSeq ? databaseSeq : null;
    if (missing !== null) this.ordered.repair(missing);
  }

  close(): void {
    this.ordered.close();
    this.unacked = null;
  }

  /** Positions handed on at least `timeoutMs` ago (longer after each re-push) and not acknowledged. */
  overdue(now: number, timeoutMs: number): number[] {
    const seqs: number[] = [];
    if (!this.unacked) return seqs;
    for (const [seq, entry] of this.unacked) if (now - entry.sentAt >= timeoutMs * (entry.tries + 1)) seqs.push(seq);
    return seqs;
  }

  /** Stops watching everything up to `seq` (the user acknowledged it). */
  acknowledged(seq: number): void {
    this.watchAcks = true;
    if (!this.unacked) return;
    for (const [key, entry] of this.unacked) {
      if (key > seq) continue;
      if (entry.event.kind === 'MESSAGE') metrics.pushAckLatency.record(secondsSince(entry.event.message.createdAt.getTime()));
      this.unacked.delete(key);
    }
  }

  /** Stops watching these positions (acknowledged, or the client does not acknowledge at all). */
  forget(seqs: Iterable<number> | 'all'): void {
    if (seqs === 'all') {
      this.unacked = null;
      this.watchAcks = false;
    } else if (this.unacked) for (const seq of seqs) this.unacked.delete(seq);
  }

  /**
   * Hands these messages on again (the client drops what it already has by cursor); a
   * message is re-pushed at most `maxTries` times.
   */
  repush(seqs: number[], maxTries: number): void {
    void this.ordered.enqueue(async () => {
      for (const seq of seqs) {
        const entry = this.unacked?.get(seq);
        if (!entry || this.ordered.isClosed) continue;
        entry.tries += 1;
        entry.sentAt = Date.now();
        metrics.pushesRepushed.add();
        if (entry.tries >= maxTries) this.unacked?.delete(seq);
        await this.sink(entry.event);
      }
    });
  }

  private async handOn(event: InboxEvent): Promise<void> {
    // A held push moves the position on and reaches the device when it is released.
    if (event.kind === 'MESSAGE' && event.held) return;
    if (event.kind === 'MESSAGE' && this.watchAcks) {
      const unacked = (this.unacked ??= new Map<number, Unacked>());
      unacked.set(event.seq, { event, sentAt: Date.now(), tries: 0 });
      if (unacked.size > MAX_UNACKED) unacked.delete(unacked.keys().next().value!);
    }
    await this.sink(event);
  }
}
