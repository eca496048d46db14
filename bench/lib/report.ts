import type { Percentiles } from './protocol.js';
import type { SendOver } from './protocol.js';
import { headlineOver, isValid, LAG_LIMIT_MS, type BenchReport, type PhaseCpu, type TargetResults } from './results.js';
import type { TargetId } from './targets.js';

const ms = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const num1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const validity = (lag: number) => (isValid(lag) ? `ok (${lag.toFixed(1)})` : `**invalid** (${lag.toFixed(1)})`);
const perUnit = (cpuMs: number, units: number) => (units > 0 ? num1((cpuMs * 1000) / units) : '—');

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Server CPU per message and per delivery, and everything's (server + MariaDB + Redis) per delivery. */
function cpuCells(cpu: PhaseCpu | null, messages: number, deliveries: number): string[] {
  if (!cpu) return ['—', '—', '—'];
  return [perUnit(cpu.server, messages), perUnit(cpu.server, deliveries), perUnit(cpu.server + cpu.services, deliveries)];
}

const CPU_HEADERS = ['server CPU µs/message', 'server CPU µs/delivery', 'server+MariaDB+Redis CPU µs/delivery'];

/** A target's rows over one path. */
const over = <T extends { over: SendOver }>(rows: T[], path: SendOver) => rows.filter((r) => r.over === path);
/** A target's headline rows: the split link (HTTP sends) where it has them, else the socket. */
const headline = <T extends { over: SendOver }>(rows: T[]) => over(rows, headlineOver(rows));

const p = (x: Percentiles) => [ms(x.p50), ms(x.p99)];

function byTarget(report: BenchReport): Map<TargetId, TargetResults> {
  return new Map(report.targets.map((t) => [t.target, t]));
}

function s1Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) =>
    t.s1.map((r) => [
      t.target,
      int(r.size),
      int(r.connect.held),
      int(r.connect.failed),
      ...p(r.connect.latency),
      r.liveAfterMs === null ? 'n/a' : ms(r.liveAfterMs),
      num1(r.rssMB),
      num1(r.rssPerSubscriberKB),
      num1(r.idleCpuPct),
      validity(r.connect.lagP99Ms),
    ]),
  );
  return table(
    ['target', 'subscribers', 'held', 'failed', 'connect+subscribe p50 ms', 'p99 ms', 'all channels live after ms', 'server RSS MB', 'RSS per subscriber KB', 'idle CPU % of a core', 'load generator (lag p99 ms)'],
    rows,
  );
}

function s2Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) =>
    t.s2.map((r) => {
      if (!r.result) return [t.target, r.over, int(r.rate), 'not run', r.skipped ?? '', '', '', '', '', '', '', '', ''];
      const x = r.result;
      return [
        t.target,
        r.over,
        int(r.rate),
        int(x.received),
        `${int(x.lost)}${x.sendErrors ? ` (${x.sendErrors} send errors)` : ''}${x.duplicates ? `, ${x.duplicates} dup` : ''}${x.misrouted ? `, ${x.misrouted} misrouted` : ''}`,
        ms(x.latency.p50),
        ms(x.latency.p99),
        ms(x.latency.p999),
        ms(x.latency.max),
        ...cpuCells(r.cpu, x.sent, x.received),
        validity(x.lagP99Ms),
      ];
    }),
  );
  return table(
    ['target', 'sent over', 'offered msg/s', 'delivered', 'lost', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', ...CPU_HEADERS, 'load generator (lag p99 ms)'],
    rows,
  );
}

function s3Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) =>
    t.s3.map((r) => {
      const x = r.result;
      const perSecond = x.last.p50 > 0 ? (x.recipients * 1000) / x.last.p50 : Number.NaN;
      return [
        t.target,
        r.over,
        int(x.recipients),
        int(x.repetitions),
        `${int(x.expected - x.received)}${x.sendErrors ? ` (${x.sendErrors} send errors)` : ''}`,
        ms(x.first.p50),
        ms(x.last.p50),
        ms(x.last.p99),
        int(perSecond),
        ...cpuCells(r.cpu, x.repetitions - x.sendErrors, x.received),
        validity(x.lagP99Ms),
      ];
    }),
  );
  return table(
    ['target', 'sent over', 'recipients', 'messages', 'deliveries lost', 'first delivery p50 ms', 'last delivery p50 ms', 'last delivery p99 ms', 'deliveries/s (p50)', ...CPU_HEADERS, 'load generator (lag p99 ms)'],
    rows,
  );
}

