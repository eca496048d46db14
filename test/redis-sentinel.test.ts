import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { RedisSentinelUnderTest } from './helpers/redis-sentinel.js';
import { registerUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const SentinelLiveDoc = graphql(`
  subscription SentinelLive {
    messageReceived {
      id
    }
  }
`);

let sentinel: RedisSentinelUnderTest;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  sentinel = await RedisSentinelUnderTest.start();
  // A long position check: the pushes below travel through Redis, before and after the failover.
  const env = { REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_NAME: sentinel.name, DELIVERY_POSITION_CHECK_MS: '60000' };
  a = await startTestApp('redis_sentinel', { env });
  b = await startTestApp('redis_sentinel', { config: a.config, keepDatabase: true });
  await until(() => a.app.services.redis.isConnected() && b.app.services.redis.isConnected(), 10_000);
}, 60_000);

afterAll(async () => {
  try {
    await b?.close();
    await a?.close();
  } finally {
    await sentinel?.stop();
  }
});

describe('one Redis master with a replica, behind a sentinel', () => {
  it('pushes cross instances through the master the sentinel names, and again through the replica it promotes', async () => {
    const [alice, bob] = await Promise.all([registerUser(a, 'alice'), registerUser(a, 'bob')]);
    const device = wsClient(await a.listen(), bob.token);
    try {
      const live = collect(device, SentinelLiveDoc);
      await new Promise((r) => setTimeout(r, 300));
      const send = async (content: string) => {
        const result = await b.exec(SendDoc, { input: { recipientIds: [bob.id], content } }, alice.token);
        expect(result.errors).toBeUndefined();
        return result.data!.sendMessage.id;
      };
      const sent = [await send('before')];
      await live.waitFor(1, 5000);

      await sentinel.killMaster();
      // Both instances reconnect to the promoted replica by themselves.
      await until(() => a.app.services.redis.isConnected() && b.app.services.redis.isConnected(), 15_000);
      for (let i = 0; i < 10; i++) sent.push(await send(`after ${i}`));
      await live.waitFor(11, 10_000);
      expect(live.results.map((r) => r.messageReceived.id)).toEqual(sent);
      expect(live.errors).toEqual([]);
      // Both instances now talk to the old replica, a master now.
      for (const t of [a, b]) expect(await t.app.services.redis.command!.info('server')).toContain(`tcp_port:${sentinel.replicaPort}`);
    } finally {
      await device.dispose();
    }
  }, 60_000);
});
