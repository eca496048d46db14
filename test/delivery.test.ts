import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxLogStore } from '../src/inbox/inbox-log.store.js';
import { InboxService } from '../src/inbox/inbox.service.js';
import { primaryReads } from '../src/inbox/read-your-writes.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { MarkReadDoc, SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const ReceivedDoc = graphql(`
  subscription DeliveryReceived($since: String) {
    messageReceived(since: $since) {
      id
      content
      cursor
    }
  }
`);

const EventsDoc = graphql(`
  subscription DeliveryEvents($since: String) {
    inboxEvents(since: $since) {
      __typename
      ... on MessageReceivedEvent {
        cursor
        message {
          id
          isRead
        }
      }
      ... on MessagesReadEvent {
        cursor
        messageIds
        readAt
      }
    }
  }
`);

const SyncDoc = graphql(`
  query DeliverySync($since: String, $limit: Int) {
    sync(since: $since, limit: $limit) {
      cursor
      hasMore
      events {
        __typename
        ... on MessageReceivedEvent {
          cursor
          message {
            id
          }
        }
        ... on MessagesReadEvent {
          cursor
          messageIds
        }
      }
    }
  }
`);

const AckDoc = graphql(`
  mutation DeliveryAck($upTo: String!) {
    acknowledgeDelivery(upTo: $upTo) {
      acknowledgedCount
    }
  }
`);

const StatusDoc = graphql(`
  query DeliveryStatus($id: ID!) {
    deliveryStatus(messageId: $id) {
      recipient {
        id
      }
      status
      queuedAt
      pushedAt
      deliveredAt
      readAt
    }
  }
