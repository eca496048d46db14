import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config.js';
import { dropDatabase } from '../src/db/client.js';
import { ClusterLease } from '../src/jobs/cluster-lease.js';
import { LeasesStore } from '../src/jobs/leases.store.js';
import { createLogger } from '../src/logger.js';
import { metrics } from '../src/operations/metrics.js';
import { JOB_ROLES, type BackgroundJob } from '../src/jobs/placement.js';
import { prepareDatabase, startTestApp, testConfig, type TestApp } from './helpers/app.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { InboxDoc, SendDoc } from './helpers/messages.js';
import { freePort } from './helpers/redis-server.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

const LEASE_MS = 1500;
const PERIOD_MS = 100;
const ALERT_SECRET = 'roles-alert-webhook-secret-0123456789';
const env = (receiver: HttpReceiver): Record<string, string> => ({
  CLUSTER_LEASE_MS: String(LEASE_MS),
  RETENTION_INTERVAL_MS: String(PERIOD_MS),
  ALERT_EVAL_INTERVAL_MS: String(PERIOD_MS),
  ALERT_FOR_SECONDS: '0',
  ALERT_COOLDOWN_SECONDS: '0',
  ALERT_WEBHOOK_URL: `${receiver.url}/alerts`,
  ALERT_WEBHOOK_SECRET: ALERT_SECRET,
  NOTIFICATION_TIMER_POLL_MS: String(PERIOD_MS),
});

let receiver: HttpReceiver;
let base: AppConfig;
const running: TestApp[] = [];
const spawned: ServerProcess[] = [];

beforeAll(async () => {
  receiver = await startHttpReceiver();
  base = testConfig('roles', env(receiver));
  await prepareDatabase(base);
}, 60_000);
afterAll(async () => {
  await Promise.all(spawned.map((s) => s.kill('SIGKILL')));
  await Promise.all(running.map((t) => t.close()));
  await receiver?.close();
  await dropDatabase(base.databaseUrl);
});

/** An instance in this process on the file's database (and Redis prefix), with its own id and role. */
async function instance(id: string, role: AppConfig['role'], overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const t = await startTestApp('roles', { config: { ...base, ...overrides, role, instanceId: id }, keepDatabase: true });
  running.push(t);
  return t;
}

