import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { now, sleep } from './lib/clock.js';
import { BENCH_TENANT, dropBenchDatabase, MYSQL_SERVER, prepareBenchDatabase } from './lib/database.js';
import { LoadgenDriver } from './lib/driver.js';
import { groupCpuMs, groupRssBytes, pidsByName } from './lib/procstat.js';
import { compileTargets, REPO_ROOT } from './lib/processes.js';
import { SEND_OVERS, type ClosedResult, type ConnectResult, type FanoutResult, type RateResult, type ReadsResult, type SendOver } from './lib/protocol.js';
import { renderMarkdown } from './lib/report.js';
import { isValid, type BenchReport, type Machine, type PhaseCpu, type RunParams, type S2Row, type TargetResults } from './lib/results.js';
import { ALL_TARGETS, targetSpecs, type RunningTarget, type TargetId, type TargetSpec } from './lib/targets.js';
import { runSearchBench } from './search.js';

// `npm run bench` (quick), `npm run bench -- --full`; `--smoke` is the seconds-long version
// the test suite runs. Options: --targets a,b  --json <file>  --no-docs  --over http,socket
// (paths GraphQL targets send over, first = headline; default both)  --instances N (our
// server's processes, default 2)  --namespace NAME (databases and Redis keys, default bench). `--search` runs only
// the search scenario (bench/search.ts), `--messages N` sizes it; `--keep`/`--build-only` keep its
// database, `--reuse` measures again on the kept one; `--sends N --rounds R` size its sendMessage CPU part.

const MODES: Record<RunParams['mode'], RunParams> = {
  smoke: {
    mode: 'smoke',
    overs: [...SEND_OVERS],
    oursInstances: 2,
    warmupMs: 200,
    s1Sizes: [20],
    hold: 20,
    senders: 5,
    s2Rates: [100],
    s2Ms: 500,
    drainMs: 3000,
    s3: { recipients: 10, repetitions: 3, gapMs: 100 },
    s4: { concurrency: 5, recipients: [1], ms: 500 },
    s5: null,
    s6: null,
    idleMs: 300,
    connectConcurrency: 10,
  },
  quick: {
    mode: 'quick',
    overs: [...SEND_OVERS],
    oursInstances: 2,
    warmupMs: 1000,
    // 2,000 held sockets keep quick mode within five minutes for all four targets.
    s1Sizes: [2000],
    hold: 2000,
    senders: 100,
    s2Rates: [250, 1000, 2000, 4000],
    s2Ms: 2000,
    drainMs: 3000,
    s3: { recipients: 1000, repetitions: 5, gapMs: 250 },
    s4: { concurrency: 100, recipients: [1, 10, 100], ms: 2000 },
    s5: { probeMs: 2000, maxRate: 16000 },
    s6: { ms: 2000, concurrency: 32 },
    idleMs: 1000,
    connectConcurrency: 64,
  },
  full: {
    mode: 'full',
    overs: [...SEND_OVERS],
    oursInstances: 2,
    warmupMs: 2000,
    s1Sizes: [1000, 5000, 10000],
    hold: 5000,
    senders: 100,
    s2Rates: [250, 1000, 2000, 4000],
    s2Ms: 10000,
    drainMs: 5000,
    s3: { recipients: 1000, repetitions: 30, gapMs: 300 },
    s4: { concurrency: 100, recipients: [1, 10, 100], ms: 8000 },
    s5: { probeMs: 6000, maxRate: 16000 },
    s6: { ms: 5000, concurrency: 32 },
    // Longer than a keep-alive period (ours and socket.io's ping every 25 s): every target pays each socket's ping once in it.
    idleMs: 26_000,
    connectConcurrency: 64,
  },
};

