import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc, UnreadDoc } from './helpers/messages.js';
import { expiredToken } from './helpers/tokens.js';
import { subscriptionTransports } from './helpers/transports.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient, type Collected } from './helpers/ws.js';

// Subscriptions that keep an unread badge and a presence dot live, over a socket and over
// Server-Sent Events.

const BadgeDoc = graphql(`
  subscription LiveBadge {
    unreadCountsChanged {
      id
      total
      byPriority {
        priority
        count
      }
    }
  }
`);

const PresenceDotsDoc = graphql(`
  subscription LivePresenceDots($ids: [ID!]!) {
    presenceChanged(userIds: $ids) {
      userId
      online
      lastSeenAt
      devices {
        label
      }
    }
  }
`);

const MarkReadForBadgeDoc = graphql(`
  mutation BadgeMarkRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      updatedCount
    }
  }
`);

const ReadEventsDoc = graphql(`
  subscription BadgeReadEvents($since: String) {
    inboxEvents(since: $since) {
      __typename
    }
  }
`);

const RecallForBadgeDoc = graphql(`
  mutation BadgeRecall($id: ID!) {
    recallMessage(id: $id) {
      id
    }
  }
`);

let t: TestApp;
let url: string;
let sender: TestUser;
const opened: Array<() => unknown> = [];

beforeAll(async () => {
  t = await startTestApp('live_badges');
  url = await t.listen();
  sender = await registerUser(t, 'sender');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});
afterAll(() => t?.close());

const transports = subscriptionTransports(() => url, opened);

async function send(to: TestUser, content: string, priority: 'URGENT' | 'NORMAL' = 'NORMAL'): Promise<string> {
  const result = await t.exec(SendDoc, { input: { recipientIds: [to.id], content, priority } }, sender.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.sendMessage.id;
}

/** Makes the read model's reaction to every commit wait `ms` first; returns what undoes it. */
function delayReadModel(ms: number): () => void {
  const reaction = t.app.reactions.find((r) => r.name === 'inbox read model')!;
  const original = Object.getOwnPropertyDescriptor(reaction, 'react')!;
  const apply = reaction.react.bind(reaction);
  reaction.react = async (change) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return apply(change);
  };
  return () => void Object.defineProperty(reaction, 'react', original);
}

const codes = (stream: Collected<unknown>) => (stream.errors.flat() as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code);

/** A device of `user` that holds a socket open (what makes it online). */
function connectDevice(user: TestUser, device: string) {
  const client = wsClient(url, user.token, { connectionParams: { authorization: `Bearer ${user.token}`, device } });
  opened.push(() => client.dispose());
  return client;
}