async function stop(t: TestApp): Promise<void> {
  running.splice(running.indexOf(t), 1);
  await t.close();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const holderOf = (t: TestApp, lease: string) => new LeasesStore(t.app.database.db).holderOf(lease);

/** Runs of each instance's retention and alert evaluation during `ms`. */
async function runsDuring(instances: TestApp[], ms: number): Promise<Array<{ id: string; retention: number; alerts: number }>> {
  const before = instances.map((t) => ({ retention: t.app.leases.retention.runs, alerts: t.app.leases.alerts.runs }));
  await sleep(ms);
  return instances.map((t, i) => ({
    id: t.config.instanceId,
    retention: t.app.leases.retention.runs - before[i]!.retention,
    alerts: t.app.leases.alerts.runs - before[i]!.alerts,
  }));
}

/** One more entry in the dead-letter stream: the next evaluation finds `DeadLettersGrowing`. */
async function deadLetter(t: TestApp): Promise<void> {
  const { redis } = t.app.services;
  await redis.command!.xadd(redis.key('message_delivery_queue:dead'), '*', 'test', 'roles');
}

const notices = (status: 'firing' | 'resolved') =>
  receiver
    .accepted()
    .map((r) => JSON.parse(r.body) as { alerts: Array<{ rule: string; status: string }> })
    .filter((b) => b.alerts.some((a) => a.rule === 'DeadLettersGrowing' && a.status === status)).length;

const WORKER_JOBS: BackgroundJob[] = ['delivery workers', 'notification timers', 'attachment cleanup', 'webhook retries', 'retention'];
const SOCKET_JOBS: BackgroundJob[] = ['position checks', 'acknowledgement re-push', 'presence heartbeat'];

describe('jobs that run once per cluster, with three ROLE=all instances', () => {
  let crashed: ServerProcess;
  let two: TestApp[];

  it('one instance holds each lease; the others run neither retention nor alert evaluation', async () => {
    // The first instance is a process of its own, so that it can die without closing anything.
    crashed = await spawnServer({
      ...env(receiver),
      NODE_ENV: 'test',
      DATABASE_URL: base.databaseUrl,
      JWT_SECRET: base.jwt.secret,
      REDIS_KEY_PREFIX: base.redis!.keyPrefix,
      INSTANCE_ID: 'all-crashing',
    });
    spawned.push(crashed);
    two = [await instance('all-b', 'all'), await instance('all-c', 'all')];
    await until(
      async () => (await holderOf(two[0]!, 'retention')) === 'all-crashing' && (await holderOf(two[0]!, 'alerts')) === 'all-crashing',
    );
    const runs = await runsDuring(two, 1000);
    expect(runs.every((r) => r.retention === 0 && r.alerts === 0)).toBe(true);
    expect(two.every((t) => !t.app.leases.retention.held() && !t.app.leases.alerts.held())).toBe(true);
  }, 60_000);

  it('an alert is sent once, not once per instance', async () => {
    await deadLetter(two[0]!);
    await until(() => notices('firing') === 1 && notices('resolved') === 1, 10_000);
    await sleep(1000);
    expect(notices('firing')).toBe(1);
    expect(notices('resolved')).toBe(1);
  }, 30_000);

  it('a reminder and its escalation arrive once each, not once per instance (timers are claimed with SKIP LOCKED)', async () => {
    const [sender, silent, manager] = [await registerUser(two[0]!), await registerUser(two[0]!), await registerUser(two[0]!)];
    const inboxOf = async (user: TestUser) =>
      (await two[1]!.exec(InboxDoc, { first: 20 }, user.token)).data!.messages.edges.map((e) => e.node);
    await two[0]!.exec(
      SendDoc,
      { input: { recipientIds: [silent.id], content: 'Approve the budget', requireConfirmation: { within: 1, escalateTo: manager.id } } },
      sender.token,
    );
    await until(async () => (await inboxOf(manager)).length > 0, 15_000);
    await sleep(1000);
    expect((await inboxOf(silent)).filter((m) => m.type === 'REMINDER')).toHaveLength(1);
    expect(await inboxOf(manager)).toHaveLength(1);
  }, 30_000);

  it('when the holder dies, another instance takes both leases within the lease time and runs each job once per period', async () => {
    await crashed.kill('SIGKILL');
    const killedAt = Date.now();
    await until(() => two.some((t) => t.app.leases.retention.held()) && two.some((t) => t.app.leases.alerts.held()), 10_000);
    // The lease expires LEASE_MS after the dead holder's last renewal; the others try every third
    // of it (a second of slack for a busy machine).
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1000);
    const runs = await runsDuring(two, 1500);
    for (const job of ['retention', 'alerts'] as const) {
      const ran = runs.filter((r) => r[job] > 0);
      expect(ran, `${job}: ${JSON.stringify(runs)}`).toHaveLength(1);
      expect(ran[0]![job]).toBeGreaterThanOrEqual(5);
      expect(ran[0]![job]).toBeLessThanOrEqual(1500 / PERIOD_MS + 1);
    }
    // The new holder carries on: the next alert is sent once too.
    await deadLetter(two[0]!);
    await until(() => notices('firing') === 2 && notices('resolved') === 2, 10_000);
    await sleep(1000);
    expect(notices('firing')).toBe(2);
  }, 30_000);

  it('a holder that closes gives its leases up, and the last instance takes them at its next try', async () => {
    const holder = two.find((t) => t.app.leases.retention.held())!;
    const other = two.find((t) => t !== holder)!;
    const closedAt = Date.now();
    await stop(holder);
    await until(() => other.app.leases.retention.held(), 5000);
    expect(Date.now() - closedAt).toBeLessThan(LEASE_MS);
    const runs = await runsDuring([other], 500);
    expect(runs[0]!.retention).toBeGreaterThan(0);
    await stop(other);
  }, 30_000);
});

describe('ROLE=api and ROLE=worker', () => {
  let apis: TestApp[];
  let worker: TestApp;
  let sender: TestUser;
  let silent: TestUser;
  let manager: TestUser;

  const inboxOf = async (user: TestUser) =>
    (await apis[1]!.exec(InboxDoc, { first: 20 }, user.token)).data!.messages.edges.map((e) => e.node);
  const reminders = async () => (await inboxOf(silent)).filter((m) => m.type === 'REMINDER');

  beforeAll(async () => {
    apis = [await instance('api-a', 'api'), await instance('api-b', 'api')];
    [sender, silent, manager] = [await registerUser(apis[0]!), await registerUser(apis[0]!), await registerUser(apis[0]!)];
  }, 60_000);

  it('API instances start only the jobs of their sockets, and the operations monitor', () => {
    for (const t of apis) {
      expect(t.app.jobs).toEqual(expect.arrayContaining([...SOCKET_JOBS, 'operations monitor']));
      for (const job of WORKER_JOBS) expect(t.app.jobs).not.toContain(job);
    }
  });

  it('with API instances only, a due reminder waits; a worker sends it, once', async () => {
    const sent = await apis[0]!.exec(
      SendDoc,
      { input: { recipientIds: [silent.id], content: 'Sign the minutes', requireConfirmation: { within: 1, escalateTo: manager.id } } },
      sender.token,
    );
    expect(sent.errors).toBeUndefined();
    await sleep(2500);
    expect(await reminders()).toHaveLength(0);
    expect(apis.every((t) => !t.app.leases.retention.held())).toBe(true);

    worker = await instance('worker', 'worker');
    expect(worker.app.jobs).toEqual(expect.arrayContaining([...WORKER_JOBS, 'operations monitor']));
    for (const job of SOCKET_JOBS) expect(worker.app.jobs).not.toContain(job);
    await until(async () => (await reminders()).length > 0 && (await inboxOf(manager)).length > 0, 15_000);
    await sleep(1000);
    expect(await reminders()).toHaveLength(1);
    expect(await inboxOf(manager)).toHaveLength(1);
  }, 60_000);

  it('retention runs on the worker only; alert evaluation on one instance of any role', async () => {
    await until(() => worker.app.leases.retention.held());
    const runs = await runsDuring([...apis, worker], 1000);
    expect(runs.map((r) => r.retention > 0)).toEqual([false, false, true]);
    expect(runs.filter((r) => r.alerts > 0)).toHaveLength(1);
    // What an operator sees: each instance's /metrics says whether it holds a lease.
    const held = async (t: TestApp) =>
      (await (await fetch(`${await t.listen()}/metrics`)).text()).match(/^mm_cluster_lease_held\{lease="retention"\} (\d)$/m)?.[1];
    // API instances take no part in retention: no series at all.
    expect(await held(apis[0]!)).toBeUndefined();
    expect(await held(worker)).toBe('1');
  }, 30_000);

  afterAll(async () => {
    await Promise.all([...apis, worker].filter(Boolean).map((t) => stop(t)));
  });
});

