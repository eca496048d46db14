import { getNamedType, isInputObjectType, type GraphQLInputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { overHttp, overSocket, overSse, type RawRun } from './helpers/raw-transports.js';
import { adminAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { wsClient } from './helpers/ws.js';

/**
 * A user of tenant A names, in every ID argument of every operation, an object of tenant B,
 * and then an id that names nothing: both answers must be the same (with the id itself
 * written as <ID>), over HTTP, SSE and sockets. The cases are checked against the schema:
 * a new field with an ID argument (or an ID inside an input) fails this file until it has
 * a case below.
 */

/** What an ID argument names, so the test knows which of tenant B's objects to pass. */
type Kind = 'user' | 'message' | 'meeting' | 'attachment' | 'apiKey' | 'tag' | 'webhook' | 'webhookDelivery';

interface Case {
  kind: Kind;
  /** The operation, with the id in `$id` (of the argument's type). */
  query: string;
  /** Tenant A's caller: a user, or the tenant's admin for administration. */
  as?: 'admin';
}

const CASES: Record<string, Case> = {
  'Query.deliveryStatus(messageId)': { kind: 'message', query: 'query($id: ID!) { deliveryStatus(messageId: $id) { status } }' },
  'Query.meeting(id)': { kind: 'meeting', query: 'query($id: ID!) { meeting(id: $id) { id title } }' },
  'Query.message(id)': { kind: 'message', query: 'query($id: ID!) { message(id: $id) { id content } }' },
  'Query.presence(userIds)': { kind: 'user', query: 'query($id: ID!) { presence(userIds: [$id]) { online lastSeenAt } }' },
  'Query.transcriptSegments(meetingId)': { kind: 'meeting', query: 'query($id: ID!) { transcriptSegments(meetingId: $id) { edges { node { text } } } }' },
  'Mutation.addTranscriptSegment(meetingId)': {
    kind: 'meeting',
    query: 'mutation($id: ID!) { addTranscriptSegment(meetingId: $id, input: { speaker: "a", text: "t", startMs: 0, endMs: 1 }) { id } }',
  },
  'Mutation.createMeeting(input.participantIds)': { kind: 'user', query: 'mutation($id: ID!) { createMeeting(input: { title: "m", participantIds: [$id] }) { id } }' },
  'Mutation.forwardMessage(input.messageId)': { kind: 'message', query: 'mutation($id: ID!, $me: ID!) { forwardMessage(input: { messageId: $id, recipientIds: [$me] }) { id } }' },
  'Mutation.forwardMessage(input.recipientIds)': { kind: 'user', query: 'mutation($id: ID!, $own: ID!) { forwardMessage(input: { messageId: $own, recipientIds: [$id] }) { id } }' },
  'Mutation.markRead(messageIds)': { kind: 'message', query: 'mutation($id: ID!) { markRead(messageIds: [$id]) { updatedCount unreadCount } }' },
  'Mutation.recallMessage(id)': { kind: 'message', query: 'mutation($id: ID!) { recallMessage(id: $id) { id recalledAt } }' },
  'Mutation.sendMessage(input.attachmentIds)': { kind: 'attachment', query: 'mutation($id: ID!, $me: ID!) { sendMessage(input: { recipientIds: [$me], content: "x", attachmentIds: [$id] }) { id } }' },
  'Mutation.sendMessage(input.recipientIds)': { kind: 'user', query: 'mutation($id: ID!) { sendMessage(input: { recipientIds: [$id], content: "x" }) { id } }' },
  'Mutation.sendMessage(input.replyToId)': { kind: 'message', query: 'mutation($id: ID!, $me: ID!) { sendMessage(input: { recipientIds: [$me], content: "x", replyToId: $id }) { id } }' },
  'Mutation.setUserRole(userId)': { kind: 'user', as: 'admin', query: 'mutation($id: ID!) { setUserRole(userId: $id, role: admin) }' },
  'Mutation.rotateApiKey(id)': { kind: 'apiKey', as: 'admin', query: 'mutation($id: ID!) { rotateApiKey(id: $id) { key } }' },
  'Mutation.revokeApiKey(id)': { kind: 'apiKey', as: 'admin', query: 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }' },
  'Subscription.transcriptSegment(meetingId)': { kind: 'meeting', query: 'subscription($id: ID!) { transcriptSegment(meetingId: $id) { text } }' },
  'Subscription.presenceChanged(userIds)': { kind: 'user', query: 'subscription($id: ID!) { presenceChanged(userIds: [$id]) { online lastSeenAt } }' },
  // Filters (src/inbox/inbox.graphql.ts, src/search/search.graphql.ts).
  'Query.messages(filter.senderId)': { kind: 'user', query: 'query($id: ID!) { messages(filter: { senderId: $id }) { edges { node { id content } } } }' },
  'Query.messages(filter.tagId)': { kind: 'tag', query: 'query($id: ID!) { messages(filter: { tagId: $id }) { edges { node { id content } } } }' },
  'Query.search(filter.senderId)': { kind: 'user', query: 'query($id: ID!) { search(query: "secret", filter: { senderId: $id }) { edges { node { message { id content } } } } }' },
  'Query.search(filter.tagId)': { kind: 'tag', query: 'query($id: ID!) { search(query: "secret", filter: { tagId: $id }) { edges { node { message { id content } } } } }' },
  // Organizing (src/organizing/).
  'Mutation.starMessages(messageIds)': { kind: 'message', query: 'mutation($id: ID!) { starMessages(messageIds: [$id]) { changedIds } }' },
  'Mutation.unstarMessages(messageIds)': { kind: 'message', query: 'mutation($id: ID!) { unstarMessages(messageIds: [$id]) { changedIds } }' },
  'Mutation.archiveMessages(messageIds)': { kind: 'message', query: 'mutation($id: ID!) { archiveMessages(messageIds: [$id]) { changedIds } }' },
  'Mutation.unarchiveMessages(messageIds)': { kind: 'message', query: 'mutation($id: ID!) { unarchiveMessages(messageIds: [$id]) { changedIds } }' },
  'Mutation.tagMessages(messageIds)': { kind: 'message', query: 'mutation($id: ID!, $tag: ID!) { tagMessages(messageIds: [$id], tagId: $tag) { changedIds } }' },
  'Mutation.tagMessages(tagId)': { kind: 'tag', query: 'mutation($id: ID!, $own: ID!) { tagMessages(messageIds: [$own], tagId: $id) { changedIds } }' },
  'Mutation.untagMessages(messageIds)': { kind: 'message', query: 'mutation($id: ID!, $tag: ID!) { untagMessages(messageIds: [$id], tagId: $tag) { changedIds } }' },
  'Mutation.untagMessages(tagId)': { kind: 'tag', query: 'mutation($id: ID!, $own: ID!) { untagMessages(messageIds: [$own], tagId: $id) { changedIds } }' },
  'Mutation.updateTag(id)': { kind: 'tag', query: 'mutation($id: ID!) { updateTag(id: $id, name: "renamed") { id name } }' },
  'Mutation.deleteTag(id)': { kind: 'tag', query: 'mutation($id: ID!) { deleteTag(id: $id) }' },
  // Notification rules (src/notifications/).
  'Mutation.confirmMessage(id)': { kind: 'message', query: 'mutation($id: ID!) { confirmMessage(id: $id) { messageId confirmedAt } }' },
  'Mutation.startMeeting(meetingId)': { kind: 'meeting', query: 'mutation($id: ID!) { startMeeting(meetingId: $id) { meetingId startsAt } }' },
  'Mutation.endMeeting(meetingId)': { kind: 'meeting', query: 'mutation($id: ID!) { endMeeting(meetingId: $id) { meetingId endsAt } }' },
  'Mutation.sendMessage(input.requireConfirmation.escalateTo)': {
    kind: 'user',
    query: 'mutation($id: ID!, $me: ID!) { sendMessage(input: { recipientIds: [$me], content: "x", requireConfirmation: { within: 60, escalateTo: $id } }) { content } }',
  },
  // Webhooks and data lifecycle (src/webhooks/, src/lifecycle/): tenant admins.
  'Mutation.deleteWebhook(id)': { kind: 'webhook', as: 'admin', query: 'mutation($id: ID!) { deleteWebhook(id: $id) }' },
  'Query.webhookDeliveries(webhookId)': { kind: 'webhook', as: 'admin', query: 'query($id: ID!) { webhookDeliveries(webhookId: $id) { id event } }' },
  'Mutation.replayWebhookDelivery(id)': { kind: 'webhookDelivery', as: 'admin', query: 'mutation($id: ID!) { replayWebhookDelivery(id: $id) { id state } }' },
  'Query.exportUserData(userId)': { kind: 'user', as: 'admin', query: 'query($id: ID!) { exportUserData(userId: $id) }' },
  'Mutation.eraseUser(userId)': { kind: 'user', as: 'admin', query: 'mutation($id: ID!) { eraseUser(userId: $id) { messagesRedacted } }' },
};

/** Every place an ID can be given: `Type.field(arg)` and `Type.field(arg.inputField…)`. */
function idArguments(): string[] {
  const found: string[] = [];
  const walk = (type: GraphQLInputType, path: string, seen: Set<string>, at: string) => {
    const named = getNamedType(type);
    if (named.name === 'ID') found.push(`${at}(${path})`);
    if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const field of Object.values(named.getFields())) walk(field.type, `${path}.${field.name}`, new Set([...seen, named.name]), at);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) walk(arg.type, arg.name, new Set(), `${root!.name}.${field.name}`);
    }
  }
  return found.sort();
}

