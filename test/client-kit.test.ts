import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createInboxLink } from '../packages/client/src/apollo-link.js';
import { memoryCursorStorage } from '../packages/client/src/cursor-storage.js';
import { InboxSession, type InboxSessionOptions } from '../packages/client/src/inbox-session.js';
import { inboxExchange } from '../packages/client/src/urql-exchange.js';
import { graphql } from './gql/index.js';
import { startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { freePort } from './helpers/redis-server.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

// An app that subscribes the naive way (no `since`, no resume code): the kit makes it resume.
const KitMessagesDoc = graphql(`
  subscription KitMessages {
    messageReceived {
      id
      content
    }
  }
`);

const KitEventsDoc = graphql(`
  subscription KitEvents {
    inboxEvents {
      __typename
      ... on MessageReceivedEvent {
        message {
          id
          content
        }
      }
    }
  }
`);

const MarkReadDoc = graphql(`
  mutation KitTestMarkRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      updatedCount
    }
  }
`);

let t: TestApp;
let inProcessUrl: string;
let server: ServerProcess | null = null;
let serverPort: number;
let serverEnv: Record<string, string>;

beforeAll(async () => {
  // The in-process app shares the database and Redis prefix with the server process: it
  // registers users and sends while the process is down.
  t = await startTestApp('client_kit', { keepDatabase: true });
  inProcessUrl = await t.listen();
  serverEnv = { DATABASE_URL: t.config.databaseUrl, JWT_SECRET: TEST_SECRET, REDIS_KEY_PREFIX: t.config.redis!.keyPrefix };
  serverPort = await freePort();
  server = await spawnServer(serverEnv, serverPort);
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await t?.close();
});

const baseUrl = () => `http://127.0.0.1:${serverPort}`;

function sessionFor(user: TestUser, options: Partial<InboxSessionOptions> = {}): InboxSession {
  return new InboxSession({
    url: `${baseUrl()}/graphql`,
    getToken: () => user.token,
    webSocketImpl: WebSocket,
    storage: memoryCursorStorage(),
    ackEveryMs: 50,
    retryDelayMs: () => 200,
    ...options,
  });
}

async function send(from: TestUser, to: TestUser, content: string): Promise<string> {
  const result = await t.exec(SendDoc, { input: { recipientIds: [to.id], content } }, from.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.sendMessage.id;
}

async function deliveredCount(user: TestUser): Promise<number> {
  const [rows] = await t.app.database.pool.query(
    'SELECT COUNT(*) AS n FROM message_recipients WHERE recipient_id = ? AND delivered_at IS NOT NULL',
    [user.id],
  );
  return Number((rows as Array<{ n: number }>)[0]!.n);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  const close = error as { code?: unknown; reason?: unknown };
  return typeof close.code === 'number' ? `close ${close.code} ${String(close.reason)}` : String(error);
}

/**
 * 3 unread before the app subscribes, 2 live, 2 while stopped by SIGTERM, 2 while killed by
 * SIGKILL, 1 after: 10 messages, each expected once and in order.
 */
async function throughTwoRestarts(subscribe: (session: InboxSession) => { received: string[]; stop(): void }) {
  const [sender, receiver] = await Promise.all([registerUser(t, 'sender'), registerUser(t, 'receiver')]);
  const sent: string[] = [];
  for (let i = 0; i < 3; i++) sent.push(await send(sender, receiver, `unread ${i}`));
  // What the session went through, printed when an assertion fails.
  const t0 = Date.now();
  const trace: string[] = [];
  // An error repeated (each acknowledgement retried while the server is down) is noted once.
  const note = (line: string) => void (trace.at(-1)?.endsWith(line) || trace.push(`${Date.now() - t0} ${line}`));
  const session = sessionFor(receiver, { onError: (error) => note(`error ${describeError(error)}`) });
  session.onStatus((s) => note(s));
  const why = () => `${trace.join(', ')}\nserver: ${server!.output().slice(-2000)}`;
  const app = subscribe(session);
  try {
    await until(() => app.received.length === 3, 15_000, () => `backlog: ${app.received.length}`);
    for (let i = 0; i < 2; i++) sent.push(await send(sender, receiver, `live ${i}`));
    await until(() => app.received.length === 5);

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      await server!.kill(signal);
      await until(() => session.status !== 'connected');
      for (let i = 0; i < 2; i++) sent.push(await send(sender, receiver, `while ${signal} ${i}`));
      server = await spawnServer(serverEnv, serverPort);
      await until(() => app.received.length === sent.length, 20_000, () => `after ${signal}: ${app.received.length} of ${sent.length}`);
      // What was sent while the server was down may come by polling before the socket is back
      // (the fallback started while the server was away): the socket comes back too, before the next kill.
      await until(() => session.status === 'connected', 20_000, () => `after ${signal}: ${why()}`);
    }
    sent.push(await send(sender, receiver, 'after both'));
    await until(() => app.received.length === sent.length);
    await new Promise((r) => setTimeout(r, 500)); // time for a repeat to show up

    expect(app.received, why()).toEqual(sent);
    // One connection per restart, not more.
    expect(session.stats.connects, why()).toBe(3);
    await until(() => deliveredCount(receiver).then((n) => n === sent.length), 5_000);
  } finally {
    app.stop();
    await session.close();
  }
}

describe('a subscription through the kit across server restarts', () => {
  it('an Apollo Client subscription gets every message once and in order through a SIGTERM and a SIGKILL', async () => {
    await throughTwoRestarts((session) => {
      const apollo = new ApolloClient({
        link: ApolloLink.from([createInboxLink(session), new HttpLink({ uri: `${baseUrl()}/graphql`, fetch: session.fetch })]),
        cache: new InMemoryCache(),
      });
      const received: string[] = [];
      const subscription = apollo.subscribe({ query: KitMessagesDoc }).subscribe({
        next: ({ data }) => void (data && received.push(data.messageReceived.id)),
      });
      return { received, stop: () => subscription.unsubscribe() };
    });
  }, 150_000);

  it('an urql subscription to inboxEvents gets every message once and in order through a SIGTERM and a SIGKILL', async () => {
    await throughTwoRestarts((session) => {
      const urql = new UrqlClient({ url: `${baseUrl()}/graphql`, exchanges: [inboxExchange(session), fetchExchange], fetch: session.fetch });
      const received: string[] = [];
      const subscription = urql.subscription(KitEventsDoc, {}).subscribe((result) => {
        const event = result.data?.inboxEvents;
        if (event?.__typename === 'MessageReceivedEvent') received.push(event.message.id);
      });
      return { received, stop: () => subscription.unsubscribe() };
    });
  }, 150_000);
});

describe('a socket closed with a code graphql-ws does not retry', () => {
  /**
   * A WebSocket proxy in front of the in-process server that can close the app's side with
   * any code, as a server does on an internal error (4500) or a frame it cannot read (1002).
   */
  async function closingProxy() {
    const port = await freePort();
    const proxy = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: (protocols) => protocols.values().next().value ?? false });
    const open = new Set<WebSocket>();
    // With ws's default binaryType every message arrives as one Buffer.
    const text = (data: WebSocket.RawData) => (data as Buffer).toString('utf8');
    proxy.on('connection', (downstream) => {
      open.add(downstream);
      const upstream = new WebSocket(`${inProcessUrl.replace(/^http/, 'ws')}/graphql`, downstream.protocol);
      const early: string[] = [];
      downstream.on('message', (data) => {
        if (upstream.readyState === WebSocket.OPEN) upstream.send(text(data));
        else early.push(text(data));
      });
      upstream.on('open', () => early.splice(0).forEach((data) => upstream.send(data)));
      upstream.on('message', (data) => downstream.readyState === WebSocket.OPEN && downstream.send(text(data)));
      upstream.on('close', () => downstream.close(1001));
      downstream.on('close', () => {
        open.delete(downstream);
        upstream.close();
      });
    });
    await new Promise((resolve) => proxy.once('listening', resolve));
    return {
      url: `ws://127.0.0.1:${port}/graphql`,
      connections: () => open.size,
      closeAll: (code: number, reason: string) => open.forEach((socket) => socket.close(code, reason)),
      close: () => new Promise((resolve) => proxy.close(resolve)),
    };
  }

  for (const [code, reason] of [
    [4500, 'Internal server error'],
    [1011, 'Unexpected condition'],
  ] as const) {
    it(`opens a new socket after a close with ${code} (${reason}) and resumes: every message once, in order`, async () => {
      const [sender, receiver] = await Promise.all([registerUser(t, 'sender'), registerUser(t, 'receiver')]);
      const proxy = await closingProxy();
      const errors: string[] = [];
      const session = sessionFor(receiver, { url: `${inProcessUrl}/graphql`, wsUrl: proxy.url, onError: (error) => errors.push(describeError(error)) });
      const urql = new UrqlClient({ url: `${inProcessUrl}/graphql`, exchanges: [inboxExchange(session), fetchExchange], fetch: session.fetch });
      const received: string[] = [];
      const subscription = urql.subscription(KitEventsDoc, {}).subscribe((result) => {
        const event = result.data?.inboxEvents;
        if (event?.__typename === 'MessageReceivedEvent') received.push(event.message.id);
      });
      try {
        await until(() => session.status === 'connected');
        const sent = [await send(sender, receiver, 'before')];
        await until(() => received.length === 1);

        proxy.closeAll(code, reason);
        await until(() => session.status !== 'connected');
        for (let i = 0; i < 2; i++) sent.push(await send(sender, receiver, `after ${code} ${i}`));
        await until(() => received.length === sent.length, 10_000, () => `${received.length} of ${sent.length}; ${errors.join(', ')}`);
        sent.push(await send(sender, receiver, 'live again'));
        await until(() => received.length === sent.length);
        await new Promise((r) => setTimeout(r, 300)); // time for a repeat to show up

        expect(received).toEqual(sent);
        expect(session.status).toBe('connected');
        expect(session.stats.connects).toBe(2);
        expect(proxy.connections()).toBe(1);
        // The app hears why the first socket ended.
        expect(errors).toContain(`close ${code} ${reason}`);
      } finally {
        subscription.unsubscribe();
        await session.close();
        await proxy.close();
      }
    });
  }
});