describe("the reclaim of a dead worker's queue entries, with three workers", () => {
  it("hands a dead worker's entry to one live worker, once, which delivers it (XAUTOCLAIM is atomic: no lease needed)", async () => {
    const api = await instance('reclaim-api', 'api');
    const [alice, bob] = [await registerUser(api), await registerUser(api)];
    const sent = await api.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'left behind by a dead worker' } }, alice.token);
    expect(sent.errors).toBeUndefined();
    // A worker takes the entry and dies before acknowledging it: it stays pending in the group.
    const { redis } = api.app.services;
    const lane = redis.key('message_delivery_queue:normal');
    const taken = (await redis.command!.xreadgroup('GROUP', 'delivery', 'dead-worker', 'COUNT', 10, 'STREAMS', lane, '>')) as Array<
      [string, unknown[]]
    > | null;
    expect(taken?.[0]?.[1]).toHaveLength(1);

    const reclaimsBefore = (await metrics.reclaims.get()).values[0]?.value ?? 0;
    const delivery = { ...base.delivery, reclaimMs: 300 };
    const workers = [
      await instance('reclaim-a', 'worker', { delivery }),
      await instance('reclaim-b', 'worker', { delivery }),
      await instance('reclaim-c', 'worker', { delivery }),
    ];
    await until(async () => {
      const depth = await api.app.services.queue!.depth();
      return depth.pending === 0 && depth.waiting === 0;
    }, 10_000);
    // Several reclaim periods more: nobody takes it again.
    await sleep(1000);
    expect(((await metrics.reclaims.get()).values[0]?.value ?? 0) - reclaimsBefore).toBe(1);
    await Promise.all([api, ...workers].map((t) => stop(t)));
  }, 60_000);
});

describe('with Redis down', () => {
  it('three instances still run retention and alert evaluation once: the leases are in the database', async () => {
    const down = { ...base.redis!, url: null, host: '127.0.0.1', port: await freePort() };
    const three = [
      await instance('down-a', 'all', { redis: down }),
      await instance('down-b', 'all', { redis: down }),
      await instance('down-c', 'all', { redis: down }),
    ];
    await until(() => three.some((t) => t.app.leases.retention.held()) && three.some((t) => t.app.leases.alerts.held()), 10_000);
    const runs = await runsDuring(three, 1000);
    expect(runs.filter((r) => r.retention > 0)).toHaveLength(1);
    expect(runs.filter((r) => r.alerts > 0)).toHaveLength(1);
    await Promise.all(three.map((t) => stop(t)));
  }, 60_000);
});

describe('a lease whose renewals fail', () => {
  it('stops counting as held before the database would let another instance take it', async () => {
    let grant = true;
    const released: string[] = [];
    const store = {
      take: () => (grant ? Promise.resolve(true) : Promise.reject(new Error('database unreachable'))),
      release: (name: string) => {
        released.push(name);
        return Promise.resolve();
      },
    } as unknown as LeasesStore;
    const lease = new ClusterLease('test', store, 'me', 300, createLogger('silent'));
    lease.start();
    expect(await lease.run(() => Promise.resolve('ran'))).toBe('ran');
    const grantedAt = Date.now();
    grant = false;
    await until(() => !lease.held(), 1000);
    // The database's expiry is 300 ms after the last renewal was received, so later than this.
    expect(Date.now() - grantedAt).toBeLessThan(300);
    expect(await lease.run(() => Promise.resolve('ran'))).toBeNull();
    await lease.stop();
    expect(released).toEqual(['test']);
  });
});

describe('docs/jobs.md', () => {
  it('lists every background job with the roles that start it', () => {
    const rows = readFileSync(new URL('../docs/jobs.md', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| '))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const [job, roles] of Object.entries(JOB_ROLES)) {
      const row = rows.find((cells) => cells[1]!.startsWith(job));
      expect(row, job).toBeDefined();
      const started = (['all', 'api', 'worker'] as const).filter((_role, i) => row![3 + i] === 'yes');
      expect(started, job).toEqual([...roles].sort());
    }
  });
});
