import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { adminAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const AnomalyAlertsDoc = graphql(`
  query AnomalyAlerts($openOnly: Boolean) {
    alerts(first: 50, openOnly: $openOnly) {
      rule
      source
      severity
      tenant
      summary
      resolvedAt
    }
  }
`);

const WrongLoginDoc = graphql(`
  mutation WrongLogin($input: LoginInput!) {
    login(input: $input) {
      token
    }
  }
`);

let t: TestApp;
let admin: TestUser;
let otherAdmin: TestUser;
let sender: TestUser;
let recipients: TestUser[];

beforeAll(async () => {
  t = await startTestApp('ops_anomalies', {
    env: {
      // Rounds run when the test says (monitor.tick()), not on a timer.
      ALERT_EVAL_INTERVAL_MS: '3600000',
      ANOMALY_SENDER_MIN_PER_WINDOW: '8',
      ANOMALY_SENDER_FACTOR: '5',
      ANOMALY_DUPLICATE_RECIPIENTS: '6',
      ANOMALY_LOGIN_FAILURES: '4',
    },
  });
  admin = await adminAccount(t, 'watched');
  otherAdmin = await adminAccount(t, 'unrelated');
  sender = await registerUser(t, 'burst', 'watched');
  recipients = [];
  for (let i = 0; i < 6; i++) recipients.push(await registerUser(t, 'rcpt', 'watched'));
  await t.app.services.operations.monitor.tick();
}, 60_000);
afterAll(() => t?.close());

const round = () => t.app.services.operations.monitor.tick();
const openAnomalies = async (token: string) =>
  ((await t.exec(AnomalyAlertsDoc, { openOnly: true }, token)).data?.alerts ?? []).filter((a) => a.source === 'ANOMALY');

describe('abnormal patterns raise alerts that admins see, and block nothing', () => {
  it('a sender far above their own baseline', async () => {
    // A quiet window sets the baseline.
    await t.exec(SendDoc, { input: { recipientIds: [recipients[0]!.id], content: 'hello' } }, sender.token);
    await round();
    for (let i = 0; i < 10; i++) {
      const sent = await t.exec(SendDoc, { input: { recipientIds: [recipients[0]!.id], content: `note ${i}` } }, sender.token);
      expect(sent.errors).toBeUndefined();
    }
    await round();
    const open = await openAnomalies(admin.token);
    expect(open.map((a) => a.rule)).toContain('SenderRateJump');
    expect(open.find((a) => a.rule === 'SenderRateJump')).toMatchObject({ tenant: 'watched', severity: 'warning' });
    // The next quiet window resolves it.
    await round();
    expect((await openAnomalies(admin.token)).map((a) => a.rule)).not.toContain('SenderRateJump');
  });

  it('identical content to many recipients', async () => {
    const sent = await t.exec(
      SendDoc,
      { input: { recipientIds: recipients.map((r) => r.id), content: 'Click here to claim your prize' } },
      sender.token,
    );
    expect(sent.errors).toBeUndefined();
    await round();
    const burst = (await openAnomalies(admin.token)).find((a) => a.rule === 'IdenticalContentBurst');
    expect(burst?.summary).toContain('6 recipients');
    // Nothing was blocked: every recipient has the message.
    const [rows] = await t.app.database.pool.query('SELECT COUNT(*) AS n FROM message_recipients WHERE message_id = ?', [sent.data!.sendMessage.id]);
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(6);
  });

  it('a spike of refused logins', async () => {
    for (let i = 0; i < 4; i++) {
      const refused = await t.exec(WrongLoginDoc, { input: { username: sender.username, password: 'not the password', tenant: 'watched' } });
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    }
    await round();
    expect((await openAnomalies(admin.token)).map((a) => a.rule)).toContain('FailedLoginSpike');
  });

  it('an admin of another tenant sees none of them', async () => {
    expect(await openAnomalies(otherAdmin.token)).toEqual([]);
  });
});
