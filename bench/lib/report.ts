import type { Percentiles } from './protocol.js';
import { isValid, LAG_LIMIT_MS, type BenchReport, type PhaseCpu, type S4Row, type TargetResults } from './results.js';
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

function cpuCells(cpu: PhaseCpu | null, units: number): string[] {
  if (!cpu) return ['—', '—'];
  return [perUnit(cpu.server, units), perUnit(cpu.server + cpu.services, units)];
}

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
      if (!r.result) return [t.target, int(r.rate), 'not run', r.skipped ?? '', '', '', '', '', '', '', ''];
      const x = r.result;
      return [
        t.target,
        int(r.rate),
        int(x.received),
        `${int(x.lost)}${x.sendErrors ? ` (${x.sendErrors} send errors)` : ''}${x.duplicates ? `, ${x.duplicates} dup` : ''}${x.misrouted ? `, ${x.misrouted} misrouted` : ''}`,
        ms(x.latency.p50),
        ms(x.latency.p99),
        ms(x.latency.p999),
        ms(x.latency.max),
        ...cpuCells(r.cpu, x.received),
        validity(x.lagP99Ms),
      ];
    }),
  );
  return table(
    ['target', 'offered msg/s', 'delivered', 'lost', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'server CPU µs/msg', 'server+MariaDB+Redis CPU µs/msg', 'load generator (lag p99 ms)'],
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
        int(x.recipients),
        int(x.repetitions),
        `${int(x.expected - x.received)}${x.sendErrors ? ` (${x.sendErrors} send errors)` : ''}`,
        ms(x.first.p50),
        ms(x.last.p50),
        ms(x.last.p99),
        int(perSecond),
        ...cpuCells(r.cpu, x.received),
        validity(x.lagP99Ms),
      ];
    }),
  );
  return table(
    ['target', 'recipients', 'messages', 'deliveries lost', 'first delivery p50 ms', 'last delivery p50 ms', 'last delivery p99 ms', 'deliveries/s (p50)', 'server CPU µs/delivery', 'server+MariaDB+Redis CPU µs/delivery', 'load generator (lag p99 ms)'],
    rows,
  );
}

/** The S4 rows whose sends went over a socket, as every target's do. */
const onSocket = (rows: S4Row[]) => rows.filter((r) => r.over !== 'http');

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
        perUnit(r.cpu.server, x.completed),
        validity(x.lagP99Ms),
      ];
    }),
  );
  return table(
    ['target', 'senders', 'recipients per message', 'sent over', 'messages/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'errors', 'deliveries lost', 'server CPU µs/message', 'load generator (lag p99 ms)'],
    rows,
  );
}

function s5Table(report: BenchReport): string {
  const rows = report.targets.map((t) => {
    const s = t.s5;
    if (!s) return [t.target, 'not run', '', '', ''];
    return [
      t.target,
      s.best === null ? 'none' : int(s.best),
      ms(s.bestP99),
      s.firstFail ? `${int(s.firstFail.rate)}/s: ${s.firstFail.reason}` : 'none up to the highest probe',
      s.probes.map((x) => `${x.rate}: ${ms(x.p99)} ms${x.lost ? `/${x.lost} lost` : ''}${x.valid ? '' : ' (lag)'}`).join('; '),
    ];
  });
  return table(['target', 'highest 1:1 msg/s with p99 < 100 ms and no loss', 'p99 there ms', 'first rate that failed', 'all probes (rate: p99)'], rows);
}

function s6Table(report: BenchReport): string {
  const rows = report.targets.flatMap((t) =>
    t.s6.map((r) => [t.target, r.cache, r.query, int(r.result.perSecond), ...p(r.result.latency), int(r.result.errors), validity(r.result.lagP99Ms)]),
  );
  if (rows.length === 0) return '_Not run in this mode._';
  return table(['target', 'cache', 'query', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'load generator (lag p99 ms)'], rows);
}

