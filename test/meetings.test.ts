import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { expiredToken, serviceAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const CreateMeetingDoc = graphql(`
  mutation CreateMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
      title
      createdBy {
        id
      }
      participants {
        id
      }
    }
  }
`);

const MeetingDoc = graphql(`
  query MeetingById($id: ID!) {
    meeting(id: $id) {
      id
      title
      participants {
        id
      }
    }
  }
`);

const AddSegmentDoc = graphql(`
  mutation AddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {
    addTranscriptSegment(meetingId: $meetingId, input: $input) {
      id
      meetingId
      speaker
      text
      startMs
      endMs
      cursor
    }
  }
`);

const SegmentsDoc = graphql(`
  query Segments($meetingId: ID!, $first: Int, $after: String) {
    transcriptSegments(meetingId: $meetingId, first: $first, after: $after) {
      edges {
        cursor
        node {
          text
          startMs
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let mallory: TestUser; // another tenant
let transcriber: TestUser; // service account of alice's tenant
let foreignService: TestUser; // service account of mallory's tenant

beforeAll(async () => {
  t = await startTestApp('meetings');
  [alice, bob, carol, mallory] = await Promise.all([
    registerUser(t, 'alice'),
    registerUser(t, 'bob'),
    registerUser(t, 'carol'),
    registerUser(t, 'mallory', 'other-tenant'),
  ]);
  [transcriber, foreignService] = await Promise.all([serviceAccount(t), serviceAccount(t, 'other-tenant')]);
});
afterAll(() => t?.close());

async function createMeeting(owner: TestUser, participants: TestUser[], title = 'Weekly sync') {
  const result = await t.exec(CreateMeetingDoc, { input: { title, participantIds: participants.map((p) => p.id) } }, owner.token);
  expect(result.errors).toBeUndefined();
  return result.data!.createMeeting;
}

const segment = (i: number) => ({ speaker: i % 2 ? 'Bob' : 'Alice', text: `line ${i}`, startMs: i * 1000, endMs: i * 1000 + 900 });

describe('creating a meeting', () => {
  it('the creator and the named users of the same tenant are its participants', async () => {
    const meeting = await createMeeting(alice, [bob, carol]);
    expect(meeting.createdBy.id).toBe(alice.id);
    expect(meeting.participants.map((p) => p.id).sort()).toEqual([alice.id, bob.id, carol.id].sort());
    const seen = await t.exec(MeetingDoc, { id: meeting.id }, bob.token);
    expect(seen.data!.meeting.title).toBe('Weekly sync');
  });

  it('a participant of another tenant is refused like an id that does not exist', async () => {
    const foreign = await t.exec(CreateMeetingDoc, { input: { title: 'x', participantIds: [mallory.id] } }, alice.token);
    const missing = await t.exec(CreateMeetingDoc, { input: { title: 'x', participantIds: ['999999999'] } }, alice.token);
    expect(errorCodes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors![0]!.message.replace(mallory.id, 'N')).toBe(missing.errors![0]!.message.replace('999999999', 'N'));
  });

  it('an empty or overlong title is refused', async () => {
    for (const title of ['  ', 'x'.repeat(201)]) {
      const result = await t.exec(CreateMeetingDoc, { input: { title, participantIds: [] } }, alice.token);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('needs a valid token', async () => {
    const input = { title: 'x', participantIds: [] };
    expect(errorCodes(await t.exec(CreateMeetingDoc, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(CreateMeetingDoc, { input }, await expiredToken(alice)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('reading a meeting', () => {
  it('is for its participants: another user of the tenant is forbidden, another tenant finds nothing', async () => {
    const meeting = await createMeeting(alice, [bob]);
    expect(errorCodes(await t.exec(MeetingDoc, { id: meeting.id }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(MeetingDoc, { id: meeting.id }, await expiredToken(bob)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(MeetingDoc, { id: meeting.id }, carol.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(MeetingDoc, { id: meeting.id }, mallory.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(MeetingDoc, { id: '999999999' }, alice.token))).toEqual(['NOT_FOUND']);
  });
});

describe('adding transcript segments', () => {
  it('participants and the tenant’s service accounts add segments; the transcript reads oldest first', async () => {
    const meeting = await createMeeting(alice, [bob]);
    for (const [i, user] of [alice, bob, transcriber].entries()) {
      const result = await t.exec(AddSegmentDoc, { meetingId: meeting.id, input: segment(i) }, user.token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.addTranscriptSegment).toMatchObject({ meetingId: meeting.id, text: `line ${i}` });
    }
    const page = await t.exec(SegmentsDoc, { meetingId: meeting.id }, bob.token);
    expect(page.data!.transcriptSegments.edges.map((e) => e.node.text)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('is refused without a token, with an expired one, for a non-participant and for another tenant (even its services)', async () => {
    const meeting = await createMeeting(alice, [bob]);
    const vars = { meetingId: meeting.id, input: segment(1) };
    expect(errorCodes(await t.exec(AddSegmentDoc, vars))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(AddSegmentDoc, vars, await expiredToken(alice)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(AddSegmentDoc, vars, carol.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(AddSegmentDoc, vars, mallory.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(AddSegmentDoc, vars, foreignService.token))).toEqual(['NOT_FOUND']);
    const page = await t.exec(SegmentsDoc, { meetingId: meeting.id }, alice.token);
    expect(page.data!.transcriptSegments.edges).toEqual([]);
  });

  it('refuses an empty text or speaker, a negative start and an end before the start', async () => {
    const meeting = await createMeeting(alice, []);
    for (const input of [
      { ...segment(1), text: ' ' },
      { ...segment(1), speaker: '' },
      { ...segment(1), startMs: -1 },
      { ...segment(1), startMs: 5000, endMs: 4000 },
    ]) {
      expect(errorCodes(await t.exec(AddSegmentDoc, { meetingId: meeting.id, input }, alice.token))).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('paging through a transcript', () => {
  it('pages of `first` segments follow each other with no gap and no repeat', async () => {
    const meeting = await createMeeting(alice, [bob]);
    for (let i = 0; i < 7; i++) await t.exec(AddSegmentDoc, { meetingId: meeting.id, input: segment(i) }, transcriber.token);
    const page = async (after: string | null) => {
      const result = await t.exec(SegmentsDoc, { meetingId: meeting.id, first: 3, after }, bob.token);
      expect(result.errors).toBeUndefined();
      return result.data!.transcriptSegments;
    };
    const texts: string[] = [];
    let after: string | null = null;
    for (;;) {
      const conn = await page(after);
      texts.push(...conn.edges.map((e) => e.node.text));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor ?? null;
    }
    expect(texts).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `line ${i}`));
  });

  it('is for participants only (a service account adds but does not read)', async () => {
    const meeting = await createMeeting(alice, [bob]);
    const vars = { meetingId: meeting.id };
    expect(errorCodes(await t.exec(SegmentsDoc, vars))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(SegmentsDoc, vars, await expiredToken(bob)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(SegmentsDoc, vars, carol.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(SegmentsDoc, vars, transcriber.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(SegmentsDoc, vars, mallory.token))).toEqual(['NOT_FOUND']);
  });

  it('a malformed cursor or page size is a bad input', async () => {
    const meeting = await createMeeting(alice, []);
    expect(errorCodes(await t.exec(SegmentsDoc, { meetingId: meeting.id, after: 'bm9wZQ' }, alice.token))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.exec(SegmentsDoc, { meetingId: meeting.id, first: 0 }, alice.token))).toEqual(['BAD_USER_INPUT']);
  });
});
