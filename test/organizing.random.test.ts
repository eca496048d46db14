import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, prng, startCacheTrio, TYPES, viewerOf, type CacheTrio } from './helpers/cache-trio.js';
import { MarkAllReadDoc, MarkReadDoc, SendDoc } from './helpers/messages.js';
import {
  ArchiveDoc,
  CreateTagDoc,
  DeleteTagDoc,
  OrganizedCountsDoc,
  OrganizedInboxDoc,
  StarDoc,
  TagMessagesDoc,
  UnarchiveDoc,
  UnstarDoc,
  UntagMessagesDoc,
  UpdateTagDoc,
} from './helpers/organizing.js';
import { registerUser } from './helpers/users.js';

/**
 * Two clients of one user run at once: a tag one of them deleted (gone from `myTags`) may be
 * named by the other a moment later, and NOT_FOUND is then the right answer. Anything else
 * must succeed.
 */
function unlessDeletedMeanwhile(result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }, tagId: string, myTags: readonly string[]): void {
  const deletedMeanwhile = !myTags.includes(tagId) && result.errors?.every((e) => e.extensions?.code === 'NOT_FOUND');
  if (result.errors && !deletedMeanwhile) throw new Error(JSON.stringify(result.errors));
}

// Two instances with the read model on and one with it off, on one database (as in
// test/cache.random.test.ts): after random organizing, reads and sends from both instances,
// every quiet point compares the counts by tag with a count the test makes itself in SQL.
const PAGE = 10;
let trio: CacheTrio;
let sql: mysql.Connection;

beforeAll(async () => {
  trio = await startCacheTrio('organizing_random', PAGE);
  sql = await mysql.createConnection(trio.cachedA.config.databaseUrl);
});
afterAll(async () => {
  await sql?.end();
  await trio?.close();
});

/** Unread messages per tag of the user's, straight from the tables. */
async function directTagCounts(userId: string): Promise<Record<string, number>> {
  const [rows] = (await sql.query(
    `SELECT mt.tag_id AS tagId, COUNT(*) AS n FROM message_tags mt
     JOIN message_recipients mr ON mr.message_id = mt.message_id AND mr.recipient_id = mt.user_id
     WHERE mt.user_id = ? AND mr.is_read = 0 GROUP BY mt.tag_id`,
    [userId],
  )) as unknown as [Array<{ tagId: number; n: number }>];
  return Object.fromEntries(rows.map((r) => [String(r.tagId), Number(r.n)]));
}

