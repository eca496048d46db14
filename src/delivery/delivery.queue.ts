import type { MessagePriority } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { metrics } from '../operations/metrics.js';
import type { MessageBus } from '../redis/bus.js';
import type { RedisClient, RedisService } from '../redis/redis.service.js';
import { decodeQueueEntry, encodeQueueEntry, publicationsOf, type DeliveryJob } from '../wire/payloads.js';
import type { DeliveryStatusStore } from './delivery-status.js';

export interface QueueOptions {
  workers: number;
  /** Entries a dead or failing consumer has held this long are taken over. */
  reclaimMs: number;
  /** Deliveries of one entry before it goes to the dead-letter stream. */
  maxTries: number;
  batchSize: number;
  /** Approximate cap on each stream's length. */
  maxLength: number;
  blockMs: number;
  /** Fan-outs to at least this many recipients go out as one publish on broadcast:all. */
  broadcastThreshold: number;
  /** Streams per lane (1: the plan's three streams). */
  shards?: number;
}

const GROUP = 'delivery';
/** Urgent first: a backlog of normal and low never delays an urgent message. */
const LANES: MessagePriority[] = ['URGENT', 'NORMAL', 'LOW'];

/**
 * One shard's streams: its three lanes and its dead letters. With one shard on one node they
 * are the plan's `message_delivery_queue:{urgent,normal,low,dead}`; sharded (or on a
 * cluster) each shard's streams share a hash tag, `message_delivery_queue:{q2}:urgent`, so
 * one XREADGROUP reads a shard's lanes urgent first and one MULTI acknowledges in it.
 */
interface Shard {
  lanes: Array<{ lane: MessagePriority; key: string }>;
  dead: string;
}

function shardsOf(redis: RedisService, count: number): Shard[] {
  const tagged = count > 1 || redis.cluster;
  return Array.from({ length: count }, (_, i) => {
    const name = (suffix: string) => redis.key(tagged ? `message_delivery_queue:{q${i}}:${suffix}` : `message_delivery_queue:${suffix}`);
    return { lanes: LANES.map((lane) => ({ lane, key: name(lane.toLowerCase()) })), dead: name('dead') };
  });
}

/**
 * The shard of a job: by its first recipient, so a user's 1:1 messages keep one stream and
 * their order (a fan-out's other recipients may see it overtake a later 1:1; the inbox
 * sequence orders what a device shows).
 */
const shardIndex = (job: DeliveryJob, shards: number) => (shards === 1 ? 0 : (job.deliveries[0]?.[0] ?? job.messageId) % shards);

type StreamEntry = [id: string, fields: string[]];

/**
 * The delivery queue: Redis Streams `message_delivery_queue:{urgent,normal,low}` read by a
 * consumer group. Workers take entries (urgent lane first), merge them, publish them to the
 * recipients' channels in one pipeline, then acknowledge and delete them. An entry whose
 * publish failed stays pending; the reclaimer hands entries idle for `reclaimMs` (a failed
 * publish, or a worker that died holding them) to a live worker, and after `maxTries`
 * deliveries moves the entry to `message_delivery_queue:dead`.
 *
 * With `shards` > 1 (the default on a cluster) each lane is that many streams in different
 * slots, so the queue spreads over the cluster's masters; every instance reads every shard
 * (one blocking reader per shard at least, `workers` readers spread over the shards).
 */
export class DeliveryQueue {
  private running = false;
  private readonly readers: RedisClient[] = [];
  private readonly shards: Shard[];
  private reclaimTimer: NodeJS.Timeout | null = null;
  private loops: Promise<void>[] = [];
  private groupsReady = false;

  constructor(
    private readonly redis: RedisService,
    private readonly bus: MessageBus,
    private readonly status: DeliveryStatusStore,
    private readonly options: QueueOptions,
    private readonly consumerPrefix: string,
    private readonly logger: Logger,
    /** Told of each job moved to the dead-letter stream (the `message.failed` webhook). */
    private readonly onDeadLetter: (job: DeliveryJob) => void = () => undefined,
  ) {
    this.shards = shardsOf(redis, options.shards ?? 1);
    redis.onModeChange((mode) => {
      if (mode !== 'connected') this.groupsReady = false;
    });
  }

