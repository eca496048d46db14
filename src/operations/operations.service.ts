import { z } from 'zod';
import type { Viewer } from '../auth/auth.service.js';
import { badInput } from '../graphql/errors.js';
import type { AlertRow, AlertsStore } from './alerts.store.js';
import type { OperationsMonitor, OperationsStatus } from './monitor.js';
import { daysBetween, MAX_REPORT_DAYS, type AdminStats, type ReportsService } from './reports.service.js';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((d) => { const t = Date.parse(`${d}T00:00:00Z`); return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d); }, 'must be a real date');

export const reportInput = z
  .object({ from: DAY, to: DAY, topSenders: z.number().int().min(1).max(100) })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
  .refine((r) => daysBetween(r.from, r.to).length <= MAX_REPORT_DAYS, { message: `at most ${MAX_REPORT_DAYS} days`, path: ['to'] });

/** What tenant admins read about their installation and tenant (resolvers call this; scopes check the role). */
export class OperationsService {
  constructor(
    readonly monitor: OperationsMonitor,
    readonly reports: ReportsService,
    private readonly alerts: AlertsStore,
    private readonly statusIntervalMs: number,
  ) {}

  status(): OperationsStatus {
    return this.monitor.latest();
  }

  /** The viewer's tenant's alerts and the installation's, newest first. */
  async alertsFor(viewer: Viewer, options: { limit: number; openOnly: boolean }): Promise<AlertRow[]> {
    if (options.limit < 1 || options.limit > 500) throw badInput('first must be between 1 and 500', 'first');
    return this.alerts.list(viewer.tenantId, options);
  }

  async report(viewer: Viewer, input: z.output<typeof reportInput>): Promise<AdminStats> {
    return this.reports.report(viewer.tenantId, input.from, input.to, input.topSenders);
  }

  /**
   * The live status now and then every ADMIN_STATUS_INTERVAL_MS, until the subscriber leaves
   * (its generator ends at the next interval: a few admins, so the wait costs nothing).
   */
  async *statusUpdates(): AsyncGenerator<OperationsStatus> {
    for (;;) {
      yield this.monitor.latest();
      await new Promise((resolve) => setTimeout(resolve, this.statusIntervalMs));
    }
  }
}