describe('counts by tag stay exact', () => {
  it('after 1,000 random tag, star, archive, read and send operations from two instances, counts by tag equal a count in the database', async () => {
    const seed = Number(process.env.CACHE_TEST_SEED ?? Date.now() % 1_000_000);
    const rng = prng(seed);
    const { cachedA, cachedB, uncached } = trio;
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => registerUser(cachedA, `org${i}_`)));
    const inbox = new Map<string, string[]>(users.map((u) => [u.id, []]));
    const tags = new Map<string, string[]>(users.map((u) => [u.id, []]));
    const OPERATIONS = 1000;
    const CLIENTS = 8;
    const QUIET_EVERY = 50;
    let operations = 0;
    let checks = 0;
    let servable = 0;
    let nonZero = 0;

    async function operation(): Promise<void> {
      operations += 1;
      const app = rng.pick([cachedA, cachedB]);
      const user = rng.pick(users);
      const mine = inbox.get(user.id)!;
      const myTags = tags.get(user.id)!;
      const some = () => [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(mine)))];
      const roll = rng.next();
      if (roll < 0.03) {
        const redis = app.app.services.redis;
        await redis.command!.del(redis.key(`messages:user:{${user.id}}`), redis.key(`unread_count:user:{${user.id}}`));
      } else if (roll < 0.15) {
        ok(await app.exec(OrganizedCountsDoc, {}, user.token));
      } else if (roll < 0.2) {
        ok(await app.exec(OrganizedInboxDoc, { first: 1 + rng.int(PAGE) }, user.token));
      } else if (roll < 0.4 || mine.length === 0) {
        const to = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(users)))];
        const sent = ok(await app.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content: `m${operations}`, type: rng.pick(TYPES) } }, user.token));
        for (const r of to) inbox.get(r.id)!.push(sent.sendMessage.id);
      } else if (roll < 0.47) {
        if (myTags.length >= 4) return;
        const created = ok(await app.exec(CreateTagDoc, { name: `t${operations}`, color: '#123456' }, user.token));
        myTags.push(created.createTag.id);
      } else if (roll < 0.5) {
        if (myTags.length === 0) return;
        const id = myTags.splice(rng.int(myTags.length), 1)[0]!;
        ok(await app.exec(DeleteTagDoc, { id }, user.token));
      } else if (roll < 0.52) {
        if (myTags.length === 0) return;
        const id = rng.pick(myTags);
        unlessDeletedMeanwhile(await app.exec(UpdateTagDoc, { id, name: `r${operations}` }, user.token), id, myTags);
      } else if (roll < 0.68) {
        if (myTags.length === 0) return;
        const tagId = rng.pick(myTags);
        unlessDeletedMeanwhile(await app.exec(TagMessagesDoc, { tagId, ids: some() }, user.token), tagId, myTags);
      } else if (roll < 0.75) {
        if (myTags.length === 0) return;
        const tagId = rng.pick(myTags);
        unlessDeletedMeanwhile(await app.exec(UntagMessagesDoc, { tagId, ids: some() }, user.token), tagId, myTags);
      } else if (roll < 0.8) {
        if (rng.next() < 0.5) ok(await app.exec(StarDoc, { ids: some() }, user.token));
        else ok(await app.exec(UnstarDoc, { ids: some() }, user.token));
      } else if (roll < 0.86) {
        if (rng.next() < 0.6) ok(await app.exec(ArchiveDoc, { ids: some() }, user.token));
        else ok(await app.exec(UnarchiveDoc, { ids: some() }, user.token));
      } else if (roll < 0.98) {
        ok(await app.exec(MarkReadDoc, { ids: some() }, user.token));
      } else {
        ok(await app.exec(MarkAllReadDoc, {}, user.token));
      }
    }

    try {
      while (operations < OPERATIONS) {
        const target = operations + QUIET_EVERY;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (operations < target) await operation();
          }),
        );
        checks += 1;
        for (const user of users) {
          const truth = await directTagCounts(user.id);
          nonZero += Object.keys(truth).length;
          for (const app of [cachedA, cachedB, uncached]) {
            const { unreadCounts } = ok(await app.exec(OrganizedCountsDoc, {}, user.token));
            const answered = Object.fromEntries(unreadCounts.byTag.filter((c) => c.count > 0).map((c) => [c.tag.id, c.count]));
            expect(answered, `counts by tag of user ${user.id} at check ${checks}`).toEqual(truth);
          }
          // What Redis holds, where servable, equals the database (archived items included in the page).
          const viewer = viewerOf(user);
          const { page, counts } = await cachedA.app.services.inbox.cache.peek(viewer.id);
          const db = uncached.app.services.inbox;
          if (counts) {
            servable += 1;
            expect(counts, `cached counts of user ${user.id}`).toEqual(await db.unreadCounts(viewer));
          }
          if (page) {
            servable += 1;
            const all = await db.page(viewer, { first: PAGE, filter: { includeArchived: true } });
            expect(page.items, `cached page of user ${user.id}`).toEqual(all.edges.map((e) => e.node));
          }
          const shown = async (app: typeof cachedA) => ok(await app.exec(OrganizedInboxDoc, { first: 5 }, user.token));
          expect(await shown(cachedA), `default inbox of user ${user.id}`).toEqual(await shown(uncached));
        }
      }
    } catch (error) {
      throw new Error(`seed ${seed}: ${(error as Error).message}`, { cause: error });
    }
    expect(operations).toBeGreaterThanOrEqual(OPERATIONS);
    // Not vacuous: tags carried unread messages at the checks, and Redis answered many of them.
    expect(nonZero).toBeGreaterThan(checks * 2);
    expect(servable).toBeGreaterThan(checks * users.length / 2);
  }, 240_000);
});
