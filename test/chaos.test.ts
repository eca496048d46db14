import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { decodeInboxCursor } from '../src/shared/cursor.js';
import { graphql } from './gql/index.js';
import { startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { OwnRedis } from './helpers/redis-server.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const ChaosDoc = graphql(`
  subscription ChaosReceived($since: String) {
    messageReceived(since: $since) {
      id
      cursor
    }
  }
`);

const MESSAGES = 2000;
const SEND_CONCURRENCY = 16;

let redis: OwnRedis;
let one: TestApp;
let oneUrl: string;
let two: ServerProcess | null = null;
let twoEnv: Record<string, string>;

beforeAll(async () => {
  redis = await OwnRedis.start();
  const env = { REDIS_PORT: String(redis.port), REDIS_COMMAND_TIMEOUT_MS: '300', DELIVERY_POSITION_CHECK_MS: '1000' };
  one = await startTestApp('chaos', { env, keepDatabase: true });
  oneUrl = await one.listen();
  twoEnv = {
    ...env,
    DATABASE_URL: one.config.databaseUrl,
    JWT_SECRET: TEST_SECRET,
    REDIS_KEY_PREFIX: one.config.redis!.keyPrefix,
  };
  two = await spawnServer(twoEnv);
});
afterAll(async () => {
  await two?.kill('SIGKILL');
  await one?.close();
  await redis?.stop();
});

/** One device: it keeps its last cursor and resumes from it on every reconnect. */
class Device {
  received: string[] = [];
  lastSeq = 0;
  lastCursor: string | null = null;
  duplicates = 0;
  reconnects = 0;
  private client: Client | null = null;
  private connected = false;
  private stopped = false;

  constructor(
    readonly user: TestUser,
    private readonly urls: () => string[],
  ) {}

  connect(): void {
    if (this.stopped) return;
    const urls = this.urls();
    const url = urls[Math.floor(Math.random() * urls.length)]!;
    const client = wsClient(url, this.user.token);
    this.client = client;
    this.connected = false;
    client.on('connected', () => {
      if (this.client === client) this.connected = true;
    });
    const sub = collect(client, ChaosDoc, this.lastCursor ? { since: this.lastCursor } : {});
    let handled = 0;
    const pump = setInterval(() => {
      for (; handled < sub.results.length; handled++) {
        const { id, cursor } = sub.results[handled]!.messageReceived;
        const seq = decodeInboxCursor(cursor);
        if (seq <= this.lastSeq) {
          this.duplicates += 1;
          continue;
        }
        this.lastSeq = seq;
        this.lastCursor = cursor!;
        this.received.push(id);
      }
    }, 5);
    const reconnect = () => {
      clearInterval(pump);
      // Take what arrived before the drop, then resume from the cursor.
      for (; handled < sub.results.length; handled++) {
        const { id, cursor } = sub.results[handled]!.messageReceived;
        const seq = decodeInboxCursor(cursor);
        if (seq <= this.lastSeq) this.duplicates += 1;
        else {
          this.lastSeq = seq;
          this.lastCursor = cursor!;
          this.received.push(id);
        }
      }
      if (this.client !== client) return;
      this.client = null;
      this.connected = false;
      void client.dispose();
      this.reconnects += 1;
      setTimeout(() => this.connect(), 50 + Math.random() * 150);
    };
    client.on('closed', reconnect);
    client.on('error', reconnect);
  }

  /** Cuts an established connection (the ws library refuses to cut one still opening). */
  drop(): boolean {
    if (!this.connected || !this.client) return false;
    this.client.terminate();
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.dispose();
  }
}

async function sendOnce(url: string, token: string, recipientIds: string[], clientMessageId: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      variables: { input: { recipientIds, content: clientMessageId, clientMessageId } },
    }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await response.json()) as { data?: { sendMessage: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.sendMessage.id;
}

describe('chaos: dropped sockets, Redis restart, an instance killed and restarted', () => {
  it('every device that resumes with its last cursor ends with exactly its user’s sequence', { timeout: 240_000 }, async () => {
    const recipients = await Promise.all(Array.from({ length: 10 }, () => registerUser(one, 'rcpt')));
    const senders = await Promise.all(Array.from({ length: 4 }, () => registerUser(one, 'sndr')));
    const liveUrls = () => (two ? [oneUrl, two.url] : [oneUrl]);
    const devices = recipients.flatMap((user, i) =>
      Array.from({ length: i % 2 === 0 ? 3 : 2 }, () => new Device(user, liveUrls)),
    );
    devices.forEach((d) => d.connect());
    await until(() => one.app.services.streams.userCount() > 0, 10_000);

    const sentTo = new Map<string, Set<string>>(recipients.map((u) => [u.id, new Set()]));
    let sent = 0;
    let drops = 0;
    let retries = 0;
    const events: string[] = [];
    const chaos = setInterval(() => {
      if (devices[Math.floor(Math.random() * devices.length)]!.drop()) drops += 1;
    }, 150);

    const milestones: Array<[number, () => Promise<void>]> = [
      [0.2, async () => { await redis.stop(); events.push('redis killed'); }],
      [0.35, async () => { await redis.start(); events.push('redis restarted'); }],
      [0.5, async () => { const dying = two; two = null; await dying?.kill('SIGKILL'); events.push('instance 2 killed'); }],
      [0.7, async () => { two = await spawnServer(twoEnv); events.push('instance 2 restarted'); }],
    ];
    let next = 0;
    const sendOne = async (n: number) => {
      const sender = senders[n % senders.length]!;
      const count = 1 + Math.floor(Math.random() * 3);
      const to = [...recipients].sort(() => Math.random() - 0.5).slice(0, count).map((u) => u.id);
      const clientMessageId = randomUUID();
      for (let attempt = 0; ; attempt++) {
        const urls = liveUrls();
        try {
          const id = await sendOnce(urls[attempt % urls.length]!, sender.token, to, clientMessageId);
          for (const r of to) sentTo.get(r)!.add(id);
          return;
        } catch (error) {
          retries += 1;
          if (attempt > 20) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const queue = Array.from({ length: MESSAGES }, (_, i) => i);
    await Promise.all(
      Array.from({ length: SEND_CONCURRENCY }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
          await sendOne(n);
          sent += 1;
          while (next < milestones.length && sent >= milestones[next]![0] * MESSAGES) await milestones[next++]![1]();
        }
      }),
    );
    clearInterval(chaos);

    // The truth: each user's inbox in sequence order, from the database.
    const truth = new Map<string, string[]>();
    for (const user of recipients) {
      const [rows] = await one.app.database.pool.query(
        'SELECT message_id AS id FROM message_recipients WHERE recipient_id = ? ORDER BY seq',
        [user.id],
      );
      truth.set(user.id, (rows as Array<{ id: number }>).map((r) => String(r.id)));
      expect(new Set(truth.get(user.id))).toEqual(sentTo.get(user.id));
    }
    await until(
      () => devices.every((d) => d.received.length >= truth.get(d.user.id)!.length),
      60_000,
      () => devices.map((d) => `${d.received.length}/${truth.get(d.user.id)!.length}`).join(' '),
    );
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(devices.map((d) => d.stop()));

    const totalDeliveries = [...truth.values()].reduce((n, ids) => n + ids.length, 0);
    console.log(
      `chaos: ${MESSAGES} messages, ${totalDeliveries} inbox entries, ${devices.length} devices, ` +
        `${devices.reduce((n, d) => n + d.received.length, 0)} messages received, ${drops} sockets dropped, ` +
        `${devices.reduce((n, d) => n + d.reconnects, 0)} reconnects, ${retries} send retries, ` +
        `${devices.reduce((n, d) => n + d.duplicates, 0)} duplicates; ${events.join(', ')}`,
    );
    for (const device of devices) {
      expect(device.duplicates).toBe(0);
      expect(device.received).toEqual(truth.get(device.user.id));
    }
  });
});
