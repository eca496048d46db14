import type { Viewer } from '../auth/auth.service.js';
import type { Logger } from '../logger.js';
import { decodeInboxCursor, encodeInboxCursor } from '../messages/cursor.js';
import type { InboxChange } from '../messages/messages.service.js';
import type { MessageRow } from '../messages/messages.store.js';
import type { MessageBus } from '../redis/bus.js';
import type { DeliveryStore } from './delivery.store.js';
import {
  BROADCAST_CHANNEL,
  messageEventPayload,
  parseEventPayload,
  readEventPayload,
  reviveMessage,
  serializeMessage,
  userChannel,
  type InboxEvent,
} from './inbox-events.js';
import { InboxStream } from './inbox-stream.js';

export interface DeliveryOptions {
  /** Fan-outs to at least this many recipients go out as one publish on broadcast:all. */
  broadcastThreshold: number;
  /** How often open streams compare their position with the database. */
  positionCheckMs: number;
}

interface UserStreams {
  streams: Set<InboxStream>;
  unsubscribe: () => void;
}

/** A fan-out message on broadcast:all: one payload, each instance picks its own users. */
interface BroadcastPayload {
  k: 'B';
  m: MessageRow;
  r: Array<[userId: number, seq: number]>;
}

/**
 * Gets committed inbox changes to every open stream of their users, on this instance and
 * (through the bus) on the others. The database is the log: streams resume from a cursor
 * and repair gaps from it, so a lost publish delays a push but never loses it.
 */
export class DeliveryService {
  private readonly byUser = new Map<number, UserStreams>();
  private broadcastOff: (() => void) | null = null;
  private positionTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: DeliveryStore,
    private readonly bus: MessageBus,
    private readonly options: DeliveryOptions,
    private readonly logger: Logger,
  ) {}

  /** Users with at least one open stream on this instance. */
  userCount(): number {
    return this.byUser.size;
  }

  /**
   * Opens an ordered stream of the viewer's inbox events after `since` (a cursor), or from
   * the unread messages when `since` is null. The sink is awaited, so a slow consumer slows
   * only its own stream.
   */
  openStream(viewer: Viewer, position: number | null, sink: (event: InboxEvent) => Promise<void> | void) {
    const stream = new InboxStream(viewer.id, this.store, sink, this.logger);
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

  /** Publishes what was committed. Listens on MessagesService.onInboxChange. */
  async publish(change: InboxChange): Promise<void> {
    if (change.kind === 'read') {
      const ids = change.events.map((e) => e.messageId);
      await this.bus.publish(userChannel(change.userId), readEventPayload(change.events[0]!.seq, ids, change.readAt));
      return;
    }
    const items: Array<[string, string]> = [];
    for (const result of change.results) {
      if (result.duplicate || result.deliveries.length === 0) continue;
      if (result.deliveries.length >= this.options.broadcastThreshold) {
        const payload: BroadcastPayload = {
          k: 'B',
          m: result.message,
          r: result.deliveries.map((d) => [d.recipientId, d.seq]),
        };
        items.push([BROADCAST_CHANNEL, JSON.stringify(payload)]);
        continue;
      }
      const json = serializeMessage(result.message);
      for (const d of result.deliveries) items.push([userChannel(d.recipientId), messageEventPayload(d.seq, json)]);
    }
    await this.bus.publishMany(items);
  }

  /** Starts the periodic position check that repairs pushes lost to a crash. */
  start(): void {
    if (this.positionTimer) return;
    this.positionTimer = setInterval(() => {
      this.checkPositions().catch((error: unknown) => this.logger.warn({ err: error }, 'position check failed'));
    }, this.options.positionCheckMs);
    this.positionTimer.unref();
  }

  stop(): void {
    if (this.positionTimer) clearInterval(this.positionTimer);
    this.positionTimer = null;
    for (const entry of this.byUser.values()) {
      for (const stream of entry.streams) stream.close();
      entry.unsubscribe();
    }
    this.byUser.clear();
    this.broadcastOff?.();
    this.broadcastOff = null;
  }

  async sync(viewer: Viewer, since: string | null | undefined, limit: number): Promise<{ events: InboxEvent[]; cursor: string; hasMore: boolean }> {
    const after = since ? decodeInboxCursor(since, 'since') : 0;
    const events = await this.store.eventsAfter(viewer.id, after, limit + 1);
    // eventsAfter counts positions; a READ group may cover several, so measure by positions.
    const kept: InboxEvent[] = [];
    let positions = 0;
    for (const event of events) {
      const size = event.seq - event.firstSeq + 1;
      if (positions + size > limit && kept.length > 0) break;
      kept.push(event);
      positions += size;
    }
    const lastSeq = kept.at(-1)?.seq ?? after;
    const current = (await this.store.currentSeqs([viewer.id])).get(viewer.id) ?? 0;
    return { events: kept, cursor: encodeInboxCursor(lastSeq), hasMore: current > lastSeq };
  }

  private async checkPositions(): Promise<void> {
    if (this.byUser.size === 0) return;
    const seqs = await this.store.currentSeqs([...this.byUser.keys()]);
    for (const [userId, entry] of this.byUser) {
      const seq = seqs.get(userId);
      if (seq === undefined) continue;
      for (const stream of entry.streams) stream.checkPosition(seq);
    }
  }

  private attach(stream: InboxStream): void {
    let entry = this.byUser.get(stream.userId);
    if (!entry) {
      const streams = new Set<InboxStream>();
      const unsubscribe = this.bus.subscribe(userChannel(stream.userId), (payload) => {
        const event = parseEventPayload(payload);
        for (const s of streams) s.push(event);
      });
      entry = { streams, unsubscribe };
      this.byUser.set(stream.userId, entry);
    }
    entry.streams.add(stream);
    if (!this.broadcastOff) {
      this.broadcastOff = this.bus.subscribe(BROADCAST_CHANNEL, (payload) => this.onBroadcast(payload));
    }
  }

  private detach(stream: InboxStream): void {
    const entry = this.byUser.get(stream.userId);
    if (!entry) return;
    entry.streams.delete(stream);
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
    const parsed = JSON.parse(payload) as BroadcastPayload;
    let message: MessageRow | null = null;
    for (const [userId, seq] of parsed.r) {
      const entry = this.byUser.get(userId);
      if (!entry) continue;
      message ??= reviveMessage(parsed.m as unknown as Record<string, unknown>);
      const event: InboxEvent = { kind: 'MESSAGE', firstSeq: seq, seq, message, isRead: false, readAt: null };
      for (const stream of entry.streams) stream.push(event);
    }
  }
}
