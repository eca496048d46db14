import type { Viewer } from '../auth/auth.service.js';
import type { InboxEvent } from '../inbox/inbox-events.js';
import type { InboxLogStore, StartState } from '../inbox/inbox-log.store.js';
import { metrics, observePush } from '../operations/metrics.js';
import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import { Coalescer } from '../shared/coalescer.js';
import { BROADCAST_CHANNEL, decodeBroadcast, decodeInboxEvent, userChannel } from '../wire/payloads.js';
import { InboxStream, START_PAGE, type HeldPushes } from './inbox-stream.js';

/** Users whose positions one statement of the position check sums. */
const POSITION_CHECK_CHUNK = 1000;

interface UserStreams {
  streams: Set<InboxStream>;
  unsubscribe: () => void;
}

/**
 * The open inbox streams of this instance, by user. A user's channel is subscribed while the
 * instance holds one of the user's streams, and broadcast:all while it holds any; every event
 * reaches every stream (device) of its user. A periodic position check repairs what a crash
 * between commit and publish never pushed.
 */
export class StreamRegistry {
  private readonly byUser = new Map<number, UserStreams>();
  private broadcastOff: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Streams that start together (a burst of connects) read their starting points together. */
  private readonly starts: Coalescer<number, StartState>;

  constructor(
    private readonly log: InboxLogStore,
    private readonly bus: MessageBus,
    private readonly options: { positionCheckMs: number },
    private readonly logger: Logger,
    /** Which pushes are held (src/notifications/); a gap repaired from the log keeps them held. */
    private readonly holds: HeldPushes | null = null,
  ) {
    this.starts = new Coalescer((userIds) => this.log.startStates(userIds, START_PAGE));
  }

  /** Users with at least one open stream on this instance. */
  userCount(): number {
    return this.byUser.size;
  }

  /** The open streams of a user on this instance. */
  streamsOf(userId: number): Iterable<InboxStream> {
    return this.byUser.get(userId)?.streams ?? [];
  }

  /** The furthest inbox position the user's streams on this instance handed on (0: none open); reads must include it. */
  positionOf(userId: number): number {
    let position = 0;
    for (const stream of this.streamsOf(userId)) position = Math.max(position, stream.lastSeq);
    return position;
  }

  /** Every open stream of this instance with its user. */
  *all(): Iterable<[userId: number, stream: InboxStream]> {
    for (const [userId, entry] of this.byUser) for (const stream of entry.streams) yield [userId, stream];
  }

  /**
   * Opens an ordered stream of the viewer's inbox events after `position`, or from the
   * unread messages when it is null. The sink is awaited, so a slow consumer slows only its
   * own stream; `onFailure` is told when the stream cannot go on (it is closed already).
   */
  open(viewer: Viewer, position: number | null, sink: (event: InboxEvent) => Promise<void> | void, onFailure: (error: unknown) => void) {
    const stream = new InboxStream(
      viewer.id,
      this.log,
      sink,
      this.logger,
      (error) => {
        this.detach(stream);
        onFailure(error);
      },
      (userId) => this.starts.load(userId).catch(() => null),
      this.holds,
    );
    this.attach(stream);
    const ready = stream.start(position);
    return {
      ready,
      close: () => {
        stream.close();
        this.detach(stream);
      },
    };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.checkPositions().catch((error: unknown) => this.logger.warn({ err: error }, 'position check failed'));
    }, this.options.positionCheckMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const entry of this.byUser.values()) {
      for (const stream of entry.streams) stream.close();
      entry.unsubscribe();
    }
    this.byUser.clear();
    this.broadcastOff?.();
    this.broadcastOff = null;
  }

  /**
   * Compares every held user's position in the database with what this instance's streams
   * handed on. Per thousand users it first reads one sum: equal to the sum of the furthest
   * positions handed on, none of them is behind (positions only grow) and no row is read.
   * Only a thousand whose sums differ (a send in flight, or a position never pushed) is read
   * user by user. At rest that is one small row per thousand sockets' users per check,
   * where reading every user's row cost most of an idle instance's CPU.
   */
  private async checkPositions(): Promise<void> {
    const held = [...this.byUser];
    for (let i = 0; i < held.length; i += POSITION_CHECK_CHUNK) {
      const part = held.slice(i, i + POSITION_CHECK_CHUNK);
      const userIds: number[] = [];
      const handedOn: number[] = [];
      let local = 0;
      for (const [userId, entry] of part) {
        let furthest = 0;
        for (const stream of entry.streams) if (stream.lastSeq > furthest) furthest = stream.lastSeq;
        userIds.push(userId);
        handedOn.push(furthest);
        local += furthest;
      }
      const database = await this.log.seqSum(userIds);
      const seqs = database.sum === local && database.users === userIds.length ? null : await this.log.currentSeqs(userIds);
      part.forEach(([userId, entry], k) => {
        const seq = seqs ? seqs.get(userId) : handedOn[k];
        if (seq !== undefined) for (const stream of entry.streams) stream.checkPosition(seq);
      });
    }
  }

  private attach(stream: InboxStream): void {
    let entry = this.byUser.get(stream.userId);
    if (!entry) {
      const streams = new Set<InboxStream>();
      const unsubscribe = this.bus.subscribe(userChannel(stream.userId), (payload) => {
        const event = decodeInboxEvent(payload);
        if (event.kind === 'MESSAGE') observePush(event.message.createdAt, streams.size);
        for (const s of streams) {
          if (event.kind === 'RELEASED') s.release(event);
          else s.push(event);
        }
      });
      entry = { streams, unsubscribe };
      this.byUser.set(stream.userId, entry);
    }
    entry.streams.add(stream);
    metrics.subscriptions.inc();
    this.broadcastOff ??= this.bus.subscribe(BROADCAST_CHANNEL, (payload) => this.onBroadcast(payload));
  }

  private detach(stream: InboxStream): void {
    const entry = this.byUser.get(stream.userId);
    if (!entry?.streams.delete(stream)) return;
    metrics.subscriptions.dec();
    if (entry.streams.size === 0) {
      entry.unsubscribe();
      this.byUser.delete(stream.userId);
    }
    if (this.byUser.size === 0 && this.broadcastOff) {
      this.broadcastOff();
      this.broadcastOff = null;
    }
  }

  private onBroadcast(payload: string): void {
    const broadcast = decodeBroadcast(payload);
    for (const [userId, seq] of broadcast.recipients) {
      const entry = this.byUser.get(userId);
      if (!entry) continue;
      // The message is decoded once, and only on instances that hold one of its recipients.
      const event: InboxEvent = { kind: 'MESSAGE', firstSeq: seq, seq, message: broadcast.message(), isRead: false, readAt: null };
      observePush(event.message.createdAt, entry.streams.size);
      if (broadcast.held.has(userId)) event.held = true;
      for (const stream of entry.streams) stream.push(event);
    }
  }
}