const MISSING_ID = '987654321';

let t: TestApp;
let url: string;
let alice: TestUser;
let aliceAdmin: TestUser;
let ownMessageId: string;
const foreign: Record<Kind, string> = { user: '', message: '', meeting: '', attachment: '', apiKey: '', tag: '', webhook: '', webhookDelivery: '' };
let ownTagId: string;

const CreateMeetingDoc = graphql(`
  mutation IsolationMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
    }
  }
`);

const CreateTagDoc = graphql(`
  mutation IsolationTag($name: String!, $color: String!) {
    createTag(name: $name, color: $color) {
      id
    }
  }
`);

const CreateWebhookDoc = graphql(`
  mutation IsolationWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      webhook {
        id
      }
    }
  }
`);

const WebhookDeliveriesDoc = graphql(`
  query IsolationWebhookDeliveries {
    webhookDeliveries {
      id
    }
  }
`);

const CreateKeyDoc = graphql(`
  mutation IsolationKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        id
      }
    }
  }
`);

beforeAll(async () => {
  t = await startTestApp('tenant_isolation');
  url = await t.listen();
  const [a, aAdmin, bob, mallory, malloryFriend, bAdmin] = await Promise.all([
    registerUser(t, 'alice', 'tenant-a'),
    adminAccount(t, 'tenant-a'),
    registerUser(t, 'bob', 'tenant-a'),
    registerUser(t, 'mallory', 'tenant-b'),
    registerUser(t, 'friend', 'tenant-b'),
    adminAccount(t, 'tenant-b'),
  ]);
  alice = a;
  aliceAdmin = aAdmin;
  ownMessageId = (await t.exec(SendDoc, { input: { recipientIds: [alice.id], content: 'own' } }, bob.token)).data!.sendMessage.id;
  foreign.user = malloryFriend.id;
  // Tenant B's webhook first, so that its message below leaves a delivery in B's log.
  foreign.webhook = (
    await t.exec(CreateWebhookDoc, { input: { url: 'http://127.0.0.1:9/b-hook', events: ['MESSAGE_SENT'] } }, bAdmin.token)
  ).data!.createWebhook.webhook.id;
  foreign.message = (await t.exec(SendDoc, { input: { recipientIds: [malloryFriend.id], content: 'b secret' } }, mallory.token)).data!.sendMessage.id;
  foreign.meeting = (await t.exec(CreateMeetingDoc, { input: { title: 'b meeting', participantIds: [malloryFriend.id] } }, mallory.token)).data!.createMeeting.id;
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadAttachment(file: $file) { id } }', variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new File([new TextEncoder().encode('tenant b notes')], 'notes.txt', { type: 'text/plain' }));
  const uploaded = (await (await fetch(`${url}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${mallory.token}` } })).json()) as {
    data: { uploadAttachment: { id: string } };
  };
  foreign.attachment = uploaded.data.uploadAttachment.id;
  foreign.tag = (await t.exec(CreateTagDoc, { name: 'b tag', color: '#112233' }, mallory.token)).data!.createTag.id;
  ownTagId = (await t.exec(CreateTagDoc, { name: 'own', color: '#445566' }, alice.token)).data!.createTag.id;
  foreign.webhookDelivery = (await t.exec(WebhookDeliveriesDoc, {}, bAdmin.token)).data!.webhookDeliveries[0]!.id;
  foreign.apiKey = (await t.exec(CreateKeyDoc, { input: { name: 'b-service', scopes: ['messages:read'] } }, bAdmin.token)).data!.createApiKey.apiKey.id;
});
afterAll(() => t?.close());

