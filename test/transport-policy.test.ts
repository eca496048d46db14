import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { databaseHealth } from '../src/health/health.routes.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { overHttp, overSocket, overSse, type RawRun } from './helpers/raw-transports.js';
import { adminAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, rawSocket, until, wsClient } from './helpers/ws.js';

const PolicyMessagesDoc = graphql(`
  subscription PolicyMessages {
    messageReceived {
      id
      content
    }
  }
`);

const messages = (depth: 'deep' | 'shallow') =>
  depth === 'deep' ? '{ messages { edges { node { sender { id } } } } }' : '{ messages { edges { node { id } } } }';
const OVER_LIMITS = {
  'five levels deep (MAX_QUERY_DEPTH=4)': messages('deep'),
  '40 aliases': `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: unreadCount`).join(' ')} }`,
  'over MAX_QUERY_TOKENS': `{ me { ${'id '.repeat(300)} } }`,
  'over MAX_QUERY_COST': `{ ${Array.from({ length: 25 }, (_, i) => `m${i}: messages { edges { node { id content } } }`).join(' ')} }`,
};

describe('the limits hold on every transport, and a refusal answers only that operation', () => {
  let t: TestApp;
  let url: string;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await startTestApp('policy_limits', { env: { MAX_QUERY_DEPTH: '4', MAX_QUERY_COST: '300', MAX_QUERY_TOKENS: '200' } });
    url = await t.listen();
    [alice, bob] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob')]);
  });
  afterAll(() => t?.close());

  it('an ordinary operation passes everywhere', async () => {
    const client = wsClient(url, alice.token);
    try {
      for (const run of [overHttp(url, alice.token), overSse(url, alice.token), overSocket(client)]) {
        const result = await run(messages('shallow'));
        expect(result.errors).toBeUndefined();
      }
    } finally {
      await client.dispose();
    }
  });

  for (const [what, query] of Object.entries(OVER_LIMITS)) {
    it(`${what}: refused with the same error over HTTP, SSE and the socket, whose subscription keeps delivering`, async () => {
      let closedWith: number | null = null;
      const client = wsClient(url, alice.token, { on: { closed: (e) => void (closedWith = (e as { code: number }).code) } });
      try {
        const inbox = collect(client, PolicyMessagesDoc);
        const runs: RawRun[] = [overHttp(url, alice.token), overSse(url, alice.token), overSocket(client)];
        const answers = await Promise.all(runs.map((run) => run(query)));
        for (const answer of answers) {
          expect(answer.data ?? undefined).toBeUndefined();
          expect(answer.errors?.length).toBeGreaterThan(0);
        }
        const messagesOf = (a: (typeof answers)[number]) => a.errors!.map((e) => e.message);
        expect(messagesOf(answers[1]!)).toEqual(messagesOf(answers[0]!));
        expect(messagesOf(answers[2]!)).toEqual(messagesOf(answers[0]!));
        await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: `after ${what}` } }, bob.token);
        // The stream first hands over earlier unread messages; then the one sent now.
        await until(() => inbox.results.some((r) => r.messageReceived.content === `after ${what}`), 10_000);
        expect(closedWith).toBeNull();
      } finally {
        await client.dispose();
      }
    });
  }

  it('bodies past GRAPHQL_MAX_BODY_BYTES are refused with 413, even many at once', async () => {
    const huge = JSON.stringify({ query: 'query($v: String) { unreadCount }', variables: { v: 'x'.repeat(20 * 1024 * 1024) } });
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` }, body: huge })
          .then((r) => r.status)
          .catch(() => 413), // the server may close the connection before the whole body is sent
      ),
    );
    expect(statuses).toEqual([413, 413, 413, 413, 413, 413]);
  });
});

describe('in production: no introspection, no suggestions, no GraphiQL (each can be turned on)', () => {
  let t: TestApp;
  let url: string;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp('policy_production', { env: { NODE_ENV: 'production' } });
    url = await t.listen();
    admin = await adminAccount(t);
  });
  afterAll(() => t?.close());

  it('introspection and "Did you mean" suggestions are refused over HTTP, SSE and the socket; __typename still answers', async () => {
    const client = wsClient(url, admin.token);
    try {
      for (const run of [overHttp(url, admin.token), overSse(url, admin.token), overSocket(client)]) {
        const schema = await run('{ __schema { types { name } } }');
        expect(schema.data ?? undefined).toBeUndefined();
        expect(schema.errors![0]!.message).toMatch(/introspection/i);
        const type = await run('{ __type(name: "Message") { name } }');
        expect(type.errors![0]!.message).toMatch(/introspection/i);
        const typo = await run('{ mee { id } }');
        expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);
        expect((await run('{ __typename me { __typename } }')).data).toEqual({ __typename: 'Query', me: { __typename: 'User' } });
      }
    } finally {
      await client.dispose();
    }
  });

  it('GraphiQL is not served', async () => {
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<html');
  });

  it('GRAPHQL_INTROSPECTION, GRAPHQL_SUGGESTIONS and GRAPHIQL turn each back on', async () => {
    const open = await startTestApp('policy_production_open', {
      env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SUGGESTIONS: 'true', GRAPHIQL: 'true' },
    });
    try {
      const openUrl = await open.listen();
      const run = overHttp(openUrl, null);
      expect((await run('{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await run('{ mee { id } }')).errors![0]!.message).toMatch(/Did you mean "me"/);
      expect(await (await fetch(`${openUrl}/graphql`, { headers: { accept: 'text/html' } })).text()).toContain('<html');
    } finally {
      await open.close();
    }
  });
});

