/**
 * The instance bus's Redis transport on its own: a burst of channel subscribes, publishes and
 * receives between two bus instances, and a burst of unsubscribes, through a real Redis.
 * Prints CPU time (process.cpuUsage, both instances are in this process), wall time, socket
 * writes on the subscriber connection and the live heap of the subscriptions.
 *
 *   node --expose-gc --import tsx bench/bus-transport.ts [--port 6379] [--channels 2000]
 *        [--messages 20000] [--rounds 5] [--bus path/to/bus.ts] [--json]
 *
 * `--bus` loads another `MessageBus` with the same constructor (an older commit's, or one on
 * another transport) to compare; the numbers in src/redis/bus.ts are medians of runs of
 * each, interleaved, one round per process. The keys it makes are prefixed `bench:bus:`.
 * Not part of `npm run bench`; run it alone (it uses a whole core while it runs).
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { AppConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { MessageBus } from '../src/redis/bus.js';
import { RedisService } from '../src/redis/redis.service.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6379' },
    channels: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    bus: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const CHANNELS = Number(values.channels);
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);
const BATCH = 100;

type BusClass = new (redis: RedisService, logger: ReturnType<typeof createLogger>) => MessageBus;
const busModule = (await import(
  values.bus ? pathToFileURL(resolve(values.bus)).href : '../src/redis/bus.js'
)) as { MessageBus: BusClass };

const exposedGc = (globalThis as { gc?: () => void }).gc;
if (!exposedGc) throw new Error('run with node --expose-gc');
const gc: () => void = exposedGc;
const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function redisConfig(prefix: string): NonNullable<AppConfig['redis']> {
  return { url: null, host: '127.0.0.1', port, db: 0, keyPrefix: prefix, commandTimeoutMs: 5000, connectTimeoutMs: 2000 };
}

/** Counts the writes the socket hands to the kernel (one per _write/_writev). */
function countWrites(client: Redis): { count: () => number } {
  // Node's internal write path; both _write and _writev end here, once per socket write.
  const socket = client.stream as Socket & { _writeGeneric: (...args: unknown[]) => unknown };
  const original = socket._writeGeneric;
  let writes = 0;
  socket._writeGeneric = function (this: Socket, ...args: unknown[]) {
    writes++;
    return original.apply(this, args);
  };
  return { count: () => writes };
}

async function measure<T>(work: () => Promise<T>): Promise<{ cpuMs: number; wallMs: number; result: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start, result };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(2);
  }
}

async function round(): Promise<Record<string, number>> {
  const prefix = `bench:bus:${randomBytes(4).toString('hex')}:`;
  const serviceA = new RedisService(redisConfig(prefix), logger);
  const serviceB = new RedisService(redisConfig(prefix), logger);
  await until(() => serviceA.isConnected() && serviceB.isConnected());
  const a = new busModule.MessageBus(serviceA, logger);
  const b = new busModule.MessageBus(serviceB, logger);
  const observer = new Redis({ port });
  const channels = Array.from({ length: CHANNELS }, (_, i) => `user:${i}:messages`);
  const liveChannels = async (which = channels) => {
    const reply = (await observer.call('PUBSUB', 'NUMSUB', ...which.map((c) => prefix + c))) as Array<string | number>;
    let live = 0;
    for (let i = 1; i < reply.length; i += 2) if (Number(reply[i]) > 0) live++;
    return live;
  };
  // Channels go to Redis in order, so the last one being live means all are (checked after).
  const last = channels.slice(-1);
  // One node here: the subscriber is a plain connection.
  const writes = countWrites(serviceB.subscriber as Redis);
  let received = 0;
  const handler = () => {
    received++;
  };

  gc();
  await sleep(20);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const unsubscribes: Array<() => void> = [];
  const subscribe = await measure(async () => {
    for (const channel of channels) unsubscribes.push(b.subscribe(channel, handler));
    await until(async () => (await liveChannels(last)) === 1);
  });
  if ((await liveChannels()) !== CHANNELS) throw new Error('not every channel is live');
  const subscribeWrites = writes.count();
  gc();
  await sleep(20);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;

  const payload = JSON.stringify({ t: 'message', seq: 123456, id: '9876543210', content: 'x'.repeat(120) });
  const items = Array.from({ length: MESSAGES }, (_, i) => [channels[i % CHANNELS]!, payload] as [string, string]);

  // Receiving alone: the same messages published by a plain pipeline on another connection.
  const feeder = new Redis({ port });
  received = 0;
  const receive = await measure(async () => {
    for (let i = 0; i < items.length; i += BATCH) {
      const pipeline = feeder.pipeline();
      for (const [channel, body] of items.slice(i, i + BATCH)) pipeline.publish(prefix + channel, body);
      await pipeline.exec();
    }
    await until(() => received === MESSAGES);
  });
  feeder.disconnect();

  received = 0;
  const many = await measure(async () => {
    for (let i = 0; i < items.length; i += BATCH) {
      const how = await a.publishMany(items.slice(i, i + BATCH));
      if (how !== 'redis') throw new Error('publish went local');
    }
    await until(() => received === MESSAGES);
  });

  received = 0;
  const single = await measure(async () => {
    for (let i = 0; i < items.length; i += 1000) {
      await Promise.all(items.slice(i, i + 1000).map(([channel, body]) => a.publish(channel, body)));
    }
    await until(() => received === MESSAGES);
  });

  const before = writes.count();
  const unsubscribe = await measure(async () => {
    for (const off of unsubscribes) off();
    await until(async () => (await liveChannels(last)) === 0);
  });
  if ((await liveChannels()) !== 0) throw new Error('channels left subscribed');
  const unsubscribeWrites = writes.count() - before;

  observer.disconnect();
  await Promise.all([serviceA.close(), serviceB.close()]);
  return {
    'subscribe cpu ms': subscribe.cpuMs,
    'subscribe wall ms': subscribe.wallMs,
    'subscribe writes': subscribeWrites,
    'live heap KB': (heapAfter - heapBefore) / 1024,
    'receive cpu ms': receive.cpuMs,
    'receive wall ms': receive.wallMs,
    'publishMany cpu ms': many.cpuMs,
    'publishMany wall ms': many.wallMs,
    'publish cpu ms': single.cpuMs,
    'publish wall ms': single.wallMs,
    'unsubscribe cpu ms': unsubscribe.cpuMs,
    'unsubscribe wall ms': unsubscribe.wallMs,
    'unsubscribe writes': unsubscribeWrites,
  };
}

const rounds: Array<Record<string, number>> = [];
await round(); // warm-up: JIT, connections
for (let i = 0; i < ROUNDS; i++) rounds.push(await round());
if (values.json) {
  console.log(JSON.stringify(rounds));
  process.exit(0);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(`${CHANNELS} channels, ${MESSAGES} messages, median of ${ROUNDS} rounds (${values.bus ?? 'src/redis/bus.ts'})`);
for (const key of Object.keys(rounds[0]!)) {
  console.log(`  ${key.padEnd(22)} ${median(rounds.map((r) => r[key]!)).toFixed(1).padStart(9)}`);
}
