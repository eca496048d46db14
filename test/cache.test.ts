import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxChange } from '../src/inbox/inbox-events.js';
import { InboxCache } from '../src/inbox/read-model/inbox-cache.js';
import { SnapshotStore } from '../src/inbox/read-model/snapshot.store.js';
import { CacheMetrics } from '../src/shared/cache-metrics.js';
import { RedisService } from '../src/redis/redis.service.js';
import { graphql } from './gql/index.js';
import { QUIET_BACKGROUND, startTestApp, statementsDuring, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkAllReadDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

const CacheLoginDoc = graphql(`
  mutation CacheLogin($input: LoginInput!) {
    login(input: $input) {
      token
      user {
        id
      }
    }
  }
`);

const TTL = 120;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('cache', { env: { ...QUIET_BACKGROUND, CACHE_TTL_SECONDS: String(TTL), CACHE_PAGE_SIZE: '30', HEALTH_DETAILS_TOKEN: 'cache-test-health-token' } });
  await waitUntilCacheUsable(t);
});
afterAll(() => t?.close());

async function waitUntilCacheUsable(app: TestApp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (app.app.services.inbox.cache.health().usable !== true) {
    if (Date.now() > deadline) throw new Error('the cache never became usable');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function send(from: TestUser, to: TestUser[], content: string, extra: Record<string, unknown> = {}) {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, ...extra } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage;
}

/** Runs an operation and returns its data and how many SQL statements it cost. */
async function counted<R>(run: () => Promise<{ data?: R | null; errors?: unknown }>) {
  const { result, statements } = await statementsDuring(t, run);
  expect(result.errors).toBeUndefined();
  return { data: result.data!, statements };
}


describe('hot reads come from Redis', () => {
  it('the second unreadCount and the second first page cost no SQL statement and answer the same', async () => {
    const [alice, bob] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob')]);
    for (let i = 0; i < 5; i++) await send(bob, [alice], `hello ${i}`, { priority: i % 2 ? 'URGENT' : 'LOW' });

    const firstCount = await counted(() => t.exec(UnreadDoc, {}, alice.token));
    expect(firstCount.statements).toBeGreaterThan(0);
    const secondCount = await counted(() => t.exec(UnreadDoc, {}, alice.token));
    expect(secondCount.statements).toBe(0);
    expect(secondCount.data).toEqual(firstCount.data);
    expect(secondCount.data.unreadCount).toBe(5);
    expect(secondCount.data.unreadCounts.byPriority).toEqual([
      { priority: 'URGENT', count: 2 },
      { priority: 'NORMAL', count: 0 },
      { priority: 'LOW', count: 3 },
    ]);

    const firstPage = await counted(() => t.exec(InboxDoc, {}, alice.token));
    expect(firstPage.statements).toBeGreaterThan(0);
    const secondPage = await counted(() => t.exec(InboxDoc, {}, alice.token));
    expect(secondPage.statements).toBe(0);
    expect(secondPage.data).toEqual(firstPage.data);
    expect(secondPage.data.messages.edges.map((e) => e.node.content)).toEqual(
      ['hello 4', 'hello 3', 'hello 2', 'hello 1', 'hello 0'],
    );
    // Any `first` up to the cached length is served from the same entry.
    const three = await counted(() => t.exec(InboxDoc, { first: 3 }, alice.token));
    expect(three.statements).toBe(0);
    expect(three.data.messages.edges).toEqual(firstPage.data.messages.edges.slice(0, 3));
    expect(three.data.messages.pageInfo).toEqual({ hasNextPage: true, endCursor: firstPage.data.messages.edges[2]!.cursor });
  });

  it('writes update the entries after commit: the next reads are exact and still cost no SQL', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const m1 = await send(bob, [alice, carol], 'one');
    await t.exec(UnreadDoc, {}, alice.token);
    await t.exec(InboxDoc, {}, alice.token);
    const m2 = await send(carol, [alice], 'two', { type: 'REMINDER' });
    await send(bob, [alice], 'three');
    const read = await t.exec(MarkReadDoc, { ids: [m1.id, m2.id] }, alice.token);
    expect(read.data!.markRead).toEqual({ updatedCount: 2, unreadCount: 1 });

    const counts = await counted(() => t.exec(UnreadDoc, {}, alice.token));
    expect(counts.statements).toBe(0);
    expect(counts.data.unreadCount).toBe(1);
    expect(counts.data.unreadCounts.byType.find((c) => c.type === 'REMINDER')!.count).toBe(0);
    const page = await counted(() => t.exec(InboxDoc, {}, alice.token));
    expect(page.statements).toBe(0);
    expect(page.data.messages.edges.map((e) => [e.node.content, e.node.isRead, e.node.readAt !== null])).toEqual([
      ['three', false, false],
      ['two', true, true],
      ['one', true, true],
    ]);

    await t.exec(MarkAllReadDoc, {}, alice.token);
    const after = await counted(() => t.exec(UnreadDoc, {}, alice.token));
    expect(after.statements).toBe(0);
    expect(after.data.unreadCount).toBe(0);
  });

  it('one message to many users updates every recipient’s entries exactly, the next reads cost no SQL', async () => {
    const sender = await registerUser(t);
    const users = await Promise.all(Array.from({ length: 12 }, () => registerUser(t)));
    // Different histories, so each user's message lands at a different seq of their inbox.
    for (const [i, user] of users.entries()) for (let k = 0; k < i % 3; k++) await send(sender, [user], `u${i} old ${k}`);
    // First reads: they fill both entries (and the viewer's profile used by authentication).
    for (const user of users) {
      await t.exec(UnreadDoc, {}, user.token);
      await t.exec(InboxDoc, {}, user.token);
    }
    await send(sender, users, 'to everyone', { priority: 'URGENT' });
    for (const [i, user] of users.entries()) {
      const counts = await counted(() => t.exec(UnreadDoc, {}, user.token));
      expect(counts.statements).toBe(0);
      expect(counts.data.unreadCount).toBe((i % 3) + 1);
      expect(counts.data.unreadCounts.byPriority.find((p) => p.priority === 'URGENT')?.count).toBe(1);
      const page = await counted(() => t.exec(InboxDoc, {}, user.token));
      expect(page.statements).toBe(0);
      expect(page.data.messages.edges.map((e) => e.node.content)).toEqual([
        'to everyone',
        ...Array.from({ length: i % 3 }, (_, k) => `u${i} old ${i % 3 - 1 - k}`),
      ]);
    }
  });

  it('keeps the newest CACHE_PAGE_SIZE messages; deeper pages, filters and larger pages read the database', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    await t.exec(InboxDoc, {}, alice.token);
    for (let i = 0; i < 34; i++) await send(bob, [alice], `m${i}`);
    const full = await counted(() => t.exec(InboxDoc, { first: 30 }, alice.token));
    expect(full.statements).toBe(0);
    expect(full.data.messages.edges.map((e) => e.node.content)).toEqual(
      Array.from({ length: 30 }, (_, i) => `m${33 - i}`),
    );
    expect(full.data.messages.pageInfo.hasNextPage).toBe(true);
    const deeper = await counted(() => t.exec(InboxDoc, { first: 30, after: full.data.messages.pageInfo.endCursor }, alice.token));
    expect(deeper.statements).toBeGreaterThan(0);
    expect(deeper.data.messages.edges.map((e) => e.node.content)).toEqual(['m3', 'm2', 'm1', 'm0']);
    const filtered = await counted(() => t.exec(InboxDoc, { filter: { unreadOnly: true } }, alice.token));
    expect(filtered.statements).toBeGreaterThan(0);
    const larger = await counted(() => t.exec(InboxDoc, { first: 31 }, alice.token));
    expect(larger.statements).toBeGreaterThan(0);
    expect(larger.data.messages.edges).toHaveLength(31);
  });
});

