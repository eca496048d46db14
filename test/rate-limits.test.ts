import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, prepareDatabase, startTestApp, testConfig, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { OwnRedis } from './helpers/redis-server.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { TEST_SECRET } from './helpers/app.js';
import { registerUser, RegisterDoc, type TestUser } from './helpers/users.js';
import { collect, execOverSocket, until, wsClient } from './helpers/ws.js';
import { print } from 'graphql';

const LoginDoc = graphql(`
  mutation RateLogin($input: LoginInput!) {
    login(input: $input) {
      token
    }
  }
`);
const MeDoc = graphql(`
  query RateMe {
    me {
      id
    }
  }
`);
const ReceivedDoc = graphql(`
  subscription RateReceived {
    messageReceived {
      id
      content
    }
  }
`);

const ON = { RATE_LIMITS_ENABLED: 'true', RATE_LIMIT_REGISTER_IP: '1000/60' };
const send = (t: TestApp, from: TestUser, to: TestUser, content: string) =>
  t.exec(SendDoc, { input: { recipientIds: [to.id], content } }, from.token);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs an operation to a listening server, for the status and headers a client sees. */
async function post(baseUrl: string, query: string, variables: unknown, token?: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string; retryAfter?: number } }> };
  return { response, body, code: body.errors?.[0]?.extensions?.code, retryAfter: body.errors?.[0]?.extensions?.retryAfter };
}

describe('per-user limits on sending', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('rate_send', { env: { ...ON, RATE_LIMIT_SEND_MESSAGE: '3/2' } });
  });
  afterAll(() => t.close());

  it('a sender over the limit gets RATE_LIMITED with retryAfter and Retry-After, and succeeds after waiting that long', async () => {
    const [alice, bob] = [await registerUser(t, 'rs'), await registerUser(t, 'rs')];
    const base = await t.listen();
    for (let i = 0; i < 3; i++) expect((await send(t, alice, bob, `m${i}`)).errors).toBeUndefined();
    const refused = await post(base, print(SendDoc), { input: { recipientIds: [bob.id], content: 'too many' } }, alice.token);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(2);
    expect(refused.response.headers.get('retry-after')).toBe(String(refused.retryAfter));
    // Another sender is not affected.
    expect((await send(t, bob, alice, 'mine')).errors).toBeUndefined();
    await sleep(refused.retryAfter! * 1000 + 100);
    expect((await send(t, alice, bob, 'after the wait')).data?.sendMessage.content).toBe('after the wait');
  });

  it('aliases count: one operation with four sends is refused as a whole when three are left', async () => {
    const [carol, dave] = [await registerUser(t, 'rs'), await registerUser(t, 'rs')];
    const query = `mutation { ${[1, 2, 3, 4].map((i) => `m${i}: sendMessage(input: { recipientIds: ["${dave.id}"], content: "x${i}" }) { id }`).join(' ')} }`;
    const result = await post(await t.listen(), query, {}, carol.token);
    expect(result.code).toBe('RATE_LIMITED');
    expect(result.body.data ?? null).toBeNull();
  });
});

describe('per-tenant message quota', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('rate_tenant', { env: { ...ON, TENANT_MESSAGES_PER_DAY: '4' } });
  });
  afterAll(() => t.close());

  it('the tenant’s daily quota is shared by its users, and other tenants keep theirs', async () => {
    const [a, b] = [await registerUser(t, 'rq'), await registerUser(t, 'rq')];
    for (const from of [a, b, a, b]) expect((await send(t, from, from === a ? b : a, 'q')).errors).toBeUndefined();
    const refused = await send(t, a, b, 'over');
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.message).toMatch(/quota/);
  });
});