`);

let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp('delivery', { env: { DELIVERY_POSITION_CHECK_MS: '500' } });
  url = await t.listen();
});
afterAll(() => t?.close());

async function send(from: TestUser, to: TestUser[], content: string) {
  const r = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content } }, from.token);
  expect(r.errors).toBeUndefined();
  return r.data!.sendMessage.id;
}

describe('resuming from a cursor', () => {
  it('a device that reconnects with its last cursor gets exactly the 50 it missed, in order, then live ones, none twice', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const first = wsClient(url, b.token);
    const before: string[] = [];
    const live = collect(first, ReceivedDoc, {});
    for (let i = 0; i < 5; i++) before.push(await send(a, [b], `before ${i}`));
    await live.waitFor(5);
    const lastCursor = live.results.at(-1)!.messageReceived.cursor;
    await first.dispose();

    const missed: string[] = [];
    for (let i = 0; i < 50; i++) missed.push(await send(a, [b], `missed ${i}`));

    const second = wsClient(url, b.token);
    try {
      const resumed = collect(second, ReceivedDoc, { since: lastCursor });
      await resumed.waitFor(50);
      const later: string[] = [];
      for (let i = 0; i < 5; i++) later.push(await send(a, [b], `later ${i}`));
      await resumed.waitFor(55);
      await new Promise((r) => setTimeout(r, 200));
      expect(resumed.results.map((r) => r.messageReceived.id)).toEqual([...missed, ...later]);
    } finally {
      await second.dispose();
    }
  });

  it('without a cursor a device first gets the unread messages, oldest first', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const m1 = await send(a, [b], 'one');
    const m2 = await send(a, [b], 'two');
    const m3 = await send(a, [b], 'three');
    await t.exec(MarkReadDoc, { ids: [m2] }, b.token);
    const client = wsClient(url, b.token);
    try {
      const got = collect(client, ReceivedDoc, {});
      await got.waitFor(2);
      const m4 = await send(a, [b], 'four');
      await got.waitFor(3);
      expect(got.results.map((r) => r.messageReceived.id)).toEqual([m1, m3, m4]);
    } finally {
      await client.dispose();
    }
  });

  it('devices of many users connecting at once each get exactly their own unread messages, then live ones', async () => {
    const sender = await registerUser(t);
    const users = await Promise.all(Array.from({ length: 12 }, () => registerUser(t)));
    const unread = new Map<string, string[]>();
    for (const [i, user] of users.entries()) {
      const ids: string[] = [];
      for (let k = 0; k < i % 4; k++) ids.push(await send(sender, [user], `u${i} m${k}`));
      // Each user's second message (when there is one) is read before the device connects.
      if (ids.length > 1) await t.exec(MarkReadDoc, { ids: [ids[1]!] }, user.token);
      unread.set(user.id, ids.filter((_, k) => k !== 1));
    }
    const clients = users.map((u) => wsClient(url, u.token));
    try {
      const streams = users.map((_, i) => collect(clients[i]!, ReceivedDoc, {}));
      await Promise.all(users.map((u, i) => streams[i]!.waitFor(unread.get(u.id)!.length)));
      const live = await send(sender, users, 'to everyone');
      await Promise.all(users.map((u, i) => streams[i]!.waitFor(unread.get(u.id)!.length + 1)));
      await new Promise((r) => setTimeout(r, 200));
      users.forEach((u, i) => {
        expect(streams[i]!.results.map((r) => r.messageReceived.id)).toEqual([...unread.get(u.id)!, live]);
      });
    } finally {
      await Promise.all(clients.map(async (c) => c.dispose()));
    }
  });

  it('a malformed cursor is refused with BAD_USER_INPUT', async () => {
    const b = await registerUser(t);
    const client = wsClient(url, b.token);
    try {
      const got = collect(client, ReceivedDoc, { since: 'not-a-cursor' });
      await until(() => got.errors.length > 0 || got.done);
      expect(JSON.stringify(got.errors)).toContain('BAD_USER_INPUT');
    } finally {
      await client.dispose();
    }
  });
});

describe('read state on every device', () => {
  it('a message read on device 1 shows as read on device 2, live and through sync', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const device2 = wsClient(url, b.token);
    try {
      const events = collect(device2, EventsDoc, {});
      const m1 = await send(a, [b], 'read me');
      const m2 = await send(a, [b], 'me too');
      await events.waitFor(2);
      // Device 1 reads over HTTP.
      const read = await t.exec(MarkReadDoc, { ids: [m1, m2] }, b.token);
      expect(read.data!.markRead.updatedCount).toBe(2);
      await events.waitFor(3);
      const readEvent = events.results[2]!.inboxEvents;
      expect(readEvent.__typename).toBe('MessagesReadEvent');
      expect(readEvent.__typename === 'MessagesReadEvent' && readEvent.messageIds).toEqual([m1, m2]);

      const synced = await t.exec(SyncDoc, {}, b.token);
      const kinds = synced.data!.sync.events.map((e) => e.__typename);
      expect(kinds).toEqual(['MessageReceivedEvent', 'MessageReceivedEvent', 'MessagesReadEvent']);
      expect(synced.data!.sync.hasMore).toBe(false);
      // Syncing again from the returned cursor gives nothing new.
      const again = await t.exec(SyncDoc, { since: synced.data!.sync.cursor }, b.token);
      expect(again.data!.sync.events).toEqual([]);
      // sync_status:{id} records the last sync.
      const status = await t.app.services.redis.command!.get(t.app.services.redis.key(`sync_status:{${b.id}}`));
      expect((JSON.parse(status!) as { seq: number }).seq).toBe(4); // two messages, then one READ position each
    } finally {
      await device2.dispose();
    }
  });

  it('sync pages with limit and hasMore', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) sent.push(await send(a, [b], `p${i}`));
    const seen: string[] = [];
    let since: string | undefined;
    for (;;) {
      const page = await t.exec(SyncDoc, { since, limit: 3 }, b.token);
      for (const e of page.data!.sync.events) if (e.__typename === 'MessageReceivedEvent') seen.push(e.message.id);
      since = page.data!.sync.cursor;
      if (!page.data!.sync.hasMore) break;
    }
    expect(seen).toEqual(sent);
  });
});

describe('crash between commit and push', () => {
  it('a message committed by an instance that died before publishing reaches the online recipient within 5 s', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const client = wsClient(url, b.token);
    try {
      const got = collect(client, ReceivedDoc, {});
      await until(() => t.app.services.streams.userCount() > 0);
      // A second InboxService on the same database with no reactions: it commits and then
      // "dies" before anything is queued or published.
      const s = t.app.services;
      const db = t.app.database.db;
      const settings = { syncStatusTtlSeconds: 60, recallWindowSeconds: 120 };
      const crashed = new InboxService(db, s.stores.inbox, new InboxLogStore(db), s.stores.users, s.inbox.cache, settings, async () => {}, primaryReads(db));
      const viewer = await s.auth.authenticate(`Bearer ${a.token}`);
      const message = await crashed.send(viewer, { recipientIds: [Number(b.id)], content: 'orphan' });
      const started = Date.now();
      await got.waitFor(1, 5000);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(got.results[0]!.messageReceived.id).toBe(String(message.id));
    } finally {
      await client.dispose();
    }
  });
});

describe('acknowledgements and delivery status', () => {
  it('deliveryStatus shows queued, pushed, delivered and read in order, only to the sender', async () => {
    const [a, b, c] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const client = wsClient(url, b.token);
    try {
      const got = collect(client, ReceivedDoc, {});
      const id = await send(a, [b, c], 'track me');
      await got.waitFor(1);
      const statusOf = async (user: TestUser) => {
        const r = await t.exec(StatusDoc, { id }, a.token);
        expect(r.errors).toBeUndefined();
        return r.data!.deliveryStatus.find((s) => s.recipient.id === user.id)!;
      };
      await until(async () => (await statusOf(b)).status === 'PUSHED');
      const pushed = await statusOf(b);
      expect(pushed.queuedAt).not.toBeNull();
      expect(pushed.pushedAt! >= pushed.queuedAt!).toBe(true);

      const ack = await t.exec(AckDoc, { upTo: got.results[0]!.messageReceived.cursor }, b.token);
      expect(ack.data!.acknowledgeDelivery.acknowledgedCount).toBe(1);
      const delivered = await statusOf(b);
      expect(delivered.status).toBe('DELIVERED');
      expect(delivered.deliveredAt! >= delivered.pushedAt!).toBe(true);

      await t.exec(MarkReadDoc, { ids: [id] }, b.token);
      const read = await statusOf(b);
      expect(read.status).toBe('READ');
      expect(read.readAt! >= read.deliveredAt!).toBe(true);
      // C has no socket: queued or pushed to nobody, never delivered.
      expect(['QUEUED', 'PUSHED']).toContain((await statusOf(c)).status);

      // Only the sender may ask.
      expect(errorCodes(await t.exec(StatusDoc, { id }, b.token))).toEqual(['FORBIDDEN']);
      const outsider = await registerUser(t, 'x', 'elsewhere');
      expect(errorCodes(await t.exec(StatusDoc, { id }, outsider.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.exec(StatusDoc, { id }))).toEqual(['UNAUTHENTICATED']);
    } finally {
      await client.dispose();
    }
  });

  it('acknowledging is idempotent and only touches the caller’s inbox', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const client = wsClient(url, b.token);
    try {
      const got = collect(client, ReceivedDoc, {});
      await send(a, [b], 'x');
      await got.waitFor(1);
      const cursor = got.results[0]!.messageReceived.cursor;
      expect((await t.exec(AckDoc, { upTo: cursor }, b.token)).data!.acknowledgeDelivery.acknowledgedCount).toBe(1);
      expect((await t.exec(AckDoc, { upTo: cursor }, b.token)).data!.acknowledgeDelivery.acknowledgedCount).toBe(0);
      // The same cursor names a position in A's inbox, where nothing is.
      expect((await t.exec(AckDoc, { upTo: cursor }, a.token)).data!.acknowledgeDelivery.acknowledgedCount).toBe(0);
      expect(errorCodes(await t.exec(AckDoc, { upTo: 'junk' }, b.token))).toEqual(['BAD_USER_INPUT']);
    } finally {
      await client.dispose();
    }
  });

  it('a message an acknowledging device has not acknowledged in time is pushed again, a bounded number of times', async () => {
    const quick = await startTestApp('delivery_repush', {
      env: { DELIVERY_ACK_TIMEOUT_MS: '300', DELIVERY_MAX_PUSHES: '3' },
    });
    try {
      const quickUrl = await quick.listen();
      const [a, b] = await Promise.all([registerUser(quick), registerUser(quick)]);
      const client = wsClient(quickUrl, b.token);
      const got = collect(client, ReceivedDoc, {});
      const sendQuick = async (content: string) =>
        (await quick.exec(SendDoc, { input: { recipientIds: [b.id], content } }, a.token)).data!.sendMessage.id;
      await sendQuick('acked');
      await got.waitFor(1);
      await quick.exec(AckDoc, { upTo: got.results[0]!.messageReceived.cursor }, b.token);
      const unacked = await sendQuick('not acked');
      await until(() => got.results.filter((r) => r.messageReceived.id === unacked).length >= 3, 5000);
      await new Promise((r) => setTimeout(r, 1200));
      // First push plus two re-pushes, then it stops; the acknowledged one was never repeated.
      expect(got.results.filter((r) => r.messageReceived.id === unacked)).toHaveLength(3);
      expect(got.results.filter((r) => r.messageReceived.content === 'acked')).toHaveLength(1);
      await client.dispose();
    } finally {
      await quick.close();
    }
  });
});
