import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkAllReadDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

const SentDoc = graphql(`
  query Sent($first: Int, $after: String) {
    sentMessages(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          content
          isRead
          cursor
          recipients {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const MessageDoc = graphql(`
  query OneMessage($id: ID!) {
    message(id: $id) {
      id
      content
      recipients {
        id
      }
      replyTo {
        id
        content
      }
    }
  }
`);

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  t = await startTestApp('messaging');
  [alice, bob, carol] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob'), registerUser(t, 'carol')]);
});
afterAll(() => t?.close());

async function send(from: TestUser, to: TestUser[], content: string, extra: Record<string, unknown> = {}) {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, ...extra } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage;
}

async function inboxIds(user: TestUser, vars: Parameters<typeof t.exec<unknown, { first?: number; after?: string }>>[1] = {}) {
  const result = await t.exec(InboxDoc, { first: 100, ...vars }, user.token);
  expect(result.errors).toBeUndefined();
  return result.data!.messages.edges.map((e) => e.node.id);
}

describe('sending to many recipients', () => {
  it('each recipient sees the message in their inbox with an unread count of one; the sender sees it in sentMessages only', async () => {
    const [a, b, c] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const sent = await send(a, [b, c], 'Standup moved to 10:00');
    expect(sent.sender.id).toBe(a.id);
    expect(sent.recipients.map((r) => r.id).sort()).toEqual([b.id, c.id].sort());
    // The sender did not receive it: its cursor is its place in what they sent, not in an inbox.
    expect(Buffer.from(sent.cursor, 'base64url').toString()).toBe(`sent:${sent.id}`);

    for (const user of [b, c]) {
      const inbox = await t.exec(InboxDoc, {}, user.token);
      expect(inbox.data!.messages.edges.map((e) => e.node.content)).toEqual(['Standup moved to 10:00']);
      expect(inbox.data!.messages.edges[0]!.node.isRead).toBe(false);
      expect(inbox.data!.messages.edges[0]!.node.cursor).toBe(inbox.data!.messages.edges[0]!.cursor);
      const unread = await t.exec(UnreadDoc, {}, user.token);
      expect(unread.data!.unreadCount).toBe(1);
    }
    expect(await inboxIds(a)).toEqual([]);
    const sentList = await t.exec(SentDoc, {}, a.token);
    expect(sentList.data!.sentMessages.edges.map((e) => e.node.id)).toEqual([sent.id]);
  });

  it('sending again with the same clientMessageId returns the first message instead of a copy', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const input = { recipientIds: [b.id], content: 'once', clientMessageId: 'c-1' };
    const results = await Promise.all([1, 2, 3].map(() => t.exec(SendDoc, { input }, a.token)));
    const ids = new Set(results.map((r) => r.data!.sendMessage.id));
    expect(ids.size).toBe(1);
    const again = await t.exec(SendDoc, { input }, a.token);
    expect(again.data!.sendMessage.id).toBe([...ids][0]);
    expect(await inboxIds(b)).toEqual([...ids]);
    expect((await t.exec(UnreadDoc, {}, b.token)).data!.unreadCount).toBe(1);
  });

  it('a reply points at the message it answers', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const question = await send(a, [b], 'Lunch?');
    const answer = await send(b, [a], 'Yes', { replyToId: question.id });
    expect(answer.replyTo?.id).toBe(question.id);
    const seen = await t.exec(MessageDoc, { id: answer.id }, a.token);
    expect(seen.data!.message!.replyTo!.content).toBe('Lunch?');
  });
});

describe('read state and unread counts', () => {
  it('markRead makes the count zero and is idempotent; markAllRead reads the rest', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const m1 = await send(a, [b], 'one', { type: 'REMINDER', priority: 'URGENT' });
    await send(a, [b], 'two');
    await send(a, [b], 'three', { priority: 'LOW' });

    const counts = (await t.exec(UnreadDoc, {}, b.token)).data!.unreadCounts;
    expect(counts.total).toBe(3);
    expect(counts.byType.find((c) => c.type === 'REMINDER')!.count).toBe(1);
    expect(counts.byType.find((c) => c.type === 'TEXT')!.count).toBe(2);
    expect(counts.byPriority.find((c) => c.priority === 'URGENT')!.count).toBe(1);
    expect(counts.byPriority.find((c) => c.priority === 'LOW')!.count).toBe(1);

    const first = await t.exec(MarkReadDoc, { ids: [m1.id] }, b.token);
    expect(first.data!.markRead).toEqual({ updatedCount: 1, unreadCount: 2 });
    const again = await t.exec(MarkReadDoc, { ids: [m1.id] }, b.token);
    expect(again.data!.markRead).toEqual({ updatedCount: 0, unreadCount: 2 });

    const inbox = await t.exec(InboxDoc, {}, b.token);
    const read = inbox.data!.messages.edges.find((e) => e.node.id === m1.id)!.node;
    expect(read.isRead).toBe(true);
    expect(read.readAt).not.toBeNull();

    const all = await t.exec(MarkAllReadDoc, {}, b.token);
    expect(all.data!.markAllRead).toEqual({ updatedCount: 2, unreadCount: 0 });
    expect((await t.exec(MarkAllReadDoc, {}, b.token)).data!.markAllRead).toEqual({ updatedCount: 0, unreadCount: 0 });
    expect((await t.exec(UnreadDoc, {}, b.token)).data!.unreadCount).toBe(0);
  });
});

describe('inbox pages and filters', () => {
  it('returns every message exactly once across pages while new messages arrive', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const before: string[] = [];
    for (let i = 0; i < 25; i++) before.push((await send(a, [b], `m${i}`)).id);

    const seen: string[] = [];
    let after: string | undefined;
    let page = 0;
    for (;;) {
      const result = await t.exec(InboxDoc, { first: 7, after }, b.token);
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.messages.edges.map((e) => e.node.id));
      // New messages arrive between pages; they belong before the first page, not in later ones.
      await send(a, [b], `late${page++}`);
      if (!result.data!.messages.pageInfo.hasNextPage) break;
      after = result.data!.messages.pageInfo.endCursor!;
    }
    expect(seen).toEqual([...before].reverse());
  });

  it('filters by unread, type and priority', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const urgent = await send(a, [b], 'fire', { priority: 'URGENT' });
    const reminder = await send(a, [b], 'remember', { type: 'REMINDER' });
    const plain = await send(a, [b], 'hello');
    await t.exec(MarkReadDoc, { ids: [plain.id] }, b.token);

    const ids = async (filter: Record<string, unknown>) =>
      (await t.exec(InboxDoc, { filter }, b.token)).data!.messages.edges.map((e) => e.node.id);
    expect(await ids({ unreadOnly: true })).toEqual([reminder.id, urgent.id]);
    expect(await ids({ priority: 'URGENT' })).toEqual([urgent.id]);
    expect(await ids({ type: 'REMINDER' })).toEqual([reminder.id]);
    expect(await ids({ type: 'TEXT', unreadOnly: true })).toEqual([urgent.id]);
  });

  it('pages sentMessages without repeats', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await send(a, [b], `s${i}`)).id);
    const p1 = await t.exec(SentDoc, { first: 3 }, a.token);
    const p2 = await t.exec(SentDoc, { first: 3, after: p1.data!.sentMessages.pageInfo.endCursor! }, a.token);
    expect(p1.data!.sentMessages.pageInfo.hasNextPage).toBe(true);
    expect(p2.data!.sentMessages.pageInfo.hasNextPage).toBe(false);
    expect([...p1.data!.sentMessages.edges, ...p2.data!.sentMessages.edges].map((e) => e.node.id)).toEqual(
      sent.reverse(),
    );
  });
});

describe('bad input is refused and writes nothing', () => {
  it.each([
    ['empty content', { content: '   ' }],
    ['content over the limit', { content: 'x'.repeat(10_001) }],
    ['an unknown recipient', { recipientIds: ['99999999'] }],
    ['a malformed recipient id', { recipientIds: ['abc'] }],
    ['no recipients', { recipientIds: [] }],
    ['too many recipients', { recipientIds: Array.from({ length: 1001 }, (_, i) => String(i + 1)) }],
  ])('%s → BAD_USER_INPUT', async (_label, override) => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const result = await t.exec(SendDoc, { input: { recipientIds: [b.id], content: 'ok', ...override } }, a.token);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await inboxIds(b)).toEqual([]);
    expect((await t.exec(SentDoc, {}, a.token)).data!.sentMessages.edges).toEqual([]);
  });

  it('the error names the input field it is about', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const empty = await t.exec(SendDoc, { input: { recipientIds: [b.id], content: ' ' } }, a.token);
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    const malformed = await t.exec(SendDoc, { input: { recipientIds: [b.id, 'abc'], content: 'ok' } }, a.token);
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipientIds' });
    expect(malformed.errors![0]!.message).toBe('recipientIds is not a valid id');
  });

  it('a page size over the maximum → BAD_USER_INPUT', async () => {
    const result = await t.exec(InboxDoc, { first: 101 }, alice.token);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('a cursor that is not an inbox cursor → BAD_USER_INPUT', async () => {
    const result = await t.exec(InboxDoc, { after: 'garbage!' }, alice.token);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('privacy between users', () => {
  it('a user cannot read, mark or see the recipients of a message that is not theirs', async () => {
    const secret = await send(alice, [bob], 'for bob only');
    const peek = await t.exec(MessageDoc, { id: secret.id }, carol.token);
    expect(peek.errors).toBeUndefined();
    expect(peek.data!.message).toBeNull();

    const mark = await t.exec(MarkReadDoc, { ids: [secret.id] }, carol.token);
    expect(errorCodes(mark)).toEqual(['NOT_FOUND']);
    const bobUnread = await t.exec(UnreadDoc, {}, bob.token);
    expect(bobUnread.data!.unreadCount).toBeGreaterThanOrEqual(1);

    // Carol replies to a message she cannot see: refused, nothing leaks through replyTo.
    const reply = await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: 'x', replyToId: secret.id } }, carol.token);
    expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);

    const asBob = await t.exec(MessageDoc, { id: secret.id }, bob.token);
    expect(asBob.data!.message!.recipients.map((r) => r.id)).toEqual([bob.id]);
  });

  it('a recipient in another tenant is refused', async () => {
    const outsider = await registerUser(t, 'outsider', 'other-tenant');
    const result = await t.exec(SendDoc, { input: { recipientIds: [outsider.id], content: 'hi' } }, alice.token);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await inboxIds(outsider)).toEqual([]);
    // And the other way round.
    const back = await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: 'hi' } }, outsider.token);
    expect(errorCodes(back)).toEqual(['BAD_USER_INPUT']);
  });
});
