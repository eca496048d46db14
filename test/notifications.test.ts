import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, SendDoc, UnreadDoc } from './helpers/messages.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const SettingsDoc = graphql(`
  query NotificationSettings {
    notificationSettings {
      timeZone
      locale
      quietHours {
        weekday
        start
        end
      }
      urgentBypassesQuietHours
      holdDuringMeetings
      typeModes {
        type
        mode
      }
      fallbackChannels
      fallbackAfterSeconds
      fallbackEmail
    }
  }
`);

const UpdateSettingsDoc = graphql(`
  mutation UpdateNotificationSettings($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      timeZone
      locale
      quietHours {
        weekday
        start
        end
      }
      holdDuringMeetings
      urgentBypassesQuietHours
    }
  }
`);

const NotifyEventsDoc = graphql(`
  subscription NotifyEvents {
    inboxEvents {
      __typename
      ... on MessageReceivedEvent {
        message {
          id
          content
        }
      }
      ... on HeldMessagesReleasedEvent {
        count
        messages {
          id
          content
        }
      }
    }
  }
`);

const NotifyReceivedDoc = graphql(`
  subscription NotifyReceived {
    messageReceived {
      id
      content
    }
  }
`);

const NotifyStatusDoc = graphql(`
  query NotifyStatus($id: ID!) {
    deliveryStatus(messageId: $id) {
      recipient {
        id
      }
      status
      held
      heldUntil
    }
  }
`);

const NotifyMeetingDoc = graphql(`
  mutation NotifyCreateMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
    }
  }
`);

const StartMeetingDoc = graphql(`
  mutation NotifyStartMeeting($id: ID!, $endsAt: DateTime) {
    startMeeting(meetingId: $id, endsAt: $endsAt) {
      meetingId
      startsAt
      endsAt
    }
  }
`);

const EndMeetingDoc = graphql(`
  mutation NotifyEndMeeting($id: ID!) {
    endMeeting(meetingId: $id) {
      endsAt
    }
  }
