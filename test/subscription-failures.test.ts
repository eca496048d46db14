import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { subscriptionTransports } from './helpers/transports.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { serviceAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until, type Collected } from './helpers/ws.js';

// A subscription whose start fails (its first reads hit a database error) must end with an
// error, so that the client subscribes again; silence leaves a device without its inbox.
// The database really fails here: a table the start reads is renamed away, then restored.

const FollowInboxDoc = graphql(`
  subscription FollowInboxThroughOutage($since: String) {
    messageReceived(since: $since) {
      content
    }
  }
`);

const FollowTranscriptDoc = graphql(`
  subscription FollowTranscriptThroughOutage($meetingId: ID!, $after: String) {
    transcriptSegment(meetingId: $meetingId, after: $after) {
      text
    }
  }
`);

const CreateMeetingDoc = graphql(`
  mutation CreateMeetingThroughOutage($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
    }
  }
`);

const AddSegmentDoc = graphql(`
  mutation AddSegmentThroughOutage($meetingId: ID!, $input: TranscriptSegmentInput!) {
    addTranscriptSegment(meetingId: $meetingId, input: $input) {
      cursor
    }
  }
`);

let t: TestApp;
let url: string;
let sender: TestUser;
let transcriber: TestUser;
const opened: Array<() => unknown> = [];

beforeAll(async () => {
  t = await startTestApp('subscription_failures');
  url = await t.listen();
  sender = await registerUser(t, 'sender');
  transcriber = await serviceAccount(t);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});
afterAll(() => t?.close());

const { socket, serverSentEvents } = subscriptionTransports(() => url, opened);

/** Runs `during` while `table` of the app's database is renamed away: every read of it fails. */
async function withTableAway(table: string, during: () => Promise<void>): Promise<void> {
  const pool = t.app.database.pool;
  await pool.query(`RENAME TABLE ${table} TO ${table}_away`);
  try {
    await during();
  } finally {
    await pool.query(`RENAME TABLE ${table}_away TO ${table}`);
  }
}

/** graphql-ws hands an `error` message's errors over as one array; SSE sends them one by one. */
function errorsOf(stream: Collected<unknown>): Array<{ message?: string; extensions?: { code?: string } }> {
  return stream.errors.flat() as Array<{ message?: string; extensions?: { code?: string } }>;
}

async function expectFailedStart(stream: Collected<unknown>, table: string) {
  await until(() => stream.done, 10_000, () => `the subscription stayed open and silent (errors: ${JSON.stringify(stream.errors)})`);
  expect(stream.results).toEqual([]);
  const errors = errorsOf(stream);
  expect(errors.map((e) => e.extensions?.code)).toEqual(['STREAM_FAILED']);
  expect(JSON.stringify(errors)).not.toContain(table); // no SQL reaches the client
}

async function receiverOfTwo(): Promise<TestUser> {
  const receiver = await registerUser(t, 'receiver');
  for (const content of ['first', 'second']) {
    const result = await t.exec(SendDoc, { input: { recipientIds: [receiver.id], content } }, sender.token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
  }
  return receiver;
}

describe('an inbox subscription whose start fails', () => {
  for (const via of [socket, serverSentEvents]) {
    for (const [how, since] of [
      ['its unread messages', null],
      ['a cursor', 'aW5ib3g6MQ'],
    ] as const) {
      it(`a device that subscribes over ${via.name} from ${how} while the database fails gets an error, and after recovery resubscribes and gets its messages`, async () => {
        const receiver = await receiverOfTwo();
        await withTableAway('message_recipients', async () => {
          const failed = via.subscribe(receiver, FollowInboxDoc, { since });
          await expectFailedStart(failed, 'message_recipients');
          // The failed stream was closed with its subscription, not left attached.
          await until(() => t.app.services.streams.userCount() === 0);
        });
        const again = via.subscribe(receiver, FollowInboxDoc, { since });
        await again.waitFor(since ? 1 : 2);
        expect(again.errors).toEqual([]);
        expect(again.results.map((r) => r.messageReceived.content)).toEqual(since ? ['second'] : ['first', 'second']);
      });
    }
  }
});

describe('a transcript subscription whose start fails', () => {
  for (const via of [socket, serverSentEvents]) {
    it(`a participant who follows over ${via.name} from a cursor while the database fails gets an error, and after recovery resubscribes and gets the segments`, async () => {
      const participant = await registerUser(t, 'participant');
      const meeting = await t.exec(CreateMeetingDoc, { input: { title: 'Outage', participantIds: [] } }, participant.token);
      const meetingId = meeting.data!.createMeeting.id;
      for (const [i, text] of ['one', 'two'].entries()) {
        const added = await t.exec(
          AddSegmentDoc,
          { meetingId, input: { speaker: 'Ada', text, startMs: i * 100, endMs: i * 100 + 90 } },
          transcriber.token,
        );
        if (!added.data) throw new Error(JSON.stringify(added.errors));
      }
      const after = 'c2VnbWVudDox'; // segment 1
      await withTableAway('transcript_segments', async () => {
        const failed = via.subscribe(participant, FollowTranscriptDoc, { meetingId, after });
        await expectFailedStart(failed, 'transcript_segments');
      });
      const again = via.subscribe(participant, FollowTranscriptDoc, { meetingId, after });
      await again.waitFor(1);
      expect(again.errors).toEqual([]);
      expect(again.results.map((r) => r.transcriptSegment.text)).toEqual(['two']);
    });
  }
});
