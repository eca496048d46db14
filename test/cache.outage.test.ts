import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkAllReadDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// The app reaches its own redis-server through a TCP proxy: stopping Redis, restarting it
// from an old dump, or cutting only this instance off (the proxy) are all in the test's hands.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cache-outage-'));
let redisPort: number;
let redisProcess: ChildProcess | null = null;
let direct: Redis;

async function startRedis(): Promise<void> {
  redisProcess = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', 'dump.rdb', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis({ port: redisPort, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
}

/** Stops Redis without saving: what the last SAVE wrote is what a restart loads. */
async function stopRedis(): Promise<void> {
  const exited = new Promise((r) => redisProcess!.once('exit', r));
  await direct.call('SHUTDOWN', 'NOSAVE').catch(() => {});
  await exited;
  redisProcess = null;
}

/** A TCP proxy between the app and Redis that the test can cut and restore. */
function createProxy(listenPort: number, targetPort: () => number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort(), '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
    }
  });
  return {
    open: () => new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve())),
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

let proxy: ReturnType<typeof createProxy>;
let cached: TestApp;
let database: TestApp;

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  direct = new Redis({ port: redisPort, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  direct.on('error', () => {});
  const proxyPort = await freePort();
  proxy = createProxy(proxyPort, () => redisPort);
  await proxy.open();
  cached = await startTestApp('cache_outage', {
    env: { REDIS_PORT: String(proxyPort), REDIS_COMMAND_TIMEOUT_MS: '300', REDIS_CONNECT_TIMEOUT_MS: '300' },
  });
  // What the database says: the same database, no Redis at all.
  database = await startTestApp('cache_outage', {
    config: { ...cached.config, instanceId: 'db-only', redis: null, cache: { ...cached.config.cache, enabled: false } },
    keepDatabase: true,
  });
  await waitFor(() => cached.app.services.inbox.cache.health().usable === true);
});

afterAll(async () => {
  await database?.close();
  await cached?.close();
  direct?.disconnect();
  redisProcess?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function ok<T>(result: { data?: T | null; errors?: readonly unknown[] }): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function answers(app: TestApp, user: TestUser) {
  return {
    unread: ok(await app.exec(UnreadDoc, {}, user.token)),
    page: ok(await app.exec(InboxDoc, { first: 20 }, user.token)),
  };
}

/** The cached instance answers exactly what the database says. */
async function expectExact(users: TestUser[]): Promise<void> {
  for (const user of users) {
    expect(await answers(cached, user), `user ${user.id}`).toEqual(await answers(database, user));
  }
}

async function send(from: TestUser, to: TestUser[], content: string) {
  return ok(await cached.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content } }, from.token)).sendMessage;
}

/** Reads until the instance uses the cache again, checking every answer on the way. */
async function expectExactUntilCacheUsable(users: TestUser[]): Promise<number> {
  let rounds = 0;
  const deadline = Date.now() + 20_000;
  while (!cached.app.services.inbox.cache.health().usable || rounds < 3) {
    if (Date.now() > deadline) throw new Error('the cache never came back');
    await expectExact(users);
    rounds += 1;
  }
  await expectExact(users);
  return rounds;
}

describe('Redis going away and coming back with stale data', () => {
  it('serves exact answers from the database while Redis is down, and nothing stale after it restarts from an old dump', async () => {
    const users = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => registerUser(cached, n)));
    const [alice, bob, carol, dave] = users as [TestUser, TestUser, TestUser, TestUser];
    const first = await send(bob, [alice, carol, dave], 'before the dump');
    await send(alice, [bob, carol], 'also before');
    await expectExact(users);
    await expectExact(users); // the second round is served from Redis
    expect((await cached.app.services.inbox.cache.peek(Number(carol.id))).counts?.total).toBe(2);

    // The dump holds this state; what follows reaches Redis but not the dump.
    await direct.call('SAVE');
    await send(bob, [carol], 'after the dump, applied in Redis');
    ok(await cached.exec(MarkReadDoc, { ids: [first.id] }, dave.token));
    await expectExact(users);
    expect((await cached.app.services.inbox.cache.peek(Number(carol.id))).counts?.total).toBe(3);

    await stopRedis();
    await waitFor(() => cached.app.services.redis.mode() === 'degraded');
    // Down: every answer from the database, and writes still work.
    await send(carol, [alice, bob], 'while Redis is down');
    ok(await cached.exec(MarkAllReadDoc, {}, alice.token));
    await expectExact(users);
    const health = cached.app.services.inbox.cache.health() as { usable: boolean; unreachableUsers: number };
    expect(health.usable).toBe(false);
    expect(health.unreachableUsers).toBe(2); // alice and bob: their entries could not be touched
    expect(cached.app.services.inbox.cache.metrics.snapshot().counts.bypasses).toBeGreaterThan(0);

    // Back, from the old dump: carol's and dave's entries there look complete but are stale,
    // and alice's and bob's miss what happened while Redis was down.
    await startRedis();
    const stale = await direct.hgetall(`${cached.config.redis!.keyPrefix}unread_count:user:{${carol.id}}`);
    expect(stale.total).toBe('2');
    const rounds = await expectExactUntilCacheUsable(users);
    expect(rounds).toBeGreaterThan(0);
    // The cache works again (entries are refilled), and stays exact.
    await expectExact(users);
    expect((await cached.app.services.inbox.cache.peek(Number(carol.id))).counts?.total).toBe(3);
    await send(dave, users, 'after the restart');
    await expectExact(users);
  });

  it('an instance cut off from Redis empties the entries it could not update before it reads them again, whoever wrote them meanwhile', async () => {
    const [erin, frank] = await Promise.all([registerUser(cached, 'erin'), registerUser(cached, 'frank')]);
    await send(frank, [erin], 'one');
    await expectExact([erin]);
    await expectExact([erin]);
    const key = `${cached.config.redis!.keyPrefix}unread_count:user:{${erin.id}}`;
    const pageKey = `${cached.config.redis!.keyPrefix}messages:user:{${erin.id}}`;
    const before = { counts: await direct.hgetall(key), page: await direct.hgetall(pageKey) };
    expect(before.counts.total).toBe('1');

    await proxy.cut();
    await waitFor(() => cached.app.services.redis.mode() === 'degraded');
    await send(frank, [erin], 'two');
    await expectExact([erin]);
    // Another writer (an instance with an old view) rewrites the entries as they were: they
    // look complete, carry the live run_id, and say 1.
    await direct.del(key, pageKey);
    await direct.hset(key, before.counts);
    await direct.hset(pageKey, before.page);
    await direct.expire(key, 300);

    await proxy.open();
    await expectExactUntilCacheUsable([erin]);
    expect((await cached.app.services.inbox.cache.peek(Number(erin.id))).counts?.total).toBe(2);
    expect(ok(await cached.exec(UnreadDoc, {}, erin.token)).unreadCount).toBe(2);
  });
});
