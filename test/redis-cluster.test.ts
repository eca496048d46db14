import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotOf } from '../src/redis/key-slot.js';
import { graphql } from './gql/index.js';
import { errorCodes, QUIET_BACKGROUND, startTestApp, statementsDuring, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkAllReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { RedisClusterUnderTest } from './helpers/redis-cluster.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const ClusterLiveDoc = graphql(`
  subscription ClusterLive {
    messageReceived {
      id
      content
    }
  }
`);

const ClusterPresenceDoc = graphql(`
  query ClusterPresence($userIds: [ID!]!) {
    presence(userIds: $userIds) {
      userId
      online
    }
  }
`);

let cluster: RedisClusterUnderTest;
let inspect: Cluster;
let a: TestApp;
let b: TestApp;
let urlA: string;

beforeAll(async () => {
  cluster = await RedisClusterUnderTest.start({ masters: 3, replicasPerMaster: 1 });
  const env = {
    // Hot reads below are counted in statements: no background poll may land among them.
    ...QUIET_BACKGROUND,
    REDIS_CLUSTER_NODES: cluster.seeds,
    // A long position check: pushes below travel through sharded Pub/Sub, not the repair.
    DELIVERY_POSITION_CHECK_MS: '60000',
    DELIVERY_RECLAIM_MS: '1000',
    RATE_LIMITS_ENABLED: 'true',
    RATE_LIMIT_SEND_MESSAGE: '100000/60',
    RATE_LIMIT_MARK_READ: '20/60',
    RATE_LIMIT_REGISTER_IP: '100000/60',
    RATE_LIMIT_LOGIN_IP: '100000/60',
  };
  a = await startTestApp('redis_cluster', { env });
  b = await startTestApp('redis_cluster', { config: a.config, keepDatabase: true });
  urlA = await a.listen();
  inspect = new Cluster(cluster.seeds.split(',').map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })));
  await until(() => [a, b].every((t) => t.app.services.redis.isConnected() && t.app.services.inbox.cache.health().usable === true), 15_000);
}, 90_000);

afterAll(async () => {
  inspect?.disconnect();
  try {
    await b?.close();
    await a?.close();
  } finally {
    await cluster?.stop();
  }
});

const key = (name: string) => a.config.redis!.keyPrefix + name;

async function send(via: TestApp, from: TestUser, to: TestUser[], content: string) {
  const result = await via.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage;
}

/** Subscribers of a sharded channel, asked of the master that owns its slot. */
async function shardSubscribers(channel: string): Promise<number> {
  const port = await cluster.masterOfSlot(slotOf(key(channel)));
  const node = new Redis({ port, maxRetriesPerRequest: 0 });
  try {
    const reply = (await node.call('PUBSUB', 'SHARDNUMSUB', key(channel))) as Array<string | number>;
    return Number(reply[1]);
  } finally {
    node.disconnect();
  }
}

describe('a Redis Cluster of three masters with a replica each', () => {
  it('a user’s cache entries, counters, presence and limits share one slot; queue shards spread over the masters', async () => {
    const [alice, bob] = await Promise.all([registerUser(a, 'alice'), registerUser(a, 'bob')]);
    const device = wsClient(urlA, bob.token);
    try {
      const live = collect(device, ClusterLiveDoc);
      await until(async () => (await shardSubscribers(`user:${bob.id}:messages`)) === 1);
      await send(a, alice, [bob], 'slots');
      await live.waitFor(1, 5000);
      await a.exec(UnreadDoc, {}, bob.token);
      await a.exec(InboxDoc, {}, bob.token);
      const names = [`messages:user:{${bob.id}}`, `unread_count:user:{${bob.id}}`, `online_users:{${bob.id}}`, `rl:sendMessage:{${alice.id}}`];
      for (const name of names) expect(await inspect.exists(key(name)), name).toBe(1);
      const bobSlot = slotOf(key(names[0]!));
      expect(names.slice(0, 3).map((n) => slotOf(key(n)))).toEqual([bobSlot, bobSlot, bobSlot]);
      // The sender's limit counter sits with the sender's other keys.
      expect(slotOf(key(names[3]!))).toBe(slotOf(key(`messages:user:{${alice.id}}`)));

      // Four shards of three lanes: each shard's lanes share a slot, the shards reach every master.
      const shardSlots = [0, 1, 2, 3].map((s) => ['urgent', 'normal', 'low'].map((lane) => slotOf(key(`message_delivery_queue:{q${s}}:${lane}`))));
      for (const lanes of shardSlots) expect(new Set(lanes).size).toBe(1);
      const masters = new Set(await Promise.all(shardSlots.map((lanes) => cluster.masterOfSlot(lanes[0]!))));
      expect(masters.size).toBe(3);
      for (const s of [0, 1, 2, 3]) expect(await inspect.exists(key(`message_delivery_queue:{q${s}}:normal`))).toBe(1);
    } finally {
      await device.dispose();
    }
  });

  it('a device on one instance gets what was sent through the other, in order and once, over sharded Pub/Sub', async () => {
    const [alice, bob] = await Promise.all([registerUser(a, 'alice'), registerUser(a, 'bob')]);
    const device = wsClient(urlA, bob.token);
    try {
      const live = collect(device, ClusterLiveDoc);
      const channel = `user:${bob.id}:messages`;
      await until(async () => (await shardSubscribers(channel)) === 1);
      // Not a classic subscription: a publish is not broadcast to every node.
      expect(((await inspect.call('PUBSUB', 'NUMSUB', key(channel))) as Array<string | number>)[1]).toBe(0);
      const sent: string[] = [];
      for (let i = 0; i < 30; i++) sent.push((await send(b, alice, [bob], `via b ${i}`)).id);
      await live.waitFor(30, 10_000);
      expect(live.results.map((r) => r.messageReceived.id)).toEqual(sent);
      expect(live.errors).toEqual([]);
    } finally {
      await device.dispose();
    }
  });

  it('a fan-out reaches devices on both instances (one sharded broadcast publish), and a closed socket leaves its shard channel', async () => {
    const alice = await registerUser(a, 'alice');
    const team = await Promise.all(Array.from({ length: 70 }, () => registerUser(a, 'team')));
    const urlB = await b.listen();
    const onA = wsClient(urlA, team[0]!.token);
    const onB = wsClient(urlB, team[69]!.token);
    try {
      const liveA = collect(onA, ClusterLiveDoc);
      const liveB = collect(onB, ClusterLiveDoc);
      await until(async () => (await shardSubscribers(`user:${team[0]!.id}:messages`)) === 1 && (await shardSubscribers(`user:${team[69]!.id}:messages`)) === 1);
      // broadcast:all is eight sharded channels, each subscribed by both instances; no classic channel.
      for (let shard = 0; shard < 8; shard++) expect(await shardSubscribers(`broadcast:all:{e${shard}}`)).toBe(2);
      expect(((await inspect.call('PUBSUB', 'NUMSUB', key('broadcast:all'))) as Array<string | number>)[1]).toBe(0);
      const message = await send(a, alice, team, 'to the team');
      await Promise.all([liveA.waitFor(1, 5000), liveB.waitFor(1, 5000)]);
      expect(liveA.results[0]!.messageReceived.id).toBe(message.id);
      expect(liveB.results[0]!.messageReceived.id).toBe(message.id);
    } finally {
      await Promise.all([onA.dispose(), onB.dispose()]);
    }
    await until(async () => (await shardSubscribers(`user:${team[0]!.id}:messages`)) === 0);
  });

  it('hot reads come from the cluster on either instance, and stay exact after a write through the other', async () => {
    const [alice, bob] = await Promise.all([registerUser(a, 'alice'), registerUser(a, 'bob')]);
    for (let i = 0; i < 3; i++) await send(a, alice, [bob], `hot ${i}`);
    await b.exec(InboxDoc, {}, bob.token);
    const second = await statementsDuring(b, () => b.exec(InboxDoc, {}, bob.token));
    expect(second.statements).toBe(0);
    await send(a, alice, [bob], 'hot 3');
    const third = await statementsDuring(b, () => b.exec(UnreadDoc, {}, bob.token));
    expect(third.result.data!.unreadCount).toBe(4);
    const page = await statementsDuring(b, () => b.exec(InboxDoc, {}, bob.token));
    expect(page.statements).toBe(0);
    expect(page.result.data!.messages.edges.map((e) => e.node.content)).toEqual(['hot 3', 'hot 2', 'hot 1', 'hot 0']);
  });

  it('presence of a socket on one instance is seen through the other', async () => {
    const [alice, bob] = await Promise.all([registerUser(a, 'alice'), registerUser(a, 'bob')]);
    const device = wsClient(urlA, bob.token);
    try {
      const live = collect(device, ClusterLiveDoc);
      await until(async () => (await b.exec(ClusterPresenceDoc, { userIds: [bob.id] }, alice.token)).data?.presence[0]?.online === true, 10_000);
      expect(live.errors).toEqual([]);
    } finally {
      await device.dispose();
    }
    await until(async () => (await b.exec(ClusterPresenceDoc, { userIds: [bob.id] }, alice.token)).data?.presence[0]?.online === false, 10_000);
  });

  it('a rate limit is one counter for both instances', async () => {
    // markRead is limited to 20 a minute per user (env above): 15 through each instance, 10 refused.
    const bob = await registerUser(a, 'bob');
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).exec(MarkAllReadDoc, {}, bob.token)));
    expect(results.filter((r) => !r.errors).length).toBe(20);
    expect(results.filter((r) => errorCodes(r).includes('RATE_LIMITED')).length).toBe(10);
  });

  it('a killed master fails over: sends keep succeeding, the device misses nothing and gets nothing twice', async () => {
    const [alice, bob] = await Promise.all([registerUser(a, 'alice'), registerUser(a, 'bob')]);
    const channel = `user:${bob.id}:messages`;
    const device = wsClient(urlA, bob.token);
    try {
      const live = collect(device, ClusterLiveDoc);
      await until(async () => (await shardSubscribers(channel)) === 1);
      const sent: string[] = [];
      const slowest = { ms: 0 };
      let sending = true;
      const sender = (async () => {
        for (let i = 0; sending || i < 60; i++) {
          const started = Date.now();
          sent.push((await send(b, alice, [bob], `f${i}`)).id);
          slowest.ms = Math.max(slowest.ms, Date.now() - started);
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      await until(() => sent.length >= 20, 10_000);
      // The master that owns the device's channel, so its subscription must move.
      await cluster.killMaster(await cluster.masterOfSlot(slotOf(key(channel))));
      await until(() => sent.length >= 80, 30_000);
      sending = false;
      await sender;
      await until(() => live.results.length >= sent.length, 20_000, () => `${live.results.length} of ${sent.length}`);
      expect(live.results.map((r) => r.messageReceived.id)).toEqual(sent);
      expect(live.errors).toEqual([]);
      // Commands failed fast and the sends went on (database commit, degraded push).
      expect(slowest.ms).toBeLessThan(5000);
      // The subscription lives on the promoted master.
      await until(async () => (await shardSubscribers(channel)) === 1, 10_000);
    } finally {
      await device.dispose();
    }
  }, 90_000);
});
