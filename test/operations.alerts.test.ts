import { print } from 'graphql';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.js';
import { dropDatabase } from '../src/db/client.js';
import { SIGNATURE_HEADER, verifySignature } from '../src/outbound/signature.js';
import { graphql } from './gql/index.js';
import { prepareDatabase, testConfig } from './helpers/app.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { SendDoc } from './helpers/messages.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { startSmtpInbox, type SmtpInbox } from './helpers/smtp.js';
import { RegisterDoc } from './helpers/users.js';
import { until } from './helpers/ws.js';

const AlertsDoc = graphql(`
  query AlertHistory {
    alerts(first: 20) {
      id
      rule
      source
      severity
      summary
      startedAt
      resolvedAt
      notified
    }
  }
`);

const WEBHOOK_SECRET = 'alert-webhook-secret-0123456789';
const config = testConfig('ops_alerts');
let smtp: SmtpInbox;
let receiver: HttpReceiver;
const servers: ServerProcess[] = [];

async function post<T>(url: string, document: Parameters<typeof print>[0], variables: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function server(instanceId: string, role: 'api' | 'worker'): Promise<ServerProcess> {
  return spawnServer({
    NODE_ENV: 'test',
    DATABASE_URL: config.databaseUrl,
    JWT_SECRET: config.jwt.secret,
    REDIS_KEY_PREFIX: config.redis!.keyPrefix,
    INSTANCE_ID: instanceId,
    // Two API instances and no delivery worker: the queue stalls, and its lag is the sustained failure.
    ROLE: role,
    ALERT_EVAL_INTERVAL_MS: '250',
    ALERT_FOR_SECONDS: '1',
    ALERT_QUEUE_LAG_SECONDS: '1',
    ALERT_COOLDOWN_SECONDS: '0',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Alerts <alerts@example.test>',
    ALERT_EMAIL_TO: 'oncall@example.test',
    ALERT_WEBHOOK_URL: `${receiver.url}/alerts`,
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
}

beforeAll(async () => {
  await prepareDatabase(config);
  smtp = await startSmtpInbox();
  receiver = await startHttpReceiver();
  servers.push(await server('alerts-a', 'api'), await server('alerts-b', 'api'));
}, 90_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  await smtp?.close();
  await receiver?.close();
  await dropDatabase(config.databaseUrl);
});

const lagNotices = (status: 'firing' | 'resolved') =>
  receiver
    .accepted()
    .map((r) => JSON.parse(r.body) as { alerts: Array<{ rule: string; status: string }> })
    .filter((b) => b.alerts.some((a) => a.rule === 'DeliveryQueueLagHigh' && a.status === status));

describe('built-in alerts with two instances', () => {
  it('a stalled queue fires one alert: one email, one signed webhook, de-duplicated while it lasts, then resolved once', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const alice = await post<{ register: { token: string } }>(a.url, RegisterDoc, {
      input: { username: `alert_a_${Date.now()}`, password: 'correct horse battery', displayName: 'A' },
    });
    const bob = await post<{ register: { user: { id: string } } }>(b.url, RegisterDoc, {
      input: { username: `alert_b_${Date.now()}`, password: 'correct horse battery', displayName: 'B' },
    });
    await post(a.url, SendDoc, { input: { recipientIds: [bob.register.user.id], content: 'stuck in the queue' } }, alice.register.token);

    const [firing] = await smtp.waitFor(1, 20_000);
    expect(firing!.subject).toContain('DeliveryQueueLagHigh firing');
    expect(firing!.text).toContain('delivery queue lag');
    await until(() => lagNotices('firing').length >= 1, 10_000);
    const hook = receiver.accepted()[0]!;
    expect(verifySignature(WEBHOOK_SECRET, hook.body, hook.headers[SIGNATURE_HEADER] as string)).toBe(true);

    // Both instances keep evaluating while the lag lasts; nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(smtp.mails).toHaveLength(1);
    expect(lagNotices('firing')).toHaveLength(1);

    // A delivery worker drains the queue: the alert resolves, once.
    servers.push(await server('alerts-worker', 'worker'));
    await smtp.waitFor(2, 20_000);
    expect(smtp.mails[1]!.subject).toContain('DeliveryQueueLagHigh resolved');
    await until(() => lagNotices('resolved').length >= 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.mails).toHaveLength(2);
    expect(lagNotices('firing')).toHaveLength(1);
    expect(lagNotices('resolved')).toHaveLength(1);

    // The history, through the API, on either instance.
    const connection = await mysql.createConnection(config.databaseUrl);
    const [inserted] = await connection.query<mysql.ResultSetHeader>(
      "INSERT INTO users (tenant_id, username, display_name, role) VALUES ('default', ?, 'Ops', 'admin')",
      [`ops_admin_${Date.now()}`],
    );
    await connection.end();
    const { token } = await new TokenService(config.jwt).sign({ id: inserted.insertId, tenantId: 'default' });
    const { alerts } = await post<{ alerts: Array<{ rule: string; resolvedAt: string | null; notified: boolean; severity: string }> }>(
      b.url,
      AlertsDoc,
      {},
      token,
    );
    const lag = alerts.filter((x) => x.rule === 'DeliveryQueueLagHigh');
    expect(lag).toHaveLength(1);
    expect(lag[0]).toMatchObject({ severity: 'warning', notified: true });
    expect(lag[0]!.resolvedAt).not.toBeNull();
  }, 120_000);
});
