import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import { now, sleep } from '../lib/clock.js';
import type {
  ClosedResult,
  ConnectResult,
  FanoutResult,
  LoadgenCommand,
  LoadgenHealth,
  LoadgenInit,
  LoadgenReply,
  RateResult,
  ReadsResult,
  SendOver,
} from '../lib/protocol.js';
import { latencyHistogram, percentiles, recordMs, seededRandom } from '../lib/stats.js';
import { GraphqlHttp, openConn, openGraphqlSender, type Conn } from './clients.js';

// The load generator: a process of its own that holds the sockets, sends, receives and
// measures. The orchestrator (bench/run.ts) drives it over the IPC channel, one command at a
// time, and reads the servers' CPU and memory around each command.

let init: LoadgenInit;
let random: () => number = Math.random;
let http: GraphqlHttp | null = null;
const conns: Conn[] = [];
const tokens = new Map<number, string>();

// Every benchmark message's content: phase, sequence number, intended send time, recipient.
const PAYLOAD = /bench p(\d+) s(\d+) t([\d.]+) r(-?\d+)/;
const payload = (phase: number, seq: number, intended: number, recipient: number) =>
  `bench p${phase} s${seq} t${intended.toFixed(3)} r${recipient}`;

type DeliveryHandler = (conn: Conn, seq: number, intended: number, recipient: number, at: number) => void;
let currentPhase = -1;
let onDelivery: DeliveryHandler = () => undefined;
const counters = { otherFrames: 0, lateFrames: 0 };

function sink(conn: Conn, text: string): void {
  const at = now();
  const m = PAYLOAD.exec(text);
  if (!m) {
    counters.otherFrames++;
    return;
  }
  if (Number(m[1]) !== currentPhase) {
    counters.lateFrames++;
    return;
  }
  onDelivery(conn, Number(m[2]), Number(m[3]), Number(m[4]), at);
}

async function tokenOf(userId: number): Promise<string> {
  let token = tokens.get(userId);
  if (!token) {
    token = await new SignJWT({ tid: init.tenant })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuedAt()
      .setExpirationTime('6h')
      .sign(new TextEncoder().encode(init.jwtSecret));
    tokens.set(userId, token);
  }
  return token;
}

/** Measures the load generator itself over one phase. */
function health(): () => LoadgenHealth {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  const started = now();
  return () => {
    delay.disable();
    const used = process.cpuUsage(cpu);
    return {
      lagP99Ms: Math.max(0, delay.percentile(99) / 1e6 - 1),
      cpuMs: (used.user + used.system) / 1000,
      wallMs: now() - started,
    };
  };
}

const SEND_MUTATION = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const isHttp = () => init.flavor === 'graphql-ws';
const senderIdOf = (i: number) => init.subscriberUsers + 1 + (i % init.senderUsers);

type GraphqlSend = (body: { query: string; variables: unknown }) => Promise<void>;
/** GraphQL targets' senders: one graphql-ws connection per sender-only user, opened on first use. */
let graphqlSenders: Promise<GraphqlSend[]> | null = null;

function sendersOverSockets(): Promise<GraphqlSend[]> {
  graphqlSenders ??= (async () => {
    const senders: GraphqlSend[] = [];
    for (let i = 0; i < init.senderUsers; i += 16) {
      const batch = Array.from({ length: Math.min(16, init.senderUsers - i) }, async (_, k) =>
        openGraphqlSender(init.senderSocketUrl ?? init.socketUrls[0]!, await tokenOf(senderIdOf(i + k))),
      );
      senders.push(...(await Promise.all(batch)));
    }
    return senders;
  })();
  return graphqlSenders;
}

/**
 * A send from `sender` (a held socket), or for GraphQL targets from a sender-only user: over
 * that user's own graphql-ws connection, or over HTTP when `over` says so.
 */
async function sendFrom(senderIndex: number, senderConn: Conn | null, to: number[], content: string, over: SendOver): Promise<void> {
  if (isHttp()) {
    const body = { query: SEND_MUTATION, variables: { input: { recipientIds: to.map(String), content } } };
    if (over === 'http') {
      await http!.post(await tokenOf(senderIdOf(senderIndex)), JSON.stringify(body));
    } else {
      const senders = await sendersOverSockets();
      await senders[senderIndex % senders.length]!(body);
    }
  } else {
    await senderConn!.send(to, content);
  }
}

const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;

/** Held sockets by node, for socket.io where sender and recipients sit on different nodes. */
function byNode(): Conn[][] {
  const nodes: Conn[][] = init.socketUrls.map(() => []);
  for (const conn of conns) nodes[conn.node]!.push(conn);
  return nodes;
}

/** Sender and recipient of the i-th 1:1 message. */
function pairFor(i: number, nodes: Conn[][]): { sender: Conn | null; recipient: Conn } {
  if (init.flavor === 'socketio' && nodes.length > 1) {
    const from = i % 2;
    return { sender: pick(nodes[from]!), recipient: pick(nodes[1 - from]!) };
  }
  const recipient = pick(conns);
  if (isHttp()) return { sender: null, recipient };
  let sender = pick(conns);
  while (sender === recipient && conns.length > 1) sender = pick(conns);
  return { sender, recipient };
}

