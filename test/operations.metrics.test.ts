import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { print, type FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { dropDatabase } from '../src/db/client.js';
import { graphql } from './gql/index.js';
import { prepareDatabase, startTestApp, testConfig, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { scrape, valueOf } from './helpers/metrics.js';
import { OwnRedis } from './helpers/redis-server.js';
import { registerUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';
import { createLogger } from '../src/logger.js';
import { requestContextOf, runInContext } from '../src/operations/request-context.js';
import { postSignedJson } from '../src/outbound/webhook.js';
import { startHttpReceiver } from './helpers/http-receiver.js';

const PushedDoc = graphql(`
  subscription MetricsPushed {
    messageReceived {
      id
      cursor
    }
  }
`);

const ReadDoc = graphql(`
  mutation MetricsRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      unreadCount
    }
  }
`);

const AckDoc = graphql(`
  mutation MetricsAck($upTo: String!) {
    acknowledgeDelivery(upTo: $upTo) {
      acknowledgedCount
    }
  }
`);

/** Every family docs/operations.md promises, with its type. */
const FAMILIES: Record<string, string> = {
  mm_graphql_operations_total: 'COUNTER',
  mm_graphql_operation_errors_total: 'COUNTER',
  mm_graphql_operation_duration_seconds: 'HISTOGRAM',
  mm_messages_sent_total: 'COUNTER',
  mm_messages_read_total: 'COUNTER',
  mm_push_latency_seconds: 'HISTOGRAM',
  mm_push_ack_latency_seconds: 'HISTOGRAM',
  mm_pushes_succeeded_total: 'COUNTER',
  mm_pushes_failed_total: 'COUNTER',
  mm_pushes_repushed_total: 'COUNTER',
  mm_pushes_held_total: 'COUNTER',
  mm_websocket_connections: 'GAUGE',
  mm_online_users: 'GAUGE',
  mm_inbox_streams: 'GAUGE',
  mm_websocket_frames_sent_total: 'COUNTER',
  mm_delivery_queue_entries: 'GAUGE',
  mm_delivery_queue_lag_seconds: 'GAUGE',
  mm_delivery_dead_letter_entries: 'GAUGE',
  mm_delivery_reclaims_total: 'COUNTER',
  mm_delivery_enqueue_failures_total: 'COUNTER',
  mm_cluster_lease_held: 'GAUGE',
  mm_cache_lookups_total: 'COUNTER',
  mm_cache_hit_ratio: 'GAUGE',
  mm_redis_mode: 'GAUGE',
  mm_redis_command_duration_seconds: 'HISTOGRAM',
  mm_db_pool_connections_in_use: 'GAUGE',
  mm_db_pool_waiting_requests: 'GAUGE',
  mm_db_query_duration_seconds: 'HISTOGRAM',
  mm_db_slow_queries_total: 'COUNTER',
  nodejs_eventloop_lag_p99_seconds: 'GAUGE',
  nodejs_gc_duration_seconds: 'HISTOGRAM',
};

const lines: Array<Record<string, unknown>> = [];
const config = testConfig('ops_metrics', { SLOW_QUERY_MS: '0', LOG_LEVEL: 'info', DELIVERY_ACK_TIMEOUT_MS: '60000' });
let app: App;
let t: TestApp;
let url: string;

/** What startTestApp's exec does, for an app built here with a logger of the test's own. */
const execOn =
  (target: App): TestApp['exec'] =>
  async (document, variables, token) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await target.yoga.fetch('http://test/graphql', { method: 'POST', headers, body: JSON.stringify({ query: print(document), variables }) });
    return (await response.json()) as FormattedExecutionResult<never>;
  };

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  await prepareDatabase(config);
  // The app's own logger, writing to a stream the test reads.
  app = createApp(config, { logger: createLogger('info', { destination }) });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  t = { app, config, exec: execOn(app), listen: async () => url, close: async () => undefined };
});
afterAll(async () => {
  await app?.close();
  await dropDatabase(config.databaseUrl);
});

