import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../src/operations/metrics.js';
import { graphql } from './gql/index.js';
import { QUIET_BACKGROUND, startTestApp, type TestApp } from './helpers/app.js';
import { MariaDbPair } from './helpers/mariadb-replica.js';
import { InboxDoc, MarkReadDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { adminAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const ReplicaSentDoc = graphql(`
  query ReplicaSent($first: Int) {
    sentMessages(first: $first) {
      edges {
        node {
          id
          content
        }
      }
    }
  }
`);

const ReplicaSyncDoc = graphql(`
  query ReplicaSync($since: String) {
    sync(since: $since) {
      cursor
      hasMore
      events {
        ... on MessageReceivedEvent {
          cursor
          message {
            id
            content
          }
        }
        ... on MessagesReadEvent {
          cursor
          messageIds
        }
      }
    }
  }
`);

const ReplicaSearchDoc = graphql(`
  query ReplicaSearch($query: String!) {
    search(query: $query, first: 10) {
      edges {
        node {
          message {
            id
            content
          }
        }
      }
    }
  }
`);

const ReplicaMessageDoc = graphql(`
  query ReplicaMessage($id: ID!) {
    message(id: $id) {
      id
      content
    }
  }
`);

const ReplicaReportDoc = graphql(`
  query ReplicaReport($from: String!, $to: String!) {
    adminStats(from: $from, to: $to) {
      totals {
        messages
      }
    }
  }
`);

/** The pair is started from the MariaDB server package's own binaries; a machine without them skips this file, and says so. */
const onPath = (binary: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const canStartMariaDb = onPath('mariadbd') && onPath('mariadb-install-db');
/** A block's name, saying why it is skipped on a machine that cannot start the pair. */
const named = (name: string) => (canStartMariaDb ? name : `${name} (skipped: this machine has no mariadbd or mariadb-install-db to start a primary and a replica)`);

const HEALTH_TOKEN = 'replica-test-health-token';
const database = `mmt_replicas_${process.pid}`;
let pair: MariaDbPair;
let t: TestApp;
let a: TestUser;
let b: TestUser;
let c: TestUser;

/** An app on the pair: the read model off, so every read of the inbox is a database read that may go to the replica. */
function replicaEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...QUIET_BACKGROUND,
    DATABASE_URL: `${pair.primaryUrl}/${database}`,
    DATABASE_REPLICA_URLS: `${pair.replicaUrl}/${database}`,
    // The positions alone decide (a replica whose SQL thread is stopped is not "lagging" here).
    DATABASE_REPLICA_MAX_LAG_SECONDS: '0',
    CACHE_ENABLED: 'false',
    HEALTH_DETAILS_TOKEN: HEALTH_TOKEN,
    ...extra,
  };
}

beforeAll(async () => {
  if (!canStartMariaDb) return;
  pair = await MariaDbPair.start();
  // The database is created on the primary after replication runs, so it reaches the replica.
  t = await startTestApp('replicas', { env: replicaEnv() });
  [a, b, c] = await Promise.all([registerUser(t, 'ann'), registerUser(t, 'bob'), registerUser(t, 'cat')]);
  await pair.caughtUp();
}, 120_000);

afterAll(async () => {
  await t?.close();
  await pair?.stop();
}, 60_000);

async function send(from: TestUser, to: TestUser[], content: string) {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content } }, from.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.sendMessage;
}

/** Sent, indexed for search, and applied by the replica. */
async function settled(): Promise<void> {
  await t.app.services.search.idle();
  await pair.caughtUp();
}

function replicaStatements(app: TestApp = t): number {
  return app.app.replicas.handles()[0]!.handle.stats.queries;
}

async function routed(target: 'primary' | 'replica', reason: string): Promise<number> {
  const { values } = await metrics.dbRoutedReads.get();
  return values.find((v) => v.labels.target === target && v.labels.reason === reason)?.value ?? 0;
}

async function onReplica<T>(statement: string, values: unknown[] = []): Promise<T[]> {
  const [rows] = await pair.replica.query(statement, values);
  return rows as T[];
}

async function replicaHealth(app: TestApp): Promise<Array<{ name: string; state: string; lagSeconds: number | null }>> {
  await app.app.replicas.checkAll();
  const base = await app.listen();
  const response = await fetch(`${base}/health/db`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { replicas: Array<{ name: string; state: string; lagSeconds: number | null }> }).replicas;
}

