import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc, UnreadDoc } from './helpers/messages.js';
import { OwnRedis } from './helpers/redis-server.js';
import { registerUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const Doc = graphql(`
  subscription OutageMessages {
    messageReceived {
      id
      content
    }
  }
`);

const COMMAND_TIMEOUT_MS = 300;
let redis: OwnRedis;
let one: TestApp;
let two: TestApp;
let url1: string;
let url2: string;

async function healthMode(url: string): Promise<string> {
  const body = (await (await fetch(`${url}/health/redis`)).json()) as { mode: string };
  return body.mode;
}

beforeAll(async () => {
  redis = await OwnRedis.start();
  const env = {
    REDIS_PORT: String(redis.port),
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    REDIS_CONNECT_TIMEOUT_MS: '300',
    // Cross-instance pushes after the restart must come through Redis, not the position check.
    DELIVERY_POSITION_CHECK_MS: '60000',
  };
  one = await startTestApp('redis_outage', { env, keepDatabase: true });
  two = await startTestApp('redis_outage', { config: { ...one.config, instanceId: 'second' } });
  [url1, url2] = await Promise.all([one.listen(), two.listen()]);
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await redis?.stop();
});

describe('Redis dies and comes back', () => {
  it('nothing hangs, local devices keep receiving, cross-instance push resumes, health reports each mode', async () => {
    const [a, b] = await Promise.all([registerUser(one), registerUser(one)]);
    const local = wsClient(url1, b.token);
    const remote = wsClient(url2, b.token);
    try {
      const onLocal = collect(local, Doc);
      const onRemote = collect(remote, Doc);
      const sent: string[] = [];
      const send = async (content: string) => {
        const started = performance.now();
        const r = await one.exec(SendDoc, { input: { recipientIds: [b.id], content } }, a.token);
        expect(r.errors).toBeUndefined();
        sent.push(r.data!.sendMessage.id);
        return performance.now() - started;
      };

      expect(await healthMode(url1)).toBe('connected');
      await until(() => one.app.services.bus.channelCount() > 0 && two.app.services.bus.channelCount() > 0);
      await new Promise((r) => setTimeout(r, 100)); // SUBSCRIBE reaches Redis
      await send('before');
      await onLocal.waitFor(1);
      await onRemote.waitFor(1);

      await redis.stop();
      await until(async () => (await healthMode(url1)) === 'degraded', 5000);
      for (let i = 0; i < 5; i++) {
        expect(await send(`during ${i}`)).toBeLessThan(COMMAND_TIMEOUT_MS * 3);
      }
      const readStarted = performance.now();
      const unread = await one.exec(UnreadDoc, {}, b.token);
      expect(unread.data!.unreadCount).toBe(6);
      expect(performance.now() - readStarted).toBeLessThan(COMMAND_TIMEOUT_MS * 3);
      // The same-instance device keeps receiving through the in-process path.
      await onLocal.waitFor(6, 5000);

      await redis.start();
      await until(async () => (await healthMode(url1)) === 'connected' && (await healthMode(url2)) === 'connected', 10_000);
      await new Promise((r) => setTimeout(r, 200)); // resubscribe reaches Redis
      await send('after');
      // The remote device gets the live push and, before it, what it missed (gap repair).
      await onRemote.waitFor(7, 5000);
      await onLocal.waitFor(7, 5000);
      expect(onRemote.results.map((r) => r.messageReceived.id)).toEqual(sent);
      expect(onLocal.results.map((r) => r.messageReceived.id)).toEqual(sent);
    } finally {
      await Promise.all([local.dispose(), remote.dispose()]);
    }
  });
});
