/** How the load generator talks to a target. */
export type Flavor = 'graphql-ws' | 'ws-raw' | 'socketio';

/**
 * Where GraphQL targets receive `sendMessage`: HTTP POST (Apollo's and urql's usual `split`
 * link: queries and mutations over HTTP, subscriptions over the socket), or the sender's own
 * graphql-ws socket. Socket-only targets always take sends on their socket.
 */
export type SendOver = 'socket' | 'http';
export const SEND_OVERS: readonly SendOver[] = ['http', 'socket'];

export interface LoadgenInit {
  flavor: Flavor;
  /** Socket endpoints; socket.io targets have two (sender and receiver on different nodes). */
  socketUrls: string[];
  /** Where GraphQL targets' senders open their graphql-ws connections (null: the first socket URL). */
  senderSocketUrl: string | null;
  /** POST endpoint for GraphQL targets (queries, and mutations when a phase sends over HTTP). */
  httpUrl: string | null;
  jwtSecret: string;
  tenant: string;
  /** Subscriber user ids are 1..subscribers; sender-only users follow them. */
  subscriberUsers: number;
  senderUsers: number;
  seed: number;
}

export type LoadgenCommand =
  | { cmd: 'init'; init: LoadgenInit }
  | { cmd: 'connect'; count: number; concurrency: number }
  | { cmd: 'trim'; count: number }
  | { cmd: 'rate'; phase: number; rate: number; durationMs: number; drainMs: number; over: SendOver }
  | { cmd: 'fanout'; phase: number; recipients: number; repetitions: number; gapMs: number; drainMs: number; over: SendOver }
  | { cmd: 'closed'; phase: number; concurrency: number; recipients: number; durationMs: number; drainMs: number; over: SendOver }
  | { cmd: 'reads'; query: string; users: number; concurrency: number; durationMs: number }
  | { cmd: 'stop' };

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** What every measured phase reports about the load generator itself. */
export interface LoadgenHealth {
  /** Event-loop delay beyond the 1 ms sampling interval, p99, in ms. Over 5 ms: phase invalid. */
  lagP99Ms: number;
  cpuMs: number;
  wallMs: number;
}

export interface ConnectResult extends LoadgenHealth {
  held: number;
  opened: number;
  failed: number;
  firstError: string | null;
  /** connect + subscribe, ms */
  latency: Percentiles;
}

export interface RateResult extends LoadgenHealth {
  offeredRate: number;
  intended: number;
  sent: number;
  sendErrors: number;
  firstError: string | null;
  received: number;
  lost: number;
  duplicates: number;
  misrouted: number;
  /** send → receive, measured from the intended send time, ms */
  latency: Percentiles;
}

export interface FanoutResult extends LoadgenHealth {
  repetitions: number;
  recipients: number;
  expected: number;
  received: number;
  sendErrors: number;
  firstError: string | null;
  first: Percentiles;
  last: Percentiles;
}

export interface ClosedResult extends LoadgenHealth {
  concurrency: number;
  recipients: number;
  completed: number;
  errors: number;
  firstError: string | null;
  perSecond: number;
  latency: Percentiles;
  expectedDeliveries: number;
  received: number;
}

export interface ReadsResult extends LoadgenHealth {
  completed: number;
  errors: number;
  firstError: string | null;
  perSecond: number;
  latency: Percentiles;
}

export type LoadgenReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