describe('login and register per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A 5 s window: the 40 tries and the right password after them must fall in one window
    // even on a loaded machine (with 2 s, the window once ended before the right password).
    t = await startTestApp('rate_login', {
      env: { ...ON, RATE_LIMIT_LOGIN_FAILURES_IP: '10/5', LOGIN_BACKOFF_FREE_FAILURES: '3', RATE_LIMIT_REGISTER_IP: '3/60' },
    });
  });
  afterAll(() => t.close());

  it('40 wrong passwords in a second are throttled, and the right one works once the wait is over', async () => {
    const base = await t.listen();
    const victim = await registerUser(t, 'rl');
    const wrong = { input: { username: victim.username, password: 'wrong password!' } };
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await post(base, print(LoginDoc), wrong));
    const limited = answers.filter((a) => a.code === 'RATE_LIMITED');
    expect(answers.filter((a) => a.code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(10);
    expect(limited.length).toBeGreaterThanOrEqual(30);
    // While the address waits, even the right password is refused: guessing gains nothing.
    const right = { input: { username: victim.username, password: 'correct horse battery' } };
    const during = await post(base, print(LoginDoc), right);
    expect(during.code).toBe('RATE_LIMITED');
    expect(during.response.headers.get('retry-after')).toBe(String(during.retryAfter));
    await sleep(during.retryAfter! * 1000 + 100);
    const after = await post(base, print(LoginDoc), right);
    expect(after.code).toBeUndefined();
  });

  it('registering from one address is limited', async () => {
    const base = await t.listen();
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const r = await post(base, print(RegisterDoc), { input: { username: `reg_${i}_${Date.now()}`, password: 'correct horse battery', displayName: 'R' } });
      codes.push(r.code ?? 'ok');
    }
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(1);
  });
});

describe('per-tenant open sockets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('rate_tenant_sockets', { env: { ...ON, TENANT_MAX_SOCKETS: '3' } });
  });
  afterAll(() => t.close());

  it('a tenant at its maximum of open sockets gets the next one refused (4403), and a closed socket frees its place', async () => {
    const base = await t.listen();
    const users = [await registerUser(t, 'ts'), await registerUser(t, 'ts'), await registerUser(t, 'ts'), await registerUser(t, 'ts')];
    const open = async (user: TestUser) => {
      let closeCode: number | null = null;
      // The refused one's close is read here, not logged.
      const client = wsClient(base, user.token, { on: { closed: (event) => (closeCode = (event as { code: number }).code) }, onNonLazyError: () => undefined });
      const live = collect(client, ReceivedDoc);
      await until(() => [...t.app.services.streams.streamsOf(Number(user.id))].length === 1 || live.done, 5000);
      return { client, live, closeCode: () => closeCode };
    };
    const held = [await open(users[0]!), await open(users[1]!), await open(users[2]!)];
    expect(held.map((h) => h.live.done)).toEqual([false, false, false]);
    const refused = await open(users[3]!);
    await until(() => refused.live.done, 5000);
    expect(refused.closeCode()).toBe(4403);
    // The held ones still deliver.
    expect((await send(t, users[3]!, users[0]!, 'still live')).errors).toBeUndefined();
    await held[0]!.live.waitFor(1);
    await refused.client.dispose();

    await held[2]!.client.dispose();
    await new Promise((r) => setTimeout(r, 300));
    const again = await open(users[3]!);
    expect(again.live.done).toBe(false);
    expect((await send(t, users[0]!, users[3]!, 'to the fourth')).errors).toBeUndefined();
    await again.live.waitFor(1);
    for (const h of [held[0]!, held[1]!, again]) await h.client.dispose();
  });
});

describe('per-tenant open sockets across a graceful stop', () => {
  it('an instance stopped gracefully gives back its sockets’ places: the instance after it takes the tenant’s whole maximum again', async () => {
    const first = await startTestApp('rate_tenant_sockets_stop', { env: { ...ON, TENANT_MAX_SOCKETS: '3' }, keepDatabase: true });
    const users = [await registerUser(first, 'gs'), await registerUser(first, 'gs'), await registerUser(first, 'gs')];
    const holdAll = async (t: TestApp) => {
      const base = await t.listen();
      return Promise.all(
        users.map(async (user) => {
          const client = wsClient(base, user.token, { onNonLazyError: () => undefined });
          const live = collect(client, ReceivedDoc);
          await until(() => [...t.app.services.streams.streamsOf(Number(user.id))].length === 1 || live.done, 5000);
          return { client, live };
        }),
      );
    };
    const before = await holdAll(first);
    expect(before.map((h) => h.live.done)).toEqual([false, false, false]);
    await first.close(); // what SIGTERM runs: the sockets are closed with 1001
    for (const h of before) await h.client.dispose();

    const second = await startTestApp('rate_tenant_sockets_stop', { config: first.config });
    try {
      const after = await holdAll(second);
      expect(after.map((h) => h.live.done)).toEqual([false, false, false]);
      for (const h of after) await h.client.dispose();
    } finally {
      await second.close();
    }
  });
});