describe('token refresh in the kit', () => {
  const shortToken = (user: TestUser, seconds: number) =>
    new SignJWT({ tid: 'default' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(new TextEncoder().encode(TEST_SECRET));

  it('replaces a token before it expires, in band on the open socket (authenticate), and loses no message past the first token’s expiry', async () => {
    const [sender, receiver] = await Promise.all([registerUser(t, 'sender'), registerUser(t, 'receiver')]);
    let tokensIssued = 0;
    const session = new InboxSession({
      url: `${inProcessUrl}/graphql`,
      // Tokens of 6 s, refreshed 4 s before they expire: a new token every 2 s or so, sent on the
      // open socket with `authenticate` (the server has it), so the socket outlives each token.
      getToken: () => (tokensIssued++, shortToken(receiver, 6)),
      refreshBeforeSeconds: 4,
      webSocketImpl: WebSocket,
      storage: memoryCursorStorage(),
      retryDelayMs: () => 100,
    });
    const received: string[] = [];
    const stop = session.subscribe({ query: KitMessagesDoc }, {
      next: (result) => void received.push((result.data as { messageReceived: { id: string } }).messageReceived.id),
      error: () => undefined,
      complete: () => undefined,
    });
    try {
      await until(() => session.status === 'connected');
      const sent: string[] = [];
      const started = Date.now();
      while (Date.now() - started < 7_000) {
        sent.push(await send(sender, receiver, `tick ${sent.length}`));
        await new Promise((r) => setTimeout(r, 250));
      }
      await until(() => received.length === sent.length, 10_000, () => `${received.length} of ${sent.length}`);
      expect(received).toEqual(sent);
      expect(session.stats.tokenRefreshes).toBeGreaterThanOrEqual(2);
      expect(session.stats.connects).toBe(1);
      expect(tokensIssued).toBeGreaterThanOrEqual(3);
    } finally {
      stop();
      await session.close();
    }
  });
});

describe('the HTTP fallback of the kit', () => {
  it('polls sync with the same cursor when sockets are blocked: the unread messages, then new ones, once each', async () => {
    const [sender, receiver] = await Promise.all([registerUser(t, 'sender'), registerUser(t, 'receiver')]);
    const read = await send(sender, receiver, 'already read');
    await t.exec(MarkReadDoc, { ids: [read] }, receiver.token);
    const sent = [await send(sender, receiver, 'unread 1'), await send(sender, receiver, 'unread 2')];
    const blockedPort = await freePort(); // nothing listens there: every socket attempt fails
    const session = sessionFor(receiver, {
      url: `${inProcessUrl}/graphql`,
      wsUrl: `ws://127.0.0.1:${blockedPort}/graphql`,
      fallbackAfterFailures: 1,
      pollIntervalMs: 200,
    });
    const received: string[] = [];
    const stop = session.subscribe({ query: KitMessagesDoc }, {
      next: (result) => void received.push((result.data as { messageReceived: { id: string } }).messageReceived.id),
      error: () => undefined,
      complete: () => undefined,
    });
    try {
      await until(() => received.length === 2, 10_000);
      expect(session.status).toBe('polling');
      for (let i = 0; i < 3; i++) sent.push(await send(sender, receiver, `new ${i}`));
      await until(() => received.length === 5, 10_000);
      await new Promise((r) => setTimeout(r, 600)); // a few more polls: nothing repeats
      expect(received).toEqual(sent);
      expect(session.stats.polls).toBeGreaterThan(3);
      // Acknowledged over HTTP too: the sender sees DELIVERED for the five (and the read one).
      await until(() => deliveredCount(receiver).then((n) => n >= 5), 5_000);
    } finally {
      stop();
      await session.close();
    }
  });
});
