import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { print, type FormattedExecutionResult } from 'graphql';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { RetentionOtherUploadMutation, RetentionPolicyInput } from './gql/graphql.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { adminAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

// What the retention policy covers besides messages (src/lifecycle/retention.job.ts):
// transcript segments (transcriptsDays), uploads with their bytes (attachmentsDays) and inbox
// history (inboxEventsDays, never longer than messagesDays). Messages themselves:
// test/data-lifecycle.test.ts.

const RetentionOtherSetPolicyDoc = graphql(`
  mutation RetentionOtherSetPolicy($input: RetentionPolicyInput!) {
    setRetentionPolicy(input: $input) {
      messagesDays
      transcriptsDays
      attachmentsDays
      inboxEventsDays
    }
  }
`);
const RetentionOtherCreateMeetingDoc = graphql(`
  mutation RetentionOtherCreateMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
    }
  }
`);
const RetentionOtherAddSegmentDoc = graphql(`
  mutation RetentionOtherAddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {
    addTranscriptSegment(meetingId: $meetingId, input: $input) {
      id
    }
  }
`);
const RetentionOtherTranscriptDoc = graphql(`
  query RetentionOtherTranscript($meetingId: ID!) {
    transcriptSegments(meetingId: $meetingId, first: 100) {
      edges {
        node {
          text
        }
      }
    }
  }
`);
const RetentionOtherUploadDoc = graphql(`
  mutation RetentionOtherUpload($file: File!) {
    uploadAttachment(file: $file) {
      id
      fileName
      url
      thumbnailUrl
    }
  }
`);
const RetentionOtherSendDoc = graphql(`
  mutation RetentionOtherSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);
const RetentionOtherMessageDoc = graphql(`
  query RetentionOtherMessage($id: ID!) {
    message(id: $id) {
      id
      content
      attachments {
        fileName
      }
    }
  }
`);
const RetentionOtherSyncDoc = graphql(`
  query RetentionOtherSync($since: String) {
    sync(since: $since) {
      cursor
      events {
        __typename
        ... on MessageReceivedEvent {
          message {
            content
          }
        }
      }
    }
  }
`);
const RetentionOtherInboxDoc = graphql(`
  query RetentionOtherInbox {
    messages(first: 50) {
      edges {
        node {
          content
        }
      }
    }
  }
`);

type Uploaded = RetentionOtherUploadMutation['uploadAttachment'];
const ELSEWHERE = 'retention-elsewhere';

let t: TestApp;
let base: string;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
/** Users of another tenant, which has no policy: it keeps everything. */
let mallory: TestUser;
let trent: TestUser;

beforeAll(async () => {
  t = await startTestApp('retention_other', {
    env: {
      // Batches of two, so that three old rows take more than one statement.
      RETENTION_BATCH: '2',
      // The tests run the job themselves; no timer runs it meanwhile, nor the unsent-upload cleanup.
      RETENTION_INTERVAL_MS: '0',
      ATTACHMENT_CLEANUP_INTERVAL_MS: '0',
    },
  });
  base = await t.listen();
  admin = await adminAccount(t);
  [alice, bob] = [await registerUser(t, 'ra'), await registerUser(t, 'rb')];
  [mallory, trent] = [await registerUser(t, 'rm', ELSEWHERE), await registerUser(t, 'rt', ELSEWHERE)];
});
afterAll(() => t?.close());

// ---- helpers ----------------------------------------------------------------------------

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${Number(id)}`),
    sql`, `,
  );
const query = async <T>(statement: ReturnType<typeof sql>) => ((await t.app.database.db.execute(statement)) as unknown as [T[]])[0];

/** Makes rows look `days` old: the app stamps them now, retention reads created_at. */
async function age(table: 'transcript_segments' | 'attachments', ids: readonly string[], days: number): Promise<void> {
  await query(sql`UPDATE ${sql.identifier(table)} SET created_at = ${daysAgo(days)} WHERE id IN (${idList(ids)})`);
}

/** Makes the user's inbox events about these messages look `days` old. */
async function ageEvents(user: TestUser, messageIds: readonly string[], days: number): Promise<void> {
  await query(
    sql`UPDATE inbox_events SET created_at = ${daysAgo(days)} WHERE user_id = ${Number(user.id)} AND message_id IN (${idList(messageIds)})`,
  );
}

/** What a tenant admin sets; omitted kinds are kept forever. */
async function setPolicy(by: TestUser, input: RetentionPolicyInput): Promise<void> {
  const result = await t.exec(RetentionOtherSetPolicyDoc, { input }, by.token);
  expect(result.errors).toBeUndefined();
}

