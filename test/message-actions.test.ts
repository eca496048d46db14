import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc, UnreadDoc } from './helpers/messages.js';
import { adminAccount, expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const RECALL_WINDOW_SECONDS = 3;

const RecallDoc = graphql(`
  mutation Recall($id: ID!) {
    recallMessage(id: $id) {
      id
      content
      recalledAt
      recalledBy {
        id
      }
    }
  }
`);

const ForwardDoc = graphql(`
  mutation Forward($input: ForwardMessageInput!) {
    forwardMessage(input: $input) {
      id
      content
      forwardComment
      forwardedFrom {
        sender {
          id
        }
        createdAt
      }
      recipients {
        id
      }
    }
  }
`);

const ActionsMessageDoc = graphql(`
  query ActionsMessage($id: ID!) {
    message(id: $id) {
      id
      content
      recalledAt
      isRead
      recipients {
        id
      }
      replyTo {
        id
        recalledAt
      }
      quote {
        id
        excerpt
        recalled
        sender {
          id
        }
      }
      forwardedFrom {
        sender {
          id
        }
      }
    }
  }
`);

const ActionsEventsDoc = graphql(`
  subscription ActionsEvents($since: String) {
    inboxEvents(since: $since) {
      __typename
      ... on MessageReceivedEvent {
        cursor
        message {
          id
          content
          recalledAt
        }
      }
      ... on MessageRecalledEvent {
        cursor
        message {
          id
          content
          recalledAt
        }
      }
    }
  }
`);

const ActionsSyncDoc = graphql(`
  query ActionsSync($since: String) {
    sync(since: $since) {
      cursor
      events {
        __typename
        ... on MessageRecalledEvent {
          cursor
          message {
            id
            content
            recalledAt
          }
        }
      }
    }
  }
`);

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp('message_actions', { env: { RECALL_WINDOW_SECONDS: String(RECALL_WINDOW_SECONDS) } });
  base = await t.listen();
});
afterAll(() => t?.close());

async function send(from: TestUser, to: TestUser[], content: string, extra: Record<string, unknown> = {}) {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, ...extra } }, from.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.sendMessage;
}

async function unread(user: TestUser): Promise<number> {
  const result = await t.exec(UnreadDoc, {}, user.token);
  return result.data!.unreadCount;
}

