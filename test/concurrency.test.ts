import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkAllReadDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('concurrency');
});
afterAll(() => t?.close());

/** A small seeded generator, so a failing mix can be run again as it was. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pickRecipients(users: TestUser[], sender: TestUser, random: () => number): TestUser[] {
  const others = users.filter((u) => u !== sender);
  const count = 2 + Math.floor(random() * 4); // 2–5
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  return others.slice(0, count);
}

async function sendFrom(sender: TestUser, to: TestUser[], content: string): Promise<string> {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content } }, sender.token);
  expect(result.errors, `send "${content}"`).toBeUndefined();
  return result.data!.sendMessage.id;
}

interface InboxRows {
  inboxSeq: number;
  events: Array<{ seq: number; kind: string; messageId: number }>;
  receipts: Array<{ seq: number; messageId: number; isRead: boolean }>;
}

async function inboxRows(userId: string): Promise<InboxRows> {
  const pool = t.app.database.pool;
  const [userRows] = await pool.query('SELECT inbox_seq AS inboxSeq FROM users WHERE id = ?', [userId]);
  const [eventRows] = await pool.query(
    'SELECT seq, kind, message_id AS messageId FROM inbox_events WHERE user_id = ? ORDER BY seq',
    [userId],
  );
  const [receiptRows] = await pool.query(
    'SELECT seq, message_id AS messageId, is_read AS isRead FROM message_recipients WHERE recipient_id = ? ORDER BY seq',
    [userId],
  );
  return {
    inboxSeq: Number((userRows as Array<{ inboxSeq: number }>)[0]!.inboxSeq),
    events: (eventRows as Array<{ seq: number; kind: string; messageId: number }>).map((r) => ({
      seq: Number(r.seq),
      kind: r.kind,
      messageId: Number(r.messageId),
    })),
    receipts: (receiptRows as Array<{ seq: number; messageId: number; isRead: number }>).map((r) => ({
      seq: Number(r.seq),
      messageId: Number(r.messageId),
      isRead: Boolean(r.isRead),
    })),
  };
}

/**
 * The inbox sequence (docs/architecture.md): events numbered 1..inbox_seq with no gap and no repeat,
 * each received message sitting at the seq of its MESSAGE event.
 */
function expectWholeSequence(user: TestUser, rows: InboxRows): void {
  const label = `inbox of user ${user.id}`;
  expect(rows.events.map((e) => e.seq), label).toEqual(Array.from({ length: rows.inboxSeq }, (_, i) => i + 1));
  const messageEvents = rows.events.filter((e) => e.kind === 'MESSAGE').map((e) => ({ seq: e.seq, messageId: e.messageId }));
  expect(rows.receipts.map((r) => ({ seq: r.seq, messageId: r.messageId })), label).toEqual(messageEvents);
}

async function inboxIdsViaApi(user: TestUser): Promise<string[]> {
  const result = await t.exec(InboxDoc, { first: 100 }, user.token);
  expect(result.errors).toBeUndefined();
  return result.data!.messages.edges.map((e) => e.node.id);
}

describe('concurrent sends keep every inbox sequence whole', () => {
  it('50 sends at once from 8 people to overlapping groups all succeed and each person gets exactly theirs, in a gapless sequence', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => registerUser(t, `c${i}_`)));
    const random = seededRandom(20240601);
    const plan = Array.from({ length: 50 }, (_, i) => {
      const sender = users[Math.floor(random() * users.length)]!;
      return { sender, to: pickRecipients(users, sender, random), content: `burst ${i}` };
    });

    const ids = await Promise.all(plan.map((p) => sendFrom(p.sender, p.to, p.content)));
    expect(new Set(ids).size).toBe(50);

    for (const user of users) {
      const expected = plan.flatMap((p, i) => (p.to.includes(user) ? [Number(ids[i])] : [])).sort((a, b) => a - b);
      const rows = await inboxRows(user.id);
      expectWholeSequence(user, rows);
      expect(rows.inboxSeq).toBe(expected.length);
      expect(rows.receipts.map((r) => r.messageId).sort((a, b) => a - b)).toEqual(expected);
      // What the person sees matches: newest first is the sequence order, read back to front.
      const seen = await inboxIdsViaApi(user);
      expect(seen).toEqual(rows.receipts.map((r) => String(r.messageId)).reverse());
      expect((await t.exec(UnreadDoc, {}, user.token)).data!.unreadCount).toBe(expected.length);
    }
  });
});

describe('reads racing with sends keep every inbox sequence whole', () => {
  it('markRead and markAllRead interleaved with sends all succeed, number each change once, and leave exact unread counts', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => registerUser(t, `r${i}_`)));
    const random = seededRandom(7);
    const received = new Map<TestUser, string[]>(users.map((u) => [u, []]));
    const send = async (i: number) => {
      const sender = users[Math.floor(random() * users.length)]!;
      const to = pickRecipients(users, sender, random);
      const id = await sendFrom(sender, to, `mixed ${i}`);
      for (const u of to) received.get(u)!.push(id);
    };

    // Something to read first, then sends and reads all at once.
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(i)));
    const work: Array<Promise<unknown>> = [];
    for (let i = 20; i < 60; i++) {
      work.push(send(i));
      const reader = users[i % users.length]!;
      if (i % 4 === 0) {
        work.push(
          t.exec(MarkAllReadDoc, {}, reader.token).then((r) => expect(r.errors, 'markAllRead').toBeUndefined()),
        );
      } else {
        const mine = received.get(reader)!;
        const some = mine.filter(() => random() < 0.5);
        if (some.length > 0) {
          work.push(t.exec(MarkReadDoc, { ids: some }, reader.token).then((r) => expect(r.errors, 'markRead').toBeUndefined()));
        }
      }
    }
    await Promise.all(work);

    for (const user of users) {
      const rows = await inboxRows(user.id);
      expectWholeSequence(user, rows);
      expect(rows.receipts.map((r) => String(r.messageId)).sort()).toEqual([...received.get(user)!].sort());

      // One READ event per message that became read, none for a message still unread.
      const readEvents = rows.events.filter((e) => e.kind === 'READ').map((e) => e.messageId);
      expect(new Set(readEvents).size, `duplicate READ events for user ${user.id}`).toBe(readEvents.length);
      const readReceipts = rows.receipts.filter((r) => r.isRead).map((r) => r.messageId);
      expect([...readEvents].sort((a, b) => a - b)).toEqual([...readReceipts].sort((a, b) => a - b));
      // A READ event comes after the message it reads.
      const arrivedAt = new Map(rows.receipts.map((r) => [r.messageId, r.seq]));
      for (const e of rows.events.filter((ev) => ev.kind === 'READ')) {
        expect(e.seq).toBeGreaterThan(arrivedAt.get(e.messageId)!);
      }

      const unread = rows.receipts.filter((r) => !r.isRead).length;
      expect((await t.exec(UnreadDoc, {}, user.token)).data!.unreadCount).toBe(unread);
    }
  });
});
