import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../src/operations/reports.service.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { adminAccount, expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const ReportDoc = graphql(`
  query Report($from: String!, $to: String!, $top: Int) {
    adminStats(from: $from, to: $to, topSenders: $top) {
      from
      to
      rolledUpAt
      totals {
        messages
        recipients
        delivered
        read
        successRate
        readRate
        avgTimeToReadMs
      }
      pushes {
        type
        priority
        messages
        recipients
        delivered
        read
        avgDeliveryMs
      }
      days {
        day
        activeUsers
        messages
      }
      topSenders {
        userId
        username
        messages
      }
    }
  }
`);

const StatusDoc = graphql(`
  query OpsStatus {
    operationsStatus {
      sockets
      redisMode
      databaseOk
      openAlerts
    }
  }
`);

const AlertListDoc = graphql(`
  query AlertList {
    alerts {
      id
    }
  }
`);

const DAY_MS = 86_400_000;
const TYPES = ['TEXT', 'MEETING_INVITE', 'REMINDER'];
const PRIORITIES = ['URGENT', 'NORMAL', 'LOW'];
let t: TestApp;
let users: TestUser[];
let admin: TestUser;
const from = dayOf(new Date(Date.now() - 30 * DAY_MS));
const to = dayOf(new Date(Date.now() - DAY_MS));

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

async function sql<T extends RowDataPacket>(statement: string, values: unknown[] = []): Promise<T[]> {
  const [rows] = await t.app.database.pool.query<T[]>(statement, values);
  return rows;
}

/** A month of messages written straight to the tables, each day with its own mix, reads and deliveries. */
async function generateMonth(tenant: string, senders: TestUser[], seed: number): Promise<void> {
  const next = random(seed);
  const seqs = new Map<string, number>();
  for (let daysAgo = 30; daysAgo >= 1; daysAgo--) {
    const dayStart = Math.floor((Date.now() - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
    const count = 3 + Math.floor(next() * 12);
    for (let i = 0; i < count; i++) {
      const sender = senders[Math.floor(next() * senders.length)]!;
      const createdAt = new Date(dayStart + Math.floor(next() * (DAY_MS - 3_600_000)));
      const [result] = await t.app.database.pool.query<import('mysql2').ResultSetHeader>(
        'INSERT INTO messages (tenant_id, sender_id, type, priority, content, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [tenant, sender.id, TYPES[Math.floor(next() * 3)], PRIORITIES[Math.floor(next() * 3)], `m${daysAgo}-${i}`, createdAt],
      );
      const recipients = senders.filter((u) => u !== sender && next() < 0.4);
      for (const r of recipients) {
        const seq = (seqs.get(r.id) ?? 0) + 1;
        seqs.set(r.id, seq);
        const deliveredAt = next() < 0.8 ? new Date(createdAt.getTime() + Math.floor(next() * 5000)) : null;
        const readAt = next() < 0.6 ? new Date(createdAt.getTime() + Math.floor(next() * 36 * 3_600_000)) : null;
        await t.app.database.pool.query(
          'INSERT INTO message_recipients (message_id, recipient_id, seq, is_read, read_at, delivered_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [result.insertId, r.id, seq + 100_000, readAt !== null, readAt, deliveredAt, createdAt],
        );
      }
    }
  }
}

beforeAll(async () => {
  t = await startTestApp('ops_reports');
  users = [];
  for (let i = 0; i < 8; i++) users.push(await registerUser(t, 'rep', 'reports'));
  const others = [await registerUser(t, 'oth', 'elsewhere'), await registerUser(t, 'oth', 'elsewhere')];
  await generateMonth('reports', users, 42);
  await generateMonth('elsewhere', others, 7);
  admin = await adminAccount(t, 'reports');
}, 120_000);
afterAll(() => t?.close());

describe('reports over a month (adminStats)', () => {
  it('match direct SQL counts: pushes by type and priority, reads, active users per day, top senders', async () => {
    const result = await t.exec(ReportDoc, { from, to, top: 3 }, admin.token);
    expect(result.errors).toBeUndefined();
    const report = result.data!.adminStats;
    const range = [`${from} 00:00:00`, `${to} 23:59:59.999`];

    const byKind = await sql<RowDataPacket & { type: string; priority: string; messages: number; recipients: number; delivered: number; read_n: number }>(
      `SELECT m.type, m.priority, COUNT(DISTINCT m.id) AS messages, COUNT(r.id) AS recipients, COUNT(r.delivered_at) AS delivered, COUNT(r.read_at) AS read_n
       FROM messages m LEFT JOIN message_recipients r ON r.message_id = m.id
       WHERE m.tenant_id = 'reports' AND m.created_at BETWEEN ? AND ? GROUP BY m.type, m.priority ORDER BY m.type, m.priority`,
      range,
    );
    expect(report.pushes.map((p) => [p.type, p.priority, p.messages, p.recipients, p.delivered, p.read])).toEqual(
      byKind.map((r) => [r.type, r.priority, Number(r.messages), Number(r.recipients), Number(r.delivered), Number(r.read_n)]),
    );
    const [totals] = await sql<RowDataPacket & { messages: number; ttr: number }>(
      `SELECT (SELECT COUNT(*) FROM messages WHERE tenant_id = 'reports' AND created_at BETWEEN ? AND ?) AS messages,
              (SELECT AVG(TIMESTAMPDIFF(MICROSECOND, m.created_at, r.read_at)) / 1000 FROM messages m JOIN message_recipients r ON r.message_id = m.id
               WHERE m.tenant_id = 'reports' AND m.created_at BETWEEN ? AND ? AND r.read_at IS NOT NULL) AS ttr`,
      [...range, ...range],
    );
    expect(report.totals.messages).toBe(Number(totals!.messages));
    expect(report.totals.avgTimeToReadMs).toBeCloseTo(Number(totals!.ttr), -1);

    const active = await sql<RowDataPacket & { day: string; users: number }>(
      `SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, COUNT(DISTINCT user_id) AS users FROM (
         SELECT DATE(created_at) AS day, sender_id AS user_id FROM messages WHERE tenant_id = 'reports'
         UNION SELECT DATE(r.read_at), r.recipient_id FROM message_recipients r JOIN messages m ON m.id = r.message_id
         WHERE m.tenant_id = 'reports' AND r.read_at IS NOT NULL
       ) a WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day`,
      [from, to],
    );
    expect(report.days.map((d) => [d.day, d.activeUsers])).toEqual(active.map((a) => [a.day, Number(a.users)]));

    const top = await sql<RowDataPacket & { sender_id: number; n: number }>(
      `SELECT sender_id, COUNT(*) AS n FROM messages WHERE tenant_id = 'reports' AND created_at BETWEEN ? AND ?
       GROUP BY sender_id ORDER BY n DESC, sender_id LIMIT 3`,
      range,
    );
    expect(report.topSenders.map((s) => [Number(s.userId), s.messages])).toEqual(top.map((r) => [Number(r.sender_id), Number(r.n)]));
    expect(report.topSenders[0]!.username).toBe(users.find((u) => u.id === report.topSenders[0]!.userId)!.username);
  });

  it('reads the kept daily aggregates: a message written into an old day appears only when that day is rolled up again', async () => {
    const before = (await t.exec(ReportDoc, { from, to }, admin.token)).data!.adminStats;
    const day = dayOf(new Date(Date.now() - 20 * DAY_MS));
    await t.app.database.pool.query(
      "INSERT INTO messages (tenant_id, sender_id, type, priority, content, created_at) VALUES ('reports', ?, 'TEXT', 'LOW', 'late', ?)",
      [users[0]!.id, `${day} 12:00:00`],
    );
    const unchanged = (await t.exec(ReportDoc, { from, to }, admin.token)).data!.adminStats;
    expect(unchanged.totals.messages).toBe(before.totals.messages);
    await t.app.services.operations.reports.rollUpRecent(new Date(`${day}T12:00:00Z`));
    const after = (await t.exec(ReportDoc, { from, to }, admin.token)).data!.adminStats;
    expect(after.totals.messages).toBe(before.totals.messages + 1);
  });

  it('shows an admin only their own tenant', async () => {
    const other = await adminAccount(t, 'elsewhere');
    const mine = (await t.exec(ReportDoc, { from, to }, admin.token)).data!.adminStats;
    const theirs = (await t.exec(ReportDoc, { from, to }, other.token)).data!.adminStats;
    const [counts] = await sql<RowDataPacket & { n: number }>(
      "SELECT COUNT(*) AS n FROM messages WHERE tenant_id = 'elsewhere' AND created_at BETWEEN ? AND ?",
      [`${from} 00:00:00`, `${to} 23:59:59.999`],
    );
    expect(theirs.totals.messages).toBe(Number(counts!.n));
    expect(theirs.topSenders.every((s) => !mine.topSenders.some((m) => m.userId === s.userId))).toBe(true);
  });

  it('refuses bad periods with BAD_USER_INPUT', async () => {
    expect(errorCodes(await t.exec(ReportDoc, { from: to, to: from }, admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.exec(ReportDoc, { from: '2026-02-30', to }, admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.exec(ReportDoc, { from: '2020-01-01', to }, admin.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.exec(ReportDoc, { from, to, top: 0 }, admin.token))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('who may read operations data', () => {
  it('refuses callers without a token, with an expired one, and users who are not admins', async () => {
    const user = users[1]!;
    const expired = await expiredToken(user, 'reports');
    for (const run of [(token: string | null) => t.exec(StatusDoc, {}, token), (token: string | null) => t.exec(AlertListDoc, {}, token)]) {
      expect(errorCodes(await run(null))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await run(expired))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await run(user.token))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await t.exec(ReportDoc, { from, to }, expired))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(ReportDoc, { from, to }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(ReportDoc, { from, to }, user.token))).toEqual(['FORBIDDEN']);
    const status = await t.exec(StatusDoc, {}, admin.token);
    expect(status.data?.operationsStatus).toMatchObject({ redisMode: 'connected', databaseOk: true });
  });
});
