import type { ChainableCommander } from 'ioredis';
import type { Logger } from '../logger.js';
import { groupBySlot } from './key-slot.js';
import type { RedisService } from './redis.service.js';

export type BusHandler = (payload: string) => void;

/** Channels per SUBSCRIBE/UNSUBSCRIBE command (spreading an unbounded list would overflow the stack). */
const CHANNELS_PER_COMMAND = 5_000;

/**
 * Publish/subscribe between server instances over Redis Pub/Sub, with an in-process path
 * when Redis is off or down (exact for one instance). A channel is subscribed in Redis
 * while at least one local handler listens to it, and unsubscribed when the last one leaves.
 *
 * The transport is ioredis itself, not graphql-redis-subscriptions' `RedisPubSub`, which
 * the design names: on this path the library costs CPU and memory and adds nothing the bus
 * needs. It sends one SUBSCRIBE per channel (ioredis does not auto-pipeline subscribe
 * commands, so even corked into one write each is a command and a promise), an UNSUBSCRIBE
 * and a PUNSUBSCRIBE per channel leaving, keeps a record and a ref set per channel beside
 * ours, copies each received payload into a Buffer for its deserializer, and publishes one
 * PUBLISH per call. It also drops the promise of its UNSUBSCRIBE: called while the subscriber
 * is down, that is an unhandled rejection (checked), which ends a Node 20 process.
 * bench/bus-transport.ts, 2,000 channels and 20,000 messages between two instances on a
 * local Redis, median of 9 interleaved runs, this class → the bus on RedisPubSub:
 *   subscribe burst   32 → 158 ms CPU, live heap 0.84 → 1.80 MB
 *   unsubscribe burst 19 → 97 ms CPU
 *   publishMany (100 per call) + receive  527 → 730 ms CPU; single publish + receive 434 → 574
 *   receive alone 520 → 540 ms CPU
 *
 * Pub/Sub is at-most-once; the inbox sequence makes delivery whole again (a receiver that
 * sees a gap reads it from the database), so a publish that fails is not retried here.
 *
 * On a Redis Cluster, channels use sharded Pub/Sub (SSUBSCRIBE/SPUBLISH): a publish goes to
 * the one shard that owns the channel's slot instead of being broadcast over the cluster
 * bus to every node, and each instance's subscriber holds one connection per master.
 * Channels every instance listens to (`everywhere`: broadcast:all, profile invalidation)
 * keep classic Pub/Sub, which reaches every node anyway. SSUBSCRIBE takes channels of one
 * slot per command, so a flush sends one command per slot.
 */
export class MessageBus {
  private readonly handlers = new Map<string, Set<BusHandler>>();
  /**
   * Channel (un)subscriptions wait for the end of the tick and go to Redis as one command
   * each way (per 5,000 channels), in one socket write: a thousand sockets connecting cost
   * one write, not a thousand.
   */
  private readonly toSubscribe = new Set<string>();
  private readonly toUnsubscribe = new Set<string>();
  private flushScheduled = false;

  constructor(
    private readonly redis: RedisService,
    private readonly logger: Logger,
    /** Channels subscribed by every instance: classic Pub/Sub even on a cluster. */
    private readonly everywhere: ReadonlySet<string> = new Set(),
  ) {
    const subscriber = this.redis.subscriber;
    const receive = (channel: string, payload: string) => this.dispatch(channel.slice(this.redis.prefix.length), payload);
    subscriber?.on('message', receive);
    subscriber?.on('smessage', receive);
    // A (re)connected subscriber holds no channel (ioredis' autoResubscribe is off, see
    // redis.service.ts): subscribe every channel with local handlers, including those added
    // while Redis was down. Channels that emptied meanwhile are unsubscribed after that, in
    // case ioredis resent a SUBSCRIBE for them that was in flight when the connection broke.
    subscriber?.on('ready', () => {
      this.toSubscribe.clear();
      for (const channel of this.handlers.keys()) this.toSubscribe.add(channel);
      this.flush();
    });
  }

