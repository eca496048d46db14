import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, execOverSocket, until, wsClient } from './helpers/ws.js';

const AuthenticateDoc = graphql(`
  mutation SocketAuthenticate($token: String!) {
    authenticate(token: $token) {
      userId
      expiresAt
    }
  }
`);

const RefreshedMessagesDoc = graphql(`
  subscription RefreshedMessages {
    messageReceived {
      id
      content
    }
  }
`);

const RefreshMeDoc = graphql(`
  query RefreshMe {
    me {
      id
    }
  }
`);

let t: TestApp;
let url: string;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestApp('socket_refresh');
  url = await t.listen();
  [alice, bob] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob')]);
});
afterAll(() => t?.close());

const socketCodes = (r: { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> }) => (r.errors ?? []).map((e) => e.extensions?.code);

function tokenExpiringIn(user: TestUser, seconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: 'default' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(new TextEncoder().encode(TEST_SECRET));
}

describe('refreshing a socket’s token in band', () => {
  it('a fresh token sent with authenticate keeps the subscriptions delivering past the first token’s expiry', async () => {
    let closedWith: number | null = null;
    const client = wsClient(url, await tokenExpiringIn(alice, 2), { on: { closed: (e) => void (closedWith = (e as { code: number }).code) } });
    try {
      const inbox = collect(client, RefreshedMessagesDoc);
      await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: 'before' } }, bob.token);
      await inbox.waitFor(1);
      const fresh = await tokenExpiringIn(alice, 3600);
      const refreshed = await execOverSocket(client, AuthenticateDoc, { token: fresh });
      expect(refreshed.errors).toBeUndefined();
      expect(refreshed.data!.authenticate.userId).toBe(alice.id);
      expect(new Date(refreshed.data!.authenticate.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3500_000);
      await new Promise((r) => setTimeout(r, 3000)); // past the first token's expiry
      await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: 'after' } }, bob.token);
      await inbox.waitFor(2);
      expect(inbox.results.map((r) => r.messageReceived.content)).toEqual(['before', 'after']);
      expect(closedWith).toBeNull();
      expect((await execOverSocket(client, RefreshMeDoc)).data!.me.id).toBe(alice.id);
    } finally {
      await client.dispose();
    }
  });

  it('another user’s token is refused and the socket keeps its own user and expiry (closed with 4403 then)', async () => {
    let closedWith: number | null = null;
    const client = wsClient(url, await tokenExpiringIn(alice, 2), { on: { closed: (e) => void (closedWith = (e as { code: number }).code) } });
    try {
      const refused = await execOverSocket(client, AuthenticateDoc, { token: bob.token });
      expect(socketCodes(refused)).toEqual(['FORBIDDEN']);
      expect((await execOverSocket(client, RefreshMeDoc)).data!.me.id).toBe(alice.id);
      const bad = await execOverSocket(client, AuthenticateDoc, { token: 'not-a-token' });
      expect(socketCodes(bad)).toEqual(['UNAUTHENTICATED']);
      await until(() => closedWith !== null, 6000);
      expect(closedWith).toBe(4403);
    } finally {
      await client.dispose();
    }
  });

  it('over HTTP, authenticate is refused with BAD_USER_INPUT (a request carries its own token)', async () => {
    expect(errorCodes(await t.exec(AuthenticateDoc, { token: alice.token }, alice.token))).toEqual(['BAD_USER_INPUT']);
  });

  it('a token valid for 30 days keeps its socket open (no timer overflow past 24.8 days)', async () => {
    let closedWith: number | null = null;
    const client = wsClient(url, await tokenExpiringIn(alice, 30 * 86400), { on: { closed: (e) => void (closedWith = (e as { code: number }).code) } });
    try {
      expect((await execOverSocket(client, RefreshMeDoc)).data!.me.id).toBe(alice.id);
      await new Promise((r) => setTimeout(r, 300));
      expect((await execOverSocket(client, RefreshMeDoc)).data!.me.id).toBe(alice.id);
      expect(closedWith).toBeNull();
    } finally {
      await client.dispose();
    }
  });
});
