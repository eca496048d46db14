import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/outbound/signature.js';
import type { MessagePlugin } from '../src/plugins/message-plugins.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { InboxDoc, SendDoc } from './helpers/messages.js';
import { adminAccount, expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

const CreateWebhookDoc = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        id
        url
        events
      }
    }
  }
`);
const DeliveriesDoc = graphql(`
  query WebhookDeliveries($state: WebhookDeliveryState, $webhookId: ID) {
    webhookDeliveries(state: $state, webhookId: $webhookId) {
      id
      event
      state
      attempts
      lastStatus
    }
  }
`);
const ReplayDoc = graphql(`
  mutation ReplayDelivery($id: ID!) {
    replayWebhookDelivery(id: $id) {
      id
      state
    }
  }
`);
const WebhooksDoc = graphql(`
  query Webhooks {
    webhooks {
      id
    }
  }
`);
const DeleteWebhookDoc = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);
const HookMarkReadDoc = graphql(`
  mutation HookMarkRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      updatedCount
    }
  }
`);
const HookAckDoc = graphql(`
  mutation HookAck($upTo: String!) {
    acknowledgeDelivery(upTo: $upTo) {
      acknowledgedCount
    }
  }
`);
const HookRecallDoc = graphql(`
  mutation HookRecall($id: ID!) {
    recallMessage(id: $id) {
      id
    }
  }
`);
const AuditDoc = graphql(`
  query HookAudit {
    auditLog {
      action
      target
      actorId
    }
  }
