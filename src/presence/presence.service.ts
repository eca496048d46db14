import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import type { RedisService } from '../redis/redis.service.js';
import { presenceChannel } from '../wire/payloads.js';
import { OnlineUsersRedis, type ConnectionEntry } from './online-users.redis.js';
import type { PresenceStore } from './presence.store.js';

/** Heartbeats per database write of last-seen times. */
const SEEN_EVERY_BEATS = 4;
/** Users refreshed per step of a heartbeat. */
const HEARTBEAT_SLICE = 200;
const MAX_DEVICE_LABEL = 64;

/** A socket of this instance, as presence knows it. */
export interface PresenceConnection {
  id: string;
  userId: number;
  /** `connectionParams.device`; 'unknown' when the client sent none. */
  device: string | null;
  connectedAt: Date;
}

export interface DevicePresence {
  label: string;
  connectedAt: Date;
  lastSeenAt: Date;
}

export interface UserPresence {
  userId: number;
  online: boolean;
  devices: DevicePresence[];
  /** Latest sign of life on any device; null when never seen (or not a user of the caller's tenant). */
  lastSeenAt: Date | null;
}

export interface PresenceOptions {
  instanceId: string;
  /** A connection entry not refreshed for this long belongs to a dead instance; also the key TTL. */
  ttlSeconds: number;
  /** How often this instance refreshes its own entries and sweeps stale ones. */
  sweepMs: number;
}

interface LocalConnection {
  userId: number;
  device: string;
  connectedAt: number;
  lastSeen: number;
}

/**
 * Who is online, on which devices. Each open socket is a field of `online_users:{userId}`
 * written by the instance that holds it; every `sweepMs` the instance rewrites its fields
 * with a fresh last-seen, deletes the fields of those users that nobody refreshed within
 * the TTL (an instance that died), and renews the key's TTL. A key whose every instance
 * died expires by itself. Without Redis, the instance answers from its own sockets.
 */
export class PresenceService {
  private readonly local = new Map<string, LocalConnection>();
  private readonly online: OnlineUsersRedis;
  private timer: NodeJS.Timeout | null = null;
  private heartbeatRunning: Promise<number> | null = null;
  private beats = 0;
  private stopped = false;

  constructor(
    private readonly redis: RedisService,
    private readonly store: PresenceStore,
    private readonly users: UsersStore,
    private readonly options: PresenceOptions,
    private readonly logger: Logger,
    /** Where opens and closes are announced to `presenceChanged` watchers (src/presence/presence-watch.ts). */
    private readonly bus?: MessageBus,
  ) {
    this.online = new OnlineUsersRedis(redis, options.ttlSeconds);
  }

  /** Starts the heartbeat; a Redis that comes back gets this instance's entries at once. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.heartbeat(), this.options.sweepMs);
    this.timer.unref();
    this.redis.onModeChange((mode) => {
      if (mode === 'connected' && !this.stopped) void this.heartbeat();
    });
  }

  /** Stops the heartbeat. Entries left in Redis expire within the TTL (as after a crash). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  connectionOpened(connection: PresenceConnection): void {
    const now = Date.now();
    const entry: LocalConnection = {
      userId: connection.userId,
      device: deviceLabel(connection.device),
      connectedAt: connection.connectedAt.getTime(),
      lastSeen: now,
    };
    this.local.set(connection.id, entry);
    if (this.redis.isConnected()) {
      this.toRegister.add(connection.id);
      if (this.toRegister.size === 1) setImmediate(() => this.register());
    }
    // No database write here: while online, lastSeenAt comes from the live entry; the
    // heartbeat and the close record it for later.
    if (!this.redis.isConnected()) this.announce(connection.userId);
  }

  /** Tells watchers on every instance that the user's connections changed. */
  private announce(userId: number): void {
    this.bus?.publish(presenceChannel(userId), '').catch((error: unknown) => this.redisFailed(error, 'announce'));
  }

  /**
   * Sockets opened in this tick, written to Redis together at its end: a burst of connects
   * costs one pipeline per tick instead of one per socket.
   */
  private readonly toRegister = new Set<string>();

  private register(): void {
    const byUser = new Map<number, Array<[string, ConnectionEntry]>>();
    for (const id of this.toRegister) {
      const entry = this.local.get(id);
      if (!entry) continue;
      let list = byUser.get(entry.userId);
      if (!list) byUser.set(entry.userId, (list = []));
      list.push([id, this.toEntry(entry)]);
    }
    this.toRegister.clear();
    if (byUser.size === 0 || !this.redis.isConnected()) return;
    this.online
      .refresh(byUser, Date.now())
      .catch((error: unknown) => this.redisFailed(error, 'register'))
      // Announced once Redis has the entries, so a watcher on another instance reads them.
      .finally(() => byUser.forEach((_entries, userId) => this.announce(userId)));
  }

  /** A keep-alive answer from the socket. */
  connectionAlive(connectionId: string): void {
    const entry = this.local.get(connectionId);
    if (entry) entry.lastSeen = Date.now();
  }

