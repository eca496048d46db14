import type { Viewer } from '../auth/auth.service.js';
import { forbidden, notFound } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import { decodeInboxCursor, encodeInboxCursor } from '../messages/cursor.js';
import type { InboxChange } from '../messages/messages.service.js';
import type { CommittedSend, MessageRow } from '../messages/messages.store.js';
import type { MessageBus } from '../redis/bus.js';
import type { RedisService } from '../redis/redis.service.js';
import type { DeliveryStatusStore, DeliveryStage, StageTimes } from './delivery-status.js';
import type { DeliveryJob, DeliveryQueue } from './delivery.queue.js';
import type { DeliveryStore, StartState } from './delivery.store.js';
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
import { InboxStream, START_PAGE } from './inbox-stream.js';
import { Coalescer } from '../util/coalescer.js';

export interface DeliveryOptions {
  /** Fan-outs to at least this many recipients go out as one publish on broadcast:all. */
  broadcastThreshold: number;
  /** How often open streams compare their position with the database. */
  positionCheckMs: number;
  /** A pushed message not acknowledged after this long is pushed again. */
  ackTimeoutMs: number;
  /** Pushes of one message to one stream, first one included. */
  maxPushes: number;
  syncStatusTtlSeconds: number;
}

interface UserStreams {
  streams: Set<InboxStream>;
  unsubscribe: () => void;
}

/** A fan-out message on broadcast:all: one payload, each instance picks its own users. */
interface BroadcastPayload {
  k: 'B';
  m: Record<string, unknown>;
  r: Array<[userId: number, seq: number]>;
}

export interface RecipientStatus {
  recipientId: number;
  stage: DeliveryStage;
  times: StageTimes;
}

/**
 * Gets committed inbox changes to every open stream of their users, on this instance and
 * (through the queue and the bus) on the others. The database is the log: streams resume
 * from a cursor and repair gaps from it, so a lost publish delays a push but never loses it.
 */
