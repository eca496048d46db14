import type { AppConfig } from '../config.js';

export type Role = AppConfig['role'];

/**
 * Every background loop of an instance and the roles that start it (docs/jobs.md has the
 * reasons). API instances run what is tied to their own sockets; workers run everything else;
 * `all` runs both. Whether a job must be single is decided by the job itself: by a
 * `ClusterLease` (src/jobs/cluster-lease.ts) or by claiming its rows atomically.
 */
export const JOB_ROLES = {
  /** Stream position checks (src/delivery/stream-registry.ts): repair pushes of this instance's streams. */
  'position checks': ['all', 'api'],
  /** Re-pushes to this instance's streams what their devices did not acknowledge (src/delivery/acknowledgements.ts). */
  'acknowledgement re-push': ['all', 'api'],
  /** Refreshes this instance's sockets in `online_users:{id}` (src/presence/presence.service.ts). */
  'presence heartbeat': ['all', 'api'],
  /** Delivery queue consumers and the reclaim of idle entries (src/delivery/delivery.queue.ts). */
  'delivery workers': ['all', 'worker'],
  /** Durable notification timers: release, fallback, reminder, escalation (src/notifications/timers.ts). */
  'notification timers': ['all', 'worker'],
  /** Deletes uploads never sent (src/attachments/attachment-cleanup.ts). */
  'attachment cleanup': ['all', 'worker'],
  /** The webhook delivery poll: retries and what no emitting instance sent (src/webhooks/webhooks.service.ts). */
  'webhook retries': ['all', 'worker'],
  /** Retention policies (src/lifecycle/retention.job.ts), on the lease holder. */
  retention: ['all', 'worker'],
  /**
   * Counters shared through Redis on every instance; alert evaluation and report rollups on the
   * lease holder (src/operations/monitor.ts). On API instances too: with every worker down,
   * the alert that says so must still fire.
   */
  'operations monitor': ['all', 'api', 'worker'],
  /** Reachability and lag of each read replica (src/db/replicas.ts): any instance's reads may use one. */
  'read replica checks': ['all', 'api', 'worker'],
} as const satisfies Record<string, readonly Role[]>;

export type BackgroundJob = keyof typeof JOB_ROLES;

/** The jobs an instance of `role` starts. */
export function jobsOf(role: Role): BackgroundJob[] {
  return (Object.keys(JOB_ROLES) as BackgroundJob[]).filter((job) => (JOB_ROLES[job] as readonly Role[]).includes(role));
}