`);

interface Envelope {
  id: string;
  event: string;
  tenantId: string;
  data: Record<string, unknown>;
}

const slowModeration: MessagePlugin = {
  name: 'slow-moderation',
  onFailure: 'reject',
  beforeSend: (draft) => (draft.content.includes('slow') ? new Promise((r) => setTimeout(r, 500)) : undefined),
};
const brokenEnrichment: MessagePlugin = {
  name: 'broken-enrichment',
  onFailure: 'skip',
  beforeSend: (draft) => {
    if (draft.content.includes('boom')) throw new Error('enrichment service down');
    return undefined;
  },
};
const refusing: MessagePlugin = {
  name: 'no-spam',
  onFailure: 'reject',
  beforeSend: (draft) => (draft.content.includes('SPAM') ? { reject: 'looks like spam' } : undefined),
};

let t: TestApp;
let receiver: HttpReceiver;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestApp('webhooks', {
    env: { WEBHOOK_RETRY_BASE_MS: '40', WEBHOOK_POLL_MS: '50', WEBHOOK_MAX_ATTEMPTS: '4', MESSAGE_PLUGINS: 'mask-phone-numbers', MESSAGE_PLUGIN_TIMEOUT_MS: '100' },
    app: { messagePlugins: [slowModeration, brokenEnrichment, refusing] },
  });
  receiver = await startHttpReceiver();
  admin = await adminAccount(t);
  [alice, bob] = [await registerUser(t, 'wh'), await registerUser(t, 'wh')];
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

async function createWebhook(events: Array<'MESSAGE_SENT' | 'MESSAGE_READ' | 'MESSAGE_DELIVERED' | 'MESSAGE_RECALLED' | 'MESSAGE_FAILED'>, by = admin, url = receiver.url) {
  const created = await t.exec(CreateWebhookDoc, { input: { url, events } }, by.token);
  expect(created.errors).toBeUndefined();
  return created.data!.createWebhook;
}

const bodies = (from = 0) => receiver.accepted().slice(from).map((r) => JSON.parse(r.body) as Envelope);

describe('tenant webhooks', () => {
  let hook: Awaited<ReturnType<typeof createWebhook>>;
  beforeAll(async () => {
    hook = await createWebhook(['MESSAGE_SENT', 'MESSAGE_READ', 'MESSAGE_DELIVERED', 'MESSAGE_RECALLED']);
  });
  afterAll(async () => {
    await t.exec(DeleteWebhookDoc, { id: hook.webhook.id }, admin.token);
  });

  it('a receiver that fails three times gets the event on the fourth try, signed with the webhook’s secret', async () => {
    const before = receiver.requests.length;
    receiver.failNext(3);
    const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'hello hooks' } }, alice.token);
    await until(() => receiver.requests.length >= before + 4 && receiver.requests.at(-1)!.status === 200, 10_000);
    const tries = receiver.requests.slice(before, before + 4);
    expect(tries.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    const last = tries[3]!;
    expect(verifySignature(hook.secret, last.body, last.headers['x-signature'] as string)).toBe(true);
    const envelope = JSON.parse(last.body) as Envelope;
    expect(envelope.event).toBe('message.sent');
    expect(envelope.data.message).toMatchObject({ id: sent.data!.sendMessage.id, content: 'hello hooks' });
    // The same delivery id on every try: a receiver deduplicates by it.
    expect(new Set(tries.map((r) => r.headers['x-webhook-id'])).size).toBe(1);
    // The log is written after the receiver answered: wait for it.
    const logged = async () => (await t.exec(DeliveriesDoc, { webhookId: hook.webhook.id }, admin.token)).data!.webhookDeliveries.find((d) => d.id === envelope.id);
    await until(async () => (await logged())?.state === 'DELIVERED');
    expect(await logged()).toMatchObject({ state: 'DELIVERED', attempts: 4, lastStatus: 200 });
  });

  it('a replayed or altered request fails the documented check', async () => {
    const last = receiver.accepted().at(-1)!;
    const header = last.headers['x-signature'] as string;
    // Replayed ten minutes later: outside the five-minute window.
    expect(verifySignature(hook.secret, last.body, header, { nowMs: Date.now() + 10 * 60_000 })).toBe(false);
    expect(verifySignature(hook.secret, last.body.replace('hello', 'HELLO'), header)).toBe(false);
    expect(verifySignature('another secret', last.body, header)).toBe(false);
  });

  it('reads, acknowledgements and recalls are told too', async () => {
    const from = receiver.accepted().length;
    const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'to be read' } }, alice.token);
    const { id } = sent.data!.sendMessage;
    const inbox = await t.exec(InboxDoc, { first: 1 }, bob.token);
    await t.exec(HookAckDoc, { upTo: inbox.data!.messages.edges[0]!.cursor }, bob.token);
    await t.exec(HookMarkReadDoc, { ids: [id] }, bob.token);
    await t.exec(HookRecallDoc, { id }, alice.token);
    await until(() => new Set(bodies(from).map((b) => b.event)).size >= 4, 10_000, () => JSON.stringify(bodies(from).map((b) => b.event)));
    const events = bodies(from);
    expect(events.map((e) => e.event).sort()).toEqual(['message.delivered', 'message.read', 'message.recalled', 'message.sent']);
    expect(events.find((e) => e.event === 'message.read')!.data).toMatchObject({ readerId: bob.id, messageIds: [id] });
  });
});

describe('the dead-letter list', () => {
  it('a delivery that keeps failing ends DEAD, and an admin replays it to success', async () => {
    const hook = await createWebhook(['MESSAGE_SENT']);
    receiver.failNext(4);
    await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'dead on arrival' } }, alice.token);
    let dead: Array<{ id: string; state: string }> = [];
    await until(async () => {
      dead = (await t.exec(DeliveriesDoc, { state: 'DEAD', webhookId: hook.webhook.id }, admin.token)).data!.webhookDeliveries;
      return dead.length === 1;
    }, 10_000);
    const from = receiver.accepted().length;
    const replayed = await t.exec(ReplayDoc, { id: dead[0]!.id }, admin.token);
    expect(replayed.data!.replayWebhookDelivery.state).toBe('PENDING');
    await until(() => bodies(from).some((b) => b.id === dead[0]!.id), 10_000);
    const audit = await t.exec(AuditDoc, {}, admin.token);
    expect(audit.data!.auditLog.map((a) => a.action)).toEqual(expect.arrayContaining(['webhook.create', 'webhook.replay']));
    await t.exec(DeleteWebhookDoc, { id: hook.webhook.id }, admin.token);
  });
});

describe('who may manage webhooks', () => {
  it('users who are not admins, other tenants’ admins, no token and expired tokens are refused', async () => {
    const hook = await createWebhook(['MESSAGE_SENT']);
    await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'for the log' } }, alice.token);
    let ours: Array<{ id: string }> = [];
    await until(async () => {
      ours = (await t.exec(DeliveriesDoc, { webhookId: hook.webhook.id }, admin.token)).data!.webhookDeliveries;
      return ours.length > 0;
    });
    const otherAdmin = await adminAccount(t, 'other-tenant');
    const expired = await expiredToken(admin);
    // A plain user: FORBIDDEN everywhere.
    expect(errorCodes(await t.exec(CreateWebhookDoc, { input: { url: receiver.url, events: ['MESSAGE_SENT'] } }, alice.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(WebhooksDoc, {}, alice.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(DeliveriesDoc, {}, alice.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(DeleteWebhookDoc, { id: hook.webhook.id }, alice.token))).toEqual(['FORBIDDEN']);
    // Another tenant's admin sees nothing of this tenant, and its ids answer like missing ones.
    expect((await t.exec(WebhooksDoc, {}, otherAdmin.token)).data!.webhooks).toEqual([]);
    expect((await t.exec(DeliveriesDoc, {}, otherAdmin.token)).data!.webhookDeliveries).toEqual([]);
    expect((await t.exec(DeleteWebhookDoc, { id: hook.webhook.id }, otherAdmin.token)).data!.deleteWebhook).toBe(false);
    const foreign = await t.exec(ReplayDoc, { id: ours[0]!.id }, otherAdmin.token);
    const missing = await t.exec(ReplayDoc, { id: '999999' }, otherAdmin.token);
    expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
    expect(foreign.errors![0]!.message).toBe(missing.errors![0]!.message);
    for (const token of [null, expired]) {
      expect(errorCodes(await t.exec(WebhooksDoc, {}, token))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await t.exec(ReplayDoc, { id: '1' }, token))).toEqual(['UNAUTHENTICATED']);
    }
    expect((await t.exec(WebhooksDoc, {}, admin.token)).data!.webhooks.map((w) => w.id)).toContain(hook.webhook.id);
    await t.exec(DeleteWebhookDoc, { id: hook.webhook.id }, admin.token);
  });
});

describe('pre-send plugins', () => {
  it('the phone-number plugin masks numbers before the message is stored', async () => {
    const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'call me at +1 415 555 0123 on 2024-05-01' } }, alice.token);
    expect(sent.data!.sendMessage.content).toBe('call me at +* *** *** **23 on 2024-05-01');
  });

  it('a plugin that refuses, or a reject-on-failure plugin over its time budget, refuses the send with MESSAGE_REJECTED', async () => {
    const spam = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'SPAM SPAM' } }, alice.token);
    expect(errorCodes(spam)).toEqual(['MESSAGE_REJECTED']);
    expect(spam.errors![0]!.message).toBe('looks like spam');
    const slow = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'a slow one' } }, alice.token);
    expect(errorCodes(slow)).toEqual(['MESSAGE_REJECTED']);
  });

  it('a skip-on-failure plugin that throws lets the message through unchanged', async () => {
    const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: 'boom goes the enricher' } }, alice.token);
    expect(sent.data!.sendMessage.content).toBe('boom goes the enricher');
  });
});
