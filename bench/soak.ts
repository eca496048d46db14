/**
 * The soak (`npm run soak`; minutes, not in CI): three API instances and a delivery worker
 * (compiled, as deployed) on one database and a Redis Cluster of three masters with a
 * replica each, started here on free ports. Devices hold graphql-ws sockets spread over the
 * API instances, subscribed to `messageReceived(since:)`; senders post 1:1 and fan-out
 * messages over HTTP, open loop. Phase by phase it kills and restarts an API instance, the
 * worker and a Redis master, and drops a tenth of the sockets. A device whose socket closes
 * reconnects to the next instance with its last cursor, as the client kit does.
 *
 * At the end every device's received sequence is checked against `message_recipients`:
 * lost (committed for the user, never shown), duplicated, out of order. Prints throughput
 * and push latency per phase (by the phase the message was sent in).
 *
 *   npm run soak -- [--users 2000] [--rate 120] [--phase-seconds 20] [--fanout 50] [--single-redis]
 */
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import mysql from 'mysql2/promise';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { RedisClusterUnderTest } from '../test/helpers/redis-cluster.js';
import { OwnRedis } from '../test/helpers/redis-server.js';
import { sleep } from './lib/clock.js';
import { BENCH_TENANT, databaseUrl, dropBenchDatabase, prepareBenchDatabase } from './lib/database.js';
import { compileTargets, freePort, startNode, waitHealthy, type Managed } from './lib/processes.js';
import { latencyHistogram, percentiles, recordMs } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '120' },
    'phase-seconds': { type: 'string', default: '20' },
    fanout: { type: 'string', default: '50' },
    'single-redis': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const USERS = Number(args.users);
const RATE = Number(args.rate);
const PHASE_MS = Number(args['phase-seconds']) * 1000;
const FANOUT = Number(args.fanout);
const DATABASE = 'soak';
const PREFIX = 'soak:';
const SECRET = 'soak-secret-that-is-long-enough-0123456789';

interface Instance {
  name: string;
  port: number;
  env: Record<string, string>;
  process: Managed | null;
}

// ---- services -------------------------------------------------------------------------------

async function startInstance(instance: Instance): Promise<void> {
  instance.process = startNode(instance.name, 'dist/main.js', { ...instance.env, PORT: String(instance.port) });
  await waitHealthy(`http://127.0.0.1:${instance.port}/health`, instance.process, 120_000);
}

function kill(instance: Instance): void {
  instance.process?.child.kill('SIGKILL');
  instance.process = null;
}

// ---- devices --------------------------------------------------------------------------------

interface Device {
  userId: number;
  token: string;
  client: Client | null;
  cursor: string | null;
  /** Message ids and inbox seqs, in the order shown. */
  received: Array<{ id: number; seq: number }>;
  connects: number;
  next: number;
}

const seqOf = (cursor: string) => Number(/^inbox:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())?.[1]);

const latencies = new Map<string, ReturnType<typeof latencyHistogram>>();
let phaseName = 'warm-up';
const sentAt = new Map<number, { at: number; phase: string }>();

function connect(device: Device, apis: Instance[]): void {
  const api = apis[device.next++ % apis.length]!;
  device.connects++;
  const client = createClient({
    url: `ws://127.0.0.1:${api.port}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${device.token}` },
    // A socket that closes is handled by the sink below (reconnect with the cursor), not logged.
    onNonLazyError: () => undefined,
  });
  device.client = client;
  let over = false;
  const reconnect = () => {
    if (over) return;
    over = true;
    void client.dispose();
    if (device.client === client) device.client = null;
    setTimeout(() => connect(device, apis), 100 + Math.random() * 400);
  };
  client.subscribe<{ messageReceived: { id: string; cursor: string } }>(
    { query: 'subscription($since: String) { messageReceived(since: $since) { id cursor } }', variables: { since: device.cursor } },
    {
      next: ({ data }) => {
        if (!data) return;
        const id = Number(data.messageReceived.id);
        device.cursor = data.messageReceived.cursor;
        device.received.push({ id, seq: seqOf(data.messageReceived.cursor) });
        const sent = sentAt.get(id);
        if (sent) {
          let histogram = latencies.get(sent.phase);
          if (!histogram) latencies.set(sent.phase, (histogram = latencyHistogram()));
          recordMs(histogram, Date.now() - sent.at);
        }
      },
      error: reconnect,
      complete: reconnect,
    },
  );
}

