import { print } from 'graphql';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../src/db/client.js';
import { SIGNATURE_HEADER, verifySignature } from '../src/outbound/signature.js';
import { graphql } from './gql/index.js';
import { errorCodes, prepareDatabase, startTestApp, testConfig, type TestApp } from './helpers/app.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { SendDoc } from './helpers/messages.js';
import { scrape, valueOf } from './helpers/metrics.js';
import { freePort, OwnRedis } from './helpers/redis-server.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { startSmtpInbox, type SmtpInbox } from './helpers/smtp.js';
import { adminAccount } from './helpers/tokens.js';
import { RegisterDoc, registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const AlertRulesHistoryDoc = graphql(`
  query AlertRulesHistory($openOnly: Boolean) {
    alerts(first: 50, openOnly: $openOnly) {
      id
      rule
      source
      severity
      summary
      value
      startedAt
      resolvedAt
      notified
    }
  }
`);

const AlertRulesPushedDoc = graphql(`
  subscription AlertRulesPushed {
    messageReceived {
      id
    }
  }
`);

const WEBHOOK_SECRET = 'alert-rules-webhook-secret-0123456789';
// Long enough that a loaded machine still fits a whole outage (two evaluations) inside it.
const COOLDOWN_SECONDS = 8;
let smtp: SmtpInbox;
let receiver: HttpReceiver;

/**
 * An app whose alerts go to the test's SMTP inbox and webhook receiver (its own address and
 * path, `name`), evaluated when the test calls `monitor.tick()`; a rule fires at the first
 * round in which it holds.
 */
const alertEnv = (name: string, env: Record<string, string> = {}): Record<string, string> => ({
  ALERT_EVAL_INTERVAL_MS: '3600000',
  ALERT_FOR_SECONDS: '0',
  SMTP_URL: smtp.url,
  MAIL_FROM: 'Alerts <alerts@example.test>',
  ALERT_EMAIL_TO: `oncall-${name}@example.test`,
  ALERT_WEBHOOK_URL: `${receiver.url}/alerts/${name}`,
  ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  ...env,
});

interface WebhookNotice {
  subject: string;
  alerts: Array<{ status: 'firing' | 'resolved'; rule: string; severity: string; summary: string; value: number | null }>;
}

/** What the on-call of app `name` received: signed webhook calls and emails. */
const inboxOf = (name: string) => {
  const webhooks = () => receiver.accepted().filter((r) => r.path === `/alerts/${name}`);
  const emails = () => smtp.mails.filter((m) => [m.to ?? []].flat().some((address) => address.text.includes(`oncall-${name}@`)));
  return {
    webhooks,
    emails,
    /** Webhook calls and emails that tell of `rule` going `status`. */
    told(rule: string, status: 'firing' | 'resolved') {
      const line = new RegExp(`^\\[${status.toUpperCase()}\\] \\w+ ${rule}: `, 'm');
      return {
        webhooks: webhooks().filter((r) => (JSON.parse(r.body) as WebhookNotice).alerts.some((a) => a.rule === rule && a.status === status))
          .length,
        emails: emails().filter((m) => line.test(m.text ?? '')).length,
      };
    },
  };
};

/** The alerts an admin lists (all of them, or the open ones), newest first. */
async function alertsSeenBy(t: TestApp, admin: TestUser, openOnly = false) {
  const result = await t.exec(AlertRulesHistoryDoc, { openOnly }, admin.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.alerts;
}

const round = (t: TestApp) => t.app.services.operations.monitor.tick();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The messages table of the app's own database taken away (and given back): every send fails on the server's side. */
async function messagesTable(t: TestApp, state: 'gone' | 'back'): Promise<void> {
  const connection = await mysql.createConnection(t.config.databaseUrl);
  try {
    await connection.query(
      state === 'gone' ? 'RENAME TABLE messages TO messages_unavailable' : 'RENAME TABLE messages_unavailable TO messages',
    );
  } finally {
    await connection.end();
  }
}

async function failingSends(t: TestApp, from: TestUser, to: TestUser, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const sent = await t.exec(SendDoc, { input: { recipientIds: [to.id], content: `lost ${i}` } }, from.token);
    expect(errorCodes(sent)).toEqual(['INTERNAL_SERVER_ERROR']);
  }
}

const portConfig = testConfig('alert_rules_metrics_port');
/** The METRICS_PORT server, a process of its own (main.ts opens that port): started first, as it takes longest to boot. */
let portServer: Promise<{ server: ServerProcess; metricsUrl: string }> | null = null;

async function startPortServer(): Promise<{ server: ServerProcess; metricsUrl: string }> {
  await prepareDatabase(portConfig);
  const metricsPort = await freePort();
  const server = await spawnServer({
    NODE_ENV: 'test',
    DATABASE_URL: portConfig.databaseUrl,
    JWT_SECRET: portConfig.jwt.secret,
    REDIS_KEY_PREFIX: portConfig.redis!.keyPrefix,
    METRICS_PORT: String(metricsPort),
  });
  return { server, metricsUrl: `http://127.0.0.1:${metricsPort}` };
}

beforeAll(async () => {
  portServer = startPortServer();
  // Awaited by its test; a failure to start fails that test, not this hook.
  portServer.catch(() => undefined);
  smtp = await startSmtpInbox();
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  await (await portServer?.catch(() => null))?.server.kill();
  await dropDatabase(portConfig.databaseUrl);
  await smtp?.close();
  await receiver?.close();
});

describe('built-in alert rules fire on the trouble they watch and reach the on-call', () => {
  let t: TestApp;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  const inbox = () => inboxOf('rules');

  beforeAll(async () => {
    t = await startTestApp('alert_rules', { env: alertEnv('rules') });
    admin = await adminAccount(t);
    alice = await registerUser(t, 'ralice');
    bob = await registerUser(t, 'rbob');
    await round(t);
  });
  afterAll(() => t?.close());

  it('operations failing on the server’s side raise GraphqlErrorRatioHigh, resolved once they succeed again', async () => {
    await round(t);
    await messagesTable(t, 'gone');
    try {
      await failingSends(t, alice, bob, 5);
    } finally {
      await messagesTable(t, 'back');
    }
    await round(t);

    const open = (await alertsSeenBy(t, admin, true)).find((a) => a.rule === 'GraphqlErrorRatioHigh');
    expect(open).toMatchObject({ source: 'RULE', severity: 'critical', resolvedAt: null, notified: true });
    expect(open!.summary).toMatch(/^server error ratio \d+\.\d%$/);
    expect(open!.value).toBeGreaterThan(0.05);
    expect(inbox().told('GraphqlErrorRatioHigh', 'firing')).toEqual({ webhooks: 1, emails: 1 });
    expect(
      inbox()
        .emails()
        .map((m) => m.subject),
    ).toContain('[critical] GraphqlErrorRatioHigh firing');
    const hook = inbox()
      .webhooks()
      .find((r) => (JSON.parse(r.body) as WebhookNotice).subject === '[critical] GraphqlErrorRatioHigh firing');
    expect(verifySignature(WEBHOOK_SECRET, hook!.body, hook!.headers[SIGNATURE_HEADER] as string)).toBe(true);

    // Sends work again: the next round resolves it, and says so once.
    const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'back again' } }, alice.token);
    expect(sent.errors).toBeUndefined();
    await round(t);
    expect((await alertsSeenBy(t, admin, true)).map((a) => a.rule)).not.toContain('GraphqlErrorRatioHigh');
    expect(inbox().told('GraphqlErrorRatioHigh', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
  });

  it('ten open sockets falling to none raise SocketsDroppingSharply, resolved once the drop is out of the recent rounds', async () => {
    const url = await t.listen();
    const clients = Array.from({ length: 10 }, () => wsClient(url, bob.token));
    await until(() => t.app.webSockets.clientCount() === 10);
    await round(t);
    expect((await alertsSeenBy(t, admin, true)).map((a) => a.rule)).not.toContain('SocketsDroppingSharply');

    for (const client of clients) await client.dispose();
    await until(() => t.app.webSockets.clientCount() === 0);
    await round(t);
    const open = (await alertsSeenBy(t, admin, true)).find((a) => a.rule === 'SocketsDroppingSharply');
    expect(open).toMatchObject({ severity: 'warning', summary: '0 sockets open, 10 recently', value: 0 });
    expect(inbox().told('SocketsDroppingSharply', 'firing')).toEqual({ webhooks: 1, emails: 1 });

    // The peak is remembered for six rounds; then the drop is history.
    for (let i = 0; i < 10 && inbox().told('SocketsDroppingSharply', 'resolved').webhooks === 0; i++) await round(t);
    expect((await alertsSeenBy(t, admin, true)).map((a) => a.rule)).not.toContain('SocketsDroppingSharply');
    expect(inbox().told('SocketsDroppingSharply', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
    expect(inbox().told('SocketsDroppingSharply', 'firing')).toEqual({ webhooks: 1, emails: 1 });
  });
});

describe('alert rules about Redis and the delivery queue, on a Redis of the test’s own', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  const inbox = () => inboxOf('redis');

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startTestApp('alert_rules_redis', {
      env: alertEnv('redis', {
        REDIS_PORT: String(redis.port),
        REDIS_COMMAND_TIMEOUT_MS: '300',
        REDIS_CONNECT_TIMEOUT_MS: '300',
        // An entry whose publish failed is taken back after 100 ms and dead-lettered after one try.
        DELIVERY_RECLAIM_MS: '100',
        DELIVERY_MAX_TRIES: '1',
      }),
    });
    admin = await adminAccount(t);
    alice = await registerUser(t, 'qalice');
    bob = await registerUser(t, 'qbob');
    await until(() => t.app.services.redis.isConnected());
    await round(t);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('a Redis that refuses publishes raises PushFailureRatioHigh and, as the entry fails every try, DeadLettersGrowing, in one notice', async () => {
    const control = redis.client();
    const deadLetters = () => control.xlen(`${t.config.redis!.keyPrefix}message_delivery_queue:dead`);
    try {
      await round(t);
      // Redis takes queue entries but refuses every PUBLISH (its ACL denies it).
      await control.call('ACL', 'SETUSER', 'default', '-publish');
      const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'never published' } }, alice.token);
      expect(sent.errors).toBeUndefined();
      await until(
        async () => (await deadLetters()) === 1,
        10_000,
        () => 'the entry never reached the dead-letter stream',
      );
      await round(t);

      const open = await alertsSeenBy(t, admin, true);
      expect(open.find((a) => a.rule === 'PushFailureRatioHigh')).toMatchObject({
        severity: 'critical',
        summary: 'push failure ratio 100.0%',
        value: 1,
      });
      expect(open.find((a) => a.rule === 'DeadLettersGrowing')).toMatchObject({
        severity: 'warning',
        summary: '1 dead-letter entries',
        value: 1,
      });
      // Both went out together: one email, one webhook call.
      expect(inbox().told('PushFailureRatioHigh', 'firing')).toEqual({ webhooks: 1, emails: 1 });
      expect(inbox().told('DeadLettersGrowing', 'firing')).toEqual({ webhooks: 1, emails: 1 });
      expect(inbox().emails().at(-1)!.subject).toBe('[critical] 2 alert(s) firing, 0 resolved');
      expect(inbox().webhooks()).toHaveLength(1);

      // Publishes go through again and nothing more is dead-lettered: both resolve.
      await control.call('ACL', 'SETUSER', 'default', '+publish');
      await round(t);
      const stillOpen = (await alertsSeenBy(t, admin, true)).map((a) => a.rule);
      expect(stillOpen).not.toContain('PushFailureRatioHigh');
      expect(stillOpen).not.toContain('DeadLettersGrowing');
      expect(inbox().told('PushFailureRatioHigh', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
      expect(inbox().told('DeadLettersGrowing', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
    } finally {
      await control.call('ACL', 'SETUSER', 'default', '+publish').catch(() => undefined);
      control.disconnect();
    }
  });

  it('a Redis that goes away raises RedisDegraded, resolved once it is back', async () => {
    await round(t);
    await redis.stop();
    await until(() => t.app.services.redis.mode() === 'degraded');
    await round(t);
    const open = (await alertsSeenBy(t, admin, true)).find((a) => a.rule === 'RedisDegraded');
    expect(open).toMatchObject({ severity: 'critical', summary: '1 instance(s) cannot reach Redis', value: 1 });
    expect(inbox().told('RedisDegraded', 'firing')).toEqual({ webhooks: 1, emails: 1 });

    await redis.start();
    await until(() => t.app.services.redis.isConnected(), 15_000);
    await round(t);
    expect((await alertsSeenBy(t, admin, true)).map((a) => a.rule)).not.toContain('RedisDegraded');
    expect(inbox().told('RedisDegraded', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
  });
});

describe('PushLatencyP99High, with pushes held up until a delivery worker comes', () => {
  let api: TestApp;
  let worker: TestApp | null = null;
  const inbox = () => inboxOf('push');

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('a message that waits over a second for a worker makes the p99 push latency fire, and a quiet round resolves it', async () => {
    const config = testConfig(
      'alert_rules_push',
      // An API instance only (no delivery workers); its streams are not repaired from the database meanwhile.
      alertEnv('push', { ROLE: 'api', ALERT_PUSH_P99_SECONDS: '1', DELIVERY_POSITION_CHECK_MS: '3600000' }),
    );
    api = await startTestApp('alert_rules_push', { config });
    const admin = await adminAccount(api);
    const alice = await registerUser(api, 'palice');
    const bob = await registerUser(api, 'pbob');
    const client = wsClient(await api.listen(), bob.token);
    const pushed = collect(client, AlertRulesPushedDoc);
    try {
      await until(() => api.app.services.streams.userCount() > 0);
      await round(api);
      const sent = await api.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'waiting for a worker' } }, alice.token);
      expect(sent.errors).toBeUndefined();
      // Only an API instance: the message waits in the queue.
      await sleep(1500);
      expect(pushed.results).toHaveLength(0);
      worker = await startTestApp('alert_rules_push', {
        config: { ...config, role: 'worker', instanceId: 'alert-rules-worker' },
        keepDatabase: true,
      });
      await pushed.waitFor(1);
      await round(api);

      const open = (await alertsSeenBy(api, admin, true)).find((a) => a.rule === 'PushLatencyP99High');
      expect(open).toMatchObject({ severity: 'warning', notified: true });
      expect(open!.value).toBeGreaterThan(1);
      expect(inbox().told('PushLatencyP99High', 'firing')).toEqual({ webhooks: 1, emails: 1 });

      await round(api);
      expect((await alertsSeenBy(api, admin, true)).map((a) => a.rule)).not.toContain('PushLatencyP99High');
      expect(inbox().told('PushLatencyP99High', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
    } finally {
      pushed.stop();
      await client.dispose();
    }
  });
});

describe('the alert cooldown (ALERT_COOLDOWN_SECONDS)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('an alert back within the cooldown is recorded without a notice and resolves silently; after the cooldown it notifies again', async () => {
    t = await startTestApp('alert_rules_cooldown', { env: alertEnv('cooldown', { ALERT_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS) }) });
    const inbox = () => inboxOf('cooldown');
    const admin = await adminAccount(t);
    const alice = await registerUser(t, 'calice');
    const bob = await registerUser(t, 'cbob');
    const history = async () => (await alertsSeenBy(t, admin)).filter((a) => a.rule === 'GraphqlErrorRatioHigh');
    /** Sends fail for one round (the rule fires), then succeed for the next (it resolves). */
    const outage = async () => {
      await messagesTable(t, 'gone');
      try {
        await failingSends(t, alice, bob, 3);
      } finally {
        await messagesTable(t, 'back');
      }
      await round(t);
      const firing = (await history())[0]!;
      const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'fine' } }, alice.token);
      expect(sent.errors).toBeUndefined();
      await round(t);
      return firing;
    };
    await round(t);

    const first = await outage();
    expect(first).toMatchObject({ resolvedAt: null, notified: true });
    expect(inbox().told('GraphqlErrorRatioHigh', 'firing')).toEqual({ webhooks: 1, emails: 1 });
    expect(inbox().told('GraphqlErrorRatioHigh', 'resolved')).toEqual({ webhooks: 1, emails: 1 });

    // Straight back (an outage's two rounds take a fraction of the cooldown): recorded, open
    // while it lasts, but nobody is told, of it or of its end.
    const again = await outage();
    expect(again).toMatchObject({ resolvedAt: null, notified: false });
    expect(again.id).not.toBe(first.id);
    expect(inbox().told('GraphqlErrorRatioHigh', 'firing')).toEqual({ webhooks: 1, emails: 1 });
    expect(inbox().told('GraphqlErrorRatioHigh', 'resolved')).toEqual({ webhooks: 1, emails: 1 });
    const [silent] = await history();
    expect(silent!.resolvedAt).not.toBeNull();

    // Once the cooldown has passed since it last resolved, the next outage is told again.
    await sleep(Date.parse(silent!.resolvedAt!) + COOLDOWN_SECONDS * 1000 + 200 - Date.now());
    const later = await outage();
    expect(later).toMatchObject({ resolvedAt: null, notified: true });
    expect(inbox().told('GraphqlErrorRatioHigh', 'firing')).toEqual({ webhooks: 2, emails: 2 });
    expect(inbox().told('GraphqlErrorRatioHigh', 'resolved')).toEqual({ webhooks: 2, emails: 2 });
    expect((await history()).map((a) => a.notified)).toEqual([true, false, true]);
  });
});

describe('/metrics on a port of its own (METRICS_PORT)', () => {
  it('a started server answers /metrics on METRICS_PORT with the API’s own numbers, and the API’s port does not serve it', async () => {
    const { server, metricsUrl } = await portServer!;
    const before = await scrape(metricsUrl);
    const registered = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(RegisterDoc),
        variables: { input: { username: `port_${Date.now()}`, password: 'correct horse battery', displayName: 'Port' } },
      }),
    });
    expect(((await registered.json()) as { data?: { register: { token: string } } }).data?.register.token).toEqual(expect.any(String));
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = await scrape(metricsUrl);
    const grew = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(grew('mm_graphql_operations_total', { operation: 'register', type: 'mutation', transport: 'http' })).toBe(1);

    const onApi = await fetch(`${server.url}/metrics`);
    expect(onApi.status).toBe(404);
    expect(await onApi.text()).not.toContain('mm_graphql_operations_total');
    // And the metrics port is not a way into the API.
    expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
  });
});
