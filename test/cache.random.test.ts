import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { ok, PRIORITIES, prng, startCacheTrio, TYPES, type CacheTrio } from './helpers/cache-trio.js';
import { InboxDoc, MarkAllReadDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// Two instances with the cache on (one database, one Redis prefix) and one with it off, on
// the same database: the one with the cache off says what the database says.
const PAGE = 10;
let trio: CacheTrio;
let cachedA: TestApp;
let cachedB: TestApp;

beforeAll(async () => {
  trio = await startCacheTrio('cache_random', PAGE);
  ({ cachedA, cachedB } = trio);
});
afterAll(() => trio?.close());

const expectCacheEqualsDatabase = (users: TestUser[]) => trio.expectCacheEqualsDatabase(users);
const expectSameAnswers = (users: TestUser[]) => trio.expectSameAnswers(users);

describe('the cache always equals the database', () => {
  it('under random concurrent sends, reads and mark-alls from two instances, every quiet point finds the cache exact', async () => {
    const seed = Number(process.env.CACHE_TEST_SEED ?? Date.now() % 1_000_000);
    const rng = prng(seed);
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => registerUser(cachedA, `rnd${i}_`)));
    const inbox = new Map<string, string[]>(users.map((u) => [u.id, []]));
    const WRITES = 2000;
    const CLIENTS = 16;
    const QUIET_EVERY = 25;
    let writes = 0;
    let reads = 0;
    let evictions = 0;
    let servableSeen = 0;
    let checks = 0;

    async function operation(): Promise<void> {
      const app = rng.pick([cachedA, cachedB]);
      const user = rng.pick(users);
      const roll = rng.next();
      if (roll < 0.05) {
        // Redis evicts (or expires) the user's entries: the next read fills from the database.
        evictions += 1;
        const redis = app.app.services.redis;
        await redis.command!.del(redis.key(`messages:user:{${user.id}}`), redis.key(`unread_count:user:{${user.id}}`));
        return;
      }
      if (roll < 0.3) {
        // A read between writes makes fills race with updates.
        reads += 1;
        if (rng.next() < 0.5) ok(await app.exec(UnreadDoc, {}, user.token));
        else ok(await app.exec(InboxDoc, { first: 1 + rng.int(PAGE) }, user.token));
        return;
      }
      writes += 1;
      if (roll < 0.75) {
        const count = 1 + rng.int(3);
        const to = [...new Set(Array.from({ length: count }, () => rng.pick(users)))];
        const sent = ok(
          await app.exec(
            SendDoc,
            { input: { recipientIds: to.map((u) => u.id), content: `c${writes}`, type: rng.pick(TYPES), priority: rng.pick(PRIORITIES) } },
            user.token,
          ),
        );
        for (const r of to) inbox.get(r.id)!.push(sent.sendMessage.id);
      } else if (roll < 0.95) {
        const mine = inbox.get(user.id)!;
        if (mine.length === 0) return;
        const ids = [...new Set(Array.from({ length: 1 + rng.int(4) }, () => rng.pick(mine)))];
        ok(await app.exec(MarkReadDoc, { ids }, user.token));
      } else {
        ok(await app.exec(MarkAllReadDoc, {}, user.token));
      }
    }

    // Widen the races on purpose: some fills wait between their database read and their Redis
    // write (commits land in between), and some updates wait before reaching Redis (updates of
    // the two instances arrive out of order).
    for (const app of [cachedA, cachedB]) {
      const cache = app.app.services.inbox.cache as unknown as {
        store: { snapshot: (...args: unknown[]) => Promise<unknown> };
        apply: (change: unknown) => Promise<void>;
      };
      const snapshot = cache.store.snapshot.bind(cache.store);
      cache.store.snapshot = async (...args) => {
        const result = await snapshot(...args);
        if (rng.next() < 0.5) await new Promise((r) => setTimeout(r, rng.int(15)));
        return result;
      };
      const apply = cache.apply.bind(cache);
      cache.apply = async (change) => {
        if (rng.next() < 0.2) await new Promise((r) => setTimeout(r, rng.int(10)));
        await apply(change);
      };
    }

    try {
      while (writes < WRITES) {
        const target = writes + QUIET_EVERY;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (writes < target) await operation();
          }),
        );
        // Quiet point: every mutation has returned, so every update has been applied.
        servableSeen += await expectCacheEqualsDatabase(users);
        // The full API comparison (three instances) is slower; it runs at every tenth quiet point.
        if (checks % 10 === 0) await expectSameAnswers(users);
        checks += 1;
      }
    } catch (error) {
      throw new Error(`seed ${seed}: ${(error as Error).message}`, { cause: error });
    }
    expect(writes).toBeGreaterThanOrEqual(WRITES);
    expect(reads).toBeGreaterThan(200);
    // The comparison is not vacuous: after the API reads of every quiet point, most entries are live.
    expect(servableSeen).toBeGreaterThan(checks * users.length);
    const metrics = cachedA.app.services.inbox.cache.metrics.snapshot();
    // Fills really raced with commits: some were refused as stale.
    expect(metrics.counts.staleFillsRefused + cachedB.app.services.inbox.cache.metrics.snapshot().counts.staleFillsRefused).toBeGreaterThan(0);
    if (process.env.CACHE_TEST_VERBOSE) {
      console.log(JSON.stringify({ seed, writes, reads, evictions, checks, servableSeen, a: metrics, b: cachedB.app.services.inbox.cache.metrics.snapshot() }));
    }
    expect(metrics.counts.hits + cachedB.app.services.inbox.cache.metrics.snapshot().counts.hits).toBeGreaterThan(100);
  }, 150_000);
});