export class DeliveryService {
  private readonly byUser = new Map<number, UserStreams>();
  private broadcastOff: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];
  /** Streams that start together (a burst of connects) read their starting points together. */
  private readonly starts: Coalescer<number, StartState>;

  constructor(
    private readonly store: DeliveryStore,
    private readonly bus: MessageBus,
    private readonly redis: RedisService,
    private readonly status: DeliveryStatusStore,
    private readonly queue: DeliveryQueue | null,
    private readonly options: DeliveryOptions,
    private readonly logger: Logger,
  ) {
    this.starts = new Coalescer((userIds) => this.store.startStates(userIds, START_PAGE));
  }

  /** Entries waiting, held by workers, and dead-lettered. */
  queueDepth(): Promise<{ waiting: number; pending: number; dead: number }> {
    return this.queue?.depth() ?? Promise.resolve({ waiting: 0, pending: 0, dead: 0 });
  }

  /** Users with at least one open stream on this instance. */
  userCount(): number {
    return this.byUser.size;
  }

  /**
   * Opens an ordered stream of the viewer's inbox events after `position`, or from the
   * unread messages when it is null. The sink is awaited, so a slow consumer slows only its
   * own stream.
   */
  openStream(viewer: Viewer, position: number | null, sink: (event: InboxEvent) => Promise<void> | void) {
    const stream = new InboxStream(viewer.id, this.store, sink, this.logger, (userId) =>
      this.starts.load(userId).catch(() => null),
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

  /** Hands what was committed to the queue (or, without Redis, straight to the bus). */
  async onInboxChange(change: InboxChange): Promise<void> {
    if (change.kind === 'read') {
      const ids = change.events.map((e) => e.messageId);
      await this.bus.publish(userChannel(change.userId), readEventPayload(change.events[0]!.seq, ids, change.readAt));
      await this.status.mark('READ', ids.map((messageId) => ({ messageId, recipientIds: [change.userId] })));
      return;
    }
    const jobs = jobsOf(change.results);
    if (jobs.length === 0) return;
    if (this.queue && (await this.queue.enqueue(jobs))) return;
    await this.publishJobs(jobs);
  }

  /** Publishes jobs to the recipients' channels in one pipeline (when there is no queue). */
  publishJobs(jobs: DeliveryJob[]): Promise<'redis' | 'local'> {
    return this.bus.publishMany(this.publications(jobs));
  }

  /** What jobs publish: (channel, payload) pairs; fan-outs are one broadcast:all payload. */
  publications(jobs: DeliveryJob[]): Array<[channel: string, payload: string]> {
    const items: Array<[string, string]> = [];
    for (const job of jobs) {
      if (job.deliveries.length >= this.options.broadcastThreshold) {
        items.push([BROADCAST_CHANNEL, `{"k":"B","m":${job.messageJson},"r":${JSON.stringify(job.deliveries)}}`]);
        continue;
      }
      for (const [recipientId, seq] of job.deliveries) {
        items.push([userChannel(recipientId), messageEventPayload(seq, job.messageJson)]);
      }
    }
    return items;
  }

  /** Starts the periodic checks: position (repairs pushes lost to a crash) and acknowledgements. */
  start(): void {
    if (this.timers.length > 0) return;
    const every = (ms: number, task: () => Promise<void>, name: string) => {
      const timer = setInterval(() => task().catch((error: unknown) => this.logger.warn({ err: error }, `${name} failed`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.positionCheckMs, () => this.checkPositions(), 'position check');
    every(Math.max(50, Math.floor(this.options.ackTimeoutMs / 2)), () => this.checkAcknowledgements(), 'ack check');
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const entry of this.byUser.values()) {
      for (const stream of entry.streams) stream.close();
      entry.unsubscribe();
    }
    this.byUser.clear();
    this.broadcastOff?.();
    this.broadcastOff = null;
  }

  async sync(
    viewer: Viewer,
    since: string | null | undefined,
    limit: number,
  ): Promise<{ events: InboxEvent[]; cursor: string; hasMore: boolean }> {
    const after = since ? decodeInboxCursor(since, 'since') : 0;
    const events = await this.store.eventsAfter(viewer.id, after, limit);
    const lastSeq = events.at(-1)?.seq ?? after;
    const current = (await this.store.currentSeqs([viewer.id])).get(viewer.id) ?? 0;
    const cursor = encodeInboxCursor(lastSeq);
    // sync_status:{id} keeps the user's last sync (time and position) for support and metrics.
    await this.redis.command
      ?.set(this.redis.key(`sync_status:${viewer.id}`), JSON.stringify({ at: new Date().toISOString(), seq: lastSeq }), 'EX', this.options.syncStatusTtlSeconds)
      .catch(() => undefined);
    return { events, cursor, hasMore: current > lastSeq };
  }

  /** Marks everything of the viewer's inbox up to `upTo` delivered; returns how many changed. */
  async acknowledge(viewer: Viewer, upTo: string): Promise<number> {
    const seq = decodeInboxCursor(upTo, 'upTo');
    const changed = await this.store.acknowledge(viewer.id, seq, new Date());
    this.rememberAcker(viewer.id);
    for (const stream of this.byUser.get(viewer.id)?.streams ?? []) stream.acknowledged(seq);
    await this.status.mark('DELIVERED', changed.map((messageId) => ({ messageId, recipientIds: [viewer.id] })));
    return changed.length;
  }

  /**
   * Each recipient's stage of a message the viewer sent: queued → pushed → delivered → read.
   * Delivered and read come from the database; queued and pushed times from Redis when it
   * has them.
   */
  async deliveryStatus(viewer: Viewer, message: MessageRow | null): Promise<RecipientStatus[]> {
    if (!message || message.tenantId !== viewer.tenantId) throw notFound('No such message');
    if (message.senderId !== viewer.id) throw forbidden('Only the sender sees delivery status');
    const [rows, cached] = await Promise.all([this.store.recipientStates(message.id), this.status.read(message.id)]);
    return rows.map((row) => {
      const times: StageTimes = { QUEUED: row.createdAt, ...cached?.get(row.recipientId) };
      if (row.deliveredAt) times.DELIVERED = row.deliveredAt;
      if (row.readAt) times.READ = row.readAt;
      const stage: DeliveryStage = times.READ ? 'READ' : times.DELIVERED ? 'DELIVERED' : times.PUSHED ? 'PUSHED' : 'QUEUED';
      return { recipientId: row.recipientId, stage, times };
    });
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

  /**
   * Re-pushes what acknowledging devices have not acknowledged in time. One pass asks the
   * database twice at most, for every overdue stream of the instance together: which of
   * their users ever acknowledged (a user who has is remembered), and which overdue
   * positions are still unacknowledged.
   */
  private async checkAcknowledgements(): Promise<void> {
    const now = Date.now();
    const due: Array<{ userId: number; stream: InboxStream; overdue: number[] }> = [];
    for (const [userId, entry] of this.byUser) {
      for (const stream of entry.streams) {
        const overdue = stream.overdue(now, this.options.ackTimeoutMs);
        if (overdue.length > 0) due.push({ userId, stream, overdue });
      }
    }
    if (due.length === 0) return;
    const unknown = [...new Set(due.map((d) => d.userId).filter((id) => !this.ackers.has(id)))];
    for (const id of await this.store.everAcknowledged(unknown)) this.rememberAcker(id);
    const seqsByUser = new Map<number, number[]>();
    for (const d of due) {
      if (!this.ackers.has(d.userId)) {
        // This client does not acknowledge (it resumes by cursor instead): stop watching it.
        d.stream.forget('all');
        continue;
      }
      seqsByUser.set(d.userId, [...(seqsByUser.get(d.userId) ?? []), ...d.overdue]);
    }
    if (seqsByUser.size === 0) return;
    const pending = await this.store.unacknowledgedOf(seqsByUser);
    for (const d of due) {
      const still = pending.get(d.userId);
      if (!still) continue;
      d.stream.forget(d.overdue.filter((s) => !still.has(s)));
      const again = d.overdue.filter((s) => still.has(s));
      if (again.length > 0) d.stream.repush(again, this.options.maxPushes - 1);
    }
  }

  /** Users known to acknowledge (once true, always true); bounded like the other memos. */
  private readonly ackers = new Set<number>();

  private rememberAcker(userId: number): void {
    if (this.ackers.size >= 100_000) this.ackers.delete(this.ackers.values().next().value!);
    this.ackers.add(userId);
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
      // Revive the message once, and only on instances that hold one of its recipients.
      message ??= reviveMessage(parsed.m);
      const event: InboxEvent = { kind: 'MESSAGE', firstSeq: seq, seq, message, isRead: false, readAt: null };
      for (const stream of entry.streams) stream.push(event);
    }
  }
}

function jobsOf(results: CommittedSend[]): DeliveryJob[] {
  return results
    .filter((r) => !r.duplicate && r.deliveries.length > 0)
    .map((r) => ({
      messageId: r.message.id,
      priority: r.message.priority,
      messageJson: serializeMessage(r.message),
      deliveries: r.deliveries.map((d) => [d.recipientId, d.seq] as [number, number]),
    }));
}
