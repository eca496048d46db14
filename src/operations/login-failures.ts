import { metrics } from './metrics.js';

/**
 * Refused logins per tenant since the anomaly detector last looked (src/operations/anomalies.ts).
 * Process-wide like the metrics registry: the login path records, one detector drains.
 */
const pending = new Map<string, number>();
const MAX_TENANTS = 10_000;

export function recordLoginFailure(tenantId: string): void {
  metrics.loginFailures.inc();
  if (pending.size >= MAX_TENANTS && !pending.has(tenantId)) return;
  pending.set(tenantId, (pending.get(tenantId) ?? 0) + 1);
}

/** The failures recorded since the last call, by tenant; the record starts again empty. */
export function drainLoginFailures(): Map<string, number> {
  const drained = new Map(pending);
  pending.clear();
  return drained;
}