/** Our server's read cache switched off, for S6's comparison. */
const OURS_CACHE_OFF_ENV: Record<string, string> | null = { CACHE_ENABLED: 'false' };

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const params: RunParams = { ...MODES[flag('--smoke') ? 'smoke' : flag('--full') ? 'full' : 'quick'] };
const overOption = option('--over');
if (overOption) {
  const overs = overOption.split(',');
  const unknown = overs.filter((o) => !(SEND_OVERS as readonly string[]).includes(o));
  if (unknown.length > 0 || overs.length === 0) throw new Error(`--over takes ${SEND_OVERS.join(',')}; got ${overOption}`);
  params.overs = overs as SendOver[];
}
if (option('--instances')) params.oursInstances = Math.max(1, Number(option('--instances')));
const targets = (option('--targets')?.split(',') ?? ALL_TARGETS) as TargetId[];
// --namespace: the databases' and Redis keys' prefix (another person's run on a shared server uses another).
const namespace = params.mode === 'smoke' ? `bench_smoke_${process.pid}` : (option('--namespace') ?? 'bench');
const specs = targetSpecs(namespace, params.mode !== 'smoke', params.oursInstances);
const secret = randomBytes(32).toString('base64url');
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const SATURATED_P99_MS = 1000;
const S5_P99_MS = 100;

function machine(): Promise<Machine> {
  const sh = (cmd: string, fallback: string) => {
    try {
      return execFileSync('sh', ['-c', cmd], { cwd: REPO_ROOT }).toString().trim();
    } catch {
      return fallback;
    }
  };
  return (async () => {
    const conn = await mysql.createConnection({ uri: MYSQL_SERVER });
    const [rows] = await conn.query('SELECT VERSION() AS v');
    await conn.end();
    const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    await redis.connect();
    const info = await redis.info('server');
    redis.disconnect();
    const dirty = sh('git status --porcelain -- src | head -1', '') ? ' (src/ with uncommitted changes)' : '';
    return {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      kernel: `${os.type()} ${os.release()}`,
      node: process.version,
      mariadb: (rows as Array<{ v: string }>)[0]?.v ?? 'unknown',
      redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
      openFiles: sh('ulimit -n', 'unknown'),
      commit: sh('git rev-parse --short HEAD', 'unknown') + dirty,
    };
  })();
}

/** Deletes what an earlier run left under the namespace's Redis prefix. */
async function clearRedis(prefix: string): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    for (let rounds = 0; rounds < 10_000; rounds++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}