describe('one origin policy for HTTP, SSE and sockets (CORS_ORIGINS)', () => {
  let t: TestApp;
  let url: string;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestApp('policy_origins', { env: { CORS_ORIGINS: 'https://app.example.com' } });
    url = await t.listen();
    alice = await registerUser(t, 'alice');
  });
  afterAll(() => t?.close());

  it('a listed origin gets CORS with credentials over HTTP and SSE, and opens sockets', async () => {
    const preflight = await fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const post = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ query: '{ unreadCount }' }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const socket = rawSocket(url, { origin: 'https://app.example.com' });
    await socket.opened;
    socket.socket.close();
  });

  it('any other origin gets no CORS and is refused over HTTP, SSE and sockets alike; no Origin (servers) passes', async () => {
    const preflight = await fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    for (const accept of ['application/json', 'text/event-stream']) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { origin: 'https://evil.example.net', 'content-type': 'application/json', accept, authorization: `Bearer ${alice.token}` },
        body: JSON.stringify({ query: '{ unreadCount }' }),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    await expect(rawSocket(url, { origin: 'https://evil.example.net' }).opened).rejects.toThrow(/403/);
    expect((await overHttp(url, alice.token)('{ unreadCount }')).errors).toBeUndefined();
  });
});

describe('errors never carry SQL, stacks or internal counters', () => {
  let t: TestApp;
  let url: string;
  let alice: TestUser;
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(async () => {
    // Yoga's development mode adds the original error (message and stack) to masked errors.
    process.env.NODE_ENV = 'development';
    try {
      t = await startTestApp('policy_masking', { env: { HEALTH_DETAILS_TOKEN: 'operator-health-token-0123' } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    url = await t.listen();
    alice = await registerUser(t, 'alice');
  });
  afterAll(() => t?.close());

  it('a database error inside a resolver or while authenticating reaches no client as text, over any transport', async () => {
    const client = wsClient(url, alice.token);
    try {
      await t.app.database.db.execute(sql.raw('RENAME TABLE meetings TO meetings_gone'));
      await t.app.database.db.execute(sql.raw('RENAME TABLE api_keys TO api_keys_gone'));
      for (const run of [overHttp(url, alice.token), overSse(url, alice.token), overSocket(client)]) {
        const answer = await run('{ meeting(id: "1") { id } }');
        const text = JSON.stringify(answer);
        expect(answer.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
        expect(text).not.toMatch(/meetings|select|sql|stack|originalError|at /i);
      }
      const withKey = await overHttp(url, null, { authorization: `Bearer mam_1_${'a'.repeat(43)}` })('{ me { id } }');
      expect(JSON.stringify(withKey)).not.toMatch(/api_keys|select|sql|stack|originalError/i);
    } finally {
      await t.app.database.db.execute(sql.raw('RENAME TABLE meetings_gone TO meetings'));
      await t.app.database.db.execute(sql.raw('RENAME TABLE api_keys_gone TO api_keys'));
      await client.dispose();
    }
  });

  it('/health shows no cache counters unless the operator’s HEALTH_DETAILS_TOKEN is presented', async () => {
    const open = (await (await fetch(`${url}/health/redis`)).json()) as Record<string, unknown>;
    expect(open).not.toHaveProperty('cache');
    expect(JSON.stringify(await (await fetch(`${url}/health`)).json())).not.toContain('metrics');
    const wrong = (await (await fetch(`${url}/health/redis`, { headers: { authorization: 'Bearer nope' } })).json()) as Record<string, unknown>;
    expect(wrong).not.toHaveProperty('cache');
    const detailed = (await (await fetch(`${url}/health/redis`, { headers: { authorization: 'Bearer operator-health-token-0123' } })).json()) as {
      cache: { metrics: unknown };
    };
    expect(detailed.cache.metrics).toBeDefined();
  });

  it('/health/db reports a failed query as unreachable, without its text', async () => {
    const unreachable = openDatabase('mysql://root@127.0.0.1:1/nowhere', 1);
    try {
      const result = await databaseHealth(unreachable.db).check({ details: false });
      expect(result).toEqual({ ok: false, body: { status: 'error', error: 'unreachable' } });
    } finally {
      await unreachable.close();
    }
  });
});