describe('warm-up, TTL and metrics', () => {
  it('login prefills both entries with the configured TTL, so the first reads cost no SQL', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    await send(bob, [alice], 'before login');
    const login = await t.exec(CacheLoginDoc, { input: { username: alice.username, password: 'correct horse battery' } });
    expect(login.errors).toBeUndefined();
    const token = login.data!.login.token;

    const redis = t.app.services.redis;
    for (const key of [`messages:user:{${alice.id}}`, `unread_count:user:{${alice.id}}`]) {
      const ttl = await redis.command!.ttl(redis.key(key));
      expect(ttl).toBeGreaterThan(TTL - 10);
      expect(ttl).toBeLessThanOrEqual(TTL);
    }
    const peek = await t.app.services.inbox.cache.peek(Number(alice.id));
    expect(peek.counts?.total).toBe(1);
    expect(peek.page?.items.map((i) => i.message.content)).toEqual(['before login']);

    const counts = await counted(() => t.exec(UnreadDoc, {}, token));
    expect(counts.statements).toBe(0);
    expect(counts.data.unreadCount).toBe(1);
    const page = await counted(() => t.exec(InboxDoc, {}, token));
    expect(page.statements).toBe(0);
    expect(page.data.messages.edges[0]!.node.sender.id).toBe(bob.id);
  });

  it('warm-ups that arrive together fill every user’s own entries exactly, a few statements per wave', async () => {
    const sender = await registerUser(t);
    // More users than one UNION statement takes, so a wave spans several.
    const users = await Promise.all(Array.from({ length: 40 }, () => registerUser(t)));
    const countOf = (i: number) => i % 5;
    for (const [i, user] of users.entries()) {
      for (let k = 0; k < countOf(i); k++) await send(sender, [user], `u${i} m${k}`, { priority: k % 2 ? 'URGENT' : 'NORMAL' });
    }
    const redis = t.app.services.redis;
    await redis.command!.del(...users.flatMap((u) => [`messages:user:{${u.id}}`, `unread_count:user:{${u.id}}`].map((k) => redis.key(k))));

    // The first warm-up runs alone; the 39 that arrive while it is in flight go together.
    const warmUps = await statementsDuring(t, () => Promise.all(users.map((u) => t.app.services.inbox.cache.warmUp(Number(u.id)))));
    expect(warmUps.statements).toBeLessThanOrEqual(12);

    for (const [i, user] of users.entries()) {
      const peek = await t.app.services.inbox.cache.peek(Number(user.id));
      const n = countOf(i);
      expect(peek.counts?.total).toBe(n);
      expect(peek.counts?.byPriority.find((p) => p.priority === 'URGENT')?.count ?? 0).toBe(Math.floor(n / 2));
      expect(peek.page?.items.map((item) => item.message.content)).toEqual(
        Array.from({ length: n }, (_, k) => `u${i} m${n - 1 - k}`),
      );
      const page = await counted(() => t.exec(InboxDoc, {}, user.token));
      expect(page.data.messages.edges.map((e) => e.node.content)).toEqual(peek.page!.items.map((item) => item.message.content));
    }
  });

  it('GET /health/redis shows hits, misses, fills and invalidations per entry kind', async () => {
    const base = await t.listen();
    const body = (await (await fetch(`${base}/health/redis`, { headers: { authorization: 'Bearer cache-test-health-token' } })).json()) as {
      cache: { enabled: boolean; usable: boolean; metrics: Record<string, Record<string, number>> };
    };
    expect(body.cache.enabled).toBe(true);
    expect(body.cache.usable).toBe(true);
    for (const kind of ['page', 'counts', 'profile']) {
      for (const event of ['hits', 'misses', 'fills', 'invalidations']) expect(typeof body.cache.metrics[kind]![event]).toBe('number');
    }
    expect(body.cache.metrics.counts!.hits).toBeGreaterThan(0);
    expect(body.cache.metrics.page!.fills).toBeGreaterThan(0);
    expect(body.cache.metrics.profile!.hits).toBeGreaterThan(0);
  });
});