class TargetRun {
  readonly results: TargetResults;
  private running!: RunningTarget;
  private loadgen!: LoadgenDriver;
  private phase = 0;
  private readonly services = pidsByName(['mariadbd', 'mysqld', 'redis-server']);
  private readonly redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });

  constructor(private readonly spec: TargetSpec) {
    this.results = {
      target: spec.id,
      description: spec.description,
      processes: 0,
      baselineRssMB: 0,
      notes: [],
      s1: [],
      s2: [],
      s3: [],
      s4: [],
      s5: [],
      s6: [],
    };
  }

  /** The paths this target takes sends over: GraphQL targets the requested ones, socket targets their socket. */
  private get overs(): SendOver[] {
    return this.spec.flavor === 'graphql-ws' ? params.overs : ['socket'];
  }

  private get serverPids(): number[] {
    return this.running.processes.map((p) => p.pid);
  }

  private note(text: string): void {
    this.results.notes.push(text);
    log(`${this.spec.id}: ${text}`);
  }

  /** Runs `fn` and reads every process's CPU around it. */
  private async measured<T>(fn: () => Promise<T>): Promise<{ result: T; cpu: PhaseCpu }> {
    const servers = this.serverPids;
    const s0 = groupCpuMs(servers);
    const v0 = groupCpuMs(this.services);
    const l0 = groupCpuMs([this.loadgen.pid]);
    const t0 = now();
    const result = await fn();
    return {
      result,
      cpu: {
        server: groupCpuMs(servers) - s0,
        services: groupCpuMs(this.services) - v0,
        loadgen: groupCpuMs([this.loadgen.pid]) - l0,
        wallMs: now() - t0,
      },
    };
  }

  /** Waits until the servers are (nearly) idle, so a backlog does not leak into the next phase. */
  private async settle(maxMs = 8000): Promise<boolean> {
    const deadline = now() + maxMs;
    while (now() < deadline) {
      const c0 = groupCpuMs(this.serverPids);
      await sleep(300);
      if (groupCpuMs(this.serverPids) - c0 < 300 * 0.15 * this.serverPids.length) return true;
    }
    return false;
  }

  async run(): Promise<TargetResults> {
    const { spec } = this;
    const users = Math.max(...params.s1Sizes) + params.senders;
    log(`${spec.id}: preparing ${spec.database} with ${users} users`);
    await prepareBenchDatabase(spec.database, users);
    await clearRedis(spec.redisPrefix);
    this.running = await spec.start({ secret });
    this.results.processes = this.running.processes.length;
    this.loadgen = new LoadgenDriver();
    try {
      await this.loadgen.run({
        cmd: 'init',
        init: {
          flavor: spec.flavor,
          socketUrls: this.running.socketUrls,
          senderSocketUrl: this.running.senderSocketUrl,
          httpUrl: this.running.httpUrl,
          jwtSecret: secret,
          tenant: BENCH_TENANT,
          subscriberUsers: Math.max(...params.s1Sizes),
          senderUsers: params.senders,
          seed: 20240601,
        },
      });
      await sleep(500);
      this.results.baselineRssMB = groupRssBytes(this.serverPids) / 2 ** 20;
      await this.s1();
      await this.loadgen.run({ cmd: 'trim', count: params.hold });
      await this.waitLive(params.hold);
      const pushing = await this.warmup();
      if (pushing) {
        for (const over of this.overs) await this.s2(over);
        for (const over of this.overs) await this.s3(over);
      } else {
        this.note('no message reached a subscriber during warm-up: S2, S3 and S5 not run');
      }
      await this.s4();
      if (pushing) for (const over of this.overs) await this.s5(over);
      if (spec.id === 'ours' && params.s6) await this.s6('default');
    } finally {
      await this.loadgen.stop();
      await this.running.stop();
      this.redis.disconnect();
    }
    if (spec.id === 'ours' && params.s6) {
      if (OURS_CACHE_OFF_ENV) {
        this.running = await spec.start({ secret, extraEnv: OURS_CACHE_OFF_ENV });
        this.loadgen = new LoadgenDriver();
        try {
          await this.loadgen.run({
            cmd: 'init',
            init: {
              flavor: spec.flavor,
              socketUrls: this.running.socketUrls,
              senderSocketUrl: this.running.senderSocketUrl,
              httpUrl: this.running.httpUrl,
              jwtSecret: secret,
              tenant: BENCH_TENANT,
              subscriberUsers: params.hold,
              senderUsers: params.senders,
              seed: 1,
            },
          });
          await this.s6('off');
        } finally {
          await this.loadgen.stop();
          await this.running.stop();
        }
      } else {
        this.note('S6: the server has no switch for its read cache yet, so only its default configuration is measured');
      }
    }
    await dropBenchDatabase(spec.database);
    await clearRedis(spec.redisPrefix);
    return this.results;
  }

  private async waitLive(count: number): Promise<number | null> {
    const pattern = this.running.channelPattern;
    const t0 = now();
    if (!pattern) {
      await sleep(300);
      return null;
    }
    const deadline = t0 + 30_000;
    let live = 0;
    while (now() < deadline) {
      live = (await this.redis.pubsub('CHANNELS', pattern) as string[]).length;
      if (live >= count) return now() - t0;
      await sleep(50);
    }
    this.note(`only ${live} of ${count} subscriber channels live after 30 s`);
    return now() - t0;
  }

  private async s1(): Promise<void> {
    for (const size of params.s1Sizes) {
      log(`${this.spec.id}: S1 connecting up to ${size}`);
      const connect = await this.loadgen.run<ConnectResult>({ cmd: 'connect', count: size, concurrency: params.connectConcurrency });
      if (connect.failed > 0) this.note(`S1 ${size}: ${connect.failed} sockets failed (${connect.firstError})`);
      const liveAfterMs = await this.waitLive(connect.held);
      await this.settle(5000);
      const c0 = groupCpuMs(this.serverPids);
      const t0 = now();
      await sleep(params.idleMs);
      const idleCpuPct = ((groupCpuMs(this.serverPids) - c0) / (now() - t0)) * 100;
      const rss = groupRssBytes(this.serverPids);
      this.results.s1.push({
        target: this.spec.id,
        size,
        connect,
        liveAfterMs,
        rssMB: rss / 2 ** 20,
        rssPerSubscriberKB: (rss / 2 ** 20 - this.results.baselineRssMB) * 1024 / Math.max(1, connect.held),
        idleCpuPct,
      });
    }
  }

  private nextPhase(): number {
    return ++this.phase;
  }

  /** The first messages of a run, over every path: does anything reach a subscriber at all? */
  private async warmup(): Promise<boolean> {
    const rate = Math.min(200, params.s2Rates[0]!);
    let received = 0;
    for (const over of this.overs) {
      const warm = await this.loadgen.run<RateResult>({
        cmd: 'rate',
        phase: this.nextPhase(),
        rate,
        durationMs: params.mode === 'smoke' ? 300 : 1500,
        drainMs: 3000,
        over,
      });
      await this.settle();
      if (warm.sendErrors > 0) this.note(`warm-up over ${over}: ${warm.sendErrors} sends failed (${warm.firstError})`);
      received += warm.received;
    }
    return received > 0;
  }

  /**
   * Unmeasured sending over the same path just before a measured phase (JIT, pools, caches
   * and the path's connections warm), then a settle so its backlog stays out of the phase.
   * 1:1 at the phase's rate (at most 1,000/s), or a few fan-outs.
   */
  private async warmPath(over: SendOver, kind: { rate: number } | { recipients: number }): Promise<void> {
    if (params.warmupMs <= 0) return;
    const phase = this.nextPhase();
    if ('rate' in kind) {
      await this.loadgen.run<RateResult>({ cmd: 'rate', phase, rate: Math.min(kind.rate, 1000), durationMs: params.warmupMs, drainMs: params.drainMs, over });
    } else {
      const repetitions = Math.max(2, Math.round(params.warmupMs / params.s3.gapMs));
      await this.loadgen.run<FanoutResult>({ cmd: 'fanout', phase, recipients: kind.recipients, repetitions, gapMs: params.s3.gapMs, drainMs: params.drainMs, over });
    }
    await this.settle();
  }

  private async ratePhase(rate: number, durationMs: number, over: SendOver): Promise<{ result: RateResult; cpu: PhaseCpu }> {
    await this.warmPath(over, { rate });
    const phase = this.nextPhase();
    const measured = await this.measured(() =>
      this.loadgen.run<RateResult>({ cmd: 'rate', phase, rate, durationMs, drainMs: params.drainMs, over }),
    );
    if (!(await this.settle())) this.note(`still busy 8 s after the ${rate}/s phase over ${over}`);
    return measured;
  }

  private async s2(over: SendOver): Promise<void> {
    let saturatedAt: number | null = null;
    for (const rate of params.s2Rates) {
      if (saturatedAt !== null) {
        this.results.s2.push({ target: this.spec.id, rate, over, result: null, cpu: null, skipped: `saturated at ${saturatedAt}/s` });
        continue;
      }
      log(`${this.spec.id}: S2 ${rate}/s over ${over}`);
      const { result, cpu } = await this.ratePhase(rate, params.s2Ms, over);
      this.results.s2.push({ target: this.spec.id, rate, over, result, cpu, skipped: null });
      if (result.lost > result.intended * 0.01 || result.latency.p99 > SATURATED_P99_MS) saturatedAt = rate;
    }
  }

  private async s3(over: SendOver): Promise<void> {
    const { recipients, repetitions, gapMs } = params.s3;
    log(`${this.spec.id}: S3 fan-out to ${recipients} over ${over}`);
    await this.warmPath(over, { recipients });
    const phase = this.nextPhase();
    const { result, cpu } = await this.measured(() =>
      this.loadgen.run<FanoutResult>({ cmd: 'fanout', phase, recipients, repetitions, gapMs, drainMs: params.drainMs, over }),
    );
    this.results.s3.push({ target: this.spec.id, over, result, cpu });
    await this.settle();
  }

  private async s4(): Promise<void> {
    // Every target takes sends on a socket; GraphQL targets also (headline) over HTTP POST.
    const runs = this.overs.flatMap((over) => params.s4.recipients.map((recipients) => ({ recipients, over })));
    for (const { recipients, over } of runs) {
      log(`${this.spec.id}: S4 ${params.s4.concurrency} senders × ${recipients} recipients over ${over}`);
      const closedLoop = (phase: number, durationMs: number) =>
        this.loadgen.run<ClosedResult>({
          cmd: 'closed',
          phase,
          concurrency: params.s4.concurrency,
          recipients,
          durationMs,
          drainMs: params.drainMs,
          over,
        });
      if (params.warmupMs > 0) {
        await closedLoop(this.nextPhase(), Math.min(params.warmupMs, params.s4.ms));
        await this.settle();
      }
      const phase = this.nextPhase();
      const { result, cpu } = await this.measured(() => closedLoop(phase, params.s4.ms));
      this.results.s4.push({ target: this.spec.id, recipients, over, result, cpu });
      if (result.errors > 0) this.note(`S4 ×${recipients} over ${over}: ${result.errors} sends failed (${result.firstError})`);
      await this.settle();
    }
  }

  /** The highest 1:1 rate with p99 under 100 ms and nothing lost: S2's rates, then probes around them. */
  private async s5(over: SendOver): Promise<void> {
    if (!params.s5) return;
    const { probeMs, maxRate } = params.s5;
    const probes: Array<{ rate: number; result: RateResult }> = this.results.s2
      .filter((r): r is S2Row & { result: RateResult } => r.result !== null && r.over === over)
      .map((r) => ({ rate: r.rate, result: r.result }));
    const passes = (r: RateResult) => r.lost === 0 && r.sendErrors === 0 && r.latency.p99 < S5_P99_MS;
    const best = () => Math.max(0, ...probes.filter((p) => passes(p.result)).map((p) => p.rate));
    const lowestFail = () => Math.min(Infinity, ...probes.filter((p) => !passes(p.result)).map((p) => p.rate));
    const probe = async (rate: number) => {
      log(`${this.spec.id}: S5 probing ${rate}/s over ${over}`);
      const { result } = await this.ratePhase(rate, probeMs, over);
      probes.push({ rate, result });
      return passes(result);
    };
    if (lowestFail() === Infinity) {
      for (const rate of [6000, 8000, 12000, 16000].filter((r) => r > best() && r <= maxRate)) {
        if (!(await probe(rate))) break;
      }
    } else if (best() === 0) {
      for (const rate of [125, 60]) if (await probe(rate)) break;
    }
    const low = best();
    const high = lowestFail();
    if (low > 0 && high !== Infinity && high - low > low * 0.2) {
      await probe(Math.round((low + high) / 2 / 50) * 50);
    }
    const winner = probes.filter((p) => passes(p.result) && p.rate === best())[0];
    const failing = probes.filter((p) => !passes(p.result)).sort((a, b) => a.rate - b.rate)[0];
    const reason = (r: RateResult) =>
      r.lost > 0 || r.sendErrors > 0
        ? `${r.lost} of ${r.intended} lost`
        : `p99 ${r.latency.p99.toFixed(1)} ms`;
    this.results.s5.push({
      target: this.spec.id,
      over,
      best: winner ? winner.rate : null,
      bestP99: winner ? winner.result.latency.p99 : null,
      firstFail: failing ? { rate: failing.rate, reason: reason(failing.result) + (isValid(failing.result.lagP99Ms) ? '' : ', load generator lagging') } : null,
      probes: probes
        .sort((a, b) => a.rate - b.rate)
        .map((p) => ({ rate: p.rate, p99: p.result.latency.p99, lost: p.result.lost, valid: isValid(p.result.lagP99Ms) })),
    });
  }

  private async s6(cache: string): Promise<void> {
    if (!params.s6) return;
    const queries: Array<[string, string]> = [
      ['messages (first page)', '{ messages(first: 20) { edges { cursor node { id content createdAt isRead } } pageInfo { hasNextPage endCursor } } }'],
      ['unreadCount', '{ unreadCount }'],
    ];
    for (const [name, query] of queries) {
      log(`${this.spec.id}: S6 ${name}, cache ${cache}`);
      const result = await this.loadgen.run<ReadsResult>({
        cmd: 'reads',
        query,
        users: params.hold,
        concurrency: params.s6.concurrency,
        durationMs: params.s6.ms,
      });
      if (result.errors > 0) this.note(`S6 ${name}: ${result.errors} errors (${result.firstError})`);
      this.results.s6.push({ cache, query: name, result });
    }
  }
}

