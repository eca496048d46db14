import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { RedisService } from '../../redis/redis.service.js';
import { userTag } from '../../redis/key-slot.js';
import { Coalescer } from '../../shared/coalescer.js';
import { encodeInboxCursor } from '../../shared/cursor.js';
import { buildPage, type Page } from '../../shared/page.js';
import { topSeqs, type InboxChange } from '../inbox-events.js';
import { CacheGate } from './cache-gate.js';
import type { CacheMetrics } from '../../shared/cache-metrics.js';
import type { InboxSnapshot, SnapshotStore } from './snapshot.store.js';
import {
  countDeltas,
  countsFillFields,
  countsFromBreakdown,
  countsKey,
  decodeCounts,
  decodePage,
  encodeItem,
  pageFillFields,
  pageKey,
  tagDeltaFields,
  type CachedPage,
  type EntryChange,
  type InboxItem,
  type UnreadCounts,
} from './entries.js';
import { encodeSyncStatus } from '../../wire/payloads.js';
import { scriptsOf } from './scripts.js';

/** One user's share of a committed change, ready to be applied to their two entries. */
interface EntryUpdate extends EntryChange {
  /** Counter deltas (field, delta, …); null when they could not be computed (the entry is emptied). */
  counts: Array<string | number> | null;
  page: { kind: 'sent'; items: Array<string | number> } | { kind: 'read'; readAt: number; ids: number[] };
}

/**
 * The inbox's read model in Redis: the first page and the unread counters of each user
 * (`messages:user:{id}`, `unread_count:user:{id}`), filled from the database on a miss and
 * updated after every commit. Only InboxService reads through it; it answers null whenever it
 * cannot answer exactly, and the inbox then reads the database. The consistency rule is in
 * docs/cache.md and scripts.ts.
 */
export class InboxCache {
  private readonly gate: CacheGate;

  constructor(
    private readonly settings: AppConfig['cache'],
    /** Shared with the profile cache; shown in /health/redis. */
    readonly metrics: CacheMetrics,
    private readonly redis: RedisService,
    private readonly store: SnapshotStore,
    private readonly logger: Logger,
  ) {
    this.gate = new CacheGate(redis, this.metrics, logger, settings.ttlSeconds);
  }

  /** False when CACHE_ENABLED=false or no Redis is configured: everything is read from the database. */
  get enabled(): boolean {
    return this.settings.enabled && this.redis.command !== null;
  }

  /** The user's first `first` inbox items, or null when the database must answer. */
  async firstPage(userId: number, first: number): Promise<Page<InboxItem> | null> {
    if (!this.enabled || first > this.settings.pageSize) return null;
    const { value, run } = await this.lookup('page', userId, (hash, r) => decodePage(hash, r, userId));
    if (value) return visiblePage(value.items, first, value.older, value.olderVisible);
    if (!run) return null;
    const ticket = await this.markFills([pageKey(userId)], run);
    const snapshot = await this.store.snapshot(userId, { pageRows: this.settings.pageSize + 1 });
    if (ticket) await this.fillMany([[userId, snapshot]], ticket);
    const rows = snapshot.page!;
    const next = rows[this.settings.pageSize];
    return visiblePage(rows, first, next !== undefined, next !== undefined && next.receipt.archivedAt === null);
  }

  /**
   * The user's unread counters, or null when the database must answer. `atLeast`: an inbox
   * position the answer must include. A stream hands on a change as soon as it is published,
   * which may be before that change's update reached the entry (the reactions run together,
   * src/reactions.ts); an entry whose `_top` is below it is a miss, answered by a snapshot.
   */
  async unreadCounts(userId: number, atLeast = 0): Promise<UnreadCounts | null> {
    if (!this.enabled) return null;
    const { value, run } = await this.lookup('counts', userId, (hash, current) =>
      Number(hash._top ?? 0) >= atLeast ? decodeCounts(hash, current) : null,
    );
    if (value) return value;
    if (!run) return null;
    const ticket = await this.markFills([countsKey(userId)], run);
    const snapshot = await this.store.snapshot(userId, { unread: true });
    if (ticket) await this.fillMany([[userId, snapshot]], ticket);
    return countsFromBreakdown(snapshot.unread!, snapshot.unreadTags);
  }

