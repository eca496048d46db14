import type { ResultOf } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { serviceAccount } from './helpers/tokens.js';
import { registerUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';
import { errorCodes } from './helpers/app.js';
import { spawnServer } from './helpers/server-process.js';
import { TEST_SECRET } from './helpers/app.js';

const BroadcastDoc = graphql(`
  mutation Broadcast($input: BroadcastInput!) {
    broadcastMessage(input: $input) {
      id
      type
    }
  }
`);

const SendOverSocketDoc = graphql(`
  mutation SendOverSocket($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      content
      sender {
        id
      }
    }
  }
`);

const MessageReceivedDoc = graphql(`
  subscription MessageReceived($since: String) {
    messageReceived(since: $since) {
      id
      content
      cursor
      isRead
      sender {
        id
      }
    }
  }
`);

let t: TestApp;
let url: string;

beforeAll(async () => {
  // Sends to 3 or more recipients travel as one broadcast:all publish; smaller ones per user.
  t = await startTestApp('live_push', { env: { DELIVERY_BROADCAST_THRESHOLD: '3' } });
  url = await t.listen();
});
afterAll(() => t?.close());

describe('live push to every device', () => {
  it('two devices of B and one of C get the message; A’s own socket does not; order holds for 200 messages', async () => {
    const [a, b, c] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const clients = [wsClient(url, b.token), wsClient(url, b.token), wsClient(url, c.token), wsClient(url, a.token)];
    const [b1, b2, c1, a1] = clients.map((client) => collect(client, MessageReceivedDoc, {}));
    try {
      const sent: string[] = [];
      for (let i = 0; i < 200; i++) {
        const r = await t.exec(SendDoc, { input: { recipientIds: [b.id, c.id], content: `n${i}` } }, a.token);
        sent.push(r.data!.sendMessage.id);
      }
      for (const device of [b1!, b2!, c1!]) {
        const got = await device.waitFor(200);
        expect(got.map((g) => g.messageReceived.id)).toEqual(sent);
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(b1!.results).toHaveLength(200);
      expect(a1!.results).toHaveLength(0);
      expect(b1!.results[0]!.messageReceived.sender.id).toBe(a.id);
    } finally {
      await Promise.all(clients.map(async (client) => client.dispose()));
    }
  });
});

describe('sending over the socket', () => {
  it('sendMessage on a graphql-ws connection acts as its user, answers like HTTP and pushes to the recipient', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const other = await registerUser(t, 'user', 'other-tenant');
    const sender = wsClient(url, a.token);
    const receiver = wsClient(url, b.token);
    const got = collect(receiver, MessageReceivedDoc, {});
    try {
      const run = (recipientIds: string[], content: string) =>
        new Promise<FormattedExecutionResult<ResultOf<typeof SendOverSocketDoc>, unknown>>((resolve, reject) => {
          let result: FormattedExecutionResult<ResultOf<typeof SendOverSocketDoc>, unknown> = {};
          sender.subscribe<ResultOf<typeof SendOverSocketDoc>>(
            { query: print(SendOverSocketDoc), variables: { input: { recipientIds, content } } },
            { next: (value) => void (result = value), error: reject, complete: () => resolve(result) },
          );
        });
      const sent = await run([b.id], 'over the socket');
      expect(sent.errors).toBeUndefined();
      expect(sent.data!.sendMessage.sender.id).toBe(a.id);
      const [pushed] = await got.waitFor(1);
      expect(pushed!.messageReceived.id).toBe(sent.data!.sendMessage.id);
      expect(pushed!.messageReceived.sender.id).toBe(a.id);

      const empty = await run([b.id], '   ');
      expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const elsewhere = await run([other.id], 'to another tenant');
      expect(elsewhere.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      await new Promise((r) => setTimeout(r, 100));
      expect(got.results).toHaveLength(1);
    } finally {
      await Promise.all([sender.dispose(), receiver.dispose()]);
    }
  });
});

describe('announcements to the whole tenant', () => {
  it('a service broadcasts a SYSTEM message that reaches every user of its tenant and no one else', async () => {
    const tenant = `bc${Date.now()}`;
    const users = await Promise.all([1, 2, 3, 4].map(() => registerUser(t, 'member', tenant)));
    const outsider = await registerUser(t, 'outsider');
    const service = await serviceAccount(t, tenant);
    const clients = [...users, outsider].map((u) => wsClient(url, u.token));
    const live = clients.map((c) => collect(c, MessageReceivedDoc, {}));
    try {
      await until(() => t.app.services.streams.userCount() >= 5);
      const sent = await t.exec(BroadcastDoc, { input: { content: 'Maintenance at 18:00' } }, service.token);
      expect(sent.errors).toBeUndefined();
      expect(sent.data!.broadcastMessage.type).toBe('SYSTEM');
      for (const member of live.slice(0, 4)) {
        const [got] = await member.waitFor(1);
        expect(got!.messageReceived.id).toBe(sent.data!.broadcastMessage.id);
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(live[4]!.results).toHaveLength(0);
    } finally {
      await Promise.all(clients.map(async (c) => c.dispose()));
    }
  });

  it('a plain user may not broadcast', async () => {
    const user = await registerUser(t);
    const result = await t.exec(BroadcastDoc, { input: { content: 'hello all' } }, user.token);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  });

  it('a plain user may not send a SYSTEM message; a service may', async () => {
    const [user, other] = await Promise.all([registerUser(t), registerUser(t)]);
    const input = { recipientIds: [other.id], content: 'System notice', type: 'SYSTEM' as const };
    const refused = await t.exec(SendDoc, { input }, user.token);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0]!.message).toBe('only services and admins send SYSTEM messages');
    const service = await serviceAccount(t);
    const sent = await t.exec(SendDoc, { input }, service.token);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.type).toBe('SYSTEM');
  });
});