/** One pass of the retention job, as the scheduler runs it on the lease holder. */
const runRetention = () => t.app.retention.runOnce();

async function createMeeting(owner: TestUser, participants: TestUser[]): Promise<string> {
  const result = await t.exec(
    RetentionOtherCreateMeetingDoc,
    { input: { title: 'Planning', participantIds: participants.map((p) => p.id) } },
    owner.token,
  );
  return result.data!.createMeeting.id;
}

async function say(user: TestUser, meetingId: string, text: string): Promise<string> {
  const result = await t.exec(
    RetentionOtherAddSegmentDoc,
    { meetingId, input: { speaker: user.username, text, startMs: 0, endMs: 1000 } },
    user.token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.addTranscriptSegment.id;
}

async function transcript(app: TestApp, user: TestUser, meetingId: string): Promise<string[]> {
  const result = await app.exec(RetentionOtherTranscriptDoc, { meetingId }, user.token);
  expect(result.errors).toBeUndefined();
  return result.data!.transcriptSegments.edges.map((e) => e.node.text);
}

async function upload(user: TestUser, name: string, bytes: Uint8Array<ArrayBuffer>, type: string): Promise<Uploaded> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(RetentionOtherUploadDoc), variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new File([bytes], name, { type }));
  const response = await fetch(`${base}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${user.token}` } });
  const body = (await response.json()) as FormattedExecutionResult<RetentionOtherUploadMutation>;
  if (!body.data) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.uploadAttachment;
}

const text = (user: TestUser, name: string) => upload(user, name, new Uint8Array(Buffer.from(`contents of ${name}\n`)), 'text/plain');

