import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { MessageBus } from '../src/redis/bus.js';
import { RedisService } from '../src/redis/redis.service.js';
import { OwnRedis } from './helpers/redis-server.js';
import { until } from './helpers/ws.js';

// The bus on its own against a redis-server of this file's (it is stopped and started again
// below, and its command statistics must count only this file's commands).
const COMMAND_TIMEOUT_MS = 300;
const PREFIX = 'bus-test:';
const logger = createLogger('silent');
let redis: OwnRedis;
let observer: ReturnType<OwnRedis['client']>;
const services: RedisService[] = [];

function redisConfig(): NonNullable<AppConfig['redis']> {
  return {
    url: null,
    host: '127.0.0.1',
    port: redis.port,
    db: 0,
    keyPrefix: PREFIX,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    connectTimeoutMs: 300,
  };
}

/** A bus as one server instance has it: its own two connections, connected. */
async function instance(): Promise<{ bus: MessageBus; service: RedisService }> {
  const service = new RedisService(redisConfig(), logger);
  services.push(service);
  await until(() => service.isConnected(), 5000);
  return { bus: new MessageBus(service, logger), service };
}

/** Subscribers per channel as Redis counts them. */
async function numsub(channels: string[]): Promise<number[]> {
  const reply = (await observer.call('PUBSUB', 'NUMSUB', ...channels.map((c) => PREFIX + c))) as Array<string | number>;
  return reply.filter((_, i) => i % 2 === 1).map(Number);
}

async function subscribeCalls(): Promise<number> {
  const stats = await observer.info('commandstats');
  return Number(/cmdstat_subscribe:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

const nextTick = () => new Promise((r) => setImmediate(r));

function inbox(): { handler: (payload: string) => void; received: string[] } {
  const received: string[] = [];
  return { handler: (payload) => received.push(payload), received };
}

beforeAll(async () => {
  redis = await OwnRedis.start();
  observer = redis.client();
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  observer?.disconnect();
  await redis?.stop();
});

describe('publish and subscribe between instances', () => {
  it('a handler on one instance receives what the other publishes, both ways, once', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const onA = inbox();
    const onB = inbox();
    a.bus.subscribe('user:1:messages', onA.handler);
    b.bus.subscribe('user:1:messages', onB.handler);
    await until(async () => (await numsub(['user:1:messages']))[0] === 2);

    await a.bus.publish('user:1:messages', 'from a');
    expect(await b.bus.publishMany([['user:1:messages', 'from b 1'], ['user:1:messages', 'from b 2']])).toBe('redis');
    await until(() => onA.received.length === 3 && onB.received.length === 3);
    await new Promise((r) => setTimeout(r, 50)); // nothing arrives twice
    expect(onA.received).toEqual(['from a', 'from b 1', 'from b 2']);
    expect(onB.received).toEqual(['from a', 'from b 1', 'from b 2']);
  });

  it('a channel is subscribed while one handler listens and unsubscribed when the last leaves', async () => {
    const { bus } = await instance();
    const first = inbox();
    const second = inbox();
    const offFirst = bus.subscribe('user:2:messages', first.handler);
    const offSecond = bus.subscribe('user:2:messages', second.handler);
    await until(async () => (await numsub(['user:2:messages']))[0] === 1);
    offFirst();
    offFirst(); // twice is harmless
    await bus.publish('user:2:messages', 'still here');
    await until(() => second.received.length === 1);
    expect(first.received).toEqual([]);
    expect(bus.channelCount()).toBe(1);
    offSecond();
    expect(bus.channelCount()).toBe(0);
    await until(async () => (await numsub(['user:2:messages']))[0] === 0);
  });

  it('a burst of 1,000 subscriptions is live after one tick, in one SUBSCRIBE', async () => {
    const { bus, service } = await instance();
    const channels = Array.from({ length: 1000 }, (_, i) => `user:${1000 + i}:messages`);
    const callsBefore = await subscribeCalls();
    const offs = channels.map((channel) => bus.subscribe(channel, () => undefined));
    await nextTick();
    // A round trip on the subscriber itself: Redis has run what the bus sent in that tick.
    await service.subscriber!.ping();
    expect((await numsub(channels)).every((n) => n === 1)).toBe(true);
    expect((await subscribeCalls()) - callsBefore).toBe(1);

    for (const off of offs) off();
    await nextTick();
    await service.subscriber!.ping();
    expect((await numsub(channels)).every((n) => n === 0)).toBe(true);
  });
});

describe('without Redis', () => {
  it('with none configured, publishes reach the local handlers', async () => {
    const bus = new MessageBus(new RedisService(null, logger), logger);
    const local = inbox();
    bus.subscribe('user:3:messages', local.handler);
    await bus.publish('user:3:messages', 'one');
    expect(await bus.publishMany([['user:3:messages', 'two'], ['user:4:messages', 'nobody']])).toBe('local');
    expect(local.received).toEqual(['one', 'two']);
  });
});

describe('Redis dies and comes back', () => {
  it('while it is down publishes reach local handlers without hanging; after it restarts every channel is subscribed again', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const kept = inbox();
    const remote = inbox();
    a.bus.subscribe('user:5:messages', kept.handler);
    const offLeaving = a.bus.subscribe('user:6:messages', () => undefined);
    b.bus.subscribe('user:5:messages', remote.handler);
    await until(async () => (await numsub(['user:5:messages', 'user:6:messages'])).join() === '2,1');

    await redis.stop();
    // Right as it dies (before the instance has noticed) and while it is down: bounded.
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await a.bus.publish('user:5:messages', `down ${i}`);
      expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS * 2);
    }
    await until(() => a.service.mode() === 'degraded', 5000);
    const started = performance.now();
    expect(await a.bus.publishMany([['user:5:messages', 'down 3']])).toBe('local');
    expect(performance.now() - started).toBeLessThan(50);
    expect(kept.received).toEqual(['down 0', 'down 1', 'down 2', 'down 3']);
    // Subscriptions change while Redis is away.
    const added = inbox();
    a.bus.subscribe('user:7:messages', added.handler);
    offLeaving();
    await nextTick();

    await redis.start();
    await until(() => a.service.isConnected() && b.service.isConnected(), 10_000);
    await until(async () => (await numsub(['user:5:messages', 'user:7:messages'])).join() === '2,1', 5000);
    expect(await numsub(['user:6:messages'])).toEqual([0]);
    expect(await b.bus.publishMany([['user:5:messages', 'back'], ['user:7:messages', 'new']])).toBe('redis');
    await until(() => kept.received.length === 5 && remote.received.length === 1 && added.received.length === 1);
    expect(kept.received.at(-1)).toBe('back');
    expect(remote.received).toEqual(['back']);
    expect(added.received).toEqual(['new']);
  });
});