describe('no leaks', () => {
  it('after 1,000 subscribe/unsubscribe cycles the instance holds no channel and no listener', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const client = wsClient(url, b.token);
    const redis = t.app.services.redis.command!;
    const prefix = t.config.redis!.keyPrefix;
    try {
      for (let i = 0; i < 1000; i++) {
        const sub = collect(client, MessageReceivedDoc, {});
        if (i % 100 === 0) {
          await t.exec(SendDoc, { input: { recipientIds: [b.id], content: `c${i}` } }, a.token);
          await sub.waitFor(1);
        }
        sub.stop();
      }
      // Per-user and broadcast channels go with the last socket; the standing channels are the
      // profile cache's and the notification rules' invalidations, which do not grow with users.
      await until(() => t.app.services.streams.userCount() === 0, 5000);
      await until(async () => {
        const channels = (await redis.call('PUBSUB', 'CHANNELS', `${prefix}*`)) as string[];
        return channels.every((c) => !c.startsWith(`${prefix}user:`) && !c.startsWith(`${prefix}broadcast:`));
      }, 5000);
      expect(t.app.services.bus.channelCount()).toBeLessThanOrEqual(2);
    } finally {
      await client.dispose();
    }
    await until(() => t.app.webSockets.clientCount() === 0, 5000);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM sockets are closed with 1001 and the process exits cleanly', async () => {
    const user = await registerUser(t);
    const server = await spawnServer({
      DATABASE_URL: t.config.databaseUrl,
      JWT_SECRET: TEST_SECRET,
      REDIS_KEY_PREFIX: t.config.redis!.keyPrefix,
    });
    const client = wsClient(server.url, user.token);
    const closes: number[] = [];
    client.on('closed', (event) => closes.push((event as { code: number }).code));
    try {
      const sub = collect(client, MessageReceivedDoc, {});
      await until(() => closes.length === 0 && !sub.done);
      await new Promise((r) => setTimeout(r, 200));
      expect(await server.kill('SIGTERM')).toBe(0);
      await until(() => closes.length > 0, 5000);
      expect(closes[0]).toBe(1001);
    } finally {
      await client.dispose();
      await server.kill('SIGKILL');
    }
  });
});

describe('subscriptions over HTTP (what GraphiQL uses)', () => {
  it('a subscription over Server-Sent Events is authenticated by the Authorization header and receives pushes', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const controller = new AbortController();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${b.token}` },
      body: JSON.stringify({ query: 'subscription { messageReceived { id content } }' }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    try {
      await until(() => t.app.services.streams.userCount() > 0);
      const sent = await t.exec(SendDoc, { input: { recipientIds: [b.id], content: 'over sse' } }, a.token);
      let text = '';
      while (!text.includes('over sse')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain(`"id":"${sent.data!.sendMessage.id}"`);
    } finally {
      controller.abort();
    }

    const anonymous = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { messageReceived { id } }' }),
    });
    expect(await anonymous.text()).toContain('UNAUTHENTICATED');
  });
});