async function send(from: TestUser, to: TestUser, content: string, attachmentIds: string[] = []): Promise<string> {
  const result = await t.exec(RetentionOtherSendDoc, { input: { recipientIds: [to.id], content, attachmentIds } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage.id;
}

async function download(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${base}${url}`);
  return { status: response.status, body: await response.text() };
}

/** Where the storage keeps an upload's bytes (and its thumbnail's). */
async function storedPaths(ids: readonly string[]): Promise<string[]> {
  const rows = await query<{ storage_key: string; thumbnail_key: string | null }>(
    sql`SELECT storage_key, thumbnail_key FROM attachments WHERE id IN (${idList(ids)})`,
  );
  return rows
    .flatMap((r) => [r.storage_key, ...(r.thumbnail_key ? [r.thumbnail_key] : [])])
    .map((key) => resolve(t.config.storage.dir, key));
}

async function sync(user: TestUser, since?: string) {
  return t.exec(RetentionOtherSyncDoc, { since }, user.token);
}

/** The contents of the messages a sync since `since` answers. */
async function syncedContents(user: TestUser, since: string): Promise<string[]> {
  const result = await sync(user, since);
  expect(result.errors).toBeUndefined();
  return result.data!.sync.events.flatMap((e) => (e.__typename === 'MessageReceivedEvent' ? [e.message.content] : []));
}

async function cursorOf(user: TestUser): Promise<string> {
  return (await sync(user)).data!.sync.cursor;
}

async function inbox(user: TestUser): Promise<string[]> {
  return (await t.exec(RetentionOtherInboxDoc, {}, user.token)).data!.messages.edges.map((e) => e.node.content);
}

// ---- the tests --------------------------------------------------------------------------

describe('retention of meeting transcripts', () => {
  it('segments older than transcriptsDays disappear from the transcript and newer ones stay; messages and other tenants are untouched', async () => {
    const meeting = await createMeeting(alice, [bob]);
    const old = [
      await say(alice, meeting, 'forty days ago 1'),
      await say(bob, meeting, 'forty days ago 2'),
      await say(alice, meeting, 'forty days ago 3'),
    ];
    const weeks = await say(bob, meeting, 'twenty days ago');
    const today = await say(alice, meeting, 'today');
    await age('transcript_segments', old, 40);
    await age('transcript_segments', [weeks], 20);
    const elsewhere = await createMeeting(mallory, [trent]);
    await age('transcript_segments', [await say(mallory, elsewhere, 'another tenant, forty days ago')], 40);
    // Old messages are another kind: a transcripts policy leaves them.
    const message = await send(alice, bob, 'a message from the same days');
    await query(sql`UPDATE messages SET created_at = ${daysAgo(40)} WHERE id = ${Number(message)}`);

    await setPolicy(admin, { transcriptsDays: 30 });
    expect(await runRetention()).toMatchObject({ transcriptSegments: 3, messages: 0, attachments: 0 });
    expect(await transcript(t, bob, meeting)).toEqual(['twenty days ago', 'today']);
    expect(await transcript(t, trent, elsewhere)).toEqual(['another tenant, forty days ago']);
    expect((await t.exec(RetentionOtherMessageDoc, { id: message }, bob.token)).data!.message?.content).toBe(
      'a message from the same days',
    );
    // A second run finds nothing more to delete.
    expect((await runRetention()).transcriptSegments).toBe(0);

    // A shorter policy takes effect at the next run; the meeting goes on after what was deleted.
    await setPolicy(admin, { transcriptsDays: 10 });
    expect((await runRetention()).transcriptSegments).toBe(1);
    await say(bob, meeting, 'after the cleanup');
    expect(await transcript(t, alice, meeting)).toEqual(['today', 'after the cleanup']);

    // Without transcriptsDays the transcript is kept forever, however old.
    await setPolicy(admin, {});
    await age('transcript_segments', [today], 4000);
    expect((await runRetention()).transcriptSegments).toBe(0);
    expect(await transcript(t, alice, meeting)).toEqual(['today', 'after the cleanup']);
  });
});

describe('retention of uploads', () => {
  it('files older than attachmentsDays are gone from their messages, their links and the storage (thumbnails too); newer ones stay', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const oldText = await text(alice, 'old-notes.txt');
    const oldImage = await upload(alice, 'old-photo.png', new Uint8Array(png), 'image/png');
    const oldUnsent = await text(alice, 'old-never-sent.txt');
    const weeks = await text(alice, 'three-weeks.txt');
    const fresh = await text(alice, 'fresh.txt');
    expect(oldImage.thumbnailUrl).not.toBeNull();
    const message = await send(alice, bob, 'see attached', [oldText.id, oldImage.id, weeks.id, fresh.id]);
    const theirs = await text(mallory, 'another-tenant.txt');
    await send(mallory, trent, 'from another tenant', [theirs.id]);
    const oldIds = [oldText.id, oldImage.id, oldUnsent.id];
    await age('attachments', [...oldIds, theirs.id], 40);
    await age('attachments', [weeks.id], 20);
    const oldPaths = await storedPaths(oldIds);
    expect(oldPaths).toHaveLength(4);
    expect(oldPaths.every((path) => existsSync(path))).toBe(true);

    await setPolicy(admin, { attachmentsDays: 30 });
    expect(await runRetention()).toMatchObject({ attachments: 3, messages: 0, transcriptSegments: 0 });

    // The message stays, without the old files.
    const seen = (await t.exec(RetentionOtherMessageDoc, { id: message }, bob.token)).data!.message!;
    expect(seen.content).toBe('see attached');
    expect(seen.attachments.map((a) => a.fileName)).toEqual(['three-weeks.txt', 'fresh.txt']);
    // Links handed out before the run lead nowhere; the bytes are gone from the storage.
    for (const old of [oldText.url!, oldImage.url!, oldImage.thumbnailUrl!, oldUnsent.url!]) expect((await download(old)).status).toBe(404);
    expect(oldPaths.filter((path) => existsSync(path))).toEqual([]);
    expect(await download(fresh.url!)).toEqual({ status: 200, body: 'contents of fresh.txt\n' });
    expect(await download(weeks.url!)).toEqual({ status: 200, body: 'contents of three-weeks.txt\n' });
    expect(await download(theirs.url!)).toEqual({ status: 200, body: 'contents of another-tenant.txt\n' });

    // A shorter policy takes effect at the next run.
    await setPolicy(admin, { attachmentsDays: 10 });
    expect((await runRetention()).attachments).toBe(1);
    expect(
      (await t.exec(RetentionOtherMessageDoc, { id: message }, alice.token)).data!.message!.attachments.map((a) => a.fileName),
    ).toEqual(['fresh.txt']);
    expect((await download(weeks.url!)).status).toBe(404);
  });
});

describe('retention of inbox history', () => {
  // Each test reads the inbox of a new user: a log is compacted as a prefix, so its events are
  // aged in the order they were written, as time would have.
  it('events older than inboxEventsDays are compacted: resuming from before them gets CURSOR_EXPIRED, from after them gets what followed, and the messages stay', async () => {
    const bob = await registerUser(t, 'rr');
    const start = await cursorOf(bob);
    const old = [
      await send(alice, bob, 'forty days ago 1'),
      await send(alice, bob, 'forty days ago 2'),
      await send(alice, bob, 'forty days ago 3'),
    ];
    const afterOld = await cursorOf(bob);
    const weeks = await send(alice, bob, 'twenty days ago');
    const afterWeeks = await cursorOf(bob);
    await send(alice, bob, 'today');
    await ageEvents(bob, old, 40);
    await ageEvents(bob, [weeks], 20);
    const theirStart = await cursorOf(trent);
    const theirs = await send(mallory, trent, 'another tenant, forty days ago');
    await ageEvents(trent, [theirs], 40);

    await setPolicy(admin, { inboxEventsDays: 30 });
    expect(await runRetention()).toMatchObject({ inboxEvents: 3, messages: 0 });
    const expired = await sync(bob, start);
    expect(errorCodes(expired)).toEqual(['CURSOR_EXPIRED']);
    const floor = expired.errors![0]!.extensions!.floor as string;
    expect(await syncedContents(bob, floor)).toEqual(['twenty days ago', 'today']);
    expect(await syncedContents(bob, afterOld)).toEqual(['twenty days ago', 'today']);
    // Compacting the history deletes no message: the inbox still shows them all.
    expect(await inbox(bob)).toEqual(
      expect.arrayContaining(['forty days ago 1', 'forty days ago 2', 'forty days ago 3', 'twenty days ago', 'today']),
    );
    expect(await syncedContents(trent, theirStart)).toEqual(['another tenant, forty days ago']);

    // A shorter policy takes effect at the next run.
    await setPolicy(admin, { inboxEventsDays: 10 });
    expect((await runRetention()).inboxEvents).toBe(1);
    expect(errorCodes(await sync(bob, afterOld))).toEqual(['CURSOR_EXPIRED']);
    expect(await syncedContents(bob, afterWeeks)).toEqual(['today']);
  });

  it('inbox history is never kept longer than messages, whatever inboxEventsDays says', async () => {
    const bob = await registerUser(t, 'rr');
    const start = await cursorOf(bob);
    const message = await send(alice, bob, 'history forty days old');
    const after = await cursorOf(bob);
    await send(alice, bob, 'history of today');
    await ageEvents(bob, [message], 40);

    await setPolicy(admin, { messagesDays: 30, inboxEventsDays: 365 });
    expect((await runRetention()).inboxEvents).toBe(1);
    expect(errorCodes(await sync(bob, start))).toEqual(['CURSOR_EXPIRED']);
    expect(await syncedContents(bob, after)).toEqual(['history of today']);
    // The message itself is new (only its event was old): it stays.
    expect(await inbox(bob)).toContain('history forty days old');
  });
});

describe('the scheduled retention run', () => {
  it('deletes what the policy no longer keeps without anyone starting it', async () => {
    const scheduled = await startTestApp('retention_other_timer', { env: { RETENTION_INTERVAL_MS: '100' } });
    try {
      const tenantAdmin = await adminAccount(scheduled);
      const [ann, ben] = [await registerUser(scheduled, 'sa'), await registerUser(scheduled, 'sb')];
      const meeting = (
        await scheduled.exec(RetentionOtherCreateMeetingDoc, { input: { title: 'Timer', participantIds: [ben.id] } }, ann.token)
      ).data!.createMeeting.id;
      const segment = (speaker: TestUser, words: string) =>
        scheduled.exec(
          RetentionOtherAddSegmentDoc,
          { meetingId: meeting, input: { speaker: speaker.username, text: words, startMs: 0, endMs: 1 } },
          speaker.token,
        );
      const old = (await segment(ann, 'forty days ago')).data!.addTranscriptSegment.id;
      await segment(ben, 'today');
      await scheduled.app.database.db.execute(sql`UPDATE transcript_segments SET created_at = ${daysAgo(40)} WHERE id = ${Number(old)}`);
      expect(await transcript(scheduled, ben, meeting)).toEqual(['forty days ago', 'today']);

      expect(
        (await scheduled.exec(RetentionOtherSetPolicyDoc, { input: { transcriptsDays: 30 } }, tenantAdmin.token)).errors,
      ).toBeUndefined();
      await until(
        async () => (await transcript(scheduled, ben, meeting)).length === 1,
        10_000,
        () => 'the scheduled run did not delete the old segment',
      );
      expect(await transcript(scheduled, ann, meeting)).toEqual(['today']);
      expect(scheduled.app.leases.retention.runs).toBeGreaterThan(0);
    } finally {
      await scheduled.close();
    }
  });
});
