import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { InboxDoc } from './helpers/messages.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const InstancesReceivedDoc = graphql(`
  subscription InstancesReceived {
    messageReceived {
      id
      content
    }
  }
`);

const InstancesSettingsDoc = graphql(`
  mutation InstancesSettings($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      timeZone
    }
  }
`);

let t: TestApp;
let url: string;
let other: ServerProcess;
const env = { NOTIFICATION_TIMER_POLL_MS: '100' };
const serverEnv = () => ({ ...env, DATABASE_URL: t.config.databaseUrl, JWT_SECRET: TEST_SECRET, REDIS_KEY_PREFIX: t.config.redis!.keyPrefix });

beforeAll(async () => {
  t = await startTestApp('notification_instances', { env });
  url = await t.listen();
  other = await spawnServer(serverEnv());
}, 60_000);
afterAll(async () => {
  await other?.kill();
  await t?.close();
});

/** Runs an operation on the spawned server over HTTP. */
async function onOther<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${other.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const InstancesSendIdDoc = graphql(`
  mutation InstancesSendId($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);

const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inboxOf(user: TestUser) {
  return (await t.exec(InboxDoc, { first: 20 }, user.token)).data!.messages.edges.map((e) => e.node);
}

describe('notification timers across instances', () => {
  it('a held push is released once, in order, with two instances and a restart of one in between', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const client = wsClient(url, b.token);
    try {
      const live = collect(client, InstancesReceivedDoc);
      await onOther(a.token, SEND, { input: { recipientIds: [b.id], content: 'hello' } });
      await until(() => live.results.length === 1);
      const zone = 'Asia/Shanghai';
      const now = DateTime.now().setZone(zone);
      const endsAt = now.plus({ seconds: 15 });
      const end = endsAt.toFormat('HH:mm:ss');
      await t.exec(InstancesSettingsDoc, { input: { timeZone: zone, quietHours: [{ weekday: now.weekday, start: '00:00:00', end }] } }, b.token);
      await onOther(a.token, SEND, { input: { recipientIds: [b.id], content: 'held 1' } });
      await onOther(a.token, SEND, { input: { recipientIds: [b.id], content: 'held 2' } });
      // One instance dies and comes back while the push is held.
      await other.kill('SIGKILL');
      expect(live.results).toHaveLength(1);
      other = await spawnServer(serverEnv());
      // Still held, unless the restart took past the quiet hours' end (a loaded machine).
      if (Date.now() < endsAt.startOf('second').toMillis() - 200) expect(live.results).toHaveLength(1);
      await until(() => live.results.length === 3, 20_000);
      expect(live.results.map((r) => r.messageReceived.content)).toEqual(['hello', 'held 1', 'held 2']);
      await sleep(1000);
      expect(live.results).toHaveLength(3);
    } finally {
      await client.dispose();
    }
  }, 60_000);

  it('an unconfirmed message is reminded, then escalated, each once, with one of two instances killed between the deadlines', async () => {
    const [sender, silent, manager] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    await onOther(sender.token, SEND, {
      input: { recipientIds: [silent.id], content: 'Quarterly review', requireConfirmation: { within: 3, escalateTo: manager.id } },
    });
    await until(async () => (await inboxOf(silent)).some((m) => m.type === 'REMINDER'), 15_000);
    await other.kill('SIGKILL');
    await until(async () => (await inboxOf(manager)).length > 0, 15_000);
    other = await spawnServer(serverEnv());
    await sleep(1000);
    expect((await inboxOf(silent)).filter((m) => m.type === 'REMINDER')).toHaveLength(1);
    const told = await inboxOf(manager);
    expect(told).toHaveLength(1);
    expect(told[0]!.content).toContain(`Not confirmed in time by ${silent.username}`);
  }, 60_000);
});

describe('notification rules kept between sends', () => {
  it('rules saved on the other instance apply to the very next send here, though this one kept that the user had none', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const client = wsClient(url, b.token);
    try {
      const live = collect(client, InstancesReceivedDoc);
      const send = async (content: string) => {
        const sent = await t.exec(InstancesSendIdDoc, { input: { recipientIds: [b.id], content, type: 'REMINDER' } }, a.token);
        expect(sent.errors).toBeUndefined();
      };
      await send('first: reads that b has no rules');
      await until(() => live.results.length === 1);
      await send('second: b\'s having no rules is kept here');
      await until(() => live.results.length === 2);

      await onOther(b.token, 'mutation($input: NotificationSettingsInput!) { updateNotificationSettings(input: $input) { timeZone } }', {
        input: { typeModes: [{ type: 'REMINDER', mode: 'MUTE' }] },
      });
      await sleep(200); // the save reaches this instance over the bus: a moment after the other answered
      await send('third: muted by the rule saved on the other instance');
      await sleep(600);
      expect(live.results.map((r) => r.messageReceived.content)).toEqual(['first: reads that b has no rules', 'second: b\'s having no rules is kept here']);
      expect((await inboxOf(b)).map((m) => m.content)).toContain('third: muted by the rule saved on the other instance');
    } finally {
      await client.dispose();
    }
  });
});