describe('a fill never overwrites newer data', () => {
  /**
   * A second cache on its own key prefix, fed by hand with the changes the app commits, so a
   * test decides the order in which fills and updates reach Redis.
   */
  async function isolatedCache(name: string) {
    const { config, database } = t.app;
    const redis = new RedisService({ ...config.redis!, keyPrefix: `${config.redis!.keyPrefix}${name}:` }, t.app.logger);
    const cache = new InboxCache(config.cache, new CacheMetrics(), redis, new SnapshotStore(database.db), t.app.logger);
    const changes: InboxChange[] = [];
    t.app.reactions.push({ name: 'test recorder', react: async (c) => void changes.push(c) });
    const deadline = Date.now() + 5000;
    while (!cache.health().usable && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { cache, redis, changes, store: new SnapshotStore(database.db) };
  }

  it('a fill that read the database before a commit is refused when the commit’s update got there first', async () => {
    const { cache, redis, changes, store } = await isolatedCache('race1');
    try {
      const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
      await send(bob, [alice], 'old');
      // A fill as a read miss runs it: its ticket in the entries, then the snapshot, then the fill.
      const internal = cache as unknown as {
        gate: { ready(): Promise<string | null> };
        markFills(keys: string[], run: string): Promise<string | null>;
        fillMany(snapshots: Array<[number, unknown]>, ticket: string): Promise<void>;
      };
      const ticket = await internal.markFills([`messages:user:{${alice.id}}`, `unread_count:user:{${alice.id}}`], (await internal.gate.ready())!);
      const stale = await store.snapshot(Number(alice.id), { pageRows: 51, unread: true });
      changes.length = 0;
      await send(bob, [alice], 'new');
      for (const c of changes) await cache.apply(c);
      await internal.fillMany([[Number(alice.id), stale]], ticket!);
      expect(cache.metrics.snapshot().counts.staleFillsRefused).toBe(1);
      expect(cache.metrics.snapshot().page.staleFillsRefused).toBe(1);
      expect(await cache.peek(Number(alice.id))).toEqual({ page: null, counts: null });
      expect((await cache.unreadCounts(Number(alice.id)))!.total).toBe(2);
      expect((await cache.peek(Number(alice.id))).counts!.total).toBe(2);
    } finally {
      await redis.close();
    }
  });

  it('a fill that read the database before a commit is refused when the entry was evicted after the commit’s update', async () => {
    const { cache, redis, changes, store } = await isolatedCache('race_evicted');
    try {
      const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
      await send(bob, [alice], 'old');
      expect((await cache.unreadCounts(Number(alice.id)))!.total).toBe(1);
      await cache.firstPage(Number(alice.id), 20);
      const internal = cache as unknown as {
        gate: { ready(): Promise<string | null> };
        markFills(keys: string[], run: string): Promise<string | null>;
        fillMany(snapshots: Array<[number, unknown]>, ticket: string): Promise<void>;
      };
      const keys = [`messages:user:{${alice.id}}`, `unread_count:user:{${alice.id}}`];
      const ticket = await internal.markFills(keys, (await internal.gate.ready())!);
      const stale = await store.snapshot(Number(alice.id), { pageRows: 51, unread: true });
      changes.length = 0;
      await send(bob, [alice], 'new');
      for (const c of changes) await cache.apply(c);
      // Redis evicts both entries, and with them the position that refused stale fills.
      await redis.command!.del(...keys.map((k) => redis.key(k)));
      await internal.fillMany([[Number(alice.id), stale]], ticket!);
      expect(await cache.peek(Number(alice.id))).toEqual({ page: null, counts: null });
      expect((await cache.unreadCounts(Number(alice.id)))!.total).toBe(2);
      expect((await cache.firstPage(Number(alice.id), 20))!.edges.map((e) => e.node.message.content)).toEqual(['new', 'old']);
    } finally {
      await redis.close();
    }
  });

  it('updates that reach Redis out of order leave the entry unservable until the missing one arrives', async () => {
    const { cache, redis, changes } = await isolatedCache('race2');
    try {
      const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
      await send(bob, [alice], 'first');
      expect((await cache.unreadCounts(Number(alice.id)))!.total).toBe(1);
      await cache.firstPage(Number(alice.id), 20);
      changes.length = 0;
      const second = await send(bob, [alice], 'second');
      await t.exec(MarkReadDoc, { ids: [second.id] }, alice.token);
      expect(changes.map((c) => c.kind)).toEqual(['sent', 'read']);
      // The read of 'second' arrives before 'second' itself: counters would say 0 (1 - 1), the
      // page would lack the message; neither is served.
      await cache.apply(changes[1]!);
      expect(await cache.peek(Number(alice.id))).toEqual({ page: null, counts: null });
      await cache.apply(changes[0]!);
      const { page, counts } = await cache.peek(Number(alice.id));
      expect(counts?.total).toBe(1);
      expect(page?.items.map((i) => [i.message.content, i.receipt.isRead])).toEqual([
        ['second', true],
        ['first', false],
      ]);
    } finally {
      await redis.close();
    }
  });
});