  /**
   * The highest inbox seq of the user that any instance's commit applied to the read model
   * (`_top`, kept as a floor even with the cache off or the entry emptied): what reads on a
   * read replica must include (src/inbox/read-your-writes.ts). 0 when unknown (no Redis, the
   * entry expired). Best effort: never throws.
   */
  async knownPosition(userId: number): Promise<number> {
    const top = await this.redis.command?.hget(this.redis.key(countsKey(userId)), '_top').catch(() => null);
    return Number(top ?? 0) || 0;
  }

  /** sync_status:{id}: the user's last sync (time and position), for support and metrics. Best effort. */
  async recordSync(userId: number, seq: number, ttlSeconds: number): Promise<void> {
    await this.redis.command
      ?.set(this.redis.key(`sync_status:${userTag(userId)}`), encodeSyncStatus(seq, new Date()), 'EX', ttlSeconds)
      .catch(() => undefined);
  }

  /**
   * Fills both entries of a user who is about to read them (login, the user's first socket on
   * this instance). Entries that are servable already are left alone. Never throws.
   */
  async warmUp(userId: number): Promise<void> {
    if (!this.enabled || !this.redis.command) return;
    try {
      await this.warmUps.load(userId);
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'cache: warm-up failed');
    }
  }

  /** Warm-ups that arrive together (a burst of connects) read the database together. */
  private readonly warmUps = new Coalescer<number, true>(async (userIds) => {
    const done = new Map<number, true>(userIds.map((id) => [id, true]));
    const client = this.redis.command;
    const run = await this.gate.ready();
    if (!client || !run) return done;
    const meta = ['_run', '_base', '_top', '_applied'];
    // Auto-pipelined: one write for the whole batch.
    const entries = await Promise.all(
      userIds.map((id) =>
        Promise.all([pageKey(id), countsKey(id)].map((k) => client.hmget(this.redis.key(k), ...meta))),
      ),
    );
    const fresh = (m: Array<string | null>) => m[0] === run && m[1] !== null && Number(m[1]) + Number(m[3]) === Number(m[2]);
    const wants = new Map<number, { pageRows: number; unread: boolean }>();
    userIds.forEach((id, i) => {
      const [page, counts] = entries[i]!;
      const want = { pageRows: fresh(page!) ? 0 : this.settings.pageSize + 1, unread: !fresh(counts!) };
      if (want.pageRows || want.unread) wants.set(id, want);
    });
    if (wants.size === 0) return done;
    const keys = [...wants].flatMap(([id, want]) => [...(want.pageRows ? [pageKey(id)] : []), ...(want.unread ? [countsKey(id)] : [])]);
    const ticket = await this.markFills(keys, run);
    if (!ticket) return done;
    const snapshots = await this.store.snapshots(wants);
    await this.fillMany(snapshots, ticket);
    return done;
  });

  /**
   * Applies a committed change to the affected users' entries (a reaction in src/reactions.ts).
   * An instance with the cache turned off still empties them, so instances that disagree on
   * CACHE_ENABLED (a rollout) or a cache turned on again never serve what it changed meanwhile.
   */
  async apply(change: InboxChange): Promise<void> {
    if (!this.redis.command) return;
    if (!this.enabled) {
      await this.gate.invalidate(changedRanges(change));
      return;
    }
    if (change.kind === 'recall') {
      // A recall rewrites an item already cached (its tombstone) and may lower counts: both
      // entries are emptied, with a floor at the recall's position, and the next read refills them.
      await this.gate.invalidate(changedRanges(change));
      return;
    }
    if (change.kind === 'update') return this.applyMessageUpdate(change);
    if (change.kind === 'organize') return this.applyOrganize(change);
    let updates: EntryUpdate[];
    try {
      updates = change.kind === 'sent' ? this.sentUpdates(change) : await this.readUpdates(change);
    } catch (error) {
      this.logger.warn({ err: error, change: change.kind }, 'cache: cannot compute an update; emptying the entries');
      await this.gate.invalidate(changedRanges(change));
      return;
    }
    if (updates.length > 0) await this.write(updates);
  }

  // ---- a changed message (link previews) ------------------------------------------------

  /**
   * A message changed (its link previews arrived) and took one seq s in each recipient's
   * inbox: the change (s-1, s]. The page may hold the old message, so it is emptied with the
   * floor s (a fill lands only with a snapshot at or after s, which has the new content). The
   * counters are unchanged, yet the seq must be accounted for or the entry would wait for it
   * forever: it is applied with no deltas, so a live entry stays servable (consistency rule,
   * docs/cache.md). Whatever fails is emptied, as for any update.
   */
  private async applyMessageUpdate(change: Extract<InboxChange, { kind: 'update' }>): Promise<void> {
    const ranges = changedRanges(change);
    const run = this.gate.current();
    if (!run) {
      this.gate.markUnreachable(ranges);
      return;
    }
    const failed = new Set<number>();
    try {
      const pipeline = this.redis.pipeline();
      const scripts = scriptsOf(pipeline);
      for (const { userId, from, to } of ranges) {
        scripts.inboxCacheInvalidate(this.redis.key(pageKey(userId)), run, this.settings.ttlSeconds, to);
        scripts.inboxCacheApplyCounts(this.redis.key(countsKey(userId)), run, this.settings.ttlSeconds, from, to);
      }
      const results = (await pipeline.exec()) ?? [];
      if (results.length !== ranges.length * 2) throw new Error('pipeline returned no results');
      ranges.forEach((r, i) => {
        const [pageError] = results[2 * i]!;
        const [countsError, applied] = results[2 * i + 1]!;
        if (pageError) this.metrics.record('page', 'errors');
        else this.metrics.record('page', 'invalidations');
        if (countsError) this.metrics.record('counts', 'errors');
        else if (Number(applied) === 1) this.metrics.record('counts', 'updates');
        if (pageError || countsError) failed.add(r.userId);
      });
    } catch (error) {
      this.logger.warn({ err: error, users: ranges.length }, 'cache: update failed; emptying the entries');
      for (const r of ranges) failed.add(r.userId);
    }
    if (failed.size > 0) await this.gate.invalidate(ranges.filter((r) => failed.has(r.userId)));
  }

  // ---- organizing: tags, stars, archive (src/organizing/) ----------------------------------

  /**
   * One user's organizing change took the seqs (from, to]. The counters add the unread deltas
   * per tag (additive, so any order of application gives the same sums). A star or an archive
   * changed what the page shows: it is emptied with the floor `to`, like an UPDATE. A tag
   * change leaves the page as it is (tags are not part of page items) and is only accounted for.
   */
  private async applyOrganize(change: Extract<InboxChange, { kind: 'organize' }>): Promise<void> {
    const first = change.events[0];
    if (!first) return;
    const range: EntryChange = { userId: change.userId, from: first.firstSeq - 1, to: change.events.at(-1)!.seq };
    const run = this.gate.current();
    if (!run) {
      this.gate.markUnreachable([range]);
      return;
    }
    const { ttlSeconds } = this.settings;
    let failed: boolean;
    try {
      const pipeline = this.redis.pipeline();
      const scripts = scriptsOf(pipeline);
      const pageKeyName = this.redis.key(pageKey(change.userId));
      scripts.inboxCacheApplyCounts(this.redis.key(countsKey(change.userId)), run, ttlSeconds, range.from, range.to, ...tagDeltaFields(change.tagDeltas));
      if (change.pageChanged) scripts.inboxCacheInvalidate(pageKeyName, run, ttlSeconds, range.to);
      else scripts.inboxCacheApplyCounts(pageKeyName, run, ttlSeconds, range.from, range.to);
      const results = (await pipeline.exec()) ?? [];
      if (results.length !== 2) throw new Error('pipeline returned no results');
      const [[countsError, applied], [pageError, pageApplied]] = results as [[Error | null, unknown], [Error | null, unknown]];
      if (countsError) this.metrics.record('counts', 'errors');
      else if (Number(applied) === 1) this.metrics.record('counts', 'updates');
      if (pageError) this.metrics.record('page', 'errors');
      else if (change.pageChanged) this.metrics.record('page', 'invalidations');
      else if (Number(pageApplied) === 1) this.metrics.record('page', 'updates');
      failed = Boolean(countsError || pageError);
    } catch (error) {
      this.logger.warn({ err: error, userId: change.userId }, 'cache: organizing update failed; emptying the entries');
      failed = true;
    }
    if (failed) await this.gate.invalidate([range]);
  }

  /** What Redis holds for a user and would serve now (null: not servable); reads nothing else. */
  async peek(userId: number): Promise<{ page: CachedPage | null; counts: UnreadCounts | null }> {
    const client = this.redis.command;
    const run = this.gate.current();
    if (!this.enabled || !client || !run) return { page: null, counts: null };
    const [page, counts] = await Promise.all([
      client.hgetall(this.redis.key(pageKey(userId))),
      client.hgetall(this.redis.key(countsKey(userId))),
    ]);
    return { page: decodePage(page, run, userId), counts: decodeCounts(counts, run) };
  }

  /** For /health/redis. */
  health(): Record<string, unknown> {
    return {
      enabled: this.enabled,
      usable: this.gate.current() !== null,
      unreachableUsers: this.gate.unreachableUsers(),
      pageSize: this.settings.pageSize,
      ttlSeconds: this.settings.ttlSeconds,
      metrics: this.metrics.snapshot(),
    };
  }

  private async lookup<T>(
    kind: 'page' | 'counts',
    userId: number,
    decode: (hash: Record<string, string>, run: string) => T | null,
  ): Promise<{ value: T | null; run: string | null }> {
    const client = this.redis.command!;
    const run = await this.gate.ready();
    if (!run) {
      this.metrics.record(kind, 'bypasses');
      return { value: null, run: null };
    }
    try {
      const hash = await client.hgetall(this.redis.key(kind === 'page' ? pageKey(userId) : countsKey(userId)));
      const value = decode(hash, run);
      this.metrics.record(kind, value ? 'hits' : 'misses');
      return { value, run };
    } catch (error) {
      this.metrics.record(kind, 'errors');
      this.logger.debug({ err: error, userId }, 'cache: read failed; answering from the database');
      return { value: null, run: null };
    }
  }

  /** Fill tickets (scripts.ts, `_fill`): this instance's prefix and a counter. */
  private readonly ticketPrefix = randomBytes(6).toString('hex');
  private tickets = 0;

  /**
   * Marks entries as about to be filled, before their snapshot is read: a fill lands only
   * while its ticket is still in the entry, so an update that emptied the entry, or an
   * eviction, between the read and the fill makes the fill a no-op instead of a page without
   * that update's message. Null when Redis did not take the marks (then nothing is filled).
   */
  private async markFills(keys: string[], run: string): Promise<string | null> {
    const ticket = `${this.ticketPrefix}:${++this.tickets}`;
    try {
      const pipeline = this.redis.pipeline();
      for (const key of keys) scriptsOf(pipeline).inboxCacheMarkFill(this.redis.key(key), run, this.settings.ttlSeconds, ticket);
      const results = (await pipeline.exec()) ?? [];
      return results.length === keys.length && results.every(([error]) => !error) ? ticket : null;
    } catch (error) {
      this.logger.debug({ err: error, keys: keys.length }, 'cache: could not mark fills');
      return null;
    }
  }

  /**
   * Writes what snapshots read, in one pipeline. A fill is refused (in Redis) when a newer
   * change reached the entry first or the entry lost the fill's ticket; a fill that fails
   * leaves nothing wrong behind, since one that lands is exact.
   */
  private async fillMany(snapshots: Iterable<[userId: number, snapshot: InboxSnapshot]>, ticket: string): Promise<void> {
    const run = await this.gate.ready();
    if (!run) return;
    const { ttlSeconds, pageSize } = this.settings;
    const writes: Array<['page' | 'counts', string, Array<string | number>, number]> = [];
    for (const [userId, snapshot] of snapshots) {
      if (snapshot.page) writes.push(['page', pageKey(userId), pageFillFields(snapshot.page, pageSize), snapshot.version]);
      if (snapshot.unread) {
        writes.push(['counts', countsKey(userId), countsFillFields(countsFromBreakdown(snapshot.unread, snapshot.unreadTags)), snapshot.version]);
      }
    }
    if (writes.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const [, key, fields, version] of writes) {
        scriptsOf(pipeline).inboxCacheFill(this.redis.key(key), run, ttlSeconds, version, ticket, ...fields);
      }
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([error, landed], i) => {
        const kind = writes[i]![0];
        this.metrics.record(kind, error ? 'errors' : landed === 1 ? 'fills' : 'staleFillsRefused');
      });
    } catch (error) {
      for (const [kind] of writes) this.metrics.record(kind, 'errors');
      this.logger.debug({ err: error, users: writes.length }, 'cache: fill failed');
    }
  }

  private sentUpdates(change: Extract<InboxChange, { kind: 'sent' }>): EntryUpdate[] {
    const byUser = new Map<number, Array<{ item: InboxItem }>>();
    for (const { message, deliveries } of change.results) {
      for (const { recipientId, seq } of deliveries) {
        const item: InboxItem = {
          message,
          receipt: { messageId: message.id, recipientId, seq, isRead: false, readAt: null, deliveredAt: null, starredAt: null, archivedAt: null },
        };
        let list = byUser.get(recipientId);
        if (!list) byUser.set(recipientId, (list = []));
        list.push({ item });
      }
    }
    // A new message reads the same for every recipient (unread, not delivered): encode it once.
    const encoded = new Map<number, string>();
    const encodeOnce = (item: InboxItem) => {
      let text = encoded.get(item.message.id);
      if (text === undefined) encoded.set(item.message.id, (text = encodeItem(item)));
      return text;
    };
    return [...byUser].map(([userId, list]) => {
      const [low, high] = bounds(list.map((l) => l.item.receipt.seq));
      const items: Array<string | number> = [];
      for (const { item } of list) items.push(item.message.id, item.receipt.seq, encodeOnce(item));
      const kinds = list.map(({ item }) => ({ type: item.message.type, priority: item.message.priority, count: 1 }));
      return {
        userId,
        from: low - 1,
        to: high,
        counts: countDeltas(kinds, 1),
        page: { kind: 'sent', items },
      };
    });
  }

  private async readUpdates(change: Extract<InboxChange, { kind: 'read' }>): Promise<EntryUpdate[]> {
    const [low, high] = bounds(change.events.map((e) => e.seq));
    const ids = change.events.map((e) => e.messageId);
    let counts: Array<string | number> | null = null;
    try {
      // Type and priority never change, so reading them after the commit is exact.
      counts = countDeltas(await this.store.kindsOf(ids), -1);
      // Tags do change, so their share was read inside the read's transaction.
      counts.push(...tagDeltaFields((change.tagCounts ?? []).map((t) => ({ tagId: t.tagId, delta: -t.count }))));
    } catch (error) {
      this.logger.warn({ err: error }, 'cache: cannot read the kinds of read messages; emptying the counters');
    }
    return [
      {
        userId: change.userId,
        from: low - 1,
        to: high,
        counts,
        page: { kind: 'read', readAt: change.readAt.getTime(), ids },
      },
    ];
  }

  /** One pipeline for every affected entry; whatever fails is emptied (or remembered). */
  private async write(updates: EntryUpdate[]): Promise<void> {
    const run = this.gate.current();
    if (!run) {
      this.gate.markUnreachable(updates);
      return;
    }
    const { ttlSeconds, pageSize } = this.settings;
    const failed = new Set<number>();
    // A transaction's seqs for one user are contiguous; if that ever stops being true, the
    // range would claim seqs it does not carry, so such a user is emptied instead.
    const whole = updates.filter((u) => {
      const size = u.page.kind === 'sent' ? u.page.items.length / 3 : u.page.ids.length;
      if (u.to - u.from === size && u.counts) return true;
      failed.add(u.userId);
      return false;
    });
    // One script for many users needs their keys in one slot: not on a cluster.
    const { fanouts, single } = this.redis.cluster ? { fanouts: [], single: whole } : splitFanouts(whole);
    try {
      const pipeline = this.redis.pipeline();
      const scripts = scriptsOf(pipeline);
      for (const u of single) {
        scripts.inboxCacheApplyCounts(this.redis.key(countsKey(u.userId)), run, ttlSeconds, u.from, u.to, ...u.counts!);
        const key = this.redis.key(pageKey(u.userId));
        if (u.page.kind === 'sent') {
          scripts.inboxCacheApplyPageSent(key, run, ttlSeconds, u.from, u.to, pageSize, ...u.page.items);
        } else {
          scripts.inboxCacheApplyPageRead(key, run, ttlSeconds, u.from, u.to, u.page.readAt, ...u.page.ids);
        }
      }
      for (const group of fanouts) {
        const { items } = group[0]!.page as { items: Array<string | number> };
        const keys = group.flatMap((u) => [this.redis.key(countsKey(u.userId)), this.redis.key(pageKey(u.userId))]);
        const counts = group[0]!.counts!;
        scripts.inboxCacheApplySentMany(keys.length, ...keys, run, ttlSeconds, pageSize, items[0]!, items[2]!, counts.length, ...counts, ...group.map((u) => u.to));
      }
      const results = (await pipeline.exec()) ?? [];
      if (results.length !== single.length * 2 + fanouts.length) throw new Error('pipeline returned no results');
      const record = (userId: number, kind: 'counts' | 'page', error: unknown, applied: unknown) => {
        if (error) {
          this.metrics.record(kind, 'errors');
          failed.add(userId);
        } else if (Number(applied) === 1) {
          this.metrics.record(kind, 'updates');
        }
      };
      single.forEach((u, i) => {
        record(u.userId, 'counts', results[2 * i]![0], results[2 * i]![1]);
        record(u.userId, 'page', results[2 * i + 1]![0], results[2 * i + 1]![1]);
      });
      fanouts.forEach((group, g) => {
        const [error, applied] = results[single.length * 2 + g]!;
        const flags = (applied ?? []) as unknown[];
        group.forEach((u, i) => {
          record(u.userId, 'counts', error, flags[2 * i]);
          record(u.userId, 'page', error, flags[2 * i + 1]);
        });
      });
    } catch (error) {
      this.logger.warn({ err: error, users: whole.length }, 'cache: update failed; emptying the entries');
      for (const u of whole) failed.add(u.userId);
    }
    if (failed.size > 0) await this.gate.invalidate(updates.filter((u) => failed.has(u.userId)));
  }
}