describe('GET /metrics', () => {
  it('is Prometheus text that a parser reads, with every family the operations guide lists', async () => {
    const families = await scrape(url);
    for (const [name, type] of Object.entries(FAMILIES)) {
      expect(families.find((f) => f.name === name)?.type, name).toBe(type);
    }
    // No user ids as labels: every label value of the operation counters is a schema field name.
    const operations = families.find((f) => f.name === 'mm_graphql_operations_total')!;
    for (const m of operations.metrics) expect(Object.keys(m.labels ?? {}).sort()).toEqual(['operation', 'transport', 'type']);
  });

  it('counts a send, its push over a socket, the device’s acknowledgement and the read', async () => {
    const alice = await registerUser(t, 'malice');
    const bob = await registerUser(t, 'mbob');
    const before = await scrape(url);
    const client = wsClient(url, bob.token);
    const pushed = collect(client, PushedDoc);
    await until(() => t.app.services.streams.userCount() > 0);

    const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'counted', priority: 'URGENT' } }, alice.token);
    const [push] = await pushed.waitFor(1);
    await t.exec(AckDoc, { upTo: push!.messageReceived.cursor }, bob.token);
    await t.exec(ReadDoc, { ids: [sent.data!.sendMessage.id] }, bob.token);

    const after = await scrape(url);
    const grew = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(grew('mm_messages_sent_total', { priority: 'URGENT' })).toBe(1);
    expect(grew('mm_graphql_operations_total', { operation: 'sendMessage', type: 'mutation', transport: 'http' })).toBe(1);
    expect(grew('mm_graphql_operations_total', { operation: 'messageReceived', type: 'subscription', transport: 'ws' })).toBe(1);
    expect(grew('mm_pushes_succeeded_total')).toBe(1);
    expect(grew('mm_push_latency_seconds')).toBe(1);
    expect(grew('mm_push_ack_latency_seconds')).toBe(1);
    expect(grew('mm_messages_read_total')).toBe(1);
    expect(grew('mm_websocket_frames_sent_total')).toBeGreaterThanOrEqual(2);
    expect(grew('mm_db_query_duration_seconds')).toBeGreaterThan(0);
    expect(valueOf(after, 'mm_websocket_connections')).toBe(1);
    expect(valueOf(after, 'mm_online_users')).toBeGreaterThanOrEqual(1);
    pushed.stop();
    await client.dispose();
  });

  it('counts errors by code and operation', async () => {
    const before = await scrape(url);
    await t.exec(SendDoc, { input: { recipientIds: ['1'], content: 'x' } }, null);
    const after = await scrape(url);
    const labels = { operation: 'sendMessage', code: 'UNAUTHENTICATED' };
    expect(valueOf(after, 'mm_graphql_operation_errors_total', labels) - valueOf(before, 'mm_graphql_operation_errors_total', labels)).toBe(1);
  });
});

describe('/metrics protected by METRICS_TOKEN', () => {
  it('refuses a scrape without the token or with another, and serves one with it', async () => {
    const guarded = await startTestApp('ops_metrics_token', { env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
    try {
      const guardedUrl = await guarded.listen();
      expect((await fetch(`${guardedUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${guardedUrl}/metrics`, { headers: { authorization: 'Bearer scrape-token-wrong-0000' } })).status).toBe(401);
      // A new instance reports degraded until both of its Redis connections are ready (under load, a moment after it listens).
      await until(() => guarded.app.services.redis.isConnected());
      expect(valueOf(await scrape(guardedUrl, 'scrape-token-0123456789'), 'mm_redis_mode', { mode: 'connected' })).toBe(1);
    } finally {
      await guarded.close();
    }
  });
});

describe('request logs and trace context', () => {
  it('a slow statement is logged without its values, with the request id, operation and the caller’s trace id', async () => {
    const alice = await registerUser(t, 'mlog');
    lines.length = 0;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: 'query LoggedInbox { messages(first: 5) { edges { cursor } } }', operationName: 'LoggedInbox' }),
    });
    expect(response.status).toBe(200);
    // Passed on: the response names the same trace, with this server's span.
    expect(response.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const requestId = response.headers.get('x-request-id');
    await until(
      () => lines.some((l) => l.msg === 'slow query' && l.requestId === requestId),
      10_000,
      () => `no slow query of request ${requestId} in ${JSON.stringify(lines.slice(-5))}`,
    );
    const slow = lines.filter((l) => l.msg === 'slow query' && l.requestId === requestId);
    expect(slow.length).toBeGreaterThan(0);
    for (const line of slow) {
      expect(line.traceId).toBe(traceId);
      expect(line.operation).toBe('LoggedInbox');
    }
    // Placeholders, not the viewer's id: drizzle sends values apart from the statement.
    expect(slow.map((l) => String(l.statement)).find((s) => s.includes('`users`.`id`'))).toMatch(/`users`\.`id` (=|in \() ?\?/);
  });
});

describe('trace context passed on', () => {
  it('a signed webhook sent while handling a request carries its traceparent', async () => {
    const receiver = await startHttpReceiver();
    try {
      const context = requestContextOf({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
      await runInContext(context, () => postSignedJson({ url: receiver.url, payload: { hello: 1 }, secret: 'webhook-secret-0123456789' }));
      const [request] = await receiver.waitFor(1);
      expect(request!.headers.traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${context.spanId}-01`);
      await postSignedJson({ url: receiver.url, payload: { outside: 1 }, secret: 'webhook-secret-0123456789' });
      const [, outside] = await receiver.waitFor(2);
      expect(outside!.headers.traceparent).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });
});

describe('counters while Redis is down (a private server, killed)', () => {
  it('the Redis mode gauge shows degraded and sends count as queue failures pushed directly', async () => {
    const redis = await OwnRedis.start();
    const app = await startTestApp('ops_metrics_outage', {
      env: { REDIS_PORT: String(redis.port), REDIS_COMMAND_TIMEOUT_MS: '300', REDIS_CONNECT_TIMEOUT_MS: '300' },
    });
    try {
      const appUrl = await app.listen();
      const alice = await registerUser(app, 'oalice');
      const bob = await registerUser(app, 'obob');
      await until(() => app.app.services.redis.isConnected());
      const before = await scrape(appUrl);
      await redis.stop();
      await until(() => app.app.services.redis.mode() === 'degraded');
      const sent = await app.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'while down' } }, alice.token);
      expect(sent.errors).toBeUndefined();
      const after = await scrape(appUrl);
      expect(valueOf(after, 'mm_redis_mode', { mode: 'degraded' })).toBe(1);
      expect(valueOf(after, 'mm_delivery_enqueue_failures_total') - valueOf(before, 'mm_delivery_enqueue_failures_total')).toBe(1);
    } finally {
      await app.close();
      await redis.stop();
    }
  });
});
