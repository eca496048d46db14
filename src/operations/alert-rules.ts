import type { OperationsConfig } from '../config.js';
import type { AlertSeverity } from '../db/schema.js';
import { quantileOf, type Window } from './snapshot.js';

/** What the rules look at on each evaluation: the last window across instances, and the queue. */
export interface RuleInput {
  window: Window;
  pushLatencyBounds: number[];
  /** Age of the oldest entry of the slowest lane, seconds; null without a queue. */
  queueLagSeconds: number | null;
  deadLetters: number | null;
  previousDeadLetters: number | null;
  /** Most sockets open at once in the recent windows before this one. */
  recentPeakSockets: number;
}

export interface RuleResult {
  active: boolean;
  value: number | null;
  summary: string;
}

export interface AlertRule {
  name: string;
  severity: AlertSeverity;
  /** What the rule watches, for docs/operations.md and the API. */
  description: string;
  evaluate(input: RuleInput): RuleResult;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * The built-in rules (deploy/prometheus/alerts.yml has the same in PromQL). Each must hold for
 * ALERT_FOR_SECONDS before it fires; thresholds come from the ALERT_* settings.
 */
export function alertRules(config: OperationsConfig['alerts']): AlertRule[] {
  return [
    {
      name: 'PushFailureRatioHigh',
      severity: 'critical',
      description: `More than ${pct(config.pushFailureRatio)} of pushes fail (queue publishes that did not go out)`,
      evaluate: ({ window }) => {
        const value = ratio(window.pushesFailed, window.pushesFailed + window.pushesSucceeded);
        return { active: value !== null && value > config.pushFailureRatio, value, summary: `push failure ratio ${pct(value ?? 0)}` };
      },
    },
    {
      name: 'PushLatencyP99High',
      severity: 'warning',
      description: `p99 push latency (commit to subscription) above ${config.pushP99Seconds} s`,
      evaluate: ({ window, pushLatencyBounds }) => {
        const value = quantileOf(window.pushLatencyBuckets, pushLatencyBounds, 0.99);
        return { active: value !== null && value > config.pushP99Seconds, value, summary: `p99 push latency ${(value ?? 0).toFixed(3)} s` };
      },
    },
    {
      name: 'RedisDegraded',
      severity: 'critical',
      description: 'An instance runs without Redis (database reads, in-process push only)',
      evaluate: ({ window }) => ({
        active: window.redisDegraded > 0,
        value: window.redisDegraded,
        summary: `${window.redisDegraded} instance(s) cannot reach Redis`,
      }),
    },
    {
      name: 'DeliveryQueueLagHigh',
      severity: 'warning',
      description: `The oldest entry of a delivery lane is older than ${config.queueLagSeconds} s (workers stalled or too few)`,
      evaluate: ({ queueLagSeconds }) => ({
        active: queueLagSeconds !== null && queueLagSeconds > config.queueLagSeconds,
        value: queueLagSeconds,
        summary: `delivery queue lag ${(queueLagSeconds ?? 0).toFixed(1)} s`,
      }),
    },
    {
      name: 'DeadLettersGrowing',
      severity: 'warning',
      description: 'Entries keep arriving in the dead-letter stream (deliveries that failed every try)',
      evaluate: ({ deadLetters, previousDeadLetters }) => ({
        active: deadLetters !== null && previousDeadLetters !== null && deadLetters > previousDeadLetters,
        value: deadLetters,
        summary: `${deadLetters ?? 0} dead-letter entries`,
      }),
    },
    {
      name: 'GraphqlErrorRatioHigh',
      severity: 'critical',
      description: `More than ${pct(config.errorRatio)} of GraphQL operations fail on the server's side`,
      evaluate: ({ window }) => {
        const value = ratio(window.serverErrors, window.operations);
        return { active: value !== null && value > config.errorRatio, value, summary: `server error ratio ${pct(value ?? 0)}` };
      },
    },
    {
      name: 'SocketsDroppingSharply',
      severity: 'warning',
      description: `Open sockets fell by more than ${pct(config.socketDropRatio)} from their recent peak`,
      evaluate: ({ window, recentPeakSockets }) => {
        const active = recentPeakSockets >= 10 && window.sockets < recentPeakSockets * (1 - config.socketDropRatio);
        return { active, value: window.sockets, summary: `${window.sockets} sockets open, ${recentPeakSockets} recently` };
      },
    },
  ];
}
