import { expect } from 'vitest';
import type { Viewer } from '../../src/auth/auth.service.js';
import { startTestApp, type TestApp } from './app.js';
import { InboxDoc, UnreadDoc } from './messages.js';
import type { TestUser } from './users.js';

// Two instances with the cache on (one database, one Redis prefix) and one with it off, on
// the same database: the one with the cache off says what the database says.
export interface CacheTrio {
  cachedA: TestApp;
  cachedB: TestApp;
  uncached: TestApp;
  page: number;
  /** Every user's cached entries, where servable, equal the database; returns how many were servable. */
  expectCacheEqualsDatabase(users: TestUser[]): Promise<number>;
  /** The API answers the same through both cached instances and the uncached one. */
  expectSameAnswers(users: TestUser[]): Promise<void>;
  close(): Promise<void>;
}

export async function startCacheTrio(name: string, PAGE: number): Promise<CacheTrio> {
  const cachedA = await startTestApp(name, { env: { CACHE_PAGE_SIZE: String(PAGE) } });
  const shared = { ...cachedA.config, instanceId: 'second' };
  const cachedB = await startTestApp(name, { config: shared, keepDatabase: true });
  const uncached = await startTestApp(name, {
    config: { ...cachedA.config, instanceId: 'uncached', cache: { ...cachedA.config.cache, enabled: false } },
    keepDatabase: true,
  });
  for (const app of [cachedA, cachedB]) {
    const deadline = Date.now() + 10_000;
    while (!app.app.services.inbox.cache.health().usable) {
      if (Date.now() > deadline) throw new Error('cache never usable');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function expectCacheEqualsDatabase(users: TestUser[]): Promise<number> {
    let servable = 0;
    for (const user of users) {
      const viewer = viewerOf(user);
      const { page, counts } = await cachedA.app.services.inbox.cache.peek(viewer.id);
      const db = uncached.app.services.inbox;
      if (counts) {
        servable += 1;
        expect(counts, `counts of user ${user.id}`).toEqual(await db.unreadCounts(viewer));
      }
      if (page) {
        servable += 1;
        const truth = await db.page(viewer, { first: PAGE });
        expect(page.items, `page of user ${user.id}`).toEqual(truth.edges.map((e) => e.node));
        expect(page.older || page.items.length > PAGE).toBe(truth.pageInfo.hasNextPage);
      }
    }
    return servable;
  }

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

  return {
    cachedA,
    cachedB,
    uncached,
    page: PAGE,
    expectCacheEqualsDatabase,
    expectSameAnswers,
    async close() {
      await uncached.close();
      await cachedB.close();
      await cachedA.close();
    },
  };
}

/** A small seeded generator, so a failing interleaving can be replayed with its seed. */
export function prng(seed: number) {
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

export const TYPES = ['TEXT', 'MEETING_INVITE', 'REMINDER'] as const;
export const PRIORITIES = ['URGENT', 'NORMAL', 'LOW'] as const;

export const viewerOf = (u: TestUser): Viewer => ({ id: Number(u.id), tenantId: 'default', role: 'user', expiresAt: 2e9 });

export function ok<T>(result: { data?: T | null; errors?: readonly unknown[] }): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}