function s4Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) =>
    t.s4.map((r) => {
      const x = r.result;
      return [
        t.target,
        int(x.concurrency),
        int(x.recipients),
        r.over,
        int(x.perSecond),
        ...p(x.latency),
        ms(x.latency.p999),
        int(x.errors),
        int(x.expectedDeliveries - x.received),
        ...cpuCells(r.cpu, x.completed, x.received),
        validity(x.lagP99Ms),
      ];
    }),
  );
  return table(
    ['target', 'senders', 'recipients per message', 'sent over', 'messages/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'errors', 'deliveries lost', ...CPU_HEADERS, 'load generator (lag p99 ms)'],
    rows,
  );
}

function s5Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) => {
    if (t.s5.length === 0) return [[t.target, '', 'not run', '', '', '']];
    return t.s5.map((s) => [
      t.target,
      s.over,
      s.best === null ? 'none' : int(s.best),
      ms(s.bestP99),
      s.firstFail ? `${int(s.firstFail.rate)}/s: ${s.firstFail.reason}` : 'none up to the highest probe',
      s.probes.map((x) => `${x.rate}: ${ms(x.p99)} ms${x.lost ? `/${x.lost} lost` : ''}${x.valid ? '' : ' (lag)'}`).join('; '),
    ]);
  });
  return table(['target', 'sent over', 'highest 1:1 msg/s with p99 < 100 ms and no loss', 'p99 there ms', 'first rate that failed', 'all probes (rate: p99)'], rows);
}

function s6Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) =>
    t.s6.map((r) => [t.target, r.cache, r.query, int(r.result.perSecond), ...p(r.result.latency), int(r.result.errors), validity(r.result.lagP99Ms)]),
  );
  if (rows.length === 0) return '_Not run in this mode._';
  return table(['target', 'cache', 'query', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'load generator (lag p99 ms)'], rows);
}

const cpuPerUnit = (cpu: PhaseCpu | null | undefined, units: number | undefined) =>
  cpu && units && units > 0 ? (cpu.server * 1000) / units : null;

/** The numbers the ratios and targets compare, for one target over one path (its headline when null). */
function headlineNumbers(t: TargetResults, path: SendOver | null) {
  const pick = <T extends { over: SendOver }>(rows: T[]) => (path === null ? headline(rows) : over(rows, path));
  const s2 = (rate: number) => pick(t.s2).find((r) => r.rate === rate);
  const s3 = pick(t.s3)[0];
  const s4 = (recipients: number) => pick(t.s4).find((r) => r.recipients === recipients);
  const s1 = t.s1.at(-1);
  return {
    rssPerSubscriber: s1?.rssPerSubscriberKB ?? null,
    idleCpu: s1?.idleCpuPct ?? null,
    connectP99: s1?.connect.latency.p99 ?? null,
    p50At: (rate: number) => s2(rate)?.result?.latency.p50 ?? null,
    p99At: (rate: number) => s2(rate)?.result?.latency.p99 ?? null,
    cpuPerMessageAt: (rate: number) => cpuPerUnit(s2(rate)?.cpu, s2(rate)?.result?.sent),
    fanoutLastP99: s3?.result.last.p99 ?? null,
    fanoutCpuPerDelivery: s3 ? cpuPerUnit(s3.cpu, s3.result.received) : null,
    closedPerSecond: (recipients: number) => s4(recipients)?.result.perSecond ?? null,
    best: pick(t.s5)[0]?.best ?? null,
  };
}

type Numbers = ReturnType<typeof headlineNumbers>;

