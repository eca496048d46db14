import { Cluster, Redis, type ChainableCommander, type ClusterOptions, type Command, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { metrics } from '../operations/metrics.js';

export type RedisMode = 'connected' | 'degraded' | 'disabled';

/** One node or a cluster: the same commands; what differs is behind RedisService. */
export type RedisClient = Redis | Cluster;

/**
 * The instance's two Redis connections: one for commands, one in subscribe mode (a
 * subscribed connection runs no other command). Redis is optional: with none configured
 * the mode is `disabled`; while it is unreachable the mode is `degraded`, commands fail
 * fast (bounded timeout, no offline queue) and callers fall back to the database and the
 * in-process bus. ioredis reconnects on its own; the mode follows.
 *
 * With `REDIS_CLUSTER_NODES` both are ioredis `Cluster`s: keys carry hash tags (key-slot.ts)
 * so that what one command or script touches lives in one slot, user channels use sharded
 * Pub/Sub (SSUBSCRIBE/SPUBLISH, the subscriber's `shardedSubscribers`), and `pipeline()`
 * spreads commands over the nodes that own their keys.
 */
export class RedisService {
  readonly command: RedisClient | null;
  readonly subscriber: RedisClient | null;
  readonly prefix: string;
  /** True on a Redis Cluster. */
  readonly cluster: boolean;
  private currentMode: RedisMode;
  private readonly modeListeners: Array<(mode: RedisMode, previous: RedisMode) => void> = [];

  constructor(
    private readonly config: AppConfig['redis'],
    private readonly logger: Logger,
  ) {
    this.prefix = config?.keyPrefix ?? '';
    this.cluster = Boolean(config?.clusterNodes);
    if (!config) {
      this.command = null;
      this.subscriber = null;
      this.currentMode = 'disabled';
      return;
    }
    const options: RedisOptions = {
      host: config.host,
      port: config.port,
      password: config.password,
      db: config.db,
      connectTimeout: config.connectTimeoutMs,
      commandTimeout: config.commandTimeoutMs,
      maxRetriesPerRequest: 1,
      // A command issued while disconnected fails at once instead of waiting in a queue.
      enableOfflineQueue: false,
      // The bus resubscribes its own channel list on 'ready' (see bus.ts).
      autoResubscribe: false,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      lazyConnect: false,
    };
    const nodes = config.clusterNodes;
    const make = (name: string, extra: RedisOptions = {}, clusterExtra: ClusterOptions = {}): RedisClient => {
      const own = { ...options, ...extra, connectionName: name };
      let client: RedisClient;
      if (nodes) {
        const { host: _host, port: _port, db: _db, enableAutoPipelining, retryStrategy, ...redisOptions } = own;
        client = new Cluster(nodes, {
          redisOptions,
          enableOfflineQueue: false,
          enableAutoPipelining,
          clusterRetryStrategy: retryStrategy,
          // A failover's MOVED/TRYAGAIN replies are retried after the slots refresh.
          retryDelayOnFailover: 100,
          retryDelayOnClusterDown: 100,
          retryDelayOnTryAgain: 100,
          slotsRefreshTimeout: config.connectTimeoutMs,
          ...clusterExtra,
        });
      } else {
        client = config.url ? new Redis(config.url, own) : new Redis(own);
      }
      client.on('error', () => {
        /* reported through the mode change; ioredis keeps reconnecting */
      });
      client.on('ready', () => this.updateMode());
      client.on('close', () => this.updateMode());
      client.on('end', () => this.updateMode());
      return client;
    };
    this.currentMode = 'degraded';
    // Commands issued in the same tick (thousands of sockets connecting, a fan-out's cache
    // updates) go out in one write: on this kind of VM a socket write costs tens of µs.
    this.command = make('mm-command', { enableAutoPipelining: true });
    timeEverySixteenthCommand(this.command);
    // The subscriber never runs ordinary commands and must not time out waiting for messages.
    // On a cluster it holds one connection per master for sharded channels.
    this.subscriber = make('mm-subscriber', { commandTimeout: undefined }, { shardedSubscribers: true });
  }

  /**
   * A pipeline for commands that may touch keys on different cluster nodes (ioredis'
   * Cluster pipeline needs one node). On a cluster each command goes out on its own,
   * auto-pipelined per node in the same tick, and exec() answers like Pipeline.exec:
   * one [error, result] per command in order. Not a transaction.
   */
  pipeline(): ChainableCommander {
    const client = this.command!;
    if (!(client instanceof Cluster)) return client.pipeline();
    return spreadPipeline(client);
  }

  /**
   * A connection of its own for a blocking reader (XREADGROUP BLOCK would stall every other
   * command on a shared connection). No command timeout: `blockMs` bounds each call.
   */
  createBlockingConnection(name: string, blockMs: number): RedisClient | null {
    if (!this.command) return null;
    const own = { connectionName: name, commandTimeout: blockMs + 2000 };
    const client =
      this.command instanceof Cluster
        ? this.command.duplicate([], { enableAutoPipelining: false, redisOptions: { ...this.command.options.redisOptions, ...own } })
        : this.command.duplicate({ ...own, enableAutoPipelining: false });
    client.on('error', () => {
      /* reconnects by itself; the reader checks isConnected() */
    });
    return client;
  }

  mode(): RedisMode {
    return this.currentMode;
  }

  /** True when commands may be sent now. */
  isConnected(): boolean {
    return this.currentMode === 'connected';
  }

  onModeChange(listener: (mode: RedisMode, previous: RedisMode) => void): void {
    this.modeListeners.push(listener);
  }

  /** A key with this deployment's prefix (ioredis' keyPrefix would not cover channels). */
  key(name: string): string {
    return this.prefix + name;
  }

  private closing = false;

  private updateMode(): void {
    if (!this.command || !this.subscriber || this.closing) return;
    const next: RedisMode =
      this.command.status === 'ready' && this.subscriber.status === 'ready' ? 'connected' : 'degraded';
    if (next === this.currentMode) return;
    const previous = this.currentMode;
    this.currentMode = next;
    if (next === 'connected') this.logger.info({ redis: next }, 'Redis connected: cross-instance push on');
    else this.logger.warn({ redis: next }, 'Redis unreachable: degraded mode (database reads, in-process push)');
    for (const listener of this.modeListeners) listener(next, previous);
  }

  /** PING round trip in milliseconds, or null when Redis is not usable. */
  async latencyMs(): Promise<number | null> {
    if (!this.command || !this.isConnected()) return null;
    const start = performance.now();
    try {
      await this.command.ping();
      return Math.round((performance.now() - start) * 100) / 100;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.closing = true; // a deliberate disconnect is not an outage: no mode change, no log
    await Promise.all(
      [this.command, this.subscriber].map(async (client) => {
        if (!client) return;
        try {
          await client.quit();
        } catch {
          client.disconnect();
        }
      }),
    );
  }
}

function spreadPipeline(client: Cluster): ChainableCommander {
  const replies: Array<Promise<[Error | null, unknown]>> = [];
  const methods = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const spread: ChainableCommander = new Proxy({} as ChainableCommander, {
    get(_target, name) {
      if (name === 'exec') return () => Promise.all(replies);
      if (name === 'length') return replies.length;
      if (typeof name !== 'string' || typeof methods[name] !== 'function') return undefined;
      return (...args: unknown[]) => {
        replies.push(methods[name]!.apply(client, args).then((reply): [null, unknown] => [null, reply], (error: Error): [Error, null] => [error, null]));
        return spread;
      };
    },
  });
  return spread;
}

/** Times one command in 16 on a connection (mm_redis_command_duration_seconds): a sample, nearly free. */
function timeEverySixteenthCommand(client: RedisClient): void {
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  let count = 0;
  const timed = (command: Command, ...rest: unknown[]) => {
    const sent = send(command, ...rest);
    count = (count + 1) & 15;
    if (count === 0) {
      const start = performance.now();
      command.promise.then(
        () => metrics.redisCommandDuration.observe((performance.now() - start) / 1000),
        () => undefined,
      );
    }
    return sent;
  };
  client.sendCommand = timed as typeof client.sendCommand;
}
