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
  it('500 segments stream while 100 messages are pushed: both arrive complete and in order, inbox pushes stay fast', async () => {
    const meetingId = await newMeeting([bob]);
    const cursor0 = await addSegment(meetingId, 0);
    const transcriptClient = wsClient(url, bob.token);
    const inboxClient = wsClient(url, bob.token);
    try {
      const arrivals: Array<{ content: string; at: number }> = [];
      const stopInbox = inboxClient.subscribe<{ messageReceived: { content: string } }>(
        { query: print(InboxLiveDoc) },
        {
          next: (value) => {
            if (value.data) arrivals.push({ content: value.data.messageReceived.content, at: performance.now() });
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      await channelLive(`user:${bob.id}:messages`);

      const sentAt = new Map<string, number>();
      /** Sends `count` messages to bob, one every few ms; returns each one's send-to-socket time. */
      const sendMessages = async (label: string, count: number) => {
        const contents = Array.from({ length: count }, (_, i) => `${label} ${i}`);
        for (const content of contents) {
          sentAt.set(content, performance.now());
          const result = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content } }, alice.token);
          expect(result.errors).toBeUndefined();
          await new Promise((r) => setTimeout(r, 5));
        }
        await until(() => contents.every((c) => arrivals.some((a) => a.content === c)));
        expect(arrivals.filter((a) => a.content.startsWith(`${label} `)).map((a) => a.content)).toEqual(contents);
        return arrivals
          .filter((a) => a.content.startsWith(`${label} `))
          .map((a) => a.at - sentAt.get(a.content)!)
          .sort((x, y) => x - y);
      };
      const p95 = (sorted: number[]) => sorted[Math.floor(sorted.length * 0.95)]!;

      // The same machine, just before, with no transcript running: the yardstick.
      const quiet = await sendMessages('quiet', 50);

      const transcript = collect(transcriptClient, TranscriptDoc, { meetingId, after: cursor0 });
      const streamTranscript = async () => {
        for (let i = 1; i <= 500; i++) await addSegment(meetingId, i);
      };
      const [, busy] = await Promise.all([streamTranscript(), sendMessages('busy', 100)]);

      expect(texts(await transcript.waitFor(500, 30_000))).toEqual(range(1, 501));
      await new Promise((r) => setTimeout(r, 100));
      expect(transcript.results).toHaveLength(500);

      // Send-to-socket time includes the sendMessage round trip and its commit. The two
      // streams share no queue, but they do share the CPU and the database's log flush, so a
      // transcript written as fast as the database allows costs the inbox a little: bounded.
      const report = `inbox push p95: ${p95(quiet).toFixed(1)} ms quiet, ${p95(busy).toFixed(1)} ms beside the transcript`;
      expect(p95(busy), report).toBeLessThan(Math.max(3 * p95(quiet), p95(quiet) + 100));
      expect(p95(busy), report).toBeLessThan(500);
      stopInbox();
    } finally {
      await Promise.all([transcriptClient.dispose(), inboxClient.dispose()]);
    }
  });
});
