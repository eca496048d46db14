import { Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { metrics } from '../operations/metrics.js';

export type RedisMode = 'connected' | 'degraded' | 'disabled';

/**
 * The instance's two Redis connections: one for commands, one in subscribe mode (a
 * subscribed connection runs no other command). Redis is optional: with none configured
 * the mode is `disabled`; while it is unreachable the mode is `degraded`, commands fail
 * fast (bounded timeout, no offline queue) and callers fall back to the database and the
 * in-process bus. ioredis reconnects on its own; the mode follows.
 */
export class RedisService {
  readonly command: Redis | null;
  readonly subscriber: Redis | null;
  readonly prefix: string;
  private currentMode: RedisMode;
  private readonly modeListeners: Array<(mode: RedisMode, previous: RedisMode) => void> = [];

  constructor(
    private readonly config: AppConfig['redis'],
    private readonly logger: Logger,
  ) {
    this.prefix = config?.keyPrefix ?? '';
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
    const make = (name: string, extra: RedisOptions = {}) => {
      const own = { ...options, ...extra, connectionName: name };
      const client = config.url ? new Redis(config.url, own) : new Redis(own);
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
    this.subscriber = make('mm-subscriber');
    this.subscriber.options.commandTimeout = undefined;
  }

  /**
   * A connection of its own for a blocking reader (XREADGROUP BLOCK would stall every other
   * command on a shared connection). No command timeout: `blockMs` bounds each call.
   */
  createBlockingConnection(name: string, blockMs: number): Redis | null {
    if (!this.command) return null;
    const client = this.command.duplicate({ connectionName: name, commandTimeout: blockMs + 2000, enableAutoPipelining: false });
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

/** Times one command in 16 on a connection (mm_redis_command_duration_seconds): a sample, nearly free. */
function timeEverySixteenthCommand(client: Redis): void {
  const send = client.sendCommand.bind(client);
  let count = 0;
  client.sendCommand = (command, stream) => {
    const sent = send(command, stream);
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
}
