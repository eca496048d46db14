import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/outbound/signature.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { fallbackChannelsEnv } from './helpers/fallback-channels.js';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './helpers/http-receiver.js';
import { InboxDoc } from './helpers/messages.js';
import { startSmtpInbox, type SmtpInbox } from './helpers/smtp.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const ReminderFallbackSettingsDoc = graphql(`
  mutation ReminderFallbackSettings($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      fallbackChannels
      fallbackAfterSeconds
      fallbackEmail
    }
  }
`);

const ReminderRequireDoc = graphql(`
  mutation ReminderRequireConfirmation($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);

const ReminderConfirmDoc = graphql(`
  mutation ReminderConfirm($id: ID!) {
    confirmMessage(id: $id) {
      messageId
    }
  }
`);

const ReminderStatusDoc = graphql(`
  query ReminderStatus($id: ID!) {
    deliveryStatus(messageId: $id) {
      recipient {
        id
      }
      status
      remindedAt
    }
  }
`);

const ReminderPresenceDoc = graphql(`
  query ReminderPresence($userIds: [ID!]!) {
    presence(userIds: $userIds) {
      userId
      online
    }
  }
`);

const ReminderLiveDoc = graphql(`
  subscription ReminderLive {
    messageReceived {
      id
      type
      priority
      content
      createdAt
    }
  }
`);

interface FallbackPayload {
  type: string;
  userId: string;
  messages: Array<{ id: string; senderId: string; priority: string; content: string }>;
}

const WEBHOOK_SECRET = 'reminder-fallback-webhook-secret-0123';
/** The confirmation deadline and every user's fallbackAfterSeconds: the same, as with the defaults of a real setup (both "ten minutes"). */
const WITHIN = 1;

let t: TestApp;
let url: string;
let smtp: SmtpInbox;
let receiver: HttpReceiver;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  receiver = await startHttpReceiver();
  t = await startTestApp('fallback_reminders', { env: fallbackChannelsEnv(smtp, receiver, WEBHOOK_SECRET) });
  url = await t.listen();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await receiver?.close();
});

const addressOf = (user: TestUser) => `${user.username}@example.test`;

async function chooseFallback(user: TestUser, channels: Array<'EMAIL' | 'WEBHOOK'>) {
  const saved = await t.exec(
    ReminderFallbackSettingsDoc,
    { input: { fallbackChannels: channels, fallbackAfterSeconds: WITHIN, fallbackEmail: addressOf(user) } },
    user.token,
  );
  expect(saved.errors).toBeUndefined();
}

async function requireConfirmation(sender: TestUser, recipients: TestUser[], content: string) {
  const sent = await t.exec(
    ReminderRequireDoc,
    { input: { recipientIds: recipients.map((r) => r.id), content, requireConfirmation: { within: WITHIN } } },
    sender.token,
  );
  expect(sent.errors).toBeUndefined();
  return sent.data!.sendMessage.id;
}

const mailsTo = (user: TestUser): ParsedMail[] =>
  smtp.mails.filter((m) => m.to !== undefined && !Array.isArray(m.to) && m.to.text === addressOf(user));
const remindersMailedTo = (user: TestUser, content: string) =>
  mailsTo(user).filter((m) => m.text?.includes(`Reminder, please confirm: ${content}`));
const hooksFor = (user: TestUser): Array<{ request: ReceivedRequest; payload: FallbackPayload }> =>
  receiver
    .accepted()
    .map((request) => ({ request, payload: JSON.parse(request.body) as FallbackPayload }))
    .filter((h) => h.payload.userId === user.id);

async function remindersIn(user: TestUser) {
  return (await t.exec(InboxDoc, { first: 20 }, user.token)).data!.messages.edges.map((e) => e.node).filter((m) => m.type === 'REMINDER');
}

/** Lets the timer pass that is running (or a new one) finish, so every timer due by now has fired. */
async function settleTimers() {
  await t.app.services.timers.poll();
  await t.app.services.timers.poll();
}

