import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.js';
import { graphql } from './gql/index.js';
import { startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { collectOverSse } from './helpers/sse.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until, wsClient } from './helpers/ws.js';

// Protocol options clients use: graphql-sse in both its modes, subscriptions over HTTP that
// end when their token expires, and production's allow-list of persisted documents.

const ArrivalsDoc = graphql(`
  subscription ProtocolArrivals {
    messageReceived {
      id
      content
    }
  }
`);

const WhoAmIDoc = graphql(`
  query ProtocolWhoAmI {
    me {
      id
    }
  }
`);

const opened: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

/**
 * Subscribes through graphql-sse's own client and collects results, errors and the end. An
 * operation refused before it starts is an HTTP error response; its status and body are kept.
 */
function sseSubscribe(client: SseClient<boolean>, query: string) {
  const seen = {
    results: [] as Array<FormattedExecutionResult<Record<string, unknown>>>,
    errors: [] as unknown[],
    refused: null as { status: number; body: string } | null,
    done: false,
  };
  const stop = client.subscribe<Record<string, unknown>>(
    { query },
    {
      next: (value) => void seen.results.push(value as FormattedExecutionResult<Record<string, unknown>>),
      error: (error) => {
        const response = (error as { response?: Response }).response;
        if (response instanceof Response) {
          seen.refused = { status: response.status, body: '' };
          void response
            .text()
            .then((body) => (seen.refused!.body = body))
            .catch(() => undefined)
            .finally(() => (seen.done = true));
          return;
        }
        seen.errors.push(error);
        seen.done = true;
      },
      complete: () => void (seen.done = true),
    },
  );
  opened.push(stop);
  return seen;
}

/** A token of `user` that expires `seconds` from now (the server refuses JWT_TTL_SECONDS under 60 for the ones it signs). */
function shortToken(user: TestUser, seconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: 'default' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(new TextEncoder().encode(TEST_SECRET));
}

describe('graphql-sse at /graphql/stream', () => {
  let t: TestApp;
  let url: string;
  let sender: TestUser;
  beforeAll(async () => {
    t = await startTestApp('protocols_sse');
    url = await t.listen();
    sender = await registerUser(t, 'sender');
  });
  afterAll(() => t?.close());

  for (const singleConnection of [true, false]) {
    it(`a graphql-sse client in ${singleConnection ? 'single-connection' : 'distinct-connections'} mode gets its messages live`, async () => {
      const receiver = await registerUser(t, 'receiver');
      const client = createSseClient({
        url: `${url}/graphql/stream`,
        singleConnection,
        retryAttempts: 0,
        headers: { authorization: `Bearer ${receiver.token}` },
      });
      opened.push(() => client.dispose());
      const seen = sseSubscribe(client, print(ArrivalsDoc));
      await until(() => t.app.services.streams.userCount() > 0);
      await t.exec(SendDoc, { input: { recipientIds: [receiver.id], content: 'over graphql-sse' } }, sender.token);
      await until(() => seen.results.length > 0, 10_000, () => JSON.stringify(seen));
      expect(seen.results[0]!.data).toMatchObject({ messageReceived: { content: 'over graphql-sse' } });
      expect(seen.errors).toEqual([]);
    });
  }

  it('a graphql-sse subscription without a token ends with UNAUTHENTICATED', async () => {
    const client = createSseClient({ url: `${url}/graphql/stream`, singleConnection: true, retryAttempts: 0 });
    opened.push(() => client.dispose());
    const seen = sseSubscribe(client, print(ArrivalsDoc));
    await until(() => seen.done, 10_000, () => JSON.stringify(seen));
    const errors = [...seen.results.flatMap((r) => r.errors ?? []), ...((seen.refused && (JSON.parse(seen.refused.body) as FormattedExecutionResult).errors) || [])];
    expect(errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('a subscription over HTTP whose token expires', () => {
  let t: TestApp;
  let url: string;
  let sender: TestUser;
  beforeAll(async () => {
    t = await startTestApp('protocols_expiry');
    url = await t.listen();
    sender = await registerUser(t, 'sender');
  });
  afterAll(() => t?.close());

  it('an SSE stream delivers until the token expires, then ends with UNAUTHENTICATED "Token expired" and frees its stream', async () => {
    const receiver = await registerUser(t, 'receiver');
    const token = await shortToken(receiver, 3);
    const stream = collectOverSse(url, token, ArrivalsDoc, {});
    opened.push(() => stream.stop());
    await until(() => t.app.services.streams.userCount() > 0);
    await t.exec(SendDoc, { input: { recipientIds: [receiver.id], content: 'before expiry' } }, sender.token);
    await stream.waitFor(1);
    await until(() => stream.done, 8_000, () => `still open: ${JSON.stringify(stream)}`);
    expect(stream.results.map((r) => r.messageReceived.content)).toEqual(['before expiry']);
    expect(stream.errors).toEqual([expect.objectContaining({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } })]);
    await until(() => t.app.services.streams.userCount() === 0);
  });

  it('a graphql-sse subscription ends the same way, and the client subscribes again with a fresh token', async () => {
    const receiver = await registerUser(t, 'receiver');
    let token = await shortToken(receiver, 3);
    const client = createSseClient({ url: `${url}/graphql/stream`, singleConnection: true, retryAttempts: 0, headers: () => ({ authorization: `Bearer ${token}` }) });
    opened.push(() => client.dispose());
    const first = sseSubscribe(client, print(ArrivalsDoc));
    await until(() => first.done, 8_000, () => `still open: ${JSON.stringify(first)}`);
    expect(first.results.flatMap((r) => r.errors ?? [])).toEqual([expect.objectContaining({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } })]);

    token = receiver.token;
    const again = sseSubscribe(client, print(ArrivalsDoc));
    await until(() => t.app.services.streams.userCount() > 0);
    await t.exec(SendDoc, { input: { recipientIds: [receiver.id], content: 'after renewal' } }, sender.token);
    await until(() => again.results.length > 0, 10_000, () => JSON.stringify(again));
    expect(again.results[0]!.data).toMatchObject({ messageReceived: { content: 'after renewal' } });
  });
});

describe('production’s allow-list of persisted documents (GRAPHQL_PERSISTED_DOCUMENTS)', () => {
  let t: TestApp;
  let url: string;
  let user: TestUser;
  const allowed = print(WhoAmIDoc);
  const hash = createHash('sha256').update(allowed).digest('hex');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    const file = join(dir, 'persisted-documents.json');
    writeFileSync(file, JSON.stringify({ [hash]: allowed }));
    t = await startTestApp('protocols_allow_list', { env: { GRAPHQL_PERSISTED_DOCUMENTS: file } });
    url = await t.listen();
    // Registration is not a listed document here; the account is made directly.
    const username = `listed_${Date.now()}`;
    const id = await t.app.services.stores.users.insert({ tenantId: 'default', username, displayName: username, passwordHash: null, role: 'user' });
    user = { id: String(id), username, token: (await new TokenService(t.config.jwt).sign({ id, tenantId: 'default' })).token };
  });
  afterAll(() => t?.close());

  const post = (body: unknown, token = user.token) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as FormattedExecutionResult<{ me: { id: string } }> }));

  it('a listed document sent by its hash alone is answered', async () => {
    const { body } = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(body.errors).toBeUndefined();
    expect(body.data!.me.id).toBe(user.id);
  });

  it('an unlisted hash is refused with PERSISTED_QUERY_NOT_IN_LIST', async () => {
    const { body } = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
  });

  it('a document sent in full is refused over HTTP with PERSISTED_QUERY_ONLY, and automatic registration is off', async () => {
    const { body } = await post({ query: '{ me { id username } }' });
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_ONLY']);
    const registered = await post({ query: '{ me { id username } }', extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ me { id username } }').digest('hex') } } });
    expect(registered.body.data).toBeUndefined();
  });

  it('over a socket an unlisted document is refused and a listed one runs', async () => {
    const client = wsClient(url, user.token);
    opened.push(() => client.dispose());
    const run = (query: string) =>
      new Promise<unknown>((resolve) => {
        const results: unknown[] = [];
        client.subscribe({ query }, { next: (r) => void results.push(r), error: (e) => resolve(e), complete: () => resolve(results) });
      });
    expect(JSON.stringify(await run('{ me { id username } }'))).toContain('PERSISTED_QUERY_ONLY');
    expect(await run(allowed)).toEqual([{ data: { me: { id: user.id } } }]);
  });

  it('over graphql-sse an unlisted document is refused', async () => {
    const client = createSseClient({ url: `${url}/graphql/stream`, retryAttempts: 0, headers: { authorization: `Bearer ${user.token}` } });
    opened.push(() => client.dispose());
    const seen = sseSubscribe(client, 'subscription { messageReceived { id } }');
    await until(() => seen.done, 10_000, () => JSON.stringify(seen));
    // Refused before any stream opens. graphql-sse's handler answers a validation error with
    // its own message ("Unable to detect operation AST"), not the error's code.
    expect(seen.refused?.status).toBe(400);
    expect(seen.results).toEqual([]);
    expect(t.app.services.streams.userCount()).toBe(0);
  });
});