/** The entries a change touched, each with the position no fill may be below. */
function changedRanges(change: InboxChange): EntryChange[] {
  if (change.kind === 'update') return change.deliveries.map((d) => ({ userId: d.recipientId, from: d.seq - 1, to: d.seq }));
  return [...topSeqs(change)].map(([userId, to]) => ({ userId, from: to, to }));
}

/** Lowest and highest of a list that may be too long to spread into Math.min. */
function bounds(values: number[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/**
 * The default inbox leaves archived messages out (src/organizing/). `items` are the newest of
 * the whole inbox (`older`: more follow; `olderVisible`: one of those is known not to be
 * archived). The page is exact when more than `first` of them are not archived, when exactly
 * `first` are and what follows is known, or when nothing older exists. Otherwise null: the
 * database answers.
 */
function visiblePage(items: InboxItem[], first: number, older: boolean, olderVisible: boolean): Page<InboxItem> | null {
  const visible = items.filter((item) => item.receipt.archivedAt === null);
  if (visible.length > first) return pageOf(visible, first, true);
  if (!older) return pageOf(visible, first, false);
  return visible.length === first && olderVisible ? pageOf(visible, first, true) : null;
}

function pageOf(rows: InboxItem[], first: number, hasNextPage: boolean): Page<InboxItem> {
  return buildPage(rows, first, (node) => encodeInboxCursor(node.receipt.seq), false, hasNextPage);
}

/** A message to at least this many users goes to Redis as one script call for all of them. */
const FANOUT_GROUP = 8;

/**
 * Separates the updates of one new message to many users (each user's update is that one
 * message, so they differ only in the user's seq) from the rest.
 */
function splitFanouts(updates: EntryUpdate[]): { fanouts: EntryUpdate[][]; single: EntryUpdate[] } {
  const byMessage = new Map<string | number, EntryUpdate[]>();
  const single: EntryUpdate[] = [];
  for (const u of updates) {
    const items = u.page.kind === 'sent' ? u.page.items : null;
    if (!items || items.length !== 3 || u.to - u.from !== 1 || items[1] !== u.to) {
      single.push(u);
      continue;
    }
    const list = byMessage.get(items[0]!);
    if (list) list.push(u);
    else byMessage.set(items[0]!, [u]);
  }
  const fanouts: EntryUpdate[][] = [];
  for (const list of byMessage.values()) {
    if (list.length >= FANOUT_GROUP) fanouts.push(list);
    else single.push(...list);
  }
  return { fanouts, single };
}