/** Ours ÷ peer for the headline number of each scenario (higher is better for ours unless noted). */
function ratioTable(report: BenchReport): string {
  const targets = byTarget(report);
  const ours = targets.get('ours');
  const peers: TargetId[] = ['ws-raw', 'socketio', 'naive-graphql'];
  if (!ours) return '_Our server was not in this run._';
  const metric = (name: string, get: (t: TargetResults) => number | null, lowerIsBetter = false) => {
    const mine = get(ours);
    return [
      name,
      ...peers.map((peer) => {
        const t = targets.get(peer);
        const theirs = t ? get(t) : null;
        if (mine === null || theirs === null || !Number.isFinite(mine) || !Number.isFinite(theirs) || theirs === 0) return '—';
        const ratio = mine / theirs;
        return `${ratio.toFixed(2)}×${lowerIsBetter ? ' (lower is better)' : ''}`;
      }),
    ];
  };
  const s2At = (rate: number) => (t: TargetResults) => t.s2.find((r) => r.rate === rate)?.result?.latency.p99 ?? null;
  const rows = [
    metric('S1 RSS per subscriber at the largest size', (t) => t.s1.at(-1)?.rssPerSubscriberKB ?? null, true),
    metric('S1 connect+subscribe p99 at the largest size', (t) => t.s1.at(-1)?.connect.latency.p99 ?? null, true),
    metric('S2 p99 at 1,000 msg/s', s2At(1000), true),
    metric('S3 last delivery p99', (t) => t.s3[0]?.result.last.p99 ?? null, true),
    metric('S4 messages/s, 1 recipient', (t) => onSocket(t.s4).find((r) => r.recipients === 1)?.result.perSecond ?? null),
    metric('S4 messages/s, 100 recipients', (t) => onSocket(t.s4).find((r) => r.recipients === 100)?.result.perSecond ?? null),
    metric('**S5 throughput at equal latency** (p99 < 100 ms, no loss)', (t) => t.s5?.best ?? null),
  ];
  return table(['metric', 'ours / ws-raw', 'ours / socketio', 'ours / naive-graphql'], rows);
}

function targetsTable(report: BenchReport): string {
  const targets = byTarget(report);
  const ours = targets.get('ours');
  if (!ours) return '_Our server was not in this run._';
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**not met**');
  const s1 = ours.s1.find((r) => r.size === 10_000);
  const s2 = ours.s2.find((r) => r.rate === 1000)?.result ?? null;
  const s2cpu = ours.s2.find((r) => r.rate === 1000)?.cpu ?? null;
  const s3 = ours.s3[0] ?? null;
  const s4 = onSocket(ours.s4).find((r) => r.recipients === 1) ?? null;
  const best = (id: TargetId) => targets.get(id)?.s5?.best ?? null;
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
    ['S5 ≥ 5,000 msg/s', ours.s5 ? `${ours.s5.best === null ? 'none' : int(ours.s5.best)}/s` : '—', verdict(ours.s5 ? (ours.s5.best ?? 0) >= 5000 : null)],
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
  socket.io-client (websocket transport) for socket.io. Every target receives sends on
  a socket and acknowledges after commit: ws-raw and socket.io on the sender's own subscriber
  socket; the GraphQL targets as a \`sendMessage\` mutation on a graphql-ws connection of
  each of ${pr.senders} further sender users (the way Apollo or urql send mutations over a
  socket), answered by \`next\` + \`complete\`. S4 also runs the GraphQL targets once with
  \`sendMessage\` over HTTP POST (keep-alive, up to 128 connections). Subscriber *i* is user *i*.
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
  process(es), MariaDB + Redis, and the load generator. "µs per message" divides the phase's
  CPU by what was delivered (S2, S3) or sent (S4).
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
    (the server's acknowledgement after commit). Ratios and targets use the rows sent over a socket.
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

${ratioTable(report)}

## Targets for our server

${targetsTable(report)}

## Notes from this run

${notes.length > 0 ? notes.join('\n') : '- none'}
`;
}
