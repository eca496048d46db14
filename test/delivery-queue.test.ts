import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const ReceivedDoc = graphql(`
  subscription QueueReceived {
    messageReceived {
      id
      priority
    }
  }
`);

// The API instance queues but runs no worker, and never repairs by position check, so every
// push below is the work of a queue worker.
let api: TestApp;
let url: string;

beforeAll(async () => {
  api = await startTestApp('delivery_queue', {
    env: { ROLE: 'api', DELIVERY_POSITION_CHECK_MS: '600000' },
    keepDatabase: true,
  });
  url = await api.listen();
});
afterAll(() => api?.close());

function workerApp(env: Record<string, number | string>, name: string) {
  return startTestApp('delivery_queue', {
    config: {
      ...api.config,
      role: 'worker',
      instanceId: name,
      delivery: {
        ...api.config.delivery,
        reclaimMs: Number(env.reclaimMs ?? api.config.delivery.reclaimMs),
        maxTries: Number(env.maxTries ?? api.config.delivery.maxTries),
      },
    },
    keepDatabase: true,
  });
}

async function viewerOf(user: TestUser) {
  return api.app.services.auth.authenticate(`Bearer ${user.token}`);
}

const lanes = ['urgent', 'normal', 'low'].map((l) => `message_delivery_queue:${l}`);

describe('priority lanes', () => {
  it('urgent messages sent behind a backlog of 5,000 normal ones are pushed before the backlog drains', async () => {
    const [sender, busy, boss] = await Promise.all([registerUser(api), registerUser(api), registerUser(api)]);
    const busyDevice = wsClient(url, busy.token);
    const bossDevice = wsClient(url, boss.token);
    const arrivals: Array<{ who: string; id: string; at: number }> = [];
    const busyLive = collect(busyDevice, ReceivedDoc, {});
    const bossLive = collect(bossDevice, ReceivedDoc, {});
    const record = (who: string, live: typeof busyLive) => {
      const seen = new Set<string>();
      return setInterval(() => {
        for (const r of live.results) {
          if (seen.has(r.messageReceived.id)) continue;
          seen.add(r.messageReceived.id);
          arrivals.push({ who, id: r.messageReceived.id, at: performance.now() });
        }
      }, 1);
    };
    const timers = [record('busy', busyLive), record('boss', bossLive)];
    let worker: TestApp | null = null;
    try {
      await until(() => api.app.services.streams.userCount() === 2);
      const viewer = await viewerOf(sender);
      for (let i = 0; i < 5000; i += 250) {
        await Promise.all(
          Array.from({ length: 250 }, (_, j) =>
            api.app.services.inbox.send(viewer, { recipientIds: [Number(busy.id)], content: `backlog ${i + j}` }),
          ),
        );
      }
      const urgent: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await api.exec(SendDoc, { input: { recipientIds: [boss.id], content: `now ${i}`, priority: 'URGENT' } }, sender.token);
        urgent.push(r.data!.sendMessage.id);
      }
      expect(busyLive.results).toHaveLength(0); // nothing is pushed without a worker

      worker = await workerApp({}, 'lane-worker');
      await busyLive.waitFor(5000, 60_000);
      await bossLive.waitFor(3, 10_000);
      const lastBacklog = Math.max(...arrivals.filter((a) => a.who === 'busy').map((a) => a.at));
      for (const id of urgent) {
        const arrival = arrivals.find((a) => a.id === id)!;
        expect(arrival.at).toBeLessThan(lastBacklog);
      }
      expect(new Set(busyLive.results.map((r) => r.messageReceived.id)).size).toBe(5000);
      console.log(
        `urgent pushed ${(lastBacklog - Math.max(...urgent.map((id) => arrivals.find((a) => a.id === id)!.at))).toFixed(0)} ms before the 5,000-message backlog drained`,
      );
    } finally {
      timers.forEach(clearInterval);
      await Promise.all([busyDevice.dispose(), bossDevice.dispose()]);
      await worker?.app.close();
    }
  });
});

describe('dead workers', () => {
  it('entries held by a worker that died are reclaimed by another worker and delivered', async () => {
    const [sender, b] = await Promise.all([registerUser(api), registerUser(api)]);
    const device = wsClient(url, b.token);
    const live = collect(device, ReceivedDoc, {});
    let worker: TestApp | null = null;
    try {
      await until(() => api.app.services.streams.userCount() > 0);
      const sent: string[] = [];
      for (let i = 0; i < 3; i++) {
        sent.push((await api.exec(SendDoc, { input: { recipientIds: [b.id], content: `held ${i}` } }, sender.token)).data!.sendMessage.id);
      }
      // A worker takes the entries and dies before acknowledging them.
      const redis = api.app.services.redis;
      const keys = lanes.map((l) => redis.key(l));
      const taken = (await redis.command!.xreadgroup('GROUP', 'delivery', 'dead-worker', 'COUNT', 100, 'STREAMS', ...keys, '>', '>', '>')) as Array<
        [string, unknown[]]
      >;
      expect(taken.reduce((n, [, entries]) => n + entries.length, 0)).toBe(3);

      worker = await workerApp({ reclaimMs: 300 }, 'rescuer');
      await live.waitFor(3, 10_000);
      expect(live.results.map((r) => r.messageReceived.id)).toEqual(sent);
      await until(async () => (await worker!.app.services.queue!.depth()).pending === 0, 5000);
    } finally {
      await device.dispose();
      await worker?.app.close();
    }
  });

  it('an entry that failed every try goes to the dead-letter stream', async () => {
    const [sender, b] = await Promise.all([registerUser(api), registerUser(api)]);
    await api.exec(SendDoc, { input: { recipientIds: [b.id], content: 'doomed' } }, sender.token);
    const redis = api.app.services.redis;
    const keys = lanes.map((l) => redis.key(l));
    await redis.command!.xreadgroup('GROUP', 'delivery', 'dead-worker', 'COUNT', 100, 'STREAMS', ...keys, '>', '>', '>');
    const before = await redis.command!.xlen(redis.key('message_delivery_queue:dead'));
    const worker = await workerApp({ reclaimMs: 200, maxTries: 1 }, 'strict');
    try {
      await until(async () => (await redis.command!.xlen(redis.key('message_delivery_queue:dead'))) === before + 1, 5000);
      const newest = (await redis.command!.xrevrange(redis.key('message_delivery_queue:dead'), '+', '-', 'COUNT', 1)) as Array<
        [string, string[]]
      >;
      expect(newest[0]![1]).toContain('NORMAL');
    } finally {
      await worker.app.close();
    }
  });
});
