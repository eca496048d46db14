import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/auth.service.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkAllReadDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// Two instances with the cache on (one database, one Redis prefix) and one with it off, on
// the same database: the one with the cache off says what the database says.
const PAGE = 10;
let cachedA: TestApp;
let cachedB: TestApp;
let uncached: TestApp;

beforeAll(async () => {
  cachedA = await startTestApp('cache_onoff', { env: { CACHE_PAGE_SIZE: String(PAGE) } });
  const shared = { ...cachedA.config, instanceId: 'second' };
  cachedB = await startTestApp('cache_onoff', { config: shared, keepDatabase: true });
  uncached = await startTestApp('cache_onoff', {
    config: { ...cachedA.config, instanceId: 'uncached', cache: { ...cachedA.config.cache, enabled: false } },
    keepDatabase: true,
  });
  for (const app of [cachedA, cachedB]) {
    const deadline = Date.now() + 10_000;
    while (!app.app.services.cache.health().usable) {
      if (Date.now() > deadline) throw new Error('cache never usable');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});
afterAll(async () => {
  await uncached?.close();
  await cachedB?.close();
  await cachedA?.close();
});

/** A small seeded generator, so a failing interleaving can be replayed with its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

const TYPES = ['TEXT', 'MEETING_INVITE', 'REMINDER'] as const;
const PRIORITIES = ['URGENT', 'NORMAL', 'LOW'] as const;

const viewerOf = (u: TestUser): Viewer => ({ id: Number(u.id), tenantId: 'default', role: 'user', expiresAt: 2e9 });

function ok<T>(result: { data?: T | null; errors?: readonly unknown[] }): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

/** Every user's cached entries, where servable, equal the database; returns how many were servable. */
async function expectCacheEqualsDatabase(users: TestUser[]): Promise<number> {
  let servable = 0;
  for (const user of users) {
    const viewer = viewerOf(user);
    const { page, counts } = await cachedA.app.services.cache.peek(viewer.id);
    const db = uncached.app.services.messages;
    if (counts) {
      servable += 1;
      expect(counts, `counts of user ${user.id}`).toEqual(await db.unreadCounts(viewer));
    }
    if (page) {
      servable += 1;
      const truth = await db.inbox(viewer, { first: PAGE });
      expect(page.items, `page of user ${user.id}`).toEqual(truth.edges.map((e) => e.node));
      expect(page.older || page.items.length > PAGE).toBe(truth.pageInfo.hasNextPage);
    }
  }
  return servable;
}

/** The API answers the same through both cached instances and the uncached one. */
async function expectSameAnswers(users: TestUser[]): Promise<void> {
  for (const user of users) {
    const answers = await Promise.all(
      [cachedA, cachedB, uncached].map(async (app) => ({
        unread: ok(await app.exec(UnreadDoc, {}, user.token)),
        page: ok(await app.exec(InboxDoc, { first: PAGE }, user.token)),
        short: ok(await app.exec(InboxDoc, { first: 3 }, user.token)),
      })),
    );
    expect(answers[0], `cache on (instance A) vs off, user ${user.id}`).toEqual(answers[2]);
    expect(answers[1], `cache on (instance B) vs off, user ${user.id}`).toEqual(answers[2]);
  }
}

describe('turning the cache off changes no answer', () => {
  it('the same sequence of operations gives identical answers with the cache on and off, after every step', async () => {
    const rng = prng(4242);
    const users = await Promise.all(Array.from({ length: 4 }, (_, i) => registerUser(cachedA, `seq${i}_`)));
    const inbox = new Map<string, string[]>(users.map((u) => [u.id, []]));
    for (let step = 0; step < 120; step++) {
      const user = rng.pick(users);
      const roll = rng.next();
      // The mutation goes to the cached or the uncached instance; its answer must not depend on which.
      const writer = rng.pick([cachedA, uncached]);
      if (roll < 0.6) {
        const to = [...new Set([rng.pick(users), rng.pick(users)])];
        const sent = ok(
          await writer.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content: `s${step}`, priority: rng.pick(PRIORITIES) } }, user.token),
        );
        for (const r of to) inbox.get(r.id)!.push(sent.sendMessage.id);
      } else if (roll < 0.9) {
        const mine = inbox.get(user.id)!;
        if (mine.length === 0) continue;
        const ids = [rng.pick(mine), rng.pick(mine)];
        ok(await writer.exec(MarkReadDoc, { ids: [...new Set(ids)] }, user.token));
      } else {
        ok(await writer.exec(MarkAllReadDoc, {}, user.token));
      }
      await expectSameAnswers([user, rng.pick(users)]);
    }
    expect(await expectCacheEqualsDatabase(users)).toBeGreaterThan(0);
  }, 120_000);
});
