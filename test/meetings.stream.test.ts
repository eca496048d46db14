import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { expiredToken, serviceAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, rawSocket, until, wsClient } from './helpers/ws.js';

const CreateMeetingDoc = graphql(`
  mutation CreateStreamedMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
    }
  }
`);

const AddSegmentDoc = graphql(`
  mutation AddStreamedSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {
    addTranscriptSegment(meetingId: $meetingId, input: $input) {
      cursor
    }
  }
`);

const TranscriptDoc = graphql(`
  subscription Transcript($meetingId: ID!, $after: String) {
    transcriptSegment(meetingId: $meetingId, after: $after) {
      text
      speaker
      startMs
      cursor
    }
  }
`);

const InboxLiveDoc = graphql(`
  subscription InboxLive {
    messageReceived {
      content
    }
  }
`);

let t: TestApp;
let url: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser; // same tenant, not invited
let mallory: TestUser; // another tenant
let transcriber: TestUser;

beforeAll(async () => {
  t = await startTestApp('meetings_stream');
  url = await t.listen();
  [alice, bob, carol, mallory] = await Promise.all([
    registerUser(t, 'alice'),
    registerUser(t, 'bob'),
    registerUser(t, 'carol'),
    registerUser(t, 'mallory', 'other-tenant'),
  ]);
  transcriber = await serviceAccount(t);
});
afterAll(() => t?.close());

async function newMeeting(participants: TestUser[]) {
  const result = await t.exec(CreateMeetingDoc, { input: { title: 'Design review', participantIds: participants.map((p) => p.id) } }, alice.token);
  return result.data!.createMeeting.id;
}

async function addSegment(meetingId: string, i: number) {
  const result = await t.exec(
    AddSegmentDoc,
    { meetingId, input: { speaker: 'Alice', text: `segment ${i}`, startMs: i * 100, endMs: i * 100 + 90 } },
    transcriber.token,
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.addTranscriptSegment.cursor;
}

/** Resolves once this instance listens on the channel in Redis. */
async function channelLive(channel: string, subscribers = 1) {
  const redis = t.app.services.redis.command!;
  await until(async () => {
    const reply = (await redis.call('PUBSUB', 'NUMSUB', t.app.services.redis.key(channel))) as Array<string | number>;
    return Number(reply[1]) >= subscribers;
  });
}

const texts = (results: Array<{ transcriptSegment: { text: string } }>) => results.map((r) => r.transcriptSegment.text);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `segment ${from + i}`);

describe('following a transcript live', () => {
  it('every participant receives every new segment, in order', async () => {
    const meetingId = await newMeeting([bob]);
    const first = await addSegment(meetingId, 0);
    const clients = [wsClient(url, alice.token), wsClient(url, bob.token)];
    try {
      const streams = clients.map((client) => collect(client, TranscriptDoc, { meetingId, after: first }));
      for (let i = 1; i <= 50; i++) await addSegment(meetingId, i);
      for (const stream of streams) expect(texts(await stream.waitFor(50))).toEqual(range(1, 51));
    } finally {
      await Promise.all(clients.map(async (client) => client.dispose()));
    }
  });

  it('without a cursor it starts with the next new segment', async () => {
    const meetingId = await newMeeting([bob]);
    await addSegment(meetingId, 0);
    const client = wsClient(url, bob.token);
    try {
      const stream = collect(client, TranscriptDoc, { meetingId });
      await channelLive(`meeting:${meetingId}:transcript`);
      // The stream reads where the transcript stands right after listening; give it that moment.
      await new Promise((r) => setTimeout(r, 100));
      await addSegment(meetingId, 1);
      await addSegment(meetingId, 2);
      expect(texts(await stream.waitFor(2))).toEqual(range(1, 3));
    } finally {
      await client.dispose();
    }
  });

  it('a device that resubscribes with the last cursor it saw gets exactly what it missed, then the live ones', async () => {
    const meetingId = await newMeeting([bob]);
    const client = wsClient(url, bob.token);
    try {
      const cursor0 = await addSegment(meetingId, 0);
      const before = collect(client, TranscriptDoc, { meetingId, after: cursor0 });
      await addSegment(meetingId, 1);
      const seen = await before.waitFor(1);
      before.stop();
      for (let i = 2; i < 6; i++) await addSegment(meetingId, i); // missed while away
      const again = collect(client, TranscriptDoc, { meetingId, after: seen[0]!.transcriptSegment.cursor });
      await again.waitFor(4);
      await addSegment(meetingId, 6);
      expect(texts(await again.waitFor(5))).toEqual(range(2, 7));
    } finally {
      await client.dispose();
    }
  });
});