  /** Number of channels with local handlers (for tests and metrics). */
  channelCount(): number {
    return this.handlers.size;
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.toUnsubscribe.delete(channel);
      this.toSubscribe.add(channel);
      this.scheduleFlush();
    }
    set.add(handler);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(channel);
        this.toSubscribe.delete(channel);
        this.toUnsubscribe.add(channel);
        this.scheduleFlush();
      }
    };
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.redis.subscriber) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const subscriber = this.redis.subscriber;
    // While the subscriber is down nothing is sent (it would fail at once, no offline queue):
    // the pending sets wait for the 'ready' handler.
    if (!subscriber || subscriber.status !== 'ready') return;
    if (this.redis.cluster) {
      this.flushSharded();
      return;
    }
    if (!('stream' in subscriber)) return;
    const subscribe = [...this.toSubscribe].map((c) => this.redis.key(c));
    const unsubscribe = [...this.toUnsubscribe].map((c) => this.redis.key(c));
    this.toSubscribe.clear();
    this.toUnsubscribe.clear();
    const stream = subscriber.stream;
    stream.cork();
    for (let i = 0; i < subscribe.length; i += CHANNELS_PER_COMMAND) {
      const channels = subscribe.slice(i, i + CHANNELS_PER_COMMAND);
      subscriber.subscribe(...channels).catch((error: unknown) => {
        // The connection broke under it: the 'ready' handler subscribes them again.
        this.logger.debug({ err: error, channels: channels.length }, 'subscribe deferred until Redis returns');
      });
    }
    for (let i = 0; i < unsubscribe.length; i += CHANNELS_PER_COMMAND) {
      subscriber.unsubscribe(...unsubscribe.slice(i, i + CHANNELS_PER_COMMAND)).catch(() => {
        /* a dropped connection forgets its subscriptions anyway */
      });
    }
    stream.uncork();
  }

  /** The cluster's flush: one SSUBSCRIBE per slot, classic SUBSCRIBE for `everywhere` channels. */
  private flushSharded(): void {
    const subscriber = this.redis.subscriber!;
    const split = (channels: Set<string>) => {
      const classic: string[] = [];
      const sharded: string[] = [];
      for (const c of channels) (this.everywhere.has(c) ? classic : sharded).push(this.redis.key(c));
      channels.clear();
      return { classic, sharded };
    };
    const on = split(this.toSubscribe);
    const off = split(this.toUnsubscribe);
    const deferred = (error: unknown) => this.logger.debug({ err: error }, 'subscribe deferred until Redis returns');
    if (on.classic.length > 0) subscriber.subscribe(...on.classic).catch(deferred);
    if (off.classic.length > 0) subscriber.unsubscribe(...off.classic).catch(() => undefined);
    for (const group of groupBySlot(on.sharded)) subscriber.ssubscribe(...group).catch(deferred);
    for (const group of groupBySlot(off.sharded)) subscriber.sunsubscribe(...group).catch(() => undefined);
  }

  /** PUBLISH, or SPUBLISH for a sharded channel on a cluster. */
  private publishCommand(channel: string): 'publish' | 'spublish' {
    return this.redis.cluster && !this.everywhere.has(channel) ? 'spublish' : 'publish';
  }

  /** Adds the publishes of `items` to a pipeline or MULTI the caller sends (the delivery queue's). */
  addPublishes(target: ChainableCommander, items: Iterable<[channel: string, payload: string]>): void {
    for (const [channel, payload] of items) target[this.publishCommand(channel)](this.redis.key(channel), payload);
  }

  /** Publishes one payload; falls back to local delivery when Redis cannot take it. */
  async publish(channel: string, payload: string): Promise<void> {
    const command = this.redis.command;
    if (command && this.redis.isConnected()) {
      try {
        // Auto-pipelined: the publishes of one tick leave in one write.
        await command[this.publishCommand(channel)](this.redis.key(channel), payload);
        return;
      } catch (error) {
        this.logger.debug({ err: error }, 'publish through Redis failed; delivering locally');
      }
    }
    this.dispatch(channel, payload);
  }

  /**
   * Publishes many payloads in one pipeline. Returns 'redis' when Redis took them all, or
   * 'local' when they were handed only to this instance's handlers.
   */
  async publishMany(items: Array<[channel: string, payload: string]>): Promise<'redis' | 'local'> {
    if (items.length === 0) return 'redis';
    const command = this.redis.command;
    if (command && this.redis.isConnected()) {
      try {
        const pipeline = this.redis.pipeline();
        this.addPublishes(pipeline, items);
        const results = await pipeline.exec();
        if (results?.every(([error]) => !error)) return 'redis';
      } catch (error) {
        this.logger.debug({ err: error }, 'publish through Redis failed; delivering locally');
      }
    }
    // Degraded: the local sockets still get their pushes; other instances catch up from the
    // database when their users' next event shows them a gap, or by the position check.
    for (const [channel, payload] of items) this.dispatch(channel, payload);
    return 'local';
  }

  private dispatch(channel: string, payload: string): void {
    const set = this.handlers.get(channel);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(payload);
      } catch (error) {
        this.logger.error({ err: error, channel }, 'bus handler failed');
      }
    }
  }
}