async function connect(count: number, concurrency: number): Promise<ConnectResult> {
  const done = health();
  const hist = latencyHistogram();
  let opened = 0;
  let failed = 0;
  let firstError: string | null = null;
  let next = conns.length;
  const nodes = init.socketUrls.length;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const userId = index + 1;
      const node = index % nodes;
      const token = await tokenOf(userId);
      const started = now();
      try {
        conns.push(await openConn(init.flavor, init.socketUrls[node]!, token, userId, node, sink));
        recordMs(hist, now() - started);
        opened++;
      } catch (error) {
        failed++;
        firstError ??= String((error as Error).message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...done(), held: conns.length, opened, failed, firstError, latency: percentiles(hist) };
}

async function trim(count: number): Promise<{ held: number }> {
  while (conns.length > count) conns.pop()!.close();
  await sleep(500);
  return { held: conns.length };
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = now() + ms;
  while (!condition() && now() < deadline) await sleep(20);
}

/** Open loop: message i is due at start + i/rate whether or not earlier ones came back. */
async function rate(phase: number, perSecond: number, durationMs: number, drainMs: number, over: SendOver): Promise<RateResult> {
  if (isHttp() && over === 'socket') await sendersOverSockets();
  const total = Math.max(1, Math.round((perSecond * durationMs) / 1000));
  const hist = latencyHistogram();
  const seen = new Uint8Array(total);
  let received = 0;
  let duplicates = 0;
  let misrouted = 0;
  currentPhase = phase;
  onDelivery = (conn, seq, intended, recipient, at) => {
    if (seq >= total) return;
    if (recipient !== conn.userId) misrouted++;
    if (seen[seq]) {
      duplicates++;
      return;
    }
    seen[seq] = 1;
    received++;
    recordMs(hist, at - intended);
  };
  const nodes = byNode();
  const pairs = Array.from({ length: total }, (_, i) => pairFor(i, nodes));
  let sent = 0;
  let sendErrors = 0;
  let firstError: string | null = null;
  const done = health();
  const period = 1000 / perSecond;
  const start = now() + 5;
  let i = 0;
  const inFlight = new Set<Promise<void>>();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const t = now();
      while (i < total && start + i * period <= t) {
        const intended = start + i * period;
        const { sender, recipient } = pairs[i]!;
        const p = sendFrom(i, sender, [recipient.userId], payload(phase, i, intended, recipient.userId), over).then(
          () => void sent++,
          (error: unknown) => {
            sendErrors++;
            firstError ??= String((error as Error).message ?? error);
          },
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        i++;
      }
      if (i < total) setTimeout(tick, Math.max(0, Math.min(1, start + i * period - now())));
      else resolve();
    };
    tick();
  });
  await Promise.race([Promise.all(inFlight), sleep(drainMs * 2)]);
  await waitFor(() => received >= sent, drainMs);
  const lg = done();
  currentPhase = -1;
  return {
    ...lg,
    offeredRate: perSecond,
    intended: total,
    sent,
    sendErrors,
    firstError,
    received,
    lost: total - received,
    duplicates,
    misrouted,
    latency: percentiles(hist),
  };
}

/** One message to `recipients` held sockets, repeated; time to first and last delivery of each. */
async function fanout(phase: number, recipients: number, repetitions: number, gapMs: number, drainMs: number, over: SendOver): Promise<FanoutResult> {
  if (isHttp() && over === 'socket') await sendersOverSockets();
  const nodes = byNode();
  const count = new Uint32Array(repetitions);
  const first = new Float64Array(repetitions);
  const last = new Float64Array(repetitions);
  const intendedAt = new Float64Array(repetitions);
  currentPhase = phase;
  onDelivery = (_conn, seq, _intended, _recipient, at) => {
    if (seq >= repetitions) return;
    if (count[seq] === 0) first[seq] = at;
    count[seq]!++;
    last[seq] = at;
  };
  let sendErrors = 0;
  let firstError: string | null = null;
  const done = health();
  const start = now() + 5;
  const sends: Promise<void>[] = [];
  for (let k = 0; k < repetitions; k++) {
    const pool = init.flavor === 'socketio' && nodes.length > 1 ? nodes[1]! : conns;
    const sender = init.flavor === 'socketio' && nodes.length > 1 ? pick(nodes[0]!) : isHttp() ? null : pick(conns);
    const chosen = new Set<Conn>();
    const wanted = Math.min(recipients, pool.length - (sender && pool.includes(sender) ? 1 : 0));
    while (chosen.size < wanted) {
      const c = pick(pool);
      if (c !== sender) chosen.add(c);
    }
    const intended = start + k * gapMs;
    const wait = intended - now();
    if (wait > 0) await sleep(wait);
    intendedAt[k] = intended;
    const to = [...chosen].map((c) => c.userId);
    sends.push(
      sendFrom(k, sender, to, payload(phase, k, intended, -1), over).catch((error: unknown) => {
        sendErrors++;
        firstError ??= String((error as Error).message ?? error);
      }),
    );
  }
  await Promise.all(sends);
  const expected = repetitions * recipients;
  const received = () => count.reduce((a, b) => a + b, 0);
  await waitFor(() => received() >= expected - sendErrors * recipients, drainMs);
  const lg = done();
  currentPhase = -1;
  const firstHist = latencyHistogram();
  const lastHist = latencyHistogram();
  for (let k = 0; k < repetitions; k++) {
    if (count[k] === 0) continue;
    recordMs(firstHist, first[k]! - intendedAt[k]!);
    recordMs(lastHist, last[k]! - intendedAt[k]!);
  }
  return {
    ...lg,
    repetitions,
    recipients,
    expected,
    received: received(),
    sendErrors,
    firstError,
    first: percentiles(firstHist),
    last: percentiles(lastHist),
  };
}

