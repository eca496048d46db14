/**
 * `broadcast:all` on a Redis Cluster: classic Pub/Sub against per-shard channels
 * (`node --import tsx bench/broadcast-cluster.ts`). A cluster of three masters with a
 * replica each on free ports; three subscribers (one per "instance"); one publisher sends
 * `--messages` broadcasts of `--bytes` each, pipelined. Classic: every subscriber SUBSCRIBEs
 * one channel and each broadcast is one PUBLISH, which the cluster bus carries to every
 * node. Sharded: every subscriber SSUBSCRIBEs one channel per master and each broadcast is
 * one SPUBLISH to the next of them, which only that shard (master and replica) carries.
 * Prints, per mode, the median over interleaved rounds of the time until every subscriber
 * has every message and the CPU all six redis-server processes spent.
 */
import { parseArgs } from 'node:util';
import { Cluster } from 'ioredis';
import { RedisClusterUnderTest } from '../test/helpers/redis-cluster.js';
import { slotOf } from '../src/redis/key-slot.js';
import { cpuMs } from './lib/procstat.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, bytes: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '5' } } });
const MESSAGES = Number(values.messages);
const payload = 'x'.repeat(Number(values.bytes));
const ROUNDS = Number(values.rounds);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const cluster = await RedisClusterUnderTest.start({ masters: 3, replicasPerMaster: 1 });
  const nodes = cluster.seeds.split(',').map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) }));
  const connect = () => new Cluster(nodes, { shardedSubscribers: true, enableAutoPipelining: true });
  // One channel per master: tags whose slots three different masters serve.
  const shardChannels: string[] = [];
  const masters = new Set<number>();
  for (let i = 0; shardChannels.length < 3; i++) {
    const channel = `bc:{s${i}}`;
    const master = await cluster.masterOfSlot(slotOf(channel));
    if (!masters.has(master)) {
      masters.add(master);
      shardChannels.push(channel);
    }
  }
  const publisher = connect();
  const subscribers = [connect(), connect(), connect()];
  const received = subscribers.map(() => 0);
  subscribers.forEach((s, i) => {
    s.on('message', () => received[i]!++);
    s.on('smessage', () => received[i]!++);
  });
  await Promise.all(subscribers.map(async (s) => {
    await s.subscribe('bc:all');
    for (const c of shardChannels) await s.ssubscribe(c);
  }));
  await new Promise((r) => setTimeout(r, 500));

  async function round(mode: 'classic' | 'sharded'): Promise<{ ms: number; redisCpuMs: number }> {
    received.fill(0);
    const pids = cluster.pids();
    const cpuBefore = pids.reduce((n, p) => n + (cpuMs(p) ?? 0), 0);
    const started = performance.now();
    for (let i = 0; i < MESSAGES; i += 100) {
      const batch: Array<Promise<unknown>> = [];
      for (let k = i; k < Math.min(i + 100, MESSAGES); k++) {
        batch.push(mode === 'classic' ? publisher.publish('bc:all', payload) : publisher.spublish(shardChannels[k % 3]!, payload));
      }
      await Promise.all(batch);
    }
    while (received.some((n) => n < MESSAGES)) await new Promise((r) => setTimeout(r, 2));
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 200));
    return { ms, redisCpuMs: pids.reduce((n, p) => n + (cpuMs(p) ?? 0), 0) - cpuBefore };
  }

  const results = { classic: [] as Array<{ ms: number; redisCpuMs: number }>, sharded: [] as Array<{ ms: number; redisCpuMs: number }> };
  await round('classic');
  await round('sharded');
  for (let r = 0; r < ROUNDS; r++) {
    results.classic.push(await round('classic'));
    results.sharded.push(await round('sharded'));
  }
  console.log(`${MESSAGES} broadcasts of ${payload.length} bytes to 3 subscribers, 3 masters + 3 replicas, median of ${ROUNDS} interleaved rounds`);
  console.log('| mode | all received after ms | redis-server CPU ms (6 processes) | per broadcast µs |');
  console.log('|---|---|---|---|');
  for (const mode of ['classic', 'sharded'] as const) {
    const cpu = median(results[mode].map((x) => x.redisCpuMs));
    console.log(`| ${mode} | ${median(results[mode].map((x) => x.ms)).toFixed(0)} | ${cpu.toFixed(0)} | ${((cpu * 1000) / MESSAGES).toFixed(1)} |`);
  }
  publisher.disconnect();
  for (const s of subscribers) s.disconnect();
  await cluster.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