describe('reminders of a required confirmation through the offline fallback', () => {
  it('an offline recipient who did not confirm gets the reminder by email at their fallback address, marked urgent and from the sender; one who confirmed gets none', async () => {
    const [sender, away, confirmer] = await Promise.all([registerUser(t, 'boss'), registerUser(t, 'away'), registerUser(t, 'conf')]);
    await chooseFallback(away, ['EMAIL']);
    await chooseFallback(confirmer, ['EMAIL']);
    const content = 'Sign the safety briefing';
    const id = await requireConfirmation(sender, [away, confirmer], content);
    expect((await t.exec(ReminderConfirmDoc, { id }, confirmer.token)).errors).toBeUndefined();

    await until(
      () => remindersMailedTo(away, content).length > 0,
      10_000,
      () => `mails to ${addressOf(away)}: ${JSON.stringify(mailsTo(away).map((m) => m.text))}`,
    );
    const [mail] = remindersMailedTo(away, content);
    expect(mail!.subject).toMatch(/^\d+ unread messages?$/);
    expect(mail!.text).toContain(`[URGENT] ${sender.username} (`);
    expect(mail!.text).toContain(`):\nReminder, please confirm: ${content}`);

    // What was mailed is the reminder in the recipient's inbox, and the sender sees them REMINDED.
    const [reminder] = await remindersIn(away);
    expect(reminder).toMatchObject({ priority: 'URGENT', content: `Reminder, please confirm: ${content}`, sender: { id: sender.id } });
    const status = (await t.exec(ReminderStatusDoc, { id }, sender.token)).data!.deliveryStatus;
    expect(status.find((s) => s.recipient.id === away.id)!.remindedAt).not.toBeNull();

    // Later timer passes mail it no second time; the one who confirmed was never reminded.
    await settleTimers();
    expect(remindersMailedTo(away, content)).toHaveLength(1);
    expect(await remindersIn(confirmer)).toHaveLength(0);
    expect(mailsTo(confirmer).some((m) => m.text?.includes('Reminder, please confirm'))).toBe(false);
  });

  it('an offline recipient with the webhook channel gets the reminder in a signed request to the notification webhook', async () => {
    const [sender, away] = await Promise.all([registerUser(t, 'boss'), registerUser(t, 'hooked')]);
    await chooseFallback(away, ['WEBHOOK']);
    const content = 'Approve the change window';
    await requireConfirmation(sender, [away], content);

    const remindedBy = () =>
      hooksFor(away).filter((h) => h.payload.messages.some((m) => m.content === `Reminder, please confirm: ${content}`));
    await until(
      () => remindedBy().length > 0,
      10_000,
      () => `webhooks for ${away.id}: ${JSON.stringify(hooksFor(away).map((h) => h.payload))}`,
    );
    const [{ request, payload }] = remindedBy() as [{ request: ReceivedRequest; payload: FallbackPayload }];
    expect(verifySignature(WEBHOOK_SECRET, request.body, request.headers['x-signature'] as string)).toBe(true);
    expect(payload.type).toBe('unread_messages');
    const [reminder] = await remindersIn(away);
    expect(payload.messages.find((m) => m.content.startsWith('Reminder'))).toEqual({
      id: reminder!.id,
      senderId: sender.id,
      priority: 'URGENT',
      content: `Reminder, please confirm: ${content}`,
      createdAt: expect.any(String) as unknown,
    });
    // Later timer passes send it no second time.
    await settleTimers();
    expect(remindedBy()).toHaveLength(1);
  });

  it('a recipient with a live device gets the reminder pushed to it and nothing through the fallback', async () => {
    const [sender, online, offline] = await Promise.all([registerUser(t, 'boss'), registerUser(t, 'online'), registerUser(t, 'offline')]);
    await chooseFallback(online, ['EMAIL', 'WEBHOOK']);
    await chooseFallback(offline, ['EMAIL']);
    const device = wsClient(url, online.token);
    const live = collect(device, ReminderLiveDoc, {});
    try {
      await until(async () => (await t.exec(ReminderPresenceDoc, { userIds: [online.id] }, sender.token)).data!.presence[0]!.online);
      const content = 'Confirm you read the evacuation plan';
      await requireConfirmation(sender, [online, offline], content);

      await until(() => live.results.some((r) => r.messageReceived.type === 'REMINDER'), 10_000);
      const reminder = live.results.find((r) => r.messageReceived.type === 'REMINDER')!.messageReceived;
      expect(reminder).toMatchObject({ priority: 'URGENT', content: `Reminder, please confirm: ${content}` });
      // The same reminder reached the offline recipient by email; once the reminder has waited
      // fallbackAfterSeconds, every fallback timer it armed has fired.
      await until(() => remindersMailedTo(offline, content).length > 0, 10_000);
      await until(() => Date.now() > Date.parse(reminder.createdAt) + WITHIN * 1000 + 50, 10_000);
      await settleTimers();
      expect(mailsTo(online)).toHaveLength(0);
      expect(hooksFor(online)).toHaveLength(0);
    } finally {
      live.stop();
      await device.dispose();
    }
  });

  it('nobody else can confirm for a recipient: the sender and another user are refused and the reminder still goes out', async () => {
    const [sender, away, bystander] = await Promise.all([registerUser(t, 'boss'), registerUser(t, 'away'), registerUser(t, 'other')]);
    await chooseFallback(away, ['EMAIL']);
    const content = 'Acknowledge the new badge policy';
    const id = await requireConfirmation(sender, [away], content);
    expect(errorCodes(await t.exec(ReminderConfirmDoc, { id }, sender.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ReminderConfirmDoc, { id }, bystander.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ReminderConfirmDoc, { id }, null))).toEqual(['UNAUTHENTICATED']);

    await until(() => remindersMailedTo(away, content).length > 0, 10_000);
  });
});