  /**
   * Whether this instance publishes a commit's pushes itself (it runs delivery workers, so it
   * is one of the publishers): `publishNow` first, the lanes only when that fails. An API-only
   * instance (ROLE=api) always leaves pushes to the workers through the lanes.
   */
  get publishesOnCommit(): boolean {
    // Started workers, not the configured count: placement (src/jobs/) starts them by role.
    return this.running;
  }

  /**
   * Publishes jobs at once, with their PUSHED times, in one MULTI (all or nothing, one round
   * trip): what a worker would do with them, without the lane entry, the blocked read it
   * wakes, and its XACK and XDEL. Measured in docs/benchmarks.md ("Profiles", queue path):
   * the queue hop was a Redis round trip plus a turn of a worker's event loop, often on the
   * busier instance, before the MULTI that publishes. False when Redis did not take them:
   * the caller queues them, so a worker retries (the lanes keep their guarantees: retries,
   * reclaim, dead letters). A crash between commit and this publish is repaired by the
   * streams' position check, as a crash before the lane entry always was.
   */
  async publishNow(jobs: DeliveryJob[]): Promise<boolean> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return false;
    // On a cluster the channels and status hashes live on several nodes: no MULTI. A publish
    // that fails there sends the jobs to the lanes, which publish all of them again (the
    // streams drop what they already have by seq).
    const tx = this.redis.cluster ? this.redis.pipeline() : command.multi();
    this.bus.addPublishes(tx, publicationsOf(jobs, this.options.broadcastThreshold));
    this.status.addTo(tx, 'PUSHED', recipientsOf(jobs));
    try {
      const results = await tx.exec();
      return Boolean(results) && !results!.some(([error]) => error);
    } catch (error) {
      this.logger.debug({ err: error }, 'publish on commit failed; queueing');
      return false;
    }
  }

  /** Adds jobs to their lanes; false when Redis could not take them (push directly instead). */
  async enqueue(jobs: DeliveryJob[]): Promise<boolean> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected() || jobs.length === 0) return jobs.length === 0;
    try {
      await this.ensureGroups();
      const pipeline = this.redis.pipeline();
      for (const job of jobs) {
        const lane = this.shards[shardIndex(job, this.shards.length)]!.lanes.find((l) => l.lane === job.priority)!;
        pipeline.xadd(lane.key, 'MAXLEN', '~', this.options.maxLength, '*', ...encodeQueueEntry(job));
      }
      // No QUEUED write: a message is queued when it commits, and deliveryStatus takes that
      // time from the recipient row (two fewer commands per message on the hot path).
      const results = await pipeline.exec();
      if (!results || results.slice(0, jobs.length).some(([error]) => error)) return false;
    } catch (error) {
      this.logger.debug({ err: error }, 'enqueue failed; pushing directly');
      return false;
    }
    return true;
  }

  start(): void {
    if (this.running || !this.redis.command || this.options.workers === 0) return;
    this.running = true;
    for (let i = 0; i < Math.max(this.options.workers, this.shards.length); i++) {
      const reader = this.redis.createBlockingConnection(`mm-delivery-${i}`, this.options.blockMs)!;
      this.readers.push(reader);
      this.loops.push(this.work(reader, this.shards[i % this.shards.length]!, `${this.consumerPrefix}-${i}`));
    }
    this.reclaimTimer = setInterval(() => {
      this.reclaim().catch((error: unknown) => this.logger.debug({ err: error }, 'reclaim failed'));
    }, Math.max(100, Math.floor(this.options.reclaimMs / 2)));
    this.reclaimTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reclaimTimer) clearInterval(this.reclaimTimer);
    for (const reader of this.readers) reader.disconnect();
    await Promise.allSettled(this.loops);
    this.readers.length = 0;
    this.loops = [];
  }

  /** Pending entries held by consumers (for tests and /health). */
  async depth(): Promise<{ waiting: number; pending: number; dead: number }> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return { waiting: 0, pending: 0, dead: 0 };
    let waiting = 0;
    let pending = 0;
    let dead = 0;
    for (const shard of this.shards) {
      for (const { key } of shard.lanes) {
        waiting += await command.xlen(key).catch(() => 0);
        const summary = (await command.xpending(key, GROUP).catch(() => [0])) as [number];
        pending += Number(summary[0] ?? 0);
      }
      dead += await command.xlen(shard.dead).catch(() => 0);
    }
    return { waiting, pending, dead };
  }

  /** Per lane: entries, pending ones, age of the oldest (ms); and the dead-letter size (for /metrics and alerts). */
  async lanes(): Promise<{ lanes: Array<{ lane: string; entries: number; pending: number; oldestAgeMs: number }>; dead: number } | null> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return null;
    const pipeline = this.redis.pipeline();
    for (const shard of this.shards) {
      for (const { key } of shard.lanes) pipeline.xlen(key).xpending(key, GROUP).xrange(key, '-', '+', 'COUNT', 1);
      pipeline.xlen(shard.dead);
    }
    const results = (await pipeline.exec()) ?? [];
    const value = (i: number): unknown => (results[i]?.[0] ? null : results[i]?.[1]);
    const now = Date.now();
    const perShard = LANES.length * 3 + 1;
    let dead = 0;
    // A lane's figures summed over the shards; its age is the oldest shard's.
    const lanes = LANES.map((lane) => ({ lane: lane.toLowerCase(), entries: 0, pending: 0, oldestAgeMs: 0 }));
    this.shards.forEach((_shard, s) => {
      const at = s * perShard;
      lanes.forEach((lane, i) => {
        const oldest = (value(at + i * 3 + 2) as StreamEntry[] | null)?.[0]?.[0];
        lane.entries += Number(value(at + i * 3) ?? 0);
        lane.pending += Number((value(at + i * 3 + 1) as [number] | null)?.[0] ?? 0);
        if (oldest) lane.oldestAgeMs = Math.max(lane.oldestAgeMs, now - Number(oldest.split('-')[0]));
      });
      dead += Number(value(at + LANES.length * 3) ?? 0);
    });
    return { lanes, dead };
  }

  private async ensureGroups(): Promise<void> {
    if (this.groupsReady || !this.redis.command) return;
    for (const { key } of this.shards.flatMap((s) => s.lanes)) {
      try {
        await this.redis.command.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM');
      } catch (error) {
        if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
      }
    }
    this.groupsReady = true;
  }

  private async work(reader: RedisClient, shard: Shard, consumer: string): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.redis.isConnected() || reader.status !== 'ready') {
          await sleep(100);
          continue;
        }
        await this.ensureGroups();
        const keys = shard.lanes.map((l) => l.key);
        const reply = (await reader.xreadgroup(
          'GROUP',
          GROUP,
          consumer,
          'COUNT',
          this.options.batchSize,
          'BLOCK',
          this.options.blockMs,
          'STREAMS',
          ...keys,
          ...keys.map(() => '>'),
        )) as Array<[string, StreamEntry[]]> | null;
        if (!reply) continue;
        // Lanes come back in the order asked: urgent entries are published first.
        const byLane = new Map(reply.map(([key, entries]) => [key, entries]));
        const batch = keys.flatMap((key) => (byLane.get(key) ?? []).map((entry) => ({ key, entry })));
        const ok = await this.deliver(batch);
        failures = ok ? 0 : failures + 1;
        if (!ok) await sleep(Math.min(50 * 2 ** failures, 5000));
      } catch (error) {
        if (!this.running) return;
        const message = String((error as Error).message);
        if (message.includes('NOGROUP')) this.groupsReady = false; // Redis restarted empty
        failures += 1;
        this.logger.debug({ err: error }, 'delivery worker read failed');
        await sleep(Math.min(50 * 2 ** failures, 5000));
      }
    }
  }

  /**
   * Publishes a batch and acknowledges and deletes its entries in one MULTI: one round trip,
   * and either all of it happens or none (the entries stay pending, are reclaimed and
   * published again; streams drop what they already have by seq). On a cluster the
   * channels live on other nodes than the shard's streams, so it publishes first and then
   * acknowledges in the shard's slot: a failure between the two publishes again later,
   * which the streams drop the same way.
   */
  private async deliver(batch: Array<{ key: string; entry: StreamEntry }>): Promise<boolean> {
    if (batch.length === 0) return true;
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return false;
    const jobs = batch.map(({ entry }) => decodeQueueEntry(entry[1]));
    const publications = publicationsOf(jobs, this.options.broadcastThreshold);
    if (this.redis.cluster) return this.deliverSpread(batch, jobs, publications);
    const tx = command.multi();
    this.bus.addPublishes(tx, publications);
    const idsByKey = new Map<string, string[]>();
    for (const { key, entry } of batch) idsByKey.set(key, [...(idsByKey.get(key) ?? []), entry[0]]);
    for (const [key, ids] of idsByKey) {
      tx.xack(key, GROUP, ...ids);
      tx.xdel(key, ...ids);
    }
    this.status.addTo(tx, 'PUSHED', recipientsOf(jobs));
    try {
      const results = await tx.exec();
      if (!results || results.some(([error]) => error)) {
        metrics.pushesFailed.inc(batch.length);
        return false;
      }
    } catch (error) {
      this.logger.debug({ err: error }, 'delivery batch failed; it stays pending');
      metrics.pushesFailed.inc(batch.length);
      return false;
    }
    return true;
  }

  private async deliverSpread(batch: Array<{ key: string; entry: StreamEntry }>, jobs: DeliveryJob[], publications: Array<[string, string]>): Promise<boolean> {
    try {
      const publishes = this.redis.pipeline();
      this.bus.addPublishes(publishes, publications);
      const published = await publishes.exec();
      if (!published || published.some(([error]) => error)) throw new Error('a publish failed');
      // One shard's lanes share a slot: one MULTI acknowledges the batch.
      const tx = this.redis.command!.multi();
      const idsByKey = new Map<string, string[]>();
      for (const { key, entry } of batch) idsByKey.set(key, [...(idsByKey.get(key) ?? []), entry[0]]);
      for (const [key, ids] of idsByKey) tx.xack(key, GROUP, ...ids).xdel(key, ...ids);
      await tx.exec();
    } catch (error) {
      this.logger.debug({ err: error }, 'delivery batch failed; it stays pending');
      metrics.pushesFailed.inc(batch.length);
      return false;
    }
    await this.status.mark('PUSHED', recipientsOf(jobs));
    return true;
  }

  /** Takes over entries idle for reclaimMs; dead-letters those delivered maxTries times. */
  private async reclaim(): Promise<void> {
    const command = this.redis.command;
    if (!this.running || !command || !this.redis.isConnected() || !this.groupsReady) return;
    const consumer = `${this.consumerPrefix}-reclaim`;
    for (const shard of this.shards) for (const { lane, key } of shard.lanes) await this.reclaimLane(command, consumer, shard, lane, key);
  }

  private async reclaimLane(command: RedisClient, consumer: string, shard: Shard, lane: MessagePriority, key: string): Promise<void> {
    {
      const [, entries] = (await command.xautoclaim(key, GROUP, consumer, this.options.reclaimMs, '0-0', 'COUNT', this.options.batchSize)) as [
        string,
        Array<StreamEntry | null>,
      ];
      const live = entries.filter((e): e is StreamEntry => e !== null && e[1] !== null);
      if (live.length === 0) return;
      metrics.reclaims.inc(live.length);
      const retry: Array<{ key: string; entry: StreamEntry }> = [];
      for (const entry of live) {
        const info = (await command.xpending(key, GROUP, entry[0], entry[0], 1)) as Array<[string, string, number, number]>;
        const deliveries = Number(info[0]?.[3] ?? 1);
        if (deliveries > this.options.maxTries) {
          await command
            .multi()
            .xadd(shard.dead, 'MAXLEN', '~', 10_000, '*', ...entry[1], 'lane', lane, 'tries', String(deliveries - 1))
            .xack(key, GROUP, entry[0])
            .xdel(key, entry[0])
            .exec();
          this.logger.warn({ entry: entry[0], lane }, 'delivery entry moved to the dead-letter stream');
          this.onDeadLetter(decodeQueueEntry(entry[1]));
        } else {
          retry.push({ key, entry });
        }
      }
      await this.deliver(retry);
    }
  }
}

const recipientsOf = (jobs: DeliveryJob[]) =>
  jobs.map((j) => ({ messageId: j.messageId, recipientIds: j.deliveries.map(([r]) => r) }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
