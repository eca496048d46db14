import type { Logger } from '../logger.js';
import type { RedisService } from './redis.service.js';

export type BusHandler = (payload: string) => void;

/**
 * Publish/subscribe between server instances over Redis Pub/Sub, with an in-process path
 * when Redis is off or down (exact for one instance). A channel is subscribed in Redis
 * while at least one local handler listens to it, and unsubscribed when the last one leaves.
 *
 * Pub/Sub is at-most-once; the inbox sequence makes delivery whole again (a receiver that
 * sees a gap reads it from the database), so a publish that fails is not retried here.
 */
export class MessageBus {
  private readonly handlers = new Map<string, Set<BusHandler>>();
  /**
   * Channel (un)subscriptions wait for the end of the tick and go to Redis as one command
   * each way: a thousand sockets connecting cost a few SUBSCRIBE writes, not a thousand.
   */
  private readonly toSubscribe = new Set<string>();
  private readonly toUnsubscribe = new Set<string>();
  private flushScheduled = false;

  constructor(
    private readonly redis: RedisService,
    private readonly logger: Logger,
  ) {
    this.redis.subscriber?.on('message', (channel: string, payload: string) => {
      this.dispatch(channel.slice(this.redis.prefix.length), payload);
    });
    // After every (re)connect, subscribe to every channel that has local handlers, including
    // those added while Redis was down.
    this.redis.subscriber?.on('ready', () => {
      const channels = [...this.handlers.keys()].map((c) => this.redis.key(c));
      if (channels.length > 0) {
        this.redis.subscriber!.subscribe(...channels).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'resubscribe after reconnect failed');
        });
      }
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
    if (!subscriber) return;
    const subscribe = [...this.toSubscribe].map((c) => this.redis.key(c));
    const unsubscribe = [...this.toUnsubscribe].map((c) => this.redis.key(c));
    this.toSubscribe.clear();
    this.toUnsubscribe.clear();
    if (subscribe.length > 0) {
      // While Redis is down this fails at once; the 'ready' handler subscribes them later.
      subscriber.subscribe(...subscribe).catch((error: unknown) => {
        this.logger.debug({ err: error, channels: subscribe.length }, 'subscribe deferred until Redis returns');
      });
    }
    if (unsubscribe.length > 0) {
      subscriber.unsubscribe(...unsubscribe).catch(() => {
        /* a dropped connection forgets its subscriptions anyway */
      });
    }
  }

  /** Publishes one payload; falls back to local delivery when Redis cannot take it. */
  async publish(channel: string, payload: string): Promise<void> {
    await this.publishMany([[channel, payload]]);
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
        const pipeline = command.pipeline();
        for (const [channel, payload] of items) pipeline.publish(this.redis.key(channel), payload);
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
