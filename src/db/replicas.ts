import type { ReplicaSettings } from '../config.js';
import type { Logger } from '../logger.js';
import { openDatabase, type Database, type DatabaseHandle, type StatementObserver } from './client.js';

/** Where a replica stands after its last check. */
export type ReplicaState = 'ok' | 'lagging' | 'down';

export interface ReplicaHealth {
  name: string;
  state: ReplicaState;
  /** The replica's own Seconds_Behind_Master; null when it is not replicating or does not say. */
  lagSeconds: number | null;
  checkedAt: string | null;
}

/** Where a read that may use a replica ran, and why (`mm_db_routed_reads_total`). */
export type ReadRoute = 'replica' | 'primary_replica_behind' | 'primary_replica_unavailable';

interface Replica {
  name: string;
  handle: DatabaseHandle;
  state: ReplicaState;
  lagSeconds: number | null;
  checkedAt: Date | null;
}

/** How often a read that waits for a replica asks it again. */
const POLL_MS = 10;
/** A replica that does not answer in this time counts as down (mysql2 waits 10 s by default). */
const REPLICA_CONNECT_TIMEOUT_MS = 2000;

/**
 * The read replicas of the database (DATABASE_REPLICA_URLS, docs/read-replicas.md) and the
 * choice, per read, of where it runs. Writes never come here: stores write through the
 * primary's `Database` as before.
 *
 * An own small router over pools rather than drizzle's `withReplicas`: `withReplicas` picks a
 * replica for every `select` of the database it returns, with no way to say that this read,
 * for this caller, must see a given inbox position. Here the caller hands over that condition
 * (`caughtUp`, a cheap lookup run on the replica) and the read itself, and gets the read run
 * where the condition holds; so a store's read is the same function on either server and
 * takes the executor as its argument, like the reads that already run inside a transaction.
 */