describe('who may follow a transcript', () => {
  async function refusal(user: TestUser, meetingId: string) {
    const client = wsClient(url, user.token);
    try {
      const stream = collect(client, TranscriptDoc, { meetingId });
      await until(() => stream.done || stream.errors.length > 0);
      return stream.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    } finally {
      await client.dispose();
    }
  }

  it('a user of the tenant who is not a participant is refused with FORBIDDEN, and nothing is subscribed', async () => {
    const meetingId = await newMeeting([bob]);
    expect(await refusal(carol, meetingId)).toEqual(['FORBIDDEN']);
    const reply = (await t.app.services.redis.command!.call(
      'PUBSUB',
      'NUMSUB',
      t.app.services.redis.key(`meeting:${meetingId}:transcript`),
    )) as Array<string | number>;
    expect(Number(reply[1])).toBe(0);
  });

  it('a service account (which may add segments) is not a participant and is refused', async () => {
    expect(await refusal(transcriber, await newMeeting([bob]))).toEqual(['FORBIDDEN']);
  });

  it('a user of another tenant finds no such meeting', async () => {
    expect(await refusal(mallory, await newMeeting([bob]))).toEqual(['NOT_FOUND']);
  });

  it('a socket without a token, or with an expired one, is closed with 4403 before it can subscribe', async () => {
    for (const params of [{}, { authorization: `Bearer ${await expiredToken(bob)}` }]) {
      const { socket, opened, closed } = rawSocket(url);
      await opened;
      socket.send(JSON.stringify({ type: 'connection_init', payload: params }));
      expect((await closed).code).toBe(4403);
    }
  });
});

describe('a busy transcript and the inbox side by side', () => {
  it('500 segments stream while 100 messages are pushed: both arrive complete and in order, and no push waits behind the transcript', async () => {
    const meetingId = await newMeeting([bob]);
    const cursor0 = await addSegment(meetingId, 0);
    const transcriptClient = wsClient(url, bob.token);
    const inboxClient = wsClient(url, bob.token);
    try {
      const transcript = collect(transcriptClient, TranscriptDoc, { meetingId, after: cursor0 });
      // For each message: how many transcript segments the device had when it was sent and when it arrived.
      const segmentsAt = new Map<string, { sent: number; arrived?: number }>();
      const arrivals: string[] = [];
      const stopInbox = inboxClient.subscribe<{ messageReceived: { content: string } }>(
        { query: print(InboxLiveDoc) },
        {
          next: (value) => {
            if (!value.data) return;
            const content = value.data.messageReceived.content;
            arrivals.push(content);
            const at = segmentsAt.get(content);
            if (at) at.arrived = transcript.results.length;
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      await channelLive(`user:${bob.id}:messages`);

      const contents = Array.from({ length: 100 }, (_, i) => `busy ${i}`);
      const sendMessages = async () => {
        for (const content of contents) {
          segmentsAt.set(content, { sent: transcript.results.length });
          const result = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content } }, alice.token);
          expect(result.errors).toBeUndefined();
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      const streamTranscript = async () => {
        for (let i = 1; i <= 500; i++) await addSegment(meetingId, i);
      };
      await Promise.all([streamTranscript(), sendMessages()]);

      expect(texts(await transcript.waitFor(500, 30_000))).toEqual(range(1, 501));
      await until(() => contents.every((c) => arrivals.includes(c)));
      await new Promise((r) => setTimeout(r, 100));
      expect(transcript.results).toHaveLength(500);
      expect(arrivals).toEqual(contents);

      // The two streams share no queue: a push waits for its own send and commit, not for the
      // transcript's segments. Counted in segments, not milliseconds, so a loaded machine that
      // slows both alike does not change the answer; a push queued behind the transcript
      // would see hundreds go by.
      const passedBy = [...segmentsAt.values()].map((at) => at.arrived! - at.sent);
      expect(Math.max(...passedBy), `segments that reached the device while a message was on its way: ${passedBy.join(' ')}`).toBeLessThan(100);
      stopInbox();
    } finally {
      await Promise.all([transcriptClient.dispose(), inboxClient.dispose()]);
    }
  });
});
