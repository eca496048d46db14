import { and, between, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import type { Database } from '../db/client.js';
import { withTransaction } from '../db/client.js';
import { opsDailyActiveUsers, opsDailyMessages, opsDailySenders, opsRollups, users } from '../db/schema.js';

/** A day as the aggregates key it: 'YYYY-MM-DD' (UTC). */
export type Day = string;

export interface PushRow {
  type: string;
  priority: string;
  messages: number;
  recipients: number;
  delivered: number;
  deliveryMsSum: number;
  readCount: number;
  readMsSum: number;
}

/**
 * Report aggregates: each day's messages rolled up once into a few rows per tenant, so a report
 * over a month reads about thirty rows per type and priority instead of every message. A day
 * is rolled up again while it is recent (REPORTS_RECOMPUTE_DAYS), since its messages are still
 * being delivered and read. "Delivered" and "read" count recipients of that day's messages.
 */
export class ReportsStore {
  constructor(private readonly db: Database) {}

  /** Recomputes one day (all tenants) from the messages sent that day, in one transaction; returns the `rolled_at` it wrote. */
  async rollUp(day: Day): Promise<Date> {
    const rolledAt = new Date();
    const start = sql`CAST(${day} AS DATETIME(3))`;
    const end = sql`(CAST(${day} AS DATETIME(3)) + INTERVAL 1 DAY)`;
    await withTransaction(this.db, async (tx) => {
      await tx.delete(opsDailyMessages).where(eq(opsDailyMessages.day, day));
      await tx.delete(opsDailySenders).where(eq(opsDailySenders.day, day));
      await tx.delete(opsDailyActiveUsers).where(eq(opsDailyActiveUsers.day, day));
      await tx.execute(sql`
        INSERT INTO ops_daily_messages (tenant_id, day, type, priority, messages, recipients, delivered, delivery_ms_sum, read_count, read_ms_sum)
        SELECT m.tenant_id, ${day}, m.type, m.priority,
          COUNT(DISTINCT m.id), COUNT(r.id), COUNT(r.delivered_at),
          COALESCE(SUM(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, m.created_at, r.delivered_at))) DIV 1000, 0),
          COUNT(r.read_at),
          COALESCE(SUM(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, m.created_at, r.read_at))) DIV 1000, 0)
        FROM messages m LEFT JOIN message_recipients r ON r.message_id = m.id
        WHERE m.created_at >= ${start} AND m.created_at < ${end}
        GROUP BY m.tenant_id, m.type, m.priority`);
      await tx.execute(sql`
        INSERT INTO ops_daily_senders (tenant_id, day, sender_id, messages)
        SELECT tenant_id, ${day}, sender_id, COUNT(*) FROM messages
        WHERE created_at >= ${start} AND created_at < ${end}
        GROUP BY tenant_id, sender_id`);
      // Active: sent a message that day, or read one that day (of messages sent in the week before).
      await tx.execute(sql`
        INSERT INTO ops_daily_active_users (tenant_id, day, users)
        SELECT tenant_id, ${day}, COUNT(DISTINCT user_id) FROM (
          SELECT tenant_id, sender_id AS user_id FROM messages WHERE created_at >= ${start} AND created_at < ${end}
          UNION ALL
          SELECT m.tenant_id, r.recipient_id FROM messages m JOIN message_recipients r ON r.message_id = m.id
          WHERE m.created_at >= ${start} - INTERVAL 7 DAY AND m.created_at < ${end} AND r.read_at >= ${start} AND r.read_at < ${end}
        ) active GROUP BY tenant_id`);
      await tx.insert(opsRollups).values({ day, rolledAt }).onDuplicateKeyUpdate({ set: { rolledAt } });
    });
    return rolledAt;
  }

  // The reads below take the executor to run on: a report may read a replica (src/operations/reports.service.ts).

  /** Days of the range already rolled up, with when. */
  async rolledUp(from: Day, to: Day, executor: Database = this.db): Promise<Map<Day, Date>> {
    const rows = await executor.select().from(opsRollups).where(between(opsRollups.day, from, to));
    return new Map(rows.map((r) => [r.day, r.rolledAt]));
  }

  async pushes(tenantId: string, from: Day, to: Day, executor: Database = this.db): Promise<PushRow[]> {
    const d = opsDailyMessages;
    const sum = (column: AnyMySqlColumn) => sql<number>`CAST(SUM(${column}) AS UNSIGNED)`.mapWith(Number);
    return executor
      .select({
        type: d.type,
        priority: d.priority,
        messages: sum(d.messages),
        recipients: sum(d.recipients),
        delivered: sum(d.delivered),
        deliveryMsSum: sum(d.deliveryMsSum),
        readCount: sum(d.readCount),
        readMsSum: sum(d.readMsSum),
      })
      .from(d)
      .where(and(eq(d.tenantId, tenantId), between(d.day, from, to)))
      .groupBy(d.type, d.priority)
      .orderBy(d.type, d.priority);
  }

  async daily(tenantId: string, from: Day, to: Day, executor: Database = this.db): Promise<Array<{ day: Day; activeUsers: number; messages: number }>> {
    const [active, sent] = await Promise.all([
      executor
        .select({ day: opsDailyActiveUsers.day, users: opsDailyActiveUsers.users })
        .from(opsDailyActiveUsers)
        .where(and(eq(opsDailyActiveUsers.tenantId, tenantId), between(opsDailyActiveUsers.day, from, to))),
      executor
        .select({ day: opsDailyMessages.day, messages: sql<number>`CAST(SUM(${opsDailyMessages.messages}) AS UNSIGNED)`.mapWith(Number) })
        .from(opsDailyMessages)
        .where(and(eq(opsDailyMessages.tenantId, tenantId), between(opsDailyMessages.day, from, to)))
        .groupBy(opsDailyMessages.day),
    ]);
    const byDay = new Map<Day, { day: Day; activeUsers: number; messages: number }>();
    for (const a of active) byDay.set(a.day, { day: a.day, activeUsers: a.users, messages: 0 });
    for (const s of sent) byDay.set(s.day, { day: s.day, activeUsers: byDay.get(s.day)?.activeUsers ?? 0, messages: s.messages });
    return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  async topSenders(
    tenantId: string,
    from: Day,
    to: Day,
    limit: number,
    executor: Database = this.db,
  ): Promise<Array<{ userId: number; username: string; messages: number }>> {
    const s = opsDailySenders;
    const total = sql<number>`CAST(SUM(${s.messages}) AS UNSIGNED)`.mapWith(Number);
    const top = await executor
      .select({ userId: s.senderId, messages: total })
      .from(s)
      .where(and(eq(s.tenantId, tenantId), between(s.day, from, to)))
      .groupBy(s.senderId)
      .orderBy(desc(total), s.senderId)
      .limit(limit);
    if (top.length === 0) return [];
    const names = await executor
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.id, top.map((t) => t.userId)));
    const byId = new Map(names.map((n) => [n.id, n.username]));
    return top.map((t) => ({ ...t, username: byId.get(t.userId) ?? '' }));
  }
}
