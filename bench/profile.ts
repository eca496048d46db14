import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { sleep } from './lib/clock.js';
import { BENCH_TENANT, dropBenchDatabase, prepareBenchDatabase } from './lib/database.js';
import { LoadgenDriver } from './lib/driver.js';
import { summarize, type CpuProfile } from './lib/cpu-profile.js';
import { compileTargets } from './lib/processes.js';
import { groupCpuMs } from './lib/procstat.js';
import { SEND_OVERS, type FanoutResult, type RateResult, type SendOver } from './lib/protocol.js';
import { targetSpecs } from './lib/targets.js';

// `npm run bench:profile -- <dir> [--scenario rate|fanout|idle] [--subscribers N] [--over http|socket] [--rate N]
// [--seconds S] [--recipients N] [--env K=V,…] [--no-build] [--no-prof] [--metrics]`: our server's two compiled instances under
// `node --cpu-prof`, one scenario after a warm-up, then a summary of each profile's
// functions by self time (bench/lib/cpu-profile.ts). The profiles stay in <dir>.

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const dir = resolve(args[0] && !args[0].startsWith('--') ? args[0] : 'cpu-profiles');
const scenario = option('--scenario', 'rate');
const over = option('--over', 'http') as SendOver;
if (!SEND_OVERS.includes(over)) throw new Error(`--over takes ${SEND_OVERS.join(' or ')}`);
const seconds = Number(option('--seconds', '10'));
const rate = Number(option('--rate', '500'));
const recipients = Number(option('--recipients', '1000'));
const subscribers = Number(option('--subscribers', '2000'));

async function main(): Promise<void> {
  if (!args.includes('--no-build')) compileTargets();
  mkdirSync(dir, { recursive: true });
  // --no-prof: the same run without the profiler (whose sampling thread costs CPU of its own), for the /proc figures.
  if (!args.includes('--no-prof')) process.env.BENCH_CPU_PROF = dir;
  const spec = targetSpecs('bench_profile', true, 2).ours;
  const secret = randomBytes(32).toString('base64url');
  await prepareBenchDatabase(spec.database, subscribers + 100);
  // --env K=V,K2=V2: the servers' environment beside the bench's (e.g. GRAPHQL_HTTP_FAST_PATH=false for an A/B).
  const extraEnv = Object.fromEntries(
    option('--env', '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const running = await spec.start({ secret, extraEnv });
  const roles = new Map(running.processes.map((p, i) => [p.pid, i === 0 ? 'devices (sockets held here)' : 'senders (sendMessage arrives here)']));
  const loadgen = new LoadgenDriver();
  let phase = 0;
  let window: { fromUs: number; toUs: number } | undefined;
  try {
    await loadgen.run({
      cmd: 'init',
      init: {
        flavor: spec.flavor,
        socketUrls: running.socketUrls,
        senderSocketUrl: running.senderSocketUrl,
        httpUrl: running.httpUrl,
        jwtSecret: secret,
        tenant: BENCH_TENANT,
        subscriberUsers: subscribers,
        senderUsers: 100,
        seed: 7,
      },
    });
    await loadgen.run({ cmd: 'connect', count: subscribers, concurrency: 64 });
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    while (((await redis.pubsub('CHANNELS', running.channelPattern!)) as string[]).length < subscribers) await sleep(100);
    redis.disconnect();
    const run = async (ms: number) => {
      if (scenario === 'idle') return sleep(ms).then(() => ({ idleMs: ms }));
      if (scenario === 'fanout') {
        const repetitions = Math.max(2, Math.round(ms / 300));
        return loadgen.run<FanoutResult>({ cmd: 'fanout', phase: ++phase, recipients, repetitions, gapMs: 300, drainMs: 5000, over });
      }
      return loadgen.run<RateResult>({ cmd: 'rate', phase: ++phase, rate, durationMs: ms, drainMs: 5000, over });
    };
    await run(3000);
    await sleep(1000);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    // Each process's CPU from /proc (every thread: GC helpers, libuv's pool), beside the profile's main-thread samples.
    const cpu0 = running.processes.map((p) => groupCpuMs([p.pid]));
    const result = await run(seconds * 1000);
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    const wallMs = (window.toUs - fromUs) / 1000;
    running.processes.forEach((p, i) => {
      const ms = groupCpuMs([p.pid]) - cpu0[i]!;
      console.error(`${roles.get(p.pid)}: ${ms.toFixed(0)} ms of CPU (all threads) in ${wallMs.toFixed(0)} ms: ${((ms / wallMs) * 100).toFixed(1)} % of a core`);
    });
    console.error(JSON.stringify(result, (k, v: unknown) => (k === 'firstError' && v === null ? undefined : v)));
    if (args.includes('--metrics')) await printMetrics([running.socketUrls[0]!, running.httpUrl!]);
  } finally {
    await loadgen.stop();
    // Thousands of sockets closing keep a server busy for a while; a server still shutting
    // down when stopped is killed, and writes no profile.
    await sleep(Math.min(15_000, subscribers));
    await running.stop();
    await dropBenchDatabase(spec.database);
  }
  const names = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const lines: string[] = [];
  for (const name of names) lines.push(`## ${roles.get(Number(name.split('.')[3])) ?? 'another process'}: ${name}`, summarize(JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile, 30, window ?? null), '');
  writeFileSync(join(dir, `summary-${scenario}-${over}.md`), lines.join('\n'));
  console.log(lines.join('\n'));
}

/**
 * --metrics: each instance's latency histograms and event-loop lag from its /metrics (since it
 * started, warm-up included), as the share of observations at or under each bucket, to tell
 * where a tail comes from: the commit and its statements, the push after commit, a stalled loop.
 */
async function printMetrics(urls: string[]): Promise<void> {
  const wanted = /^(mm_push_latency_seconds|mm_db_query_duration_seconds|mm_redis_command_duration_seconds|mm_graphql_operation_duration_seconds)_bucket|^nodejs_eventloop_lag_(p50|p99|max)_seconds/;
  for (const [i, url] of urls.entries()) {
    const text = await (await fetch(new URL('/metrics', url.replace(/^ws/, 'http')))).text();
    const counts = new Map<string, Array<[string, number]>>();
    const lines: string[] = [];
    for (const line of text.split('\n')) {
      if (!wanted.test(line)) continue;
      const bucket = /^(\w+)_bucket\{(.*?)le="([^"]+)"\} (\S+)$/.exec(line);
      if (!bucket) {
        lines.push(line);
        continue;
      }
      const key = `${bucket[1]}{${bucket[2]!.replace(/,$/, '')}}`;
      counts.set(key, [...(counts.get(key) ?? []), [bucket[3]!, Number(bucket[4])]]);
    }
    for (const [key, buckets] of counts) {
      const total = buckets.at(-1)![1];
      if (total === 0) continue;
      lines.push(`${key} n=${total}: ${buckets.slice(0, -1).map(([le, n]) => `≤${le}s ${((n / total) * 100).toFixed(1)}%`).join(' ')}`);
    }
    console.error(`## ${i === 0 ? 'devices' : 'senders'} /metrics\n${lines.join('\n')}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
