import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc } from './helpers/messages.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

const RequireDoc = graphql(`
  mutation RequireConfirmation($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);

const ConfirmDoc = graphql(`
  mutation Confirm($id: ID!) {
    confirmMessage(id: $id) {
      messageId
      confirmedAt
    }
  }
`);

const ConfirmStatusDoc = graphql(`
  query ConfirmStatus($id: ID!) {
    deliveryStatus(messageId: $id) {
      recipient {
        id
      }
      status
      confirmationRequired
      confirmedAt
      remindedAt
      escalatedAt
    }
  }
`);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('notification_confirmations', { env: { NOTIFICATION_TIMER_POLL_MS: '100' } });
});
afterAll(() => t?.close());

async function inboxOf(user: TestUser) {
  return (await t.exec(InboxDoc, { first: 20 }, user.token)).data!.messages.edges.map((e) => e.node);
}

describe('required confirmation', () => {
  it('reminds who did not confirm by the deadline, then tells the escalation contact, each once', async () => {
    const [sender, confirms, silent, manager] = await Promise.all([registerUser(t), registerUser(t), registerUser(t), registerUser(t)]);
    const sent = await t.exec(
      RequireDoc,
      { input: { recipientIds: [confirms.id, silent.id], content: 'Board meeting at 9', type: 'MEETING_INVITE', requireConfirmation: { within: 1, escalateTo: manager.id } } },
      sender.token,
    );
    expect(sent.errors).toBeUndefined();
    const id = sent.data!.sendMessage.id;
    const confirmed = await t.exec(ConfirmDoc, { id }, confirms.token);
    expect(confirmed.data!.confirmMessage.messageId).toBe(id);

    await until(async () => (await inboxOf(silent)).some((m) => m.type === 'REMINDER'), 8000);
    const reminder = (await inboxOf(silent)).filter((m) => m.type === 'REMINDER');
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toMatchObject({ priority: 'URGENT', content: 'Reminder, please confirm: Board meeting at 9' });
    expect((await inboxOf(confirms)).filter((m) => m.type === 'REMINDER')).toHaveLength(0);

    await until(async () => (await inboxOf(manager)).length > 0, 8000);
    // The notice is its own send: the ESCALATED status commits with the timer, just after it.
    const statusNow = async () => (await t.exec(ConfirmStatusDoc, { id }, sender.token)).data!.deliveryStatus;
    await until(async () => (await statusNow()).find((s) => s.recipient.id === silent.id)?.status === 'ESCALATED', 8000);
    const status = await statusNow();
    const of = (u: TestUser) => status.find((s) => s.recipient.id === u.id)!;
    expect(of(confirms)).toMatchObject({ status: 'CONFIRMED', confirmationRequired: true, remindedAt: null, escalatedAt: null });
    expect(of(silent).status).toBe('ESCALATED');
    expect(of(silent).remindedAt).not.toBeNull();
    const told = await inboxOf(manager);
    expect(told).toHaveLength(1);
    expect(told[0]!.content).toContain(`Not confirmed in time by ${silent.username}`);
    expect(told[0]!.content).not.toContain(confirms.username);

    // Timers fired once: more polls send nothing more.
    await t.app.services.timers.poll();
    await new Promise((r) => setTimeout(r, 300));
    expect((await inboxOf(silent)).filter((m) => m.type === 'REMINDER')).toHaveLength(1);
    expect(await inboxOf(manager)).toHaveLength(1);
  });

  it('escalates to the sender when no contact is named; confirming late still counts', async () => {
    const [sender, r] = await Promise.all([registerUser(t), registerUser(t)]);
    const id = (await t.exec(RequireDoc, { input: { recipientIds: [r.id], content: 'Fire drill', requireConfirmation: { within: 1 } } }, sender.token)).data!.sendMessage.id;
    await until(async () => (await inboxOf(sender)).length > 0, 8000);
    expect((await inboxOf(sender))[0]!.content).toContain(`Not confirmed in time by ${r.username}`);
    expect((await t.exec(ConfirmDoc, { id }, r.token)).errors).toBeUndefined();
    expect((await t.exec(ConfirmStatusDoc, { id }, sender.token)).data!.deliveryStatus[0]!.status).toBe('CONFIRMED');
  });

  it('only a recipient asked to confirm may confirm; bad options are refused', async () => {
    const [sender, r, other] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const foreign = await registerUser(t, 'foreign', 'other-tenant');
    const id = (await t.exec(RequireDoc, { input: { recipientIds: [r.id], content: 'Sign off', requireConfirmation: { within: 600 } } }, sender.token)).data!.sendMessage.id;
    expect(errorCodes(await t.exec(ConfirmDoc, { id }, other.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ConfirmDoc, { id }, sender.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ConfirmDoc, { id }, foreign.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ConfirmDoc, { id }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(ConfirmDoc, { id }, await expiredToken(r)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(RequireDoc, { input: { recipientIds: [r.id], content: 'x', requireConfirmation: { within: 0 } } }, sender.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.exec(RequireDoc, { input: { recipientIds: [r.id], content: 'x', requireConfirmation: { within: 60, escalateTo: foreign.id } } }, sender.token))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});