/** Ours over one path ÷ each peer's headline (socket) rows (higher is better for ours unless noted). */
function ratioTable(report: BenchReport, path: SendOver): string {
  const targets = byTarget(report);
  const ours = targets.get('ours');
  const peers: TargetId[] = ['ws-raw', 'socketio', 'naive-graphql'];
  if (!ours) return '_Our server was not in this run._';
  if (!ours.s2.some((r) => r.over === path) && !ours.s4.some((r) => r.over === path)) return `_Our server sent nothing over ${path} in this run._`;
  const mineN = headlineNumbers(ours, path);
  const metric = (name: string, get: (n: Numbers) => number | null, lowerIsBetter = false) => {
    const mine = get(mineN);
    return [
      name,
      ...peers.map((peer) => {
        const t = targets.get(peer);
        const theirs = t ? get(headlineNumbers(t, null)) : null;
        if (mine === null || theirs === null || !Number.isFinite(mine) || !Number.isFinite(theirs) || theirs === 0) return '—';
        const ratio = mine / theirs;
        return `${ratio.toFixed(2)}×${lowerIsBetter ? ' (lower is better)' : ''}`;
      }),
    ];
  };
  const rows = [
    metric('S1 RSS per subscriber at the largest size', (n) => n.rssPerSubscriber, true),
    metric('S1 connect+subscribe p99 at the largest size', (n) => n.connectP99, true),
    metric('S2 p50 at 250 msg/s', (n) => n.p50At(250), true),
    metric('S2 p99 at 250 msg/s', (n) => n.p99At(250), true),
    metric('S2 p99 at 1,000 msg/s', (n) => n.p99At(1000), true),
    metric('S2 server CPU per message at 250 msg/s', (n) => n.cpuPerMessageAt(250), true),
    metric('S2 server CPU per message at 1,000 msg/s', (n) => n.cpuPerMessageAt(1000), true),
    metric('S3 last delivery p99', (n) => n.fanoutLastP99, true),
    metric('S3 server CPU per delivery', (n) => n.fanoutCpuPerDelivery, true),
    metric('S4 messages/s, 1 recipient', (n) => n.closedPerSecond(1)),
    metric('S4 messages/s, 100 recipients', (n) => n.closedPerSecond(100)),
    metric('**S5 throughput at equal latency** (p99 < 100 ms, no loss)', (n) => n.best),
  ];
  return table(['metric', 'ours / ws-raw', 'ours / socketio', 'ours / naive-graphql'], rows);
}

const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**not met**');