describe.runIf(canStartMariaDb)(named('reads that may use a replica go to it'), () => {
  it('an inbox page, a search, sentMessages and sync are answered by the replica', async () => {
    const sent = await send(a, [b], 'quartz lanterns for the replica');
    await settled();
    // A mark the replica alone carries: what a read returns shows which server answered.
    await pair.replica.query(`UPDATE \`${database}\`.messages SET content = 'quartz as the replica has it' WHERE id = ?`, [sent.id]);

    const before = replicaStatements();
    const page = await t.exec(InboxDoc, { first: 5 }, b.token);
    expect(page.data!.messages.edges[0]!.node.content).toBe('quartz as the replica has it');
    const found = await t.exec(ReplicaSearchDoc, { query: 'quartz' }, b.token);
    expect(found.data!.search.edges.map((e) => e.node.message.content)).toEqual(['quartz as the replica has it']);
    const mine = await t.exec(ReplicaSentDoc, { first: 1 }, a.token);
    expect(mine.data!.sentMessages.edges[0]!.node.content).toBe('quartz as the replica has it');
    const sync = await t.exec(ReplicaSyncDoc, {}, b.token);
    expect(sync.data!.sync.events.map((e) => ('message' in e ? e.message.content : null))).toContain('quartz as the replica has it');
    expect(replicaStatements()).toBeGreaterThan(before);
  });

  it('another user still cannot read what is not theirs, on the replica too', async () => {
    const sent = await send(a, [b], 'quartz secrets for bob only');
    await settled();
    expect((await t.exec(ReplicaMessageDoc, { id: sent.id }, c.token)).data!.message).toBeNull();
    const page = await t.exec(InboxDoc, { first: 20 }, c.token);
    expect(page.data!.messages.edges).toEqual([]);
    const found = await t.exec(ReplicaSearchDoc, { query: 'quartz' }, c.token);
    expect(found.data!.search.edges).toEqual([]);
    const sync = await t.exec(ReplicaSyncDoc, {}, c.token);
    expect(sync.data!.sync.events).toEqual([]);
    const sentByC = await t.exec(ReplicaSentDoc, { first: 5 }, c.token);
    expect(sentByC.data!.sentMessages.edges).toEqual([]);
  });

  it('shows each replica in the detailed health output', async () => {
    expect(await replicaHealth(t)).toEqual([expect.objectContaining({ name: 'replica-1', state: 'ok' })]);
  });
});