// ---- traffic --------------------------------------------------------------------------------

const sends = new Map<string, { ok: number; failed: number; deliveries: number }>();

async function sendOne(apis: Instance[], tokens: string[], turn: number): Promise<void> {
  const from = 1 + Math.floor(Math.random() * USERS);
  const fanout = Math.random() < 0.1;
  const recipients = new Set<number>();
  while (recipients.size < (fanout ? FANOUT : 1)) {
    const to = 1 + Math.floor(Math.random() * USERS);
    if (to !== from) recipients.add(to);
  }
  const phase = phaseName;
  let stats = sends.get(phase);
  if (!stats) sends.set(phase, (stats = { ok: 0, failed: 0, deliveries: 0 }));
  // A send that fails on a dead instance is tried on the next one, as a client would.
  for (let attempt = 0; attempt < apis.length; attempt++) {
    const api = apis[(turn + attempt) % apis.length]!;
    const at = Date.now();
    try {
      const response = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[from]}` },
        body: JSON.stringify({
          query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
          variables: { input: { recipientIds: [...recipients].map(String), content: `soak ${turn}` } },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { data?: { sendMessage: { id: string } } };
      if (body.data) {
        sentAt.set(Number(body.data.sendMessage.id), { at, phase });
        stats.ok++;
        stats.deliveries += recipients.size;
        return;
      }
    } catch {
      /* the next instance */
    }
  }
  stats.failed++;
}

// ---- the run --------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`soak: ${USERS} users with a device each, ${RATE} sends/s (10 % to ${FANOUT}), phases of ${PHASE_MS / 1000} s`);
  compileTargets();
  const cluster = args['single-redis'] ? null : await RedisClusterUnderTest.start({ masters: 3, replicasPerMaster: 1 });
  const single = args['single-redis'] ? await OwnRedis.start() : null;
  await prepareBenchDatabase(DATABASE, USERS);
  const common: Record<string, string> = {
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    GRAPHIQL: 'false',
    DATABASE_URL: databaseUrl(DATABASE),
    JWT_SECRET: SECRET,
    JWT_TTL_SECONDS: String(6 * 3600),
    REDIS_KEY_PREFIX: PREFIX,
    RATE_LIMITS_ENABLED: 'false',
    DELIVERY_RECLAIM_MS: '2000',
    ...(cluster ? { REDIS_CLUSTER_NODES: cluster.seeds } : { REDIS_PORT: String(single!.port) }),
  };
  const apis: Instance[] = [];
  for (let i = 0; i < 3; i++) apis.push({ name: `api-${i}`, port: await freePort(), env: { ...common, ROLE: 'api', INSTANCE_ID: `api-${i}` }, process: null });
  const worker: Instance = { name: 'worker', port: await freePort(), env: { ...common, ROLE: 'worker', INSTANCE_ID: 'worker', DELIVERY_WORKERS: '2' }, process: null };
  await Promise.all([...apis, worker].map(startInstance));

  const key = new TextEncoder().encode(SECRET);
  const tokens: string[] = [''];
  for (let id = 1; id <= USERS; id++) {
    tokens.push(await new SignJWT({ tid: BENCH_TENANT }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(String(id)).setIssuedAt().setExpirationTime('6h').sign(key));
  }
  const devices: Device[] = [];
  for (let id = 1; id <= USERS; id++) {
    const device: Device = { userId: id, token: tokens[id]!, client: null, cursor: null, received: [], connects: 0, next: id % 3 };
    devices.push(device);
    connect(device, apis);
    if (id % 200 === 0) await sleep(100);
  }
  await sleep(3000);

  let turn = 0;
  let running = true;
  const pending = new Set<Promise<void>>();
  const traffic = (async () => {
    const start = Date.now();
    while (running) {
      const due = Math.floor(((Date.now() - start) / 1000) * RATE);
      while (turn < due) {
        const p = sendOne(apis, tokens, turn++).finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(5);
    }
  })();

  const phases: Array<{ name: string; during: () => Promise<void> }> = [
    { name: 'steady', during: async () => undefined },
    {
      name: 'API instance killed and restarted',
      during: async () => {
        kill(apis[1]!);
        await sleep(5000);
        await startInstance(apis[1]!);
      },
    },
    {
      name: 'worker killed and restarted',
      during: async () => {
        kill(worker);
        await sleep(5000);
        await startInstance(worker);
      },
    },
    {
      name: cluster ? 'Redis master killed (failover)' : 'Redis killed and restarted',
      during: async () => {
        if (cluster) {
          const [master] = await cluster.masterPorts();
          await cluster.killMaster(master!);
        } else {
          await single!.stop();
          await sleep(3000);
          await single!.start();
        }
      },
    },
    {
      name: '10 % of sockets dropped',
      during: async () => {
        for (const device of devices) if (Math.random() < 0.1) device.client?.terminate();
      },
    },
    { name: 'steady after', during: async () => undefined },
  ];
  const table: string[] = [];
  for (const phase of phases) {
    phaseName = phase.name;
    const started = Date.now();
    await phase.during();
    await sleep(Math.max(0, PHASE_MS - (Date.now() - started)));
  }
  running = false;
  await traffic;
  await Promise.all(pending);
  phaseName = 'done';

  // Let every push land: until nothing arrives for 5 s (at most 60 s).
  for (let quiet = 0, last = -1, waited = 0; quiet < 5 && waited < 60; waited++) {
    const total = devices.reduce((n, d) => n + d.received.length, 0);
    quiet = total === last ? quiet + 1 : 0;
    last = total;
    await sleep(1000);
  }

  // The database's truth: every recipient row, per user, in inbox order.
  const conn = await mysql.createConnection({ uri: databaseUrl(DATABASE) });
  const [rows] = (await conn.query('SELECT recipient_id, message_id, seq FROM message_recipients ORDER BY recipient_id, seq')) as unknown as [
    Array<{ recipient_id: number; message_id: number; seq: number }>,
  ];
  await conn.end();
  const expected = new Map<number, number[]>();
  for (const row of rows) {
    let list = expected.get(Number(row.recipient_id));
    if (!list) expected.set(Number(row.recipient_id), (list = []));
    list.push(Number(row.message_id));
  }
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const device of devices) {
    const seen = new Set<number>();
    let previous = 0;
    for (const { id, seq } of device.received) {
      if (seen.has(id)) duplicated++;
      else if (seq <= previous) outOfOrder++;
      seen.add(id);
      previous = Math.max(previous, seq);
    }
    for (const id of expected.get(device.userId) ?? []) if (!seen.has(id)) lost++;
  }

  table.push('| phase | sends ok / failed | sends/s | deliveries/s | push p50 ms | p99 ms | max ms |', '|---|---|---|---|---|---|---|');
  for (const phase of phases) {
    const s = sends.get(phase.name) ?? { ok: 0, failed: 0, deliveries: 0 };
    const histogram = latencies.get(phase.name);
    const l = histogram ? percentiles(histogram) : { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
    table.push(
      `| ${phase.name} | ${s.ok} / ${s.failed} | ${(s.ok / (PHASE_MS / 1000)).toFixed(0)} | ${(s.deliveries / (PHASE_MS / 1000)).toFixed(0)} | ${l.p50.toFixed(1)} | ${l.p99.toFixed(0)} | ${l.max.toFixed(0)} |`,
    );
  }
  const reconnects = devices.reduce((n, d) => n + d.connects - 1, 0);
  console.log(table.join('\n'));
  console.log(
    `\ndevices ${devices.length}, recipient rows ${rows.length}, shown ${devices.reduce((n, d) => n + d.received.length, 0)}, reconnects ${reconnects}` +
      `\nlost ${lost}, duplicated ${duplicated}, out of order ${outOfOrder}`,
  );

  for (const device of devices) void device.client?.dispose();
  await Promise.all([...apis, worker].map((i) => i.process?.stop() ?? Promise.resolve()));
  await cluster?.stop();
  await single?.stop();
  if (!args.keep) await dropBenchDatabase(DATABASE);
  process.exitCode = lost + duplicated + outOfOrder === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