describe('recall within the time limit', () => {
  it('both recipients’ devices see the recall live, and the tombstone withholds the content', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const bobDevice = wsClient(base, bob.token);
    const carolDevice = wsClient(base, carol.token);
    try {
      const bobLive = collect(bobDevice, ActionsEventsDoc, {});
      const carolLive = collect(carolDevice, ActionsEventsDoc, {});
      await until(() => t.app.services.streams.userCount() >= 2);
      const sent = await send(alice, [bob, carol], 'the budget is 42k');
      await bobLive.waitFor(1);
      await carolLive.waitFor(1);

      const recalled = await t.exec(RecallDoc, { id: sent.id }, alice.token);
      expect(recalled.errors).toBeUndefined();
      expect(recalled.data!.recallMessage).toMatchObject({ id: sent.id, content: '', recalledBy: { id: alice.id } });
      expect(recalled.data!.recallMessage.recalledAt).not.toBeNull();

      for (const live of [bobLive, carolLive]) {
        const [, event] = await live.waitFor(2);
        expect(event!.inboxEvents).toMatchObject({ __typename: 'MessageRecalledEvent', message: { id: sent.id, content: '' } });
      }
      const asBob = await t.exec(ActionsMessageDoc, { id: sent.id }, bob.token);
      expect(asBob.data!.message!.content).toBe('');
      expect(asBob.data!.message!.recalledAt).not.toBeNull();
    } finally {
      await Promise.all([bobDevice.dispose(), carolDevice.dispose()]);
    }
  });

  it('a device that was offline gets the tombstone when it resumes from its cursor, and in sync', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    await send(alice, [bob], 'before');
    const gone = await send(alice, [bob], 'a typo I regret');
    const bobCursor = (await t.exec(ActionsSyncDoc, {}, bob.token)).data!.sync.cursor;
    ok(await t.exec(RecallDoc, { id: gone.id }, alice.token));

    const synced = await t.exec(ActionsSyncDoc, { since: bobCursor }, bob.token);
    expect(synced.data!.sync.events).toHaveLength(1);
    expect(synced.data!.sync.events[0]).toMatchObject({ __typename: 'MessageRecalledEvent', message: { id: gone.id, content: '' } });

    const device = wsClient(base, bob.token);
    try {
      // Resuming from before both messages: the recalled one already reads as a tombstone.
      const replay = collect(device, ActionsEventsDoc, { since: null });
      const events = await replay.waitFor(3);
      expect(events.map((e) => e.inboxEvents.__typename)).toEqual(['MessageReceivedEvent', 'MessageReceivedEvent', 'MessageRecalledEvent']);
      const second = events[1]!.inboxEvents as { message: { id: string; content: string; recalledAt: string | null } };
      expect(second.message).toMatchObject({ id: gone.id, content: '' });
      expect(second.message.recalledAt).not.toBeNull();
    } finally {
      await device.dispose();
    }
  });

  it('unread counts drop only where the message was unread', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const sent = await send(alice, [bob, carol], 'urgent thing');
    await send(alice, [bob, carol], 'keep this one');
    ok(await t.exec(graphql(`mutation ActionsMarkRead($ids: [ID!]!) { markRead(messageIds: $ids) { unreadCount } }`), { ids: [sent.id] }, carol.token));
    expect(await unread(bob)).toBe(2);
    expect(await unread(carol)).toBe(1);
    ok(await t.exec(RecallDoc, { id: sent.id }, alice.token));
    expect(await unread(bob)).toBe(1);
    expect(await unread(carol)).toBe(1);
    // The counts the cache serves equal the database's.
    expect((await t.app.services.inbox.cache.peek(Number(bob.id))).counts?.total).toBe(1);
  });

  it('recall is idempotent: a second recall changes nothing and adds no event', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const sent = await send(alice, [bob], 'twice');
    const first = await t.exec(RecallDoc, { id: sent.id }, alice.token);
    const second = await t.exec(RecallDoc, { id: sent.id }, alice.token);
    expect(second.data!.recallMessage.recalledAt).toBe(first.data!.recallMessage.recalledAt);
    const synced = await t.exec(ActionsSyncDoc, {}, bob.token);
    expect(synced.data!.sync.events.filter((e) => e.__typename === 'MessageRecalledEvent')).toHaveLength(1);
  });

  it('after the window the sender is refused with RECALL_WINDOW_EXPIRED and nothing changes; an admin may still recall', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const admin = await adminAccount(t);
    const sent = await send(alice, [bob], 'old news');
    await new Promise((r) => setTimeout(r, RECALL_WINDOW_SECONDS * 1000 + 300));
    const late = await t.exec(RecallDoc, { id: sent.id }, alice.token);
    expect(errorCodes(late)).toEqual(['RECALL_WINDOW_EXPIRED']);
    expect(late.errors![0]!.extensions!.recallWindowSeconds).toBe(RECALL_WINDOW_SECONDS);
    expect((await t.exec(ActionsMessageDoc, { id: sent.id }, bob.token)).data!.message).toMatchObject({ content: 'old news', recalledAt: null });
    expect(await unread(bob)).toBe(1);

    const byAdmin = await t.exec(RecallDoc, { id: sent.id }, admin.token);
    expect(byAdmin.data!.recallMessage).toMatchObject({ content: '', recalledBy: { id: admin.id } });
  });

  it('refuses someone else’s message, another tenant’s message, no token and an expired token', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const stranger = await registerUser(t, 'stranger', 'other-tenant');
    const otherAdmin = await adminAccount(t, 'other-tenant');
    const sent = await send(alice, [bob], 'mine');
    expect(errorCodes(await t.exec(RecallDoc, { id: sent.id }, bob.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(RecallDoc, { id: sent.id }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(RecallDoc, { id: sent.id }, otherAdmin.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(RecallDoc, { id: sent.id }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(RecallDoc, { id: sent.id }, await expiredToken(alice)))).toEqual(['UNAUTHENTICATED']);
    expect((await t.exec(ActionsMessageDoc, { id: sent.id }, bob.token)).data!.message!.content).toBe('mine');
  });
});

describe('quote-reply', () => {
  it('a reply to a message the caller cannot see is refused', async () => {
    const [alice, bob, eve] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const secret = await send(alice, [bob], 'between us');
    const result = await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: 're', replyToId: secret.id } }, eve.token);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('the quote renders for a recipient who never got the original, and shows it as recalled afterwards', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const original = await send(alice, [bob], 'Q3 budget is approved');
    const reply = await send(bob, [alice, carol], 'great news', { replyToId: original.id });
    const asCarol = await t.exec(ActionsMessageDoc, { id: reply.id }, carol.token);
    expect(asCarol.data!.message).toMatchObject({
      replyTo: null, // carol did not receive the original
      quote: { id: original.id, excerpt: 'Q3 budget is approved', recalled: false, sender: { id: alice.id } },
    });
    ok(await t.exec(RecallDoc, { id: original.id }, alice.token));
    const after = await t.exec(ActionsMessageDoc, { id: reply.id }, carol.token);
    expect(after.data!.message!.quote).toMatchObject({ id: original.id, excerpt: '', recalled: true });
    const asBob = await t.exec(ActionsMessageDoc, { id: reply.id }, bob.token);
    expect(asBob.data!.message!.replyTo!.id).toBe(original.id);
    expect(asBob.data!.message!.replyTo!.recalledAt).not.toBeNull();
  });
});