describe.runIf(canStartMariaDb)(named('a client reads its own writes while the replica is behind'), () => {
  beforeAll(() => pair.pauseApplying());
  afterAll(() => pair.resumeApplying());

  async function onReplicaOnly(id: string): Promise<void> {
    const rows = await onReplica<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${database}\`.messages WHERE id = ?`, [id]);
    expect(Number(rows[0]!.n)).toBe(0);
  }

  it('a send is in the sender’s sentMessages and the recipient’s inbox at once', async () => {
    const sent = await send(a, [b], 'written while the replica sleeps');
    await onReplicaOnly(sent.id);
    const behind = await routed('primary', 'replica_behind');
    const mine = await t.exec(ReplicaSentDoc, { first: 1 }, a.token);
    expect(mine.data!.sentMessages.edges[0]!.node.id).toBe(sent.id);
    const page = await t.exec(InboxDoc, { first: 1 }, b.token);
    expect(page.data!.messages.edges[0]!.node.id).toBe(sent.id);
    expect(await routed('primary', 'replica_behind')).toBe(behind + 2);
  });

  it('markRead is in the next unreadCount and messages', async () => {
    const sent = await send(a, [b], 'read me while the replica sleeps');
    expect((await t.exec(UnreadDoc, {}, b.token)).data!.unreadCount).toBeGreaterThan(0);
    await t.exec(MarkReadDoc, { ids: [sent.id] }, b.token);
    const [row] = await onReplica<{ is_read: number }>(
      `SELECT r.is_read FROM \`${database}\`.message_recipients r WHERE r.message_id = ?`,
      [sent.id],
    );
    expect(row).toBeUndefined();
    const page = await t.exec(InboxDoc, { first: 1 }, b.token);
    expect(page.data!.messages.edges[0]!.node).toMatchObject({ id: sent.id, isRead: true });
    const unread = await t.exec(UnreadDoc, {}, b.token);
    const all = await t.exec(InboxDoc, { first: 50, filter: { unreadOnly: true } }, b.token);
    expect(unread.data!.unreadCount).toBe(all.data!.messages.edges.length);
    expect(all.data!.messages.edges.map((e) => e.node.id)).not.toContain(sent.id);
  });

  it('another instance reads them too: the read model in Redis knows the user’s position', async () => {
    const other = await startTestApp('replicas', { config: t.config, keepDatabase: true });
    try {
      const sent = await send(a, [b], 'written through one instance, read through another');
      await t.exec(MarkReadDoc, { ids: [sent.id] }, b.token);
      const page = await other.exec(InboxDoc, { first: 1 }, b.token);
      expect(page.data!.messages.edges[0]!.node).toMatchObject({ id: sent.id, isRead: true });
    } finally {
      await other.close();
    }
  });

  it('an instance that knows nothing of the user reads the replica, unless the cursor is newer than the replica', async () => {
    // Another instance with no Redis: it took none of these commits, so only the client's cursor tells it what to include.
    const other = await startTestApp('replicas', { config: { ...t.config, redis: null }, keepDatabase: true });
    try {
      const first = await send(a, [b], 'cursor one');
      const second = await send(a, [b], 'cursor two');
      // Bob's cursor of the first one, as a device of his got it (this instance took the commits: the primary answers).
      const known = await t.exec(InboxDoc, { first: 2 }, b.token);
      expect(known.data!.messages.edges.map((e) => e.node.id)).toEqual([second.id, first.id]);
      const firstCursor = known.data!.messages.edges[1]!.node.cursor;
      // Without a cursor the replica answers, as stale as it is.
      const stale = await other.exec(InboxDoc, { first: 1 }, b.token);
      expect(stale.data!.messages.edges[0]!.node.id).not.toBe(second.id);
      // With the first message's cursor the read must include it: the replica does not hold it, so the primary answers.
      const sync = await other.exec(ReplicaSyncDoc, { since: firstCursor }, b.token);
      expect(sync.data!.sync.events.map((e) => ('message' in e ? e.message.id : null))).toEqual([second.id]);
      expect(sync.data!.sync.hasMore).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('a report includes the messages sent just before it', async () => {
    const admin = await adminAccount(t);
    const today = new Date().toISOString().slice(0, 10);
    const before = (await t.exec(ReplicaReportDoc, { from: today, to: today }, admin.token)).data!.adminStats.totals.messages;
    await send(a, [b], 'counted in the report');
    const after = await t.exec(ReplicaReportDoc, { from: today, to: today }, admin.token);
    expect(after.data!.adminStats.totals.messages).toBe(before + 1);
  });

  it('a replica further behind than DATABASE_REPLICA_MAX_LAG_SECONDS takes no reads', async () => {
    const strict = await startTestApp('replicas', { config: { ...t.config, databaseReplicas: { ...t.config.databaseReplicas, maxLagSeconds: 1 } }, keepDatabase: true });
    try {
      // Its SQL thread is stopped: not replicating at all.
      expect(await replicaHealth(strict)).toEqual([expect.objectContaining({ state: 'lagging', lagSeconds: null })]);
      const unavailable = await routed('primary', 'replica_unavailable');
      const before = replicaStatements(strict);
      const page = await strict.exec(InboxDoc, { first: 1 }, c.token);
      expect(page.errors).toBeUndefined();
      expect(replicaStatements(strict)).toBe(before);
      expect(await routed('primary', 'replica_unavailable')).toBe(unavailable + 1);
    } finally {
      await strict.close();
    }
  });
});

describe.runIf(canStartMariaDb)(named('replica lag'), () => {
  it('is measured: from a commit on the primary to its position on the replica', async () => {
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      await send(a, [b], `lag sample ${i}`);
      const start = performance.now();
      const [primaryRows] = await t.app.database.pool.query('SELECT inbox_seq FROM users WHERE id = ?', [b.id]);
      const seq = Number((primaryRows as Array<{ inbox_seq: number }>)[0]!.inbox_seq);
      for (;;) {
        const [row] = await onReplica<{ inbox_seq: number }>(`SELECT inbox_seq FROM \`${database}\`.users WHERE id = ?`, [b.id]);
        if (Number(row!.inbox_seq) >= seq) break;
        await new Promise((r) => setTimeout(r, 1));
      }
      samples.push(performance.now() - start);
    }
    samples.sort((x, y) => x - y);
    const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(1);
    console.log(`replica lag over ${samples.length} sends: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
    expect(samples.at(-1)).toBeLessThan(5000);
  });
});

describe.runIf(canStartMariaDb)(named('a replica that is down'), () => {
  it('leaves every read to the primary, with no error for users, and takes reads again when it is back', async () => {
    await pair.replica.kill();
    const sent = await send(a, [b], 'quartz while the replica is down');
    await t.app.services.search.idle();
    const results = await Promise.all([
      t.exec(InboxDoc, { first: 1 }, b.token),
      t.exec(ReplicaSearchDoc, { query: 'quartz' }, b.token),
      t.exec(ReplicaSentDoc, { first: 1 }, a.token),
      t.exec(ReplicaSyncDoc, {}, c.token),
      t.exec(UnreadDoc, {}, b.token),
    ]);
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(results[0].data).toMatchObject({ messages: { edges: [{ node: { id: sent.id } }] } });
    expect(await replicaHealth(t)).toEqual([expect.objectContaining({ state: 'down' })]);

    await pair.replica.start();
    await pair.startReplication();
    await pair.caughtUp();
    expect(await replicaHealth(t)).toEqual([expect.objectContaining({ state: 'ok' })]);
    const before = replicaStatements();
    const page = await t.exec(InboxDoc, { first: 1 }, b.token);
    expect(page.data!.messages.edges[0]!.node.id).toBe(sent.id);
    expect(replicaStatements()).toBeGreaterThan(before);
  }, 60_000);
});