describe('tenant A reaches nothing of tenant B through any id argument', () => {
  it('every ID argument of the schema has a case here (add one for a new field)', () => {
    expect(Object.keys(CASES).sort()).toEqual(idArguments());
  });

  const withTimeout = (run: RawRun): RawRun => (query, variables) =>
    Promise.race([run(query, variables), new Promise<{ timedOut: true }>((resolve) => setTimeout(() => resolve({ timedOut: true }), 3000))]) as ReturnType<RawRun>;

  /** The answer with the id written as <ID>, and nothing that differs between runs (new row ids). */
  const normalized = (answer: unknown, id: string): unknown =>
    JSON.parse(JSON.stringify(answer), (_key, value: unknown) =>
      typeof value === 'string' ? value.replace(new RegExp(`\\b${id}\\b`, 'g'), '<ID>') : value,
    );

  for (const transport of ['HTTP', 'SSE', 'socket'] as const) {
    for (const [coordinate, testCase] of Object.entries(CASES)) {
      const isSubscription = coordinate.startsWith('Subscription.');
      if (transport === 'HTTP' && isSubscription) continue; // subscriptions run over SSE and sockets
      it(`${coordinate} over ${transport}: another tenant’s ${testCase.kind} is answered like one that does not exist`, async () => {
        const caller = testCase.as === 'admin' ? aliceAdmin : alice;
        const client = transport === 'socket' ? wsClient(url, caller.token) : null;
        try {
          const run = withTimeout(transport === 'HTTP' ? overHttp(url, caller.token) : transport === 'SSE' ? overSse(url, caller.token) : overSocket(client!));
          const extra: Record<string, string> = {};
          if (testCase.query.includes('$me')) extra.me = alice.id;
          if (testCase.query.includes('$own')) extra.own = ownMessageId;
          if (testCase.query.includes('$tag')) extra.tag = ownTagId;
          const id = foreign[testCase.kind];
          const answerForeign = await run(testCase.query, { id, ...extra });
          const answerMissing = await run(testCase.query, { id: MISSING_ID, ...extra });
          expect(answerForeign).not.toHaveProperty('timedOut');
          expect(normalized(answerForeign, id)).toEqual(normalized(answerMissing, MISSING_ID));
          expect(JSON.stringify(answerForeign)).not.toMatch(/b secret|b meeting|tenant b notes|b-service|b tag|b-hook/);
        } finally {
          await client?.dispose();
        }
      });
    }
  }
});