/** What docs/benchmarks.md holds from `## Profiles` on: written by hand, kept by every run. */
function handWrittenPart(doc: string): string {
  const at = doc.indexOf('\n## Profiles');
  return at < 0 ? '' : doc.slice(at);
}

async function main(): Promise<void> {
  // The search scenario alone (bench/search.ts): `npm run bench -- --search [--messages N]`.
  if (flag('--search')) {
    const keep = flag('--keep') || flag('--build-only');
    console.log(
      await runSearchBench(Number(option('--messages') ?? 1_000_000), {
        keep,
        reuse: flag('--reuse'),
        buildOnly: flag('--build-only'),
        sends: option('--sends') ? Number(option('--sends')) : undefined,
        rounds: option('--rounds') ? Number(option('--rounds')) : undefined,
      }),
    );
    return;
  }
  const startedAt = new Date();
  log(`mode ${params.mode}, targets ${targets.join(', ')}`);
  if (params.mode !== 'smoke') {
    log('compiling the targets');
    compileTargets();
  }
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    durationS: 0,
    machine: await machine(),
    params,
    targets: [],
  };
  for (const id of targets) {
    const spec = specs[id];
    if (!spec) throw new Error(`unknown target ${id}; known: ${ALL_TARGETS.join(', ')}`);
    try {
      report.targets.push(await new TargetRun(spec).run());
    } catch (error) {
      log(`${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      report.targets.push({
        target: id,
        description: spec.description,
        processes: 0,
        baselineRssMB: 0,
        notes: [`run failed: ${String((error as Error).message ?? error).split('\n')[0]}`],
        s1: [],
        s2: [],
        s3: [],
        s4: [],
        s5: [],
        s6: [],
      });
      await dropBenchDatabase(spec.database).catch(() => undefined);
    }
  }
  report.finishedAt = new Date().toISOString();
  report.durationS = Math.round((Date.now() - startedAt.getTime()) / 1000);
  const markdown = renderMarkdown(report);
  console.log(markdown);
  const docsPath = join(REPO_ROOT, 'docs/benchmarks.md');
  const json = option('--json');
  if (json) writeFileSync(json, JSON.stringify(report, null, 2));
  if (params.mode !== 'smoke' && !flag('--no-docs')) {
    // The hand-written sections (profiles, before and after) stay below the generated part.
    writeFileSync(docsPath, markdown + handWrittenPart(existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : ''));
    log('wrote docs/benchmarks.md');
  }
  log(`done in ${report.durationS} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