  connectionClosed(connectionId: string): void {
    const entry = this.local.get(connectionId);
    if (!entry) return;
    this.local.delete(connectionId);
    this.toRegister.delete(connectionId);
    const removed = this.redis.isConnected()
      ? this.online.remove(entry.userId, connectionId).catch((error: unknown) => this.redisFailed(error, 'unregister'))
      : Promise.resolve();
    const seen = this.store.recordSeen([entry.userId], new Date()).catch((error: unknown) => this.dbFailed(error));
    // Announced once both landed: a watcher that reads presence again must find the user
    // offline and with the last-seen time this close wrote, not between the two writes.
    void Promise.allSettled([removed, seen]).then(() => this.announce(entry.userId));
  }

  /**
   * Refreshes this instance's entries and sweeps stale fields of the same users. Returns
   * how many stale fields were removed. Runs one at a time.
   */
  heartbeat(): Promise<number> {
    this.heartbeatRunning ??= this.runHeartbeat().finally(() => (this.heartbeatRunning = null));
    return this.heartbeatRunning;
  }

  private async runHeartbeat(): Promise<number> {
    if (this.local.size === 0) return 0;
    const now = Date.now();
    // The database's last-seen matters only once a user is offline, and closes write it; for
    // an instance that dies without closing, every fourth beat (a minute by default) is close
    // enough, and the writes cost a quarter.
    this.beats += 1;
    const recordSeen = this.beats % SEEN_EVERY_BEATS === 1;
    const byUser = new Map<number, Array<[string, ConnectionEntry]>>();
    for (const [id, entry] of this.local) {
      // The socket is still open on this instance (the keep-alive closes dead peers), so the
      // instance vouches for it now.
      entry.lastSeen = now;
      let list = byUser.get(entry.userId);
      if (!list) byUser.set(entry.userId, (list = []));
      list.push([id, this.toEntry(entry)]);
    }
    // In slices, with a turn of the event loop between them: at thousands of users one
    // pass stalled every push behind it for tens of milliseconds.
    const users = [...byUser];
    let removed = 0;
    for (let i = 0; i < users.length; i += HEARTBEAT_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = new Map(users.slice(i, i + HEARTBEAT_SLICE));
      if (this.redis.isConnected()) {
        try {
          removed += await this.online.refresh(slice, now);
        } catch (error) {
          this.redisFailed(error, 'heartbeat');
        }
      }
      if (recordSeen) await this.store.recordSeen([...slice.keys()], new Date(now)).catch((error: unknown) => this.dbFailed(error));
    }
    if (removed > 0) this.logger.debug({ removed }, 'swept presence entries of dead instances');
    return removed;
  }

  /**
   * Presence of the given users, in the order asked. Ids that are not users of the viewer's
   * tenant are answered exactly like ids that exist nowhere: offline, never seen.
   */
  async presenceOf(viewer: Viewer, ids: readonly number[]): Promise<UserPresence[]> {
    const inTenant = [...(await this.users.existingInTenant(viewer.tenantId, [...new Set(ids)]))];
    const now = Date.now();
    const connections = new Map<number, Map<string, ConnectionEntry>>(inTenant.map((id) => [id, new Map()]));
    if (this.redis.isConnected()) {
      try {
        for (const [userId, fields] of await this.online.read(inTenant, now)) connections.set(userId, fields);
      } catch (error) {
        this.redisFailed(error, 'read');
      }
    }
    // This instance's own sockets count even when Redis lost or never had them.
    for (const [id, entry] of this.local) connections.get(entry.userId)?.set(id, this.toEntry(entry));
    const lastSeen = await this.store.lastSeen(inTenant);

    return ids.map((userId) => {
      const fields = connections.get(userId);
      if (!fields) return { userId, online: false, devices: [], lastSeenAt: null };
      const devices = [...fields.values()]
        .sort((a, b) => a.connectedAt - b.connectedAt)
        .map((e) => ({ label: e.device, connectedAt: new Date(e.connectedAt), lastSeenAt: new Date(e.lastSeen) }));
      const latest = Math.max(lastSeen.get(userId)?.getTime() ?? 0, ...devices.map((d) => d.lastSeenAt.getTime()));
      return { userId, online: devices.length > 0, devices, lastSeenAt: latest > 0 ? new Date(latest) : null };
    });
  }

  private toEntry(entry: LocalConnection): ConnectionEntry {
    return {
      instance: this.options.instanceId,
      device: entry.device,
      connectedAt: entry.connectedAt,
      lastSeen: entry.lastSeen,
    };
  }

  private redisFailed(error: unknown, what: string): void {
    // The next heartbeat writes everything again; readers fall back to local sockets.
    this.logger.debug({ err: error, what }, 'presence: Redis command failed');
  }

  private dbFailed(error: unknown): void {
    this.logger.warn({ err: error }, 'presence: recording last-seen failed');
  }
}

function deviceLabel(device: string | null): string {
  const label = device?.trim().slice(0, MAX_DEVICE_LABEL);
  return label ? label : 'unknown';
}