describe('a live unread badge (unreadCountsChanged)', () => {
  for (const via of [transports.socket, transports.serverSentEvents]) {
    it(`over ${via.name} the badge starts at the current counts and follows arrivals, reads on another device and recalls`, async () => {
      const reader = await registerUser(t, 'reader');
      await send(reader, 'already there');
      const badge = via.subscribe(reader, BadgeDoc, {});
      await badge.waitFor(1);
      expect(badge.results[0]!.unreadCountsChanged).toMatchObject({ id: reader.id, total: 1 });

      const urgent = await send(reader, 'urgent one', 'URGENT');
      await badge.waitFor(2);
      const second = badge.results[1]!.unreadCountsChanged;
      expect(second.total).toBe(2);
      expect(second.byPriority.find((p) => p.priority === 'URGENT')?.count).toBe(1);

      // Read on another device: the badge here follows.
      await t.exec(MarkReadForBadgeDoc, { ids: [urgent] }, reader.token);
      await badge.waitFor(3);
      expect(badge.results[2]!.unreadCountsChanged.total).toBe(1);

      const recalled = await send(reader, 'sent by mistake');
      await badge.waitFor(4);
      await t.exec(RecallForBadgeDoc, { id: recalled }, sender.token);
      await badge.waitFor(5);
      expect(badge.results.map((r) => r.unreadCountsChanged.total)).toEqual([1, 2, 1, 2, 1]);
      expect(badge.errors).toEqual([]);
    });
  }

  it('a change pushed before its read-model update lands still gives the exact count, for a read and for an arrival', async () => {
    // The reactions to a commit run together (src/reactions.ts): the push may reach the stream
    // before the unread counters in Redis follow. Here the counters' update waits 300 ms.
    const restore = delayReadModel(300);
    try {
      const reader = await registerUser(t, 'late-cache');
      const [first, second] = [await send(reader, 'one'), await send(reader, 'two')];
      // The counters are cached (and servable) before the badge starts.
      const badge = transports.socket.subscribe(reader, BadgeDoc, {});
      await badge.waitFor(1);
      expect(badge.results[0]!.unreadCountsChanged.total).toBe(2);

      await t.exec(MarkReadForBadgeDoc, { ids: [first] }, reader.token);
      await badge.waitFor(2);
      await t.exec(MarkReadForBadgeDoc, { ids: [second] }, reader.token);
      await badge.waitFor(3);
      await send(reader, 'three');
      await badge.waitFor(4);
      expect(badge.results.map((r) => r.unreadCountsChanged.total)).toEqual([2, 1, 0, 1]);
    } finally {
      restore();
    }
  });

  it('a device that reads its counts when a read from another device arrives gets them with that read', async () => {
    // As the web inbox does: on each inbox event, query unreadCounts over HTTP. The read model's
    // update waits 300 ms here; the read's event must not reach the device before it.
    const restore = delayReadModel(300);
    try {
      const reader = await registerUser(t, 'late-query');
      const [first, second] = [await send(reader, 'one'), await send(reader, 'two')];
      const device = wsClient(url, reader.token);
      opened.push(() => device.dispose());
      const totals: number[] = [];
      const stop = device.subscribe<{ inboxEvents: { __typename: string } }>(
        { query: print(ReadEventsDoc), variables: { since: null } },
        {
          next: (value) => {
            if (value.data?.inboxEvents.__typename !== 'MessagesReadEvent') return;
            void t.exec(UnreadDoc, {}, reader.token).then((r) => totals.push(r.data!.unreadCount));
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      opened.push(stop);
      await until(async () => Number((await t.app.services.redis.command!.call('PUBSUB', 'NUMSUB', t.app.services.redis.key(`user:${reader.id}:messages`)) as [string, number])[1]) === 1);
      await t.exec(MarkReadForBadgeDoc, { ids: [first] }, reader.token);
      await until(() => totals.length === 1);
      await t.exec(MarkReadForBadgeDoc, { ids: [second] }, reader.token);
      await until(() => totals.length === 2);
      expect(totals).toEqual([1, 0]);
    } finally {
      restore();
    }
  });

  it('someone else’s messages and reads never move my badge', async () => {
    const [me, other] = await Promise.all([registerUser(t, 'me'), registerUser(t, 'other')]);
    const badge = transports.socket.subscribe(me, BadgeDoc, {});
    await badge.waitFor(1);
    const theirs = await send(other, 'not for me');
    await t.exec(MarkReadForBadgeDoc, { ids: [theirs] }, other.token);
    await send(me, 'for me');
    await badge.waitFor(2);
    expect(badge.results.map((r) => r.unreadCountsChanged)).toEqual([
      expect.objectContaining({ id: me.id, total: 0 }),
      expect.objectContaining({ id: me.id, total: 1 }),
    ]);
  });

  for (const via of [transports.socket, transports.serverSentEvents]) {
    it(`over ${via.name} a badge without a token, or with an expired one, is refused (UNAUTHENTICATED; a socket closes with 4403)`, async () => {
      const user = await registerUser(t, 'stale');
      if (via === transports.serverSentEvents) {
        const anonymous = via.subscribe({ ...user, token: '' }, BadgeDoc, {});
        await until(() => anonymous.done, 10_000);
        expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
        const expired = via.subscribe({ ...user, token: await expiredToken(user) }, BadgeDoc, {});
        await until(() => expired.done, 10_000);
        expect(codes(expired)).toEqual(['UNAUTHENTICATED']);
      } else {
        // A socket is authenticated once, at connection_init: without a valid token it closes with 4403.
        for (const token of [null, await expiredToken(user)]) {
          let closeCode: number | null = null;
          const client = wsClient(url, token, {
            on: { closed: (event) => void (closeCode = (event as { code: number }).code) },
            onNonLazyError: () => undefined,
          });
          opened.push(() => client.dispose());
          const refused = collect(client, BadgeDoc, {});
          await until(() => refused.done, 10_000);
          expect(refused.results).toEqual([]);
          expect(closeCode).toBe(4403);
        }
      }
    });
  }
});

describe('live presence (presenceChanged)', () => {
  for (const via of [transports.socket, transports.serverSentEvents]) {
    it(`over ${via.name} a watcher sees each user as they are, then a device connect and disconnect as they happen`, async () => {
      const [watcher, colleague, idle] = await Promise.all([registerUser(t, 'watcher'), registerUser(t, 'colleague'), registerUser(t, 'idle')]);
      const dots = via.subscribe(watcher, PresenceDotsDoc, { ids: [colleague.id, idle.id] });
      await dots.waitFor(2);
      expect(dots.results.map((r) => [r.presenceChanged.userId, r.presenceChanged.online])).toEqual([
        [colleague.id, false],
        [idle.id, false],
      ]);

      const laptop = connectDevice(colleague, 'laptop');
      await dots.waitFor(3);
      expect(dots.results[2]!.presenceChanged).toMatchObject({ userId: colleague.id, online: true, devices: [{ label: 'laptop' }] });

      await laptop.dispose();
      await dots.waitFor(4);
      expect(dots.results[3]!.presenceChanged).toMatchObject({ userId: colleague.id, online: false, devices: [] });
      expect(dots.results[3]!.presenceChanged.lastSeenAt).not.toBeNull();
      expect(dots.results).toHaveLength(4); // the idle user never changed
      expect(dots.errors).toEqual([]);
    });
  }

  it('a device that connects to another instance is pushed to a watcher on this one', async () => {
    const other = await startTestApp('live_badges_second', { config: t.config, keepDatabase: true });
    try {
      const otherUrl = await other.listen();
      const [watcher, colleague] = await Promise.all([registerUser(t, 'watcher'), registerUser(t, 'colleague')]);
      const dots = transports.socket.subscribe(watcher, PresenceDotsDoc, { ids: [colleague.id] });
      await dots.waitFor(1);
      const remote = wsClient(otherUrl, colleague.token, { connectionParams: { authorization: `Bearer ${colleague.token}`, device: 'remote' } });
      try {
        await dots.waitFor(2);
        expect(dots.results[1]!.presenceChanged).toMatchObject({ userId: colleague.id, online: true, devices: [{ label: 'remote' }] });
      } finally {
        await remote.dispose();
      }
      await dots.waitFor(3);
      expect(dots.results[2]!.presenceChanged.online).toBe(false);
    } finally {
      await other.app.close();
    }
  });

  it('users of another tenant answer like ids that do not exist, and their connections are never pushed', async () => {
    const watcher = await registerUser(t, 'watcher');
    const outsider = await registerUser(t, 'outsider', 'other-tenant');
    const dots = transports.socket.subscribe(watcher, PresenceDotsDoc, { ids: [outsider.id, '999999999'] });
    await dots.waitFor(2);
    const [foreign, missing] = dots.results.map((r) => r.presenceChanged);
    expect({ ...foreign, userId: 'x' }).toEqual({ ...missing, userId: 'x' });
    expect(foreign).toMatchObject({ online: false, devices: [], lastSeenAt: null });

    connectDevice(outsider, 'phone');
    // A colleague's connect is pushed to another watcher of the same moment: the outsider's is not.
    const colleague = await registerUser(t, 'colleague');
    const control = transports.socket.subscribe(watcher, PresenceDotsDoc, { ids: [colleague.id] });
    await control.waitFor(1);
    connectDevice(colleague, 'desk');
    await control.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dots.results).toHaveLength(2);
  });

  it('over Server-Sent Events presence without a token is refused with UNAUTHENTICATED, and more than 200 ids with BAD_USER_INPUT', async () => {
    const user = await registerUser(t, 'asker');
    const anonymous = transports.serverSentEvents.subscribe({ ...user, token: '' }, PresenceDotsDoc, { ids: [user.id] });
    await until(() => anonymous.done, 10_000);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const tooMany = transports.serverSentEvents.subscribe(user, PresenceDotsDoc, { ids: Array.from({ length: 201 }, (_, i) => String(i + 1)) });
    await until(() => tooMany.done, 10_000);
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});