/** Issue 17's targets: our split-link rows against the peers' rows of the same run. */
function splitLinkTargetsTable(report: BenchReport): string {
  const targets = byTarget(report);
  const ours = targets.get('ours');
  if (!ours) return '_Our server was not in this run._';
  const mine = headlineNumbers(ours, headlineOver(ours.s2.length > 0 ? ours.s2 : ours.s4));
  const peer = (id: TargetId) => {
    const t = targets.get(id);
    return t ? headlineNumbers(t, null) : null;
  };
  const ws = peer('ws-raw');
  const io = peer('socketio');
  const row = (name: string, a: number | null, b: number | null | undefined, limit: number, lowerIsBetter: boolean, unit: string): [string, string, string] => {
    if (a === null || b === null || b === undefined || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return [name, '—', verdict(null)];
    const ratio = a / b;
    return [name, `${ms(a)} ${unit} vs ${ms(b)} ${unit}: ${ratio.toFixed(2)}×`, verdict(lowerIsBetter ? ratio <= limit : ratio >= limit)];
  };
  const s1 = ours.s1.find((r) => r.size === 10_000);
  const rows: Array<[string, string, string]> = [
    row('Split-link 1:1: highest rate (p99 < 100 ms, no loss) ≥ 1.5 × socket.io', mine.best, io?.best, 1.5, false, 'msg/s'),
    row('Split-link 1:1: highest rate ≥ 1.0 × ws-raw', mine.best, ws?.best, 1.0, false, 'msg/s'),
    row('Split-link 1:1: server CPU per message ≤ 1.0 × socket.io (S2 1,000/s)', mine.cpuPerMessageAt(1000), io?.cpuPerMessageAt(1000), 1.0, true, 'µs'),
    row('250/s: p50 ≤ 1.5 × ws-raw', mine.p50At(250), ws?.p50At(250), 1.5, true, 'ms'),
    row('250/s: p99 ≤ 1.0 × socket.io', mine.p99At(250), io?.p99At(250), 1.0, true, 'ms'),
    row('Fan-out to 1,000: server CPU per delivery ≤ 1.0 × socket.io', mine.fanoutCpuPerDelivery, io?.fanoutCpuPerDelivery, 1.0, true, 'µs'),
    row('Fan-out to 1,000: last delivery p99 ≤ 1.0 × socket.io', mine.fanoutLastP99, io?.fanoutLastP99, 1.0, true, 'ms'),
    s1
      ? row('10,000 idle subscribers: RSS per subscriber ≤ 1.0 × socket.io', s1.rssPerSubscriberKB, targets.get('socketio')?.s1.find((r) => r.size === 10_000)?.rssPerSubscriberKB, 1.0, true, 'KB')
      : ['10,000 idle subscribers: RSS per subscriber ≤ 1.0 × socket.io', 'not run (full mode only)', verdict(null)],
    ['10,000 idle subscribers: idle CPU < 5 %', s1 ? `${num1(s1.idleCpuPct)} %` : 'not run (full mode only)', verdict(s1 ? s1.idleCpuPct < 5 : null)],
  ];
  return table(['target', 'measured (ours vs peer)', 'verdict'], rows);
}

/** The targets of the earlier round, on our rows sent over the socket (as they were set). */
function targetsTable(report: BenchReport): string {
  const targets = byTarget(report);
  const ours = targets.get('ours');
  if (!ours) return '_Our server was not in this run._';
  const s1 = ours.s1.find((r) => r.size === 10_000);
  const s2row = over(ours.s2, 'socket').find((r) => r.rate === 1000);
  const s2 = s2row?.result ?? null;
  const s2cpu = s2row?.cpu ?? null;
  const s3 = over(ours.s3, 'socket')[0] ?? null;
  const s4 = over(ours.s4, 'socket').find((r) => r.recipients === 1) ?? null;
  const best = (id: TargetId) => {
    const t = targets.get(id);
    return t ? (id === 'ours' ? over(t.s5, 'socket')[0]?.best : headline(t.s5)[0]?.best) ?? null : null;
  };
  const oursS5 = over(ours.s5, 'socket')[0] ?? null;
  const ratio = (id: TargetId): number | null => {
    const a = best('ours');
    const b = best(id);
    return a === null || b === null || b === 0 ? null : a / b;
  };
  const rows: Array<[string, string, string]> = [
    ['S1 10k idle subscribers: RSS ≤ 400 MB', s1 ? `${num1(s1.rssMB)} MB` : 'not run (full mode only)', verdict(s1 ? s1.rssMB <= 400 : null)],
    ['S1 10k idle subscribers: idle CPU < 5 %', s1 ? `${num1(s1.idleCpuPct)} %` : 'not run (full mode only)', verdict(s1 ? s1.idleCpuPct < 5 : null)],
    ['S2 1,000/s: p50 ≤ 3 ms', s2 ? `${ms(s2.latency.p50)} ms` : '—', verdict(s2 ? s2.latency.p50 <= 3 : null)],
    ['S2 1,000/s: p99 ≤ 15 ms', s2 ? `${ms(s2.latency.p99)} ms` : '—', verdict(s2 ? s2.latency.p99 <= 15 : null)],
    ['S2 1,000/s: no loss', s2 ? `${s2.lost} lost` : '—', verdict(s2 ? s2.lost === 0 : null)],
    ['S3 last delivery p99 ≤ 50 ms', s3 ? `${ms(s3.result.last.p99)} ms` : '—', verdict(s3 ? s3.result.last.p99 <= 50 : null)],
    ['S4 100 senders, 1 recipient: ≥ 2,000 mutations/s', s4 ? `${int(s4.result.perSecond)}/s` : '—', verdict(s4 ? s4.result.perSecond >= 2000 : null)],
    ['S4 100 senders, 1 recipient: p99 ≤ 50 ms', s4 ? `${ms(s4.result.latency.p99)} ms` : '—', verdict(s4 ? s4.result.latency.p99 <= 50 : null)],
    ['S5 ≥ 5,000 msg/s', oursS5 ? `${oursS5.best === null ? 'none' : int(oursS5.best)}/s` : '—', verdict(oursS5 ? (oursS5.best ?? 0) >= 5000 : null)],
    ['CPU per delivered 1:1 message ≤ 40 µs (server, S2 1,000/s)', s2 && s2cpu ? `${perUnit(s2cpu.server, s2.received)} µs` : '—', verdict(s2 && s2cpu && s2.received > 0 ? (s2cpu.server * 1000) / s2.received <= 40 : null)],
    ['CPU per fan-out delivery ≤ 15 µs (server, S3)', s3 ? `${perUnit(s3.cpu.server, s3.result.received)} µs` : '—', verdict(s3 && s3.result.received > 0 ? (s3.cpu.server * 1000) / s3.result.received <= 15 : null)],
    ['S5 throughput ≥ 0.6 × ws-raw', ratio('ws-raw') === null ? '—' : `${ratio('ws-raw')!.toFixed(2)}×`, verdict(ratio('ws-raw') === null ? null : ratio('ws-raw')! >= 0.6)],
    ['S5 throughput ≥ 1.2 × socketio', ratio('socketio') === null ? '—' : `${ratio('socketio')!.toFixed(2)}×`, verdict(ratio('socketio') === null ? null : ratio('socketio')! >= 1.2)],
    ['S5 throughput ≥ 10 × naive-graphql', ratio('naive-graphql') === null ? '—' : `${ratio('naive-graphql')!.toFixed(2)}×`, verdict(ratio('naive-graphql') === null ? null : ratio('naive-graphql')! >= 10)],
  ];
  return table(['target', 'measured', 'verdict'], rows);
}

export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const pr = report.params;
  const notes = report.targets.flatMap((t) => t.notes.map((n) => `- **${t.target}**: ${n}`));
  return `# Benchmarks

> Generated by \`npm run bench${pr.mode === 'full' ? ' -- --full' : ''}\` (${pr.mode} mode) on ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${report.durationS} s. Do not edit by hand: run the command again.

## Machine

| | |
|---|---|
| CPU | ${m.cpu}, ${m.cores} cores |
| memory | ${m.memoryGB} GB |
| OS | ${m.kernel} |
| Node | ${m.node} |
| MariaDB | ${m.mariadb} (local, default durability: a commit is flushed to disk) |
| Redis | ${m.redis} (local) |
| open files limit | ${m.openFiles} |
| commit | ${m.commit} |

Everything runs on this one machine: the server under test, MariaDB, Redis and the load
generator share the ${m.cores} cores, so every number includes that contention.

## Method

- **Targets.** Our server (\`src/main.ts\`) and three peers in \`bench/peers/\`, each doing the same
  job per message: one MariaDB transaction that locks the recipients' \`users\` rows, advances
  their inbox sequence and inserts the \`messages\` row, one \`message_recipients\` row and one
  \`inbox_events\` row per recipient (same tables: each peer's database is made by our
  migrations), then a Redis fan-out to the recipients' sockets. Peers commit one transaction per
  message; our server groups concurrent sends into one transaction (its design).
${report.targets.map((t) => `  - \`${t.target}\` (${t.processes || '?'} process${t.processes === 1 ? '' : 'es'}): ${t.description}`).join('\n')}
- **Compiled.** Every target runs as plain JavaScript compiled by \`tsc\` (ours: \`npm run build\`,
  then \`node dist/main.js\`, as deployed), not through tsx, whose loader keeps about 40 MB
  of source text in every process.
- **One target at a time.** Each target gets a fresh database with ${int(Math.max(...pr.s1Sizes) + pr.senders)} users
  (inserted directly; tokens are HS256 JWTs signed with the run's secret, \`sub\` = user id, so
  password hashing is not measured) and a load generator of its own.
- **Load generator.** A separate Node process (\`bench/loadgen/\`) holds every socket: a bare
  \`ws\` client speaking graphql-transport-ws for the GraphQL targets, \`ws\` for ws-raw,
  socket.io-client (websocket transport) for socket.io. ws-raw and socket.io receive sends on
  the sender's own subscriber socket and acknowledge after commit. The GraphQL targets receive
  \`sendMessage\` from ${pr.senders} further sender users over each of: ${pr.overs.map((o) => (o === 'http' ? '**http** — HTTP POST (keep-alive, up to 128 connections), the split link of Apollo and urql, the headline row' : '**socket** — a graphql-ws connection of each sender, answered by `next` + `complete`')).join('; ')}. Every scenario runs once per path.
  Our server runs as ${pr.oursInstances} instance${pr.oursInstances === 1 ? '' : 's'}${pr.oursInstances > 1 ? ': the subscribers\' sockets on the first, the senders\' HTTP requests and sockets on the last, so every push crosses Redis' : ''}. Subscriber *i* is user *i*.
- **Clock and latency.** Every timestamp is \`performance.timeOrigin + performance.now()\`.
  Each message's content carries its phase, sequence number, recipient and *intended* send
  time. Rates are open loop: message *i* is due at start + *i*/rate whether or not earlier
  sends returned, and latency runs from that intended time to the moment the recipient's
  socket delivers the frame, so a stalled server is charged for every message queued behind
  the stall (no coordinated omission). Latencies go into HdrHistograms (hdr-histogram-js, 3
  significant digits).
- **Loss.** Sequence numbers are checked per phase: lost = intended − distinct received after
  a drain of up to ${int(pr.drainMs)} ms; duplicates and frames that reached the wrong user are
  counted too. Send errors count as lost.
- **CPU.** \`utime + stime\` of each process from \`/proc\` around every phase: the server's
  process(es), MariaDB + Redis, and the load generator. "µs/message" divides the phase's
  CPU by the messages sent, "µs/delivery" by the deliveries received.
- **Warm-up.** Before each measured phase the same path sends unmeasured for ${int(pr.warmupMs)} ms (1:1 at
  the phase's rate up to 1,000/s, the closed loop, or fan-outs), then the servers settle.
- **Validity.** The load generator runs at raised scheduling priority (nice −10, when
  permitted) so that a saturated server starves it less. It samples its own event-loop delay every 1 ms; a phase whose
  p99 delay exceeds ${LAG_LIMIT_MS} ms is marked **invalid**: its latencies include the
  generator's own lag.
- **Scenarios** (${pr.mode} mode):
  - S1: connect up to ${pr.s1Sizes.map(int).join(' / ')} subscribers (${pr.connectConcurrency} connecting at a time). Connect+subscribe
    runs to the target's "ready": ws-raw and socket.io send one after the subscription; graphql-ws
    has no acknowledgement of a subscribe, so it is connection_ack plus the subscribe written,
    and the harness then waits until Redis shows every subscriber's channel (column "all
    channels live", where a target has per-user channels). RSS per subscriber = (RSS − RSS
    before any socket) ÷ subscribers. Idle CPU over ${int(pr.idleMs)} ms with every socket open.
  - S2: ${int(pr.hold)} subscribers held; 1:1 messages at ${pr.s2Rates.map(int).join(' / ')} per second for ${int(pr.s2Ms)} ms each, random
    sender and recipient (socket.io: sender and recipient on different processes). After a rate
    that loses over 1 % or has p99 over ${int(1000)} ms, higher rates are not run.
  - S3: one message to ${int(pr.s3.recipients)} of the held subscribers (the others idle), ${pr.s3.repetitions} times, ${pr.s3.gapMs} ms apart;
    time from intended send to first and to last delivery.
  - S4: ${pr.s4.concurrency} concurrent senders in a closed loop for ${int(pr.s4.ms)} ms, to ${pr.s4.recipients.join(' / ')} recipients; latency is send → response
    (the server's acknowledgement after commit).
  - S5: the highest 1:1 rate with p99 < 100 ms and no loss, from S2's rates and probes above or
    between them.
  - S6 (our server only): closed-loop reads by ${pr.s6?.concurrency ?? '—'} clients of the first page of \`messages\` and of \`unreadCount\`.

## S1 — idle subscribers

${s1Table(report)}

## S2 — 1:1 messages at offered rates

${s2Table(report)}

## S3 — fan-out of one message

${s3Table(report)}

## S4 — sendMessage, concurrent senders

${s4Table(report)}

## S5 — saturation

${s5Table(report)}

## S6 — reads

${s6Table(report)}

## Ours ÷ peers

Our rows over each path against the peers' (their sends always take their socket).

### Split link (sendMessage over HTTP, pushes over the socket)

${ratioTable(report, 'http')}

### All over the socket

${ratioTable(report, 'socket')}

## Targets of the split link (issue 17)

${splitLinkTargetsTable(report)}

## Earlier targets (our rows sent over the socket)

${targetsTable(report)}

## Notes from this run

${notes.length > 0 ? notes.join('\n') : '- none'}
`;
}
