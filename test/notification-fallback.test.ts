import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationsStore } from '../src/notifications/notifications.store.js';
import { verifySignature } from '../src/outbound/signature.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { fallbackChannelsEnv } from './helpers/fallback-channels.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { MarkReadDoc, SendDoc } from './helpers/messages.js';
import { startSmtpInbox, type SmtpInbox } from './helpers/smtp.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

const FallbackSettingsDoc = graphql(`
  mutation FallbackSettings($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      fallbackChannels
      fallbackAfterSeconds
    }
  }
`);

const WEBHOOK_SECRET = 'fallback-webhook-secret-0123456789';
let t: TestApp;
let smtp: SmtpInbox;
let receiver: HttpReceiver;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  receiver = await startHttpReceiver();
  t = await startTestApp('notification_fallback', { env: fallbackChannelsEnv(smtp, receiver, WEBHOOK_SECRET) });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await receiver?.close();
});

async function send(from: TestUser, to: TestUser, content: string) {
  const result = await t.exec(SendDoc, { input: { recipientIds: [to.id], content } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage.id;
}

describe('offline fallback', () => {
  it('an offline user gets one digest email for three unread messages, none for a message read in time, and a webhook that fails twice succeeds on retry', async () => {
    const [a, away, quick] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const saved = await t.exec(FallbackSettingsDoc, { input: { fallbackChannels: ['EMAIL', 'WEBHOOK'], fallbackAfterSeconds: 1, fallbackEmail: 'away@example.test' } }, away.token);
    expect(saved.errors).toBeUndefined();
    await t.exec(FallbackSettingsDoc, { input: { fallbackChannels: ['EMAIL'], fallbackAfterSeconds: 1, fallbackEmail: 'quick@example.test' } }, quick.token);
    receiver.failNext(2, 503);

    const ids = [await send(a, away, 'Agenda is ready'), await send(a, away, 'Room changed to 4B'), await send(a, away, 'Slides attached')];
    const readInTime = await send(a, quick, 'Lunch?');
    await t.exec(MarkReadDoc, { ids: [readInTime] }, quick.token);

    const [mail] = await smtp.waitFor(1, 10_000);
    expect(mail!.to).toMatchObject({ text: 'away@example.test' });
    expect(mail!.subject).toBe('3 unread messages');
    for (const text of ['Agenda is ready', 'Room changed to 4B', 'Slides attached']) expect(mail!.text).toContain(text);

    const [hook] = await receiver.waitFor(1, { acceptedOnly: true, timeoutMs: 10_000 });
    expect(receiver.requests.length).toBe(3);
    expect(verifySignature(WEBHOOK_SECRET, hook!.body, hook!.headers['x-signature'] as string)).toBe(true);
    const payload = JSON.parse(hook!.body) as { userId: string; messages: Array<{ id: string }> };
    expect(payload.userId).toBe(away.id);
    expect(payload.messages.map((m) => m.id)).toEqual(ids);

    // More timer passes send nothing again, and nothing to the user who read in time.
    await t.app.services.timers.poll();
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails).toHaveLength(1);
    expect(receiver.accepted()).toHaveLength(1);

    // A new message later goes out alone: the first three are never mailed twice.
    await send(a, away, 'Meeting moved to 3pm');
    const mails = await smtp.waitFor(2, 10_000);
    expect(mails[1]!.subject).toBe('1 unread message');
    expect(mails[1]!.text).toContain('Meeting moved to 3pm');
    expect(mails[1]!.text).not.toContain('Agenda is ready');
  });

  it('a webhook that keeps failing is given up after the last try, with a dead-letter record', async () => {
    const [a, d] = await Promise.all([registerUser(t), registerUser(t)]);
    await t.exec(FallbackSettingsDoc, { input: { fallbackChannels: ['WEBHOOK'], fallbackAfterSeconds: 1 } }, d.token);
    const forD = () => receiver.requests.filter((r) => (JSON.parse(r.body) as { userId: string }).userId === d.id);
    receiver.failNext(10, 500);
    const id = await send(a, d, 'Server on fire');
    const store = new NotificationsStore(t.app.database.db);
    await until(async () => (await store.fallbacksOf(Number(d.id))).length > 0, 10_000);
    const [record] = await store.fallbacksOf(Number(d.id));
    expect(record).toMatchObject({ messageId: Number(id), channel: 'WEBHOOK', status: 'DEAD', attempts: 3 });
    expect(forD()).toHaveLength(3);
    expect(forD().every((r) => r.status === 500)).toBe(true);
    receiver.failNext(0);
  });

  it('fallback settings need a token', async () => {
    expect(errorCodes(await t.exec(FallbackSettingsDoc, { input: { fallbackChannels: ['WEBHOOK'] } }, null))).toEqual(['UNAUTHENTICATED']);
  });
});
