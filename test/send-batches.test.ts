import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import type { PreparedSend } from '../src/inbox/inbox.store.js';
import { SendBatchStore } from '../src/inbox/send-batch.store.js';
import { metrics } from '../src/operations/metrics.js';
import { graphql } from './gql/index.js';
import { QUIET_BACKGROUND, startTestApp, statementsDuring, type TestApp } from './helpers/app.js';
import { InboxDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// Plain sends are written in one round trip, a multi-statement query on connections of their
// own (src/inbox/send-batch.store.ts; two trips when a clientMessageId was used before);
// every other write, and every send with DATABASE_SEND_IN_ONE_QUERY=false, goes through the
// query builder. Two instances share one database here: `oneQuery` (the default) and `builder`.

const SendIdDoc = graphql(`
  mutation SendId($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);

let oneQuery: TestApp;
let builder: TestApp;
beforeAll(async () => {
  oneQuery = await startTestApp('send_batches', { env: QUIET_BACKGROUND });
  builder = await startTestApp('send_batches', {
    config: { ...oneQuery.config, sendInOneQuery: false },
    keepDatabase: true,
  });
});
afterAll(async () => {
  await builder?.close();
  await oneQuery?.close();
});

async function roundTrips(): Promise<number> {
  const value = await metrics.dbQueryDuration.get();
  return value.values.find((v) => v.metricName === 'mm_db_query_duration_seconds_count')?.value ?? 0;
}

async function send(t: TestApp, from: TestUser, to: TestUser[], content: string, clientMessageId?: string) {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, clientMessageId } }, from.token);
  expect(result.errors, content).toBeUndefined();
  return result.data!.sendMessage;
}

async function inboxContents(t: TestApp, user: TestUser): Promise<string[]> {
  const page = await t.exec(InboxDoc, { first: 100 }, user.token);
  expect(page.errors).toBeUndefined();
  return page.data!.messages.edges.map((e) => e.node.content);
}

/** A user's inbox rows: events numbered 1..inbox_seq without a gap, each message at its MESSAGE event's seq. */
async function expectWholeSequence(user: TestUser): Promise<number> {
  const pool = oneQuery.app.database.pool;
  const [[head]] = (await pool.query('SELECT inbox_seq AS seq FROM users WHERE id = ?', [user.id])) as unknown as [[{ seq: number }]];
  const [events] = (await pool.query('SELECT seq, message_id AS m FROM inbox_events WHERE user_id = ? ORDER BY seq', [user.id])) as unknown as [
    Array<{ seq: number; m: number }>,
  ];
  const [receipts] = (await pool.query('SELECT seq, message_id AS m FROM message_recipients WHERE recipient_id = ? ORDER BY seq', [user.id])) as unknown as [
    Array<{ seq: number; m: number }>,
  ];
  const label = `inbox of user ${user.id}`;
  expect(events.map((e) => Number(e.seq)), label).toEqual(Array.from({ length: Number(head.seq) }, (_, i) => i + 1));
  expect(receipts.map((r) => [Number(r.seq), Number(r.m)]), label).toEqual(events.map((e) => [Number(e.seq), Number(e.m)]));
  return receipts.length;
}

describe('sends written in one round trip', () => {
  it('a lone send costs six round trips fewer than through the query builder, with the same answer', async () => {
    const [a, b] = await Promise.all([registerUser(oneQuery), registerUser(oneQuery)]);
    await send(oneQuery, a, [b], 'warm: the recipient’s tenant is remembered from here on');
    await send(builder, a, [b], 'warm on the other instance too');
    await oneQuery.app.services.search.idle();
    await builder.app.services.search.idle();

    const measure = async (t: TestApp, content: string) => {
      const before = await roundTrips();
      const sent = await send(t, a, [b], content);
      await t.app.services.search.idle();
      return { sent, trips: (await roundTrips()) - before };
    };
    const fast = await measure(oneQuery, 'one query');
    const slow = await measure(builder, 'query builder');
    expect(slow.trips - fast.trips, `${fast.trips} against ${slow.trips}`).toBeGreaterThanOrEqual(6);
    expect(fast.sent).toMatchObject({ content: 'one query', type: 'TEXT', priority: 'NORMAL', sender: { id: a.id }, recipients: [{ id: b.id }] });
    expect(Object.keys(fast.sent).sort()).toEqual(Object.keys(slow.sent).sort());
    expect(await inboxContents(oneQuery, b)).toEqual(['query builder', 'one query', 'warm on the other instance too', 'warm: the recipient’s tenant is remembered from here on']);
    expect(await expectWholeSequence(b)).toBe(4);
  });

  it('a send to people sent to before reads nothing: their tenant and notification rules are kept', async () => {
    const [a, b, c] = await Promise.all([registerUser(oneQuery), registerUser(oneQuery), registerUser(oneQuery)]);
    await send(oneQuery, a, [b, c], 'first');
    const again = await statementsDuring(oneQuery, async () => {
      const before = await roundTrips();
      await oneQuery.exec(SendIdDoc, { input: { recipientIds: [b.id, c.id], content: 'again' } }, a.token);
      await oneQuery.app.services.search.idle();
      return (await roundTrips()) - before;
    });
    expect(again.statements).toBe(1); // the search index's write, and no read
    expect(again.result).toBe(2); // that write and the send's one trip
    expect(await expectWholeSequence(c)).toBe(2);
  });

  it('text that looks like SQL, quotes, backslashes, placeholders and emoji arrives byte for byte, and nothing else runs', async () => {
    const [a, b] = await Promise.all([registerUser(oneQuery), registerUser(oneQuery)]);
    const texts = [
      "it's \"quoted\" and back\\slashed \\' \\\\",
      "?, ?? and @first + 1; SELECT 1; -- not a comment",
      "'); DROP TABLE messages; --",
      '会议纪要 🎉 \u2028 line\nbreak\ttab',
    ];
    const sent = await Promise.all(texts.map((content, i) => send(oneQuery, a, [b], content, `key'); DELETE FROM users; -- ${i}`)));
    expect(sent.map((m) => m.content)).toEqual(texts);
    expect((await inboxContents(oneQuery, b)).sort()).toEqual([...texts].sort());
    // The same keys again: the first messages, not copies, so the keys were stored as given.
    const again = await Promise.all(texts.map((content, i) => send(oneQuery, a, [b], content, `key'); DELETE FROM users; -- ${i}`)));
    expect(again.map((m) => m.id)).toEqual(sent.map((m) => m.id));
    expect((await oneQuery.exec(UnreadDoc, {}, b.token)).data!.unreadCount).toBe(texts.length);
    expect(await expectWholeSequence(b)).toBe(texts.length);
  });

  it('both instances sending at once to overlapping groups keep every inbox gapless, each message once', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, () => registerUser(oneQuery)));
    const sends = Array.from({ length: 60 }, (_, i) => {
      const from = people[i % people.length]!;
      const to = people.filter((p, j) => p !== from && (j + i) % 3 !== 0);
      return { t: i % 2 === 0 ? oneQuery : builder, from, to, content: `m${i}` };
    });
    const sent = await Promise.all(sends.map((s) => send(s.t, s.from, s.to, s.content)));
    for (const person of people) {
      const expected = sends.filter((s) => s.to.includes(person)).map((s) => s.content);
      expect(await expectWholeSequence(person)).toBe(expected.length);
      expect((await inboxContents(oneQuery, person)).sort()).toEqual(expected.sort());
    }
    expect(new Set(sent.map((m) => m.id)).size).toBe(sends.length);
  });

  it('one clientMessageId sent through both instances at once gives one message, whichever commits first', async () => {
    const [a, b] = await Promise.all([registerUser(oneQuery), registerUser(oneQuery)]);
    for (let round = 0; round < 5; round++) {
      const input = { recipientIds: [b.id], content: `once ${round}`, clientMessageId: `race-${round}` };
      const results = await Promise.all([oneQuery, builder, oneQuery, builder].map((t) => t.exec(SendDoc, { input }, a.token)));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(new Set(results.map((r) => r.data!.sendMessage.id)).size).toBe(1);
    }
    expect((await inboxContents(oneQuery, b)).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `once ${i}`));
    expect(await expectWholeSequence(b)).toBe(5);
  });

  it('one batch with several messages to the same people numbers each one’s messages in batch order, and a used key sends it through two trips', async () => {
    const [a, b, c] = await Promise.all([registerUser(oneQuery), registerUser(oneQuery), registerUser(oneQuery)]);
    await send(oneQuery, a, [b], 'before the batch', 'used-key');
    const handle = openDatabase(oneQuery.config.databaseUrl, 1, null, { multipleStatements: true });
    try {
      const batches = new SendBatchStore(handle.pool, (ids) => oneQuery.app.services.stores.inbox.findByIds(ids));
      const plain = (content: string, to: TestUser[], clientMessageId: string | null = null): PreparedSend => ({
        tenantId: oneQuery.config.defaultTenant, senderId: Number(a.id), recipientIds: to.map((u) => Number(u.id)), content, type: 'TEXT', priority: 'NORMAL', clientMessageId, replyToId: null,
      });
      const one = await batches.commitSends([plain('b1 c1', [b, c]), plain('b2', [b]), plain('c2 b3', [c, b])], new Date());
      expect(one.map((r) => r.deliveries)).toEqual([
        [{ recipientId: Number(b.id), seq: 2 }, { recipientId: Number(c.id), seq: 1 }],
        [{ recipientId: Number(b.id), seq: 3 }],
        [{ recipientId: Number(c.id), seq: 2 }, { recipientId: Number(b.id), seq: 4 }],
      ]);
      const two = await batches.commitSends([plain('c3', [c]), plain('again', [b], 'used-key')], new Date());
      expect(two[0]!.deliveries).toEqual([{ recipientId: Number(c.id), seq: 3 }]);
      expect(two[1]).toMatchObject({ duplicate: true, deliveries: [], message: { content: 'before the batch' } });
    } finally {
      await handle.close();
    }
    expect(await expectWholeSequence(b)).toBe(4);
    expect(await expectWholeSequence(c)).toBe(3);
    expect(await inboxContents(oneQuery, b)).toEqual(['c2 b3', 'b2', 'b1 c1', 'before the batch']);
  });
});