/** Closed loop: `concurrency` senders, each sending again as soon as its last send returned. */
async function closed(
  phase: number,
  concurrency: number,
  recipients: number,
  durationMs: number,
  drainMs: number,
  over: SendOver,
): Promise<ClosedResult> {
  if (isHttp() && over === 'socket') await sendersOverSockets();
  const hist = latencyHistogram();
  let received = 0;
  currentPhase = phase;
  onDelivery = () => void received++;
  const nodes = byNode();
  let completed = 0;
  let errors = 0;
  let expectedDeliveries = 0;
  let firstError: string | null = null;
  let seq = 0;
  const done = health();
  const started = now();
  const deadline = started + durationMs;
  const worker = async (w: number) => {
    const socketSender = isHttp() ? null : init.flavor === 'socketio' && nodes.length > 1 ? nodes[w % 2]![Math.floor(w / 2) % nodes[w % 2]!.length]! : conns[w % conns.length]!;
    const pool = init.flavor === 'socketio' && nodes.length > 1 ? nodes[1 - (w % 2)]! : conns;
    while (now() < deadline) {
      const to = new Set<number>();
      const wanted = Math.min(recipients, pool.length - 1);
      while (to.size < wanted) {
        const c = pick(pool);
        if (c !== socketSender) to.add(c.userId);
      }
      const s = seq++;
      const t0 = now();
      try {
        await sendFrom(w, socketSender, [...to], payload(phase, s, t0, wanted === 1 ? [...to][0]! : -1), over);
        recordMs(hist, now() - t0);
        completed++;
        expectedDeliveries += wanted;
      } catch (error) {
        errors++;
        firstError ??= String((error as Error).message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = now() - started;
  await waitFor(() => received >= expectedDeliveries, drainMs);
  const lg = done();
  currentPhase = -1;
  return {
    ...lg,
    concurrency,
    recipients,
    completed,
    errors,
    firstError,
    perSecond: (completed * 1000) / elapsed,
    latency: percentiles(hist),
    expectedDeliveries,
    received,
  };
}

/** Closed-loop reads over HTTP by the held subscribers' users. */
async function reads(query: string, users: number, concurrency: number, durationMs: number): Promise<ReadsResult> {
  const hist = latencyHistogram();
  let completed = 0;
  let errors = 0;
  let firstError: string | null = null;
  const body = JSON.stringify({ query });
  const done = health();
  const started = now();
  const deadline = started + durationMs;
  const worker = async (w: number) => {
    let k = w;
    while (now() < deadline) {
      const userId = (k % Math.max(1, users)) + 1;
      k += concurrency;
      const token = await tokenOf(userId);
      const t0 = now();
      try {
        await http!.post(token, body);
        recordMs(hist, now() - t0);
        completed++;
      } catch (error) {
        errors++;
        firstError ??= String((error as Error).message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = now() - started;
  return { ...done(), completed, errors, firstError, perSecond: (completed * 1000) / elapsed, latency: percentiles(hist) };
}

async function handle(command: LoadgenCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'init':
      init = command.init;
      random = seededRandom(init.seed);
      http = init.httpUrl ? new GraphqlHttp(init.httpUrl, 128) : null;
      // Sign every token before any measurement, so signing costs nothing during a phase.
      for (let id = 1; id <= init.subscriberUsers + init.senderUsers; id++) await tokenOf(id);
      return { tokens: tokens.size };
    case 'connect':
      return connect(command.count, command.concurrency);
    case 'trim':
      return trim(command.count);
    case 'rate':
      return rate(command.phase, command.rate, command.durationMs, command.drainMs, command.over);
    case 'fanout':
      return fanout(command.phase, command.recipients, command.repetitions, command.gapMs, command.drainMs, command.over);
    case 'closed':
      return closed(command.phase, command.concurrency, command.recipients, command.durationMs, command.drainMs, command.over);
    case 'reads':
      return reads(command.query, command.users, command.concurrency, command.durationMs);
    case 'stop':
      for (const conn of conns) conn.close();
      http?.close();
      setTimeout(() => process.exit(0), 200);
      return { counters };
  }
}

process.on('message', (message: { id: number; command: LoadgenCommand }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, ok: true, result } satisfies LoadgenReply),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) } satisfies LoadgenReply),
  );
});
process.on('disconnect', () => process.exit(0));
