import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { registerUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const Doc = graphql(`
  subscription CrossInstanceMessages {
    messageReceived {
      id
      content
    }
  }
`);

let t: TestApp;
let one: string;
let two: ServerProcess;

// The position check would also deliver across instances, slowly; a long interval proves the
// pushes below travel through Redis Pub/Sub.
const env = { DELIVERY_POSITION_CHECK_MS: '60000' };

beforeAll(async () => {
  t = await startTestApp('cross_instance', { env });
  one = await t.listen();
  two = await spawnServer({
    ...env,
    DATABASE_URL: t.config.databaseUrl,
    JWT_SECRET: TEST_SECRET,
    REDIS_KEY_PREFIX: t.config.redis!.keyPrefix,
  });
});
afterAll(async () => {
  await two?.kill();
  await t?.close();
});

async function sendVia(baseUrl: string, token: string, recipientIds: string[], content: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      variables: { input: { recipientIds, content } },
    }),
  });
  const body = (await response.json()) as { data?: { sendMessage: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.sendMessage.id;
}

describe('two server processes sharing MySQL and Redis', () => {
  it('a device on instance 1 gets what was sent through instance 2, and the reverse', async () => {
    const [a, b, c] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const onOne = wsClient(one, b.token);
    const onTwo = wsClient(two.url, c.token);
    try {
      const bLive = collect(onOne, Doc);
      const cLive = collect(onTwo, Doc);
      // Wait until both instances hold their user's channel.
      const redis = t.app.services.redis.command!;
      const prefix = t.config.redis!.keyPrefix;
      await until(async () => {
        const counts = (await redis.call('PUBSUB', 'NUMSUB', `${prefix}user:${b.id}:messages`, `${prefix}user:${c.id}:messages`)) as Array<string | number>;
        return Number(counts[1]) === 1 && Number(counts[3]) === 1;
      });
      const toB = await sendVia(two.url, a.token, [b.id], 'via two');
      const toC = await sendVia(one, a.token, [c.id], 'via one');
      await bLive.waitFor(1, 3000);
      await cLive.waitFor(1, 3000);
      expect(bLive.results.map((r) => r.messageReceived.id)).toEqual([toB]);
      expect(cLive.results.map((r) => r.messageReceived.id)).toEqual([toC]);
    } finally {
      await Promise.all([onOne.dispose(), onTwo.dispose()]);
    }
  });
});