describe('per-socket limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('rate_socket', { env: { ...ON, WS_MAX_SUBSCRIPTIONS: '5', WS_OPERATIONS_PER_SECOND: '20' } });
  });
  afterAll(() => t.close());

  it('one socket cannot hold more subscriptions than the cap; the refused one errors and the others keep delivering', async () => {
    const base = await t.listen();
    const [reader, writer] = [await registerUser(t, 'rw'), await registerUser(t, 'rw')];
    const client = wsClient(base, reader.token);
    const subs = Array.from({ length: 6 }, () => collect(client, ReceivedDoc));
    await until(() => subs.some((s) => s.done), 5000);
    const refused = subs.filter((s) => s.done);
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0]!.errors)).toContain('RATE_LIMITED');
    await until(() => [...t.app.services.streams.streamsOf(Number(reader.id))].length >= 5, 5000);
    await send(t, writer, reader, 'still live');
    for (const s of subs.filter((x) => !x.done)) await s.waitFor(1);
    await client.dispose();
  });

  it('a burst of operations over the per-second limit is refused operation by operation, not by closing the socket', async () => {
    const base = await t.listen();
    const user = await registerUser(t, 'rw');
    const client = wsClient(base, user.token);
    const results = await Promise.all(Array.from({ length: 30 }, () => execOverSocket(client, MeDoc).catch((e: unknown) => ({ errors: e }))));
    const limited = results.filter((r) => JSON.stringify(r).includes('RATE_LIMITED'));
    expect(limited.length).toBeGreaterThanOrEqual(5);
    await sleep(1100);
    expect((await execOverSocket(client, MeDoc)).data?.me.id).toBe(user.id);
    await client.dispose();
  });
});

describe('RATE_LIMITS_ENABLED=false', () => {
  it('turns the limits off', async () => {
    const t = await startTestApp('rate_off', { env: { RATE_LIMITS_ENABLED: 'false', RATE_LIMIT_SEND_MESSAGE: '1/60' } });
    try {
      const [a, b] = [await registerUser(t, 'ro'), await registerUser(t, 'ro')];
      for (let i = 0; i < 5; i++) expect((await send(t, a, b, `m${i}`)).errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('limits across instances and through a Redis outage', () => {
  it('two instances share one count', async () => {
    const config = testConfig('rate_two');
    await prepareDatabase(config);
    const env = {
      DATABASE_URL: config.databaseUrl,
      JWT_SECRET: TEST_SECRET,
      REDIS_KEY_PREFIX: config.redis!.keyPrefix,
      NODE_ENV: 'test',
      RATE_LIMITS_ENABLED: 'true',
      RATE_LIMIT_SEND_MESSAGE: '4/60',
      RETENTION_INTERVAL_MS: '0',
    };
    const servers: ServerProcess[] = [await spawnServer(env), await spawnServer(env)];
    try {
      const [a, b] = servers.map((s) => s.url) as [string, string];
      const reg = async (url: string, name: string) =>
        (await post(url, print(RegisterDoc), { input: { username: `${name}${Date.now()}`, password: 'correct horse battery', displayName: name } })).body as {
          data: { register: { token: string; user: { id: string } } };
        };
      const alice = (await reg(a, 'alice')).data.register;
      const bob = (await reg(b, 'bob')).data.register;
      const sendVia = (url: string) => post(url, print(SendDoc), { input: { recipientIds: [bob.user.id], content: 'x' } }, alice.token);
      const codes = [];
      for (const url of [a, b, a, b, a, b]) codes.push((await sendVia(url)).code ?? 'ok');
      expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await Promise.all(servers.map((s) => s.kill()));
      const { dropDatabase } = await import('../src/db/client.js');
      await dropDatabase(config.databaseUrl);
    }
  }, 90_000);

  it('while Redis is down, each instance still enforces the limit on its own', async () => {
    const redis = await OwnRedis.start();
    const t = await startTestApp('rate_outage', { env: { ...ON, REDIS_PORT: String(redis.port), RATE_LIMIT_SEND_MESSAGE: '3/60' } });
    try {
      const [a, b] = [await registerUser(t, 'ro'), await registerUser(t, 'ro')];
      await until(() => t.app.services.redis.isConnected());
      await redis.stop();
      await until(() => !t.app.services.redis.isConnected());
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push(errorCodes(await send(t, a, b, `o${i}`))[0] ?? 'ok');
      expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await t.close();
      await redis.stop();
    }
  });
});