`);

const ZONE = 'Asia/Shanghai';
let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp('notifications', { env: { NOTIFICATION_TIMER_POLL_MS: '100' } });
  url = await t.listen();
});
afterAll(() => t?.close());

/** A quiet period that started at local midnight and ends `seconds` from now, in ZONE. */
function quietForSeconds(seconds: number) {
  const now = DateTime.now().setZone(ZONE);
  return [{ weekday: now.weekday, start: '00:00:00', end: now.plus({ seconds }).toFormat('HH:mm:ss') }];
}

async function send(from: TestUser, to: TestUser[], content: string, priority: 'URGENT' | 'NORMAL' | 'LOW' = 'NORMAL') {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, priority } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage.id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subscribes b's device and waits until a first message reaches it (the stream is live). */
async function liveDevice(a: TestUser, b: TestUser) {
  const client = wsClient(url, b.token);
  const events = collect(client, NotifyEventsDoc);
  const messages = collect(client, NotifyReceivedDoc);
  await send(a, [b], 'hello');
  await until(() => events.results.length === 1 && messages.results.length === 1);
  return { client, events, messages };
}

describe('notification settings', () => {
  it('a user sees the defaults until they change them, and then their own values', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const defaults = await t.exec(SettingsDoc, {}, a.token);
    expect(defaults.data!.notificationSettings).toMatchObject({ timeZone: 'UTC', locale: 'en', quietHours: [], holdDuringMeetings: false, urgentBypassesQuietHours: true });
    const updated = await t.exec(
      UpdateSettingsDoc,
      { input: { timeZone: 'Europe/Berlin', locale: 'zh-cn', quietHours: [{ weekday: 1, start: '22:00', end: '07:00' }], holdDuringMeetings: true } },
      a.token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateNotificationSettings).toMatchObject({ timeZone: 'Europe/Berlin', locale: 'zh-CN', holdDuringMeetings: true });
    expect((await t.exec(SettingsDoc, {}, a.token)).data!.notificationSettings.quietHours).toEqual([{ weekday: 1, start: '22:00', end: '07:00' }]);
    // Another user's settings are their own.
    expect((await t.exec(SettingsDoc, {}, b.token)).data!.notificationSettings.timeZone).toBe('UTC');
  });

  it('a time zone, a time of day or an email that is not one is refused with BAD_USER_INPUT', async () => {
    const a = await registerUser(t);
    for (const input of [
      { timeZone: 'Mars/Olympus' },
      { quietHours: [{ weekday: 8, start: '22:00', end: '07:00' }] },
      { quietHours: [{ weekday: 1, start: '25:00', end: '07:00' }] },
      { fallbackEmail: 'not-an-address' },
      { fallbackChannels: ['EMAIL' as const] },
    ]) {
      expect(errorCodes(await t.exec(UpdateSettingsDoc, { input }, a.token))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('without a token or with an expired one, settings are neither read nor changed', async () => {
    const a = await registerUser(t);
    expect(errorCodes(await t.exec(SettingsDoc, {}, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(UpdateSettingsDoc, { input: { locale: 'fr' } }, null))).toEqual(['UNAUTHENTICATED']);
    const expired = await expiredToken(a);
    expect(errorCodes(await t.exec(SettingsDoc, {}, expired))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(UpdateSettingsDoc, { input: { locale: 'fr' } }, expired))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('quiet hours', () => {
  it('hold a normal message’s push (stored and counted), let an urgent one through, and push the held ones once, in order, when they end', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const device = await liveDevice(a, b);
    try {
      await t.exec(UpdateSettingsDoc, { input: { timeZone: ZONE, quietHours: quietForSeconds(4) } }, b.token);
      const first = await send(a, [b], 'held one');
      await send(a, [b], 'urgent', 'URGENT');
      const second = await send(a, [b], 'held two');
      await until(() => device.messages.results.length === 2);
      await sleep(400);
      expect(device.messages.results.map((r) => r.messageReceived.content)).toEqual(['hello', 'urgent']);

      // In the inbox and counted as usual.
      const inbox = await t.exec(InboxDoc, { first: 10 }, b.token);
      expect(inbox.data!.messages.edges.map((e) => e.node.content)).toEqual(['held two', 'urgent', 'held one', 'hello']);
      expect((await t.exec(UnreadDoc, {}, b.token)).data!.unreadCount).toBe(4);

      // The sender sees the hold and its end.
      const status = (await t.exec(NotifyStatusDoc, { id: first }, a.token)).data!.deliveryStatus[0]!;
      expect(status).toMatchObject({ status: 'HELD', held: true });
      expect(new Date(status.heldUntil as string).getTime()).toBeGreaterThan(Date.now());

      await until(() => device.messages.results.length === 4, 10_000);
      expect(device.messages.results.map((r) => r.messageReceived.content)).toEqual(['hello', 'urgent', 'held one', 'held two']);
      const released = device.events.results.filter((r) => r.inboxEvents.__typename === 'HeldMessagesReleasedEvent');
      expect(released).toHaveLength(1);
      expect(released[0]!.inboxEvents).toMatchObject({ count: 2, messages: [{ id: first }, { id: second }] });
      // Once: a few more timer polls change nothing.
      await sleep(500);
      expect(device.messages.results).toHaveLength(4);
      expect((await t.exec(NotifyStatusDoc, { id: first }, a.token)).data!.deliveryStatus[0]).toMatchObject({ held: false, heldUntil: null });
    } finally {
      await device.client.dispose();
    }
  });

  it('hold urgent messages too when the user turned the urgent exception off', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const device = await liveDevice(a, b);
    try {
      await t.exec(UpdateSettingsDoc, { input: { timeZone: ZONE, quietHours: quietForSeconds(120), urgentBypassesQuietHours: false } }, b.token);
      const urgent = await send(a, [b], 'urgent but quiet', 'URGENT');
      await sleep(600);
      expect(device.messages.results).toHaveLength(1);
      expect((await t.exec(NotifyStatusDoc, { id: urgent }, a.token)).data!.deliveryStatus[0]!.status).toBe('HELD');
      // Ending the quiet hours early (the user removes them) releases what they held.
      await t.exec(UpdateSettingsDoc, { input: { quietHours: [] } }, b.token);
      await until(() => device.messages.results.length === 2);
      expect(device.messages.results[1]!.messageReceived.content).toBe('urgent but quiet');
    } finally {
      await device.client.dispose();
    }
  });
});

describe('per-type modes', () => {
  it('a muted type is never pushed live, a PUSH type goes through quiet hours, a HOLD type is held even when urgent; all are stored and counted', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const device = await liveDevice(a, b);
    const sendTyped = async (content: string, type: 'MEETING_SUMMARY' | 'MEETING_INVITE' | 'REMINDER', priority: 'URGENT' | 'NORMAL' = 'NORMAL') => {
      const result = await t.exec(SendDoc, { input: { recipientIds: [b.id], content, type, priority } }, a.token);
      expect(result.errors).toBeUndefined();
      return result.data!.sendMessage.id;
    };
    try {
      await t.exec(
        UpdateSettingsDoc,
        {
          input: {
            timeZone: ZONE,
            quietHours: quietForSeconds(4),
            typeModes: [
              { type: 'MEETING_SUMMARY', mode: 'MUTE' },
              { type: 'MEETING_INVITE', mode: 'PUSH' },
              { type: 'REMINDER', mode: 'HOLD' },
            ],
          },
        },
        b.token,
      );
      const muted = await sendTyped('summary, muted', 'MEETING_SUMMARY', 'URGENT');
      await sendTyped('invite, pushed in quiet hours', 'MEETING_INVITE');
      const held = await sendTyped('reminder, held though urgent', 'REMINDER', 'URGENT');
      await until(() => device.messages.results.length === 2);
      await sleep(400);
      expect(device.messages.results.map((r) => r.messageReceived.content)).toEqual(['hello', 'invite, pushed in quiet hours']);
      expect((await t.exec(NotifyStatusDoc, { id: held }, a.token)).data!.deliveryStatus[0]!.status).toBe('HELD');
      expect((await t.exec(UnreadDoc, {}, b.token)).data!.unreadCount).toBe(4);
      const inbox = await t.exec(InboxDoc, { first: 10 }, b.token);
      expect(inbox.data!.messages.edges.map((e) => e.node.id)).toContain(muted);

      // The quiet hours end: the held reminder is pushed; the muted summary never is.
      await until(() => device.messages.results.length === 3, 10_000);
      expect(device.messages.results[2]!.messageReceived.content).toBe('reminder, held though urgent');
      await sleep(800);
      expect(device.messages.results.map((r) => r.messageReceived.content)).not.toContain('summary, muted');
    } finally {
      await device.client.dispose();
    }
  });
});

describe('meetings hold pushes', () => {
  it('a participant of a running meeting gets non-urgent messages held until it ends', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    await t.exec(UpdateSettingsDoc, { input: { holdDuringMeetings: true } }, b.token);
    const meeting = (await t.exec(NotifyMeetingDoc, { input: { title: 'Planning', participantIds: [b.id] } }, a.token)).data!.createMeeting;
    const device = await liveDevice(a, b);
    try {
      const started = await t.exec(StartMeetingDoc, { id: meeting.id }, b.token);
      expect(started.errors).toBeUndefined();
      const held = await send(a, [b], 'after the meeting');
      await send(a, [b], 'fire alarm', 'URGENT');
      await until(() => device.messages.results.length === 2);
      await sleep(400);
      expect(device.messages.results.map((r) => r.messageReceived.content)).toEqual(['hello', 'fire alarm']);
      const status = (await t.exec(NotifyStatusDoc, { id: held }, a.token)).data!.deliveryStatus[0]!;
      expect(status).toMatchObject({ status: 'HELD', heldUntil: null });

      expect((await t.exec(EndMeetingDoc, { id: meeting.id }, b.token)).errors).toBeUndefined();
      await until(() => device.messages.results.length === 3);
      expect(device.messages.results[2]!.messageReceived.content).toBe('after the meeting');
    } finally {
      await device.client.dispose();
    }
  });

  it('a meeting started with an end releases at that end by itself', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    await t.exec(UpdateSettingsDoc, { input: { holdDuringMeetings: true } }, b.token);
    const meeting = (await t.exec(NotifyMeetingDoc, { input: { title: 'Stand-up', participantIds: [b.id] } }, a.token)).data!.createMeeting;
    const device = await liveDevice(a, b);
    try {
      await t.exec(StartMeetingDoc, { id: meeting.id, endsAt: new Date(Date.now() + 2500).toISOString() }, b.token);
      await send(a, [b], 'later');
      await sleep(500);
      expect(device.messages.results).toHaveLength(1);
      await until(() => device.messages.results.length === 2, 8000);
    } finally {
      await device.client.dispose();
    }
  });

  it('only participants start or end a meeting; another tenant’s meeting does not exist; a token is needed', async () => {
    const [a, b, outsider] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const foreign = await registerUser(t, 'foreign', 'other-tenant');
    const meeting = (await t.exec(NotifyMeetingDoc, { input: { title: 'Private', participantIds: [b.id] } }, a.token)).data!.createMeeting;
    expect(errorCodes(await t.exec(StartMeetingDoc, { id: meeting.id }, outsider.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(StartMeetingDoc, { id: meeting.id }, foreign.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(StartMeetingDoc, { id: meeting.id }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(StartMeetingDoc, { id: meeting.id }, await expiredToken(a)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(EndMeetingDoc, { id: meeting.id }, outsider.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(EndMeetingDoc, { id: meeting.id }, b.token))).toEqual(['BAD_USER_INPUT']);
  });
});
