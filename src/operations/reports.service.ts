import type { Database } from '../db/client.js';
import type { ReadReplicas } from '../db/replicas.js';
import type { Logger } from '../logger.js';
import type { Day, PushRow, ReportsStore } from './reports.store.js';

const DAY_MS = 86_400_000;
export const MAX_REPORT_DAYS = 366;

export interface PushStats extends PushRow {
  /** Delivered (acknowledged by a device) over recipients. */
  successRate: number | null;
  avgDeliveryMs: number | null;
  readRate: number | null;
  avgTimeToReadMs: number | null;
}

export interface AdminStats {
  from: Day;
  to: Day;
  /** The oldest rollup the report is made of: what happened after it is not in it yet. */
  rolledUpAt: Date | null;
  pushes: PushStats[];
  totals: PushStats;
  days: Array<{ day: Day; activeUsers: number; messages: number }>;
  topSenders: Array<{ userId: number; username: string; messages: number }>;
}

export const dayOf = (date: Date): Day => date.toISOString().slice(0, 10);

export function daysBetween(from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) days.push(dayOf(new Date(t)));
  return days;
}

function withRates(row: PushRow): PushStats {
  const per = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    ...row,
    successRate: per(row.delivered, row.recipients),
    avgDeliveryMs: per(row.deliveryMsSum, row.delivered),
    readRate: per(row.readCount, row.recipients),
    avgTimeToReadMs: per(row.readMsSum, row.readCount),
  };
}

/**
 * Reports for tenant admins, read from the daily aggregates (src/operations/reports.store.ts).
 * A day of the period that was never rolled up is rolled up first, and today always (one
 * day's messages, read through the index on their time). The rollup is a write, on the
 * primary; the report's reads may run on a read replica once it holds the rollups this
 * report just wrote (their `rolled_at`), the same read-your-writes rule as the inbox's with
 * the rollup's time in place of the inbox seq (docs/read-replicas.md).
 */
export class ReportsService {
  constructor(
    private readonly store: ReportsStore,
    private readonly options: { recomputeDays: number },
    private readonly replicas: ReadReplicas,
    private readonly logger: Logger,
  ) {}

  async report(tenantId: string, from: Day, to: Day, topSenders: number): Promise<AdminStats> {
    const { rolled, written } = await this.ensureRolledUp(from, to);
    const holdsRollups = async (replica: Database) => {
      const there = await this.store.rolledUp(from, to, replica);
      return [...written].every(([day, at]) => (there.get(day)?.getTime() ?? 0) >= at.getTime());
    };
    const [pushes, days, top] = await this.replicas.run(written.size > 0 ? holdsRollups : null, (db) =>
      Promise.all([
        this.store.pushes(tenantId, from, to, db),
        this.store.daily(tenantId, from, to, db),
        this.store.topSenders(tenantId, from, to, topSenders, db),
      ]),
    );
    const totals = pushes.reduce<PushRow>(
      (sum, p) => ({
        type: 'ALL',
        priority: 'ALL',
        messages: sum.messages + p.messages,
        recipients: sum.recipients + p.recipients,
        delivered: sum.delivered + p.delivered,
        deliveryMsSum: sum.deliveryMsSum + p.deliveryMsSum,
        readCount: sum.readCount + p.readCount,
        readMsSum: sum.readMsSum + p.readMsSum,
      }),
      { type: 'ALL', priority: 'ALL', messages: 0, recipients: 0, delivered: 0, deliveryMsSum: 0, readCount: 0, readMsSum: 0 },
    );
    const times = [...rolled.values()].map((d) => d.getTime());
    return {
      from,
      to,
      rolledUpAt: times.length > 0 ? new Date(Math.min(...times)) : null,
      pushes: pushes.map(withRates),
      totals: withRates(totals),
      days,
      topSenders: top,
    };
  }

  /** Rolls up the recent days again (the periodic job of the instance holding the alert lease). */
  async rollUpRecent(now = new Date()): Promise<void> {
    const to = dayOf(now);
    const from = dayOf(new Date(now.getTime() - (this.options.recomputeDays - 1) * DAY_MS));
    for (const day of daysBetween(from, to)) await this.store.rollUp(day);
    this.logger.debug({ from, to }, 'report aggregates rolled up');
  }

  /** Every day of the range rolled up (`rolled`), and the days this call rolled up with their `rolled_at` (`written`). */
  private async ensureRolledUp(from: Day, to: Day): Promise<{ rolled: Map<Day, Date>; written: Map<Day, Date> }> {
    const rolled = await this.store.rolledUp(from, to);
    const written = new Map<Day, Date>();
    const today = dayOf(new Date());
    for (const day of daysBetween(from, to)) {
      if (day > today) continue;
      const at = rolled.get(day);
      if (at && day !== today) continue;
      const rolledAt = await this.store.rollUp(day);
      rolled.set(day, rolledAt);
      written.set(day, rolledAt);
    }
    return { rolled, written };
  }
}
