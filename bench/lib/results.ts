import type { ClosedResult, ConnectResult, FanoutResult, RateResult, ReadsResult, SendOver } from './protocol.js';
import type { TargetId } from './targets.js';

/** CPU used by processes during one phase, in ms. */
export interface PhaseCpu {
  server: number;
  /** MariaDB + Redis */
  services: number;
  loadgen: number;
  wallMs: number;
}

export interface S1Row {
  target: TargetId;
  size: number;
  connect: ConnectResult;
  /** How long after the last connect the Redis channels of all subscribers existed, ms; null: not checked. */
  liveAfterMs: number | null;
  rssMB: number;
  rssPerSubscriberKB: number;
  idleCpuPct: number;
}

export interface S2Row {
  target: TargetId;
  rate: number;
  over: SendOver;
  result: RateResult | null;
  cpu: PhaseCpu | null;
  skipped: string | null;
}

export interface S3Row {
  target: TargetId;
  over: SendOver;
  result: FanoutResult;
  cpu: PhaseCpu;
}

export interface S4Row {
  target: TargetId;
  recipients: number;
  /** Where the GraphQL targets received the sends (socket targets always use their socket). */
  over: SendOver;
  result: ClosedResult;
  cpu: PhaseCpu;
}

export interface S5Row {
  target: TargetId;
  over: SendOver;
  best: number | null;
  bestP99: number | null;
  firstFail: { rate: number; reason: string } | null;
  probes: Array<{ rate: number; p99: number; lost: number; valid: boolean }>;
}

export interface S6Row {
  cache: string;
  query: string;
  result: ReadsResult;
}

export interface TargetResults {
  target: TargetId;
  description: string;
  processes: number;
  baselineRssMB: number;
  notes: string[];
  s1: S1Row[];
  s2: S2Row[];
  s3: S3Row[];
  s4: S4Row[];
  /** One row per path the sends took. */
  s5: S5Row[];
  s6: S6Row[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  kernel: string;
  node: string;
  mariadb: string;
  redis: string;
  openFiles: string;
  commit: string;
}

export interface RunParams {
  mode: 'smoke' | 'quick' | 'full';
  /** Paths GraphQL targets take sends over, headline (split link) first. */
  overs: SendOver[];
  /** Processes of our server: with 2, devices hold sockets on one and sends go to the other. */
  oursInstances: number;
  /** Unmeasured sending over the same path before each measured phase. */
  warmupMs: number;
  s1Sizes: number[];
  hold: number;
  senders: number;
  s2Rates: number[];
  s2Ms: number;
  drainMs: number;
  s3: { recipients: number; repetitions: number; gapMs: number };
  s4: { concurrency: number; recipients: number[]; ms: number };
  s5: { probeMs: number; maxRate: number } | null;
  s6: { ms: number; concurrency: number } | null;
  idleMs: number;
  connectConcurrency: number;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: Machine;
  params: RunParams;
  targets: TargetResults[];
}

export const LAG_LIMIT_MS = 5;
export const isValid = (lagP99Ms: number) => lagP99Ms <= LAG_LIMIT_MS;

/** The rows a target reports first: the split link (HTTP sends) where it has them, else its socket rows. */
export function headlineOver(rows: Array<{ over: SendOver }>): SendOver {
  return rows.some((r) => r.over === 'http') ? 'http' : 'socket';
}
