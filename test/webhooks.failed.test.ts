import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/outbound/signature.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './helpers/http-receiver.js';
import { SendDoc } from './helpers/messages.js';
import { adminAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

const FailedHookCreateDoc = graphql(`
  mutation FailedHookCreate($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        id
        events
      }
    }
  }
`);
const FailedHookDeliveriesDoc = graphql(`
  query FailedHookDeliveries($webhookId: ID) {
    webhookDeliveries(webhookId: $webhookId) {
      id
      event
      state
      attempts
      lastStatus
    }
  }
`);
const FailedHookStatusDoc = graphql(`
  query FailedHookStatus($id: ID!) {
    deliveryStatus(messageId: $id) {
      recipient {
        id
      }
      status
      pushedAt
    }
  }
`);

interface Envelope {
  id: string;
  event: string;
  tenantId: string;
  attempt: number;
  data: Record<string, unknown>;
}

const OTHER_TENANT = 'failed-hooks-elsewhere';
const LANES = ['urgent', 'normal', 'low'].map((lane) => `message_delivery_queue:${lane}`);

// An API instance (ROLE=api) puts each send on the delivery queue; a worker instance, started
// once a worker has taken the first message and died, takes that entry over and, with
// DELIVERY_MAX_TRIES=1, moves it to the dead-letter stream: the failure tenants are told of.
let api: TestApp;
let worker: TestApp | null = null;
let receiver: HttpReceiver;
let admin: TestUser;
let otherAdmin: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let failedHook: { secret: string; webhook: { id: string } };
let sentHook: { secret: string; webhook: { id: string } };
let doomedId: string;
let pushedId: string;

async function createWebhook(by: TestUser, path: string, events: Array<'MESSAGE_SENT' | 'MESSAGE_FAILED'>) {
  const created = await api.exec(FailedHookCreateDoc, { input: { url: `${receiver.url}${path}`, events } }, by.token);
  expect(created.errors).toBeUndefined();
  return created.data!.createWebhook;
}

async function send(content: string, recipients: TestUser[]) {
  const sent = await api.exec(SendDoc, { input: { recipientIds: recipients.map((r) => r.id), content } }, alice.token);
  expect(sent.errors).toBeUndefined();
  return sent.data!.sendMessage.id;
}

const requestsTo = (path: string): ReceivedRequest[] => receiver.accepted().filter((r) => r.path === path);
const envelopesTo = (path: string): Envelope[] => requestsTo(path).map((r) => JSON.parse(r.body) as Envelope);

beforeAll(async () => {
  receiver = await startHttpReceiver();
  api = await startTestApp('webhooks_failed', {
    env: {
      ROLE: 'api',
      DELIVERY_MAX_TRIES: '1',
      DELIVERY_RECLAIM_MS: '300',
      WEBHOOK_RETRY_BASE_MS: '40',
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '4',
    },
  });
  await api.app.services.tenants.ensure(OTHER_TENANT, { openSignup: true });
  admin = await adminAccount(api);
  otherAdmin = await adminAccount(api, OTHER_TENANT);
  [alice, bob, carol] = [await registerUser(api, 'fh'), await registerUser(api, 'fh'), await registerUser(api, 'fh')];
  failedHook = await createWebhook(admin, '/failed', ['MESSAGE_FAILED']);
  sentHook = await createWebhook(admin, '/sent', ['MESSAGE_SENT']);
  await createWebhook(otherAdmin, '/elsewhere', ['MESSAGE_FAILED', 'MESSAGE_SENT']);

  // A worker takes the first message off the queue and dies before pushing it.
  doomedId = await send('the projector is on fire', [bob, carol]);
  const redis = api.app.services.redis;
  const taken = (await redis.command!.xreadgroup(
    'GROUP',
    'delivery',
    'crashed-worker',
    'COUNT',
    100,
    'STREAMS',
    ...LANES.map((l) => redis.key(l)),
    '>',
    '>',
    '>',
  )) as Array<[string, unknown[]]>;
  expect(taken.reduce((n, [, entries]) => n + entries.length, 0)).toBe(1);
  // The second one waits on the queue for a live worker.
  pushedId = await send('the projector works again', [bob]);

  worker = await startTestApp('webhooks_failed', {
    config: { ...api.config, role: 'worker', instanceId: 'failed-hooks-worker' },
    keepDatabase: true,
  });
  await until(
    () => requestsTo('/failed').length > 0,
    15_000,
    () => `requests: ${JSON.stringify(receiver.requests.map((r) => r.path))}`,
  );
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await receiver?.close();
});

describe('the MESSAGE_FAILED webhook', () => {
  it('a message that ended in the dead-letter stream is told to the tenant’s webhook, with its recipients, signed with the webhook’s secret', async () => {
    const [request] = requestsTo('/failed');
    expect(verifySignature(failedHook.secret, request!.body, request!.headers['x-signature'] as string)).toBe(true);
    expect(verifySignature(sentHook.secret, request!.body, request!.headers['x-signature'] as string)).toBe(false);
    expect(request!.headers['x-webhook-event']).toBe('message.failed');
    const envelope = JSON.parse(request!.body) as Envelope;
    expect(envelope).toMatchObject({
      id: request!.headers['x-webhook-id'],
      event: 'message.failed',
      tenantId: api.config.defaultTenant,
      attempt: 1,
    });
    expect(envelope.data).toEqual({
      messageId: doomedId,
      recipientIds: expect.arrayContaining([bob.id, carol.id]) as unknown,
      occurredAt: expect.any(String) as unknown,
    });
    expect(envelope.data.recipientIds).toHaveLength(2);

    // The sender sees that it never went out; the log shows the event delivered to the receiver.
    const status = (await api.exec(FailedHookStatusDoc, { id: doomedId }, alice.token)).data!.deliveryStatus;
    expect(status.map((s) => [s.recipient.id, s.status, s.pushedAt])).toEqual(
      expect.arrayContaining([
        [bob.id, 'QUEUED', null],
        [carol.id, 'QUEUED', null],
      ]),
    );
    const logged = async () =>
      (await api.exec(FailedHookDeliveriesDoc, { webhookId: failedHook.webhook.id }, admin.token)).data!.webhookDeliveries;
    await until(async () => (await logged()).some((d) => d.state === 'DELIVERED'));
    expect(await logged()).toEqual([{ id: envelope.id, event: 'MESSAGE_FAILED', state: 'DELIVERED', attempts: 1, lastStatus: 200 }]);
  });

  it('a message the workers pushed is not reported failed, and a webhook registered for sends only is not told of the failure', async () => {
    const pushed = async () => (await api.exec(FailedHookStatusDoc, { id: pushedId }, alice.token)).data!.deliveryStatus[0]!;
    await until(async () => (await pushed()).pushedAt !== null);
    expect((await pushed()).status).toBe('PUSHED');
    await until(() => envelopesTo('/sent').length >= 2);
    expect(
      envelopesTo('/sent')
        .map((e) => [e.event, (e.data.message as { id: string }).id])
        .sort(),
    ).toEqual(
      [
        ['message.sent', doomedId],
        ['message.sent', pushedId],
      ].sort(),
    );
    // Once the pushed message shows PUSHED and the failure log has nothing left to send, a
    // report of it as failed would have reached the receiver.
    const logged = async () =>
      (await api.exec(FailedHookDeliveriesDoc, { webhookId: failedHook.webhook.id }, admin.token)).data!.webhookDeliveries;
    await until(async () => (await logged()).every((d) => d.state === 'DELIVERED'));
    expect(await logged()).toHaveLength(1);
    expect(envelopesTo('/failed').map((e) => e.data.messageId)).toEqual([doomedId]);
  });
});

describe('who learns of a failed delivery', () => {
  it('another tenant’s webhook and admin learn nothing of it, and a user who is not an admin cannot read the log', async () => {
    expect(requestsTo('/elsewhere')).toEqual([]);
    expect((await api.exec(FailedHookDeliveriesDoc, {}, otherAdmin.token)).data!.webhookDeliveries).toEqual([]);
    expect(errorCodes(await api.exec(FailedHookDeliveriesDoc, { webhookId: failedHook.webhook.id }, alice.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.exec(FailedHookDeliveriesDoc, { webhookId: failedHook.webhook.id }, null))).toEqual(['UNAUTHENTICATED']);
    expect(
      errorCodes(await api.exec(FailedHookCreateDoc, { input: { url: receiver.url, events: ['MESSAGE_FAILED'] } }, bob.token)),
    ).toEqual(['FORBIDDEN']);
  });
});