describe('forward', () => {
  it('sends a copy to new recipients with who wrote it and when, and a comment', async () => {
    const [alice, bob, dave] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const original = await send(alice, [bob], 'meeting notes: ship on Friday');
    const forwarded = await t.exec(ForwardDoc, { input: { messageId: original.id, recipientIds: [dave.id], comment: 'FYI' } }, bob.token);
    expect(forwarded.errors).toBeUndefined();
    expect(forwarded.data!.forwardMessage).toMatchObject({
      content: 'meeting notes: ship on Friday',
      forwardComment: 'FYI',
      forwardedFrom: { sender: { id: alice.id }, createdAt: original.createdAt },
      recipients: [{ id: dave.id }],
    });
    expect(await unread(dave)).toBe(1);
  });

  it('a recipient of the forward cannot list who else received the original', async () => {
    const [alice, bob, carol, dave] = await Promise.all([registerUser(t), registerUser(t), registerUser(t), registerUser(t)]);
    const original = await send(alice, [bob, carol], 'to bob and carol');
    const forwarded = await t.exec(ForwardDoc, { input: { messageId: original.id, recipientIds: [dave.id] } }, bob.token);
    const id = forwarded.data!.forwardMessage.id;
    const asDave = await t.exec(ActionsMessageDoc, { id }, dave.token);
    expect(asDave.data!.message!.forwardedFrom).toEqual({ sender: { id: alice.id } });
    expect(asDave.data!.message!.recipients).toEqual([{ id: dave.id }]);
    expect((await t.exec(ActionsMessageDoc, { id: original.id }, dave.token)).data!.message).toBeNull();
  });

  it('is refused for messages the caller cannot see, and for recalled ones', async () => {
    const [alice, bob, eve] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const stranger = await registerUser(t, 'stranger', 'other-tenant');
    const original = await send(alice, [bob], 'private');
    expect(errorCodes(await t.exec(ForwardDoc, { input: { messageId: original.id, recipientIds: [eve.id] } }, eve.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ForwardDoc, { input: { messageId: original.id, recipientIds: [eve.id] } }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ForwardDoc, { input: { messageId: original.id, recipientIds: [eve.id] } }, null))).toEqual(['UNAUTHENTICATED']);
    ok(await t.exec(RecallDoc, { id: original.id }, alice.token));
    expect(errorCodes(await t.exec(ForwardDoc, { input: { messageId: original.id, recipientIds: [eve.id] } }, bob.token))).toEqual(['BAD_USER_INPUT']);
  });
});

function ok<T extends { errors?: unknown }>(result: T): T {
  expect(result.errors).toBeUndefined();
  return result;
}
