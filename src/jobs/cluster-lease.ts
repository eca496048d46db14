import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import type { LeasesStore } from './leases.store.js';

/**
 * A lease that lets one instance of the cluster at a time run a job (retention, alert
 * evaluation). Its holder renews it every third of `ttlMs`; an instance that dies stops
 * renewing, and another takes the lease within `ttlMs` plus one renewal period. A closing
 * instance gives it up at once.
 *
 * Why a MySQL row and not a Redis `SET NX PX` key: every job behind a lease works on the
 * database, so the database is up whenever the job could run at all; a Redis lock would need a
 * second, database fallback for Redis outages, and two mechanisms can both grant the lease
 * during the switch. Expiry uses the database's clock, one clock for every instance. Not
 * `GET_LOCK`: it belongs to a connection, which a pool hands to other work and may reset or
 * lose without telling, and TiDB and Vitess support it only partially
 * (docs/distributed-sql.md). It costs one UPDATE per lease and renewal: a few per minute.
 *
 * The holder counts its lease as held until `ttlMs` after it *sent* the renewal, less a margin,
 * measured on its own monotonic clock: the database's expiry comes later than that, so the
 * old holder stops before a new one can start.
 */
export class ClusterLease {
  /** performance.now() until which this instance may act as the holder. */
  private heldUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<boolean> | null = null;
  private stopped = false;
  /** Runs of the job on this instance (tests and /health details read it). */
  runs = 0;

  constructor(
    readonly name: string,
    private readonly store: LeasesStore,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  /** Takes the lease now if it is free, and keeps trying (or renewing) every third of its TTL. */
  start(): void {
    if (this.timer || this.stopped) return;
    void this.renew();
    this.timer = setInterval(() => void this.renew(), Math.max(20, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** Stops renewing and gives the lease up, so another instance takes it at its next try. */
  async stop(): Promise<void> {
    this.stopped = true;
    const started = this.timer !== null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.renewing;
    this.heldUntil = 0;
    // Released even when this instance thinks it lapsed: the row may still name it (compare and delete).
    if (started)
      await this.store
        .release(this.name, this.holder)
        .catch((error: unknown) => this.logger.warn({ err: error, lease: this.name }, 'could not release a lease'));
  }

  /** True once this instance takes part (its role runs the job, and the job is on). */
  started(): boolean {
    return this.timer !== null;
  }

  /** True while this instance holds the lease. */
  held(): boolean {
    return performance.now() < this.heldUntil;
  }

  /** Runs `work` if this instance holds the lease (null otherwise), and counts the run. */
  async run<T>(work: () => Promise<T>): Promise<T | null> {
    // A try under way (the first one, at start) decides first.
    await this.renewing;
    if (!this.held()) return null;
    this.runs += 1;
    return work();
  }

  /** One try to take or renew the lease; a failed try leaves it to expire. */
  renew(): Promise<boolean> {
    this.renewing ??= this.tryTake().finally(() => (this.renewing = null));
    return this.renewing;
  }

  private async tryTake(): Promise<boolean> {
    if (this.stopped) return false;
    const sentAt = performance.now();
    const wasHeld = this.held();
    try {
      const got = await this.store.take(this.name, this.holder, this.ttlMs);
      // A tenth of the TTL for the clocks' drift and the statement's way back.
      this.heldUntil = got ? sentAt + this.ttlMs * 0.9 : 0;
    } catch (error) {
      // Kept until it lapses: a database that is down stops the job's own work anyway.
      this.logger.warn({ err: error, lease: this.name }, 'could not renew a lease');
    }
    if (this.held() !== wasHeld)
      this.logger.info({ lease: this.name, held: this.held() }, this.held() ? 'took a cluster lease' : 'lost a cluster lease');
    return this.held();
  }
}
