import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { ok, PRIORITIES, prng, startCacheTrio, type CacheTrio } from './helpers/cache-trio.js';
import { MarkAllReadDoc, MarkReadDoc, SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// Two instances with the cache on (one database, one Redis prefix) and one with it off, on
// the same database: the one with the cache off says what the database says.
const PAGE = 10;
let trio: CacheTrio;
let cachedA: TestApp;
let uncached: TestApp;

beforeAll(async () => {
  trio = await startCacheTrio('cache_onoff', PAGE);
  ({ cachedA, uncached } = trio);
});
afterAll(() => trio?.close());

const expectCacheEqualsDatabase = (users: TestUser[]) => trio.expectCacheEqualsDatabase(users);
const expectSameAnswers = (users: TestUser[]) => trio.expectSameAnswers(users);

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