export class ReadReplicas {
  private readonly replicas: Replica[];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly primary: Database,
    handles: DatabaseHandle[],
    private readonly settings: Omit<ReplicaSettings, 'urls'>,
    private readonly logger: Logger,
    /** Told where each read ran (src/operations/metrics.ts counts them); reads with no replica configured are not told. */
    private readonly observe: (route: ReadRoute) => void = () => undefined,
  ) {
    this.replicas = handles.map((handle, i) => ({ name: `replica-${i + 1}`, handle, state: 'ok', lagSeconds: null, checkedAt: null }));
  }

  /** Opens a pool per replica URL (none: every read goes to the primary, with no extra statement). */
  static open(
    primary: Database,
    settings: ReplicaSettings,
    options: { poolSize: number; observeStatement: StatementObserver | null; observeRoute: (route: ReadRoute) => void },
    logger: Logger,
  ): ReadReplicas {
    const handles = settings.urls.map((url) =>
      openDatabase(url, options.poolSize, options.observeStatement, { connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS }),
    );
    return new ReadReplicas(primary, handles, settings, logger, options.observeRoute);
  }

  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  /** The replicas' pools, by name (tests count their statements). */
  handles(): Array<{ name: string; handle: DatabaseHandle }> {
    return this.replicas.map((r) => ({ name: r.name, handle: r.handle }));
  }

  /**
   * Runs `read` on a replica once `caughtUp` says it holds what the read must include, and on
   * the primary when no replica is usable, when none catches up within DATABASE_REPLICA_WAIT_MS,
   * or when the replica fails during the check or the read (reads are safe to run twice; the
   * replica is then down until the next check finds it answering). `caughtUp` null:
   * the read needs nothing in particular, and any usable replica will do.
   */
  async run<T>(caughtUp: ((replica: Database) => Promise<boolean>) | null, read: (db: Database) => Promise<T>): Promise<T> {
    if (this.replicas.length === 0) return read(this.primary);
    const replica = this.pick();
    if (!replica) {
      this.observe('primary_replica_unavailable');
      return read(this.primary);
    }
    try {
      if (caughtUp && !(await this.waitFor(replica, caughtUp))) {
        this.observe('primary_replica_behind');
        return read(this.primary);
      }
      const result = await read(replica.handle.db);
      this.observe('replica');
      return result;
    } catch (error) {
      // Whatever failed on the replica (it died, or it lacks what the primary has: a broken
      // replication, a missing table) is retried on the primary, so users see the primary's
      // answer; an error of the read itself fails there too and reaches the caller as before.
      this.markDown(replica, error);
      this.observe('primary_replica_unavailable');
      return read(this.primary);
    }
  }

  /** Asks `caughtUp` until it holds or the wait is over. */
  private async waitFor(replica: Replica, caughtUp: (db: Database) => Promise<boolean>): Promise<boolean> {
    const deadline = performance.now() + this.settings.waitMs;
    for (;;) {
      if (await caughtUp(replica.handle.db)) return true;
      if (performance.now() + POLL_MS > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The next usable replica, round robin; null when none is. */
  private pick(): Replica | null {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]!;
      if (replica.state === 'ok') {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica;
      }
    }
    return null;
  }

  private markDown(replica: Replica, error: unknown): void {
    if (replica.state !== 'down') this.logger.warn({ err: error, replica: replica.name }, 'read replica failed: its reads go to the primary');
    replica.state = 'down';
    replica.lagSeconds = null;
  }

  /** Checks every replica now and then every DATABASE_REPLICA_CHECK_MS. */
  start(): void {
    if (this.timer || this.replicas.length === 0) return;
    void this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.settings.checkMs);
    this.timer.unref();
  }

  /** Checks every replica once (the periodic check; tests call it to see a change at once). */
  async checkAll(): Promise<void> {
    await Promise.all(this.replicas.map((r) => this.check(r)));
  }

  /**
   * A replica is down when it does not answer, and lagging when it says it is further behind
   * than DATABASE_REPLICA_MAX_LAG_SECONDS or is not replicating at all (its SQL thread
   * stopped: Seconds_Behind_Master is NULL). A server that shows no replica status (a user
   * without the privilege, a proxy) is trusted: the positions still decide each read.
   */
  private async check(replica: Replica): Promise<void> {
    const before = replica.state;
    try {
      const [rows] = await replica.handle.pool.query('SHOW REPLICA STATUS');
      const status = (rows as Array<Record<string, unknown>>)[0];
      const behind = status ? (status.Seconds_Behind_Master ?? status.Seconds_Behind_Source ?? null) : undefined;
      replica.lagSeconds = behind === undefined || behind === null ? null : Number(behind);
      const max = this.settings.maxLagSeconds;
      const lagging = max > 0 && behind !== undefined && (replica.lagSeconds === null || replica.lagSeconds > max);
      replica.state = lagging ? 'lagging' : 'ok';
    } catch (error) {
      if (isConnectionError(error)) {
        this.markDown(replica, error);
      } else {
        // The server answers but shows no status (no privilege): usable.
        replica.state = 'ok';
        replica.lagSeconds = null;
      }
    }
    replica.checkedAt = new Date();
    if (before !== replica.state && replica.state !== 'down') {
      this.logger.info({ replica: replica.name, state: replica.state, lagSeconds: replica.lagSeconds }, 'read replica state changed');
    }
  }

  /** Each replica's state as of its last check (the detailed /health/db and `mm_db_replica_lag_seconds`). */
  health(): ReplicaHealth[] {
    return this.replicas.map((r) => ({ name: r.name, state: r.state, lagSeconds: r.lagSeconds, checkedAt: r.checkedAt?.toISOString() ?? null }));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.replicas.map((r) => r.handle.close().catch(() => undefined)));
  }
}

/** mysql2 marks errors after which the connection is gone `fatal`; refused and timed-out connects carry a network code. */
function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const { fatal, code } = e as { fatal?: boolean; code?: string };
    if (fatal === true) return true;
    if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR'].includes(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
