import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFilter } from './gql/graphql.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { MarkReadDoc, SendDoc } from './helpers/messages.js';
import {
  ArchiveDoc,
  CreateTagDoc,
  DeleteTagDoc,
  OrganizeEventsDoc,
  OrganizeSyncDoc,
  OrganizedCountsDoc,
  OrganizedInboxDoc,
  StarDoc,
  TagMessagesDoc,
  TagsDoc,
  UnarchiveDoc,
  UnstarDoc,
  UntagMessagesDoc,
  UpdateTagDoc,
} from './helpers/organizing.js';
import { expiredToken } from './helpers/tokens.js';
import { subscriptionTransports } from './helpers/transports.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, wsClient } from './helpers/ws.js';

let t: TestApp;
let url: string;
const opened: Array<() => unknown> = [];
const { socket, serverSentEvents } = subscriptionTransports(() => url, opened);

beforeAll(async () => {
  t = await startTestApp('organizing', { env: { MAX_TAGS_PER_USER: '3' } });
  url = await t.listen();
});
afterAll(() => t?.close());
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

function quiet<C extends { dispose(): unknown }>(client: C): C {
  opened.push(() => client.dispose());
  return client;
}

function ok<T>(result: { data?: T | null; errors?: readonly unknown[] }): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function send(from: TestUser, to: TestUser[], content: string, type: 'TEXT' | 'MEETING_INVITE' | 'REMINDER' = 'TEXT'): Promise<string> {
  const sent = ok(await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, type } }, from.token));
  return sent.sendMessage.id;
}

const inboxIds = async (user: TestUser, filter?: MessageFilter) =>
  ok(await t.exec(OrganizedInboxDoc, { first: 50, filter }, user.token)).messages.edges.map((e) => e.node.id);

async function createTag(user: TestUser, name: string, color = '#336699'): Promise<string> {
  return ok(await t.exec(CreateTagDoc, { name, color }, user.token)).createTag.id;
}

describe('tags of one’s own', () => {
  it('creates, renames, recolours and deletes a tag, and lists only the caller’s', async () => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const id = await createTag(alice, '  Budget ', '#AABBCC');
    await createTag(bob, 'Budget');
    expect(ok(await t.exec(TagsDoc, {}, alice.token)).tags).toEqual([{ id, name: 'Budget', color: '#aabbcc' }]);
    expect(ok(await t.exec(UpdateTagDoc, { id, name: 'Q3 budget' }, alice.token)).updateTag).toEqual({ id, name: 'Q3 budget', color: '#aabbcc' });
    expect(ok(await t.exec(UpdateTagDoc, { id, color: '#112233' }, alice.token)).updateTag.color).toBe('#112233');
    expect(ok(await t.exec(DeleteTagDoc, { id }, alice.token)).deleteTag).toBe(id);
    expect(ok(await t.exec(TagsDoc, {}, alice.token)).tags).toEqual([]);
    expect(ok(await t.exec(TagsDoc, {}, bob.token)).tags.map((tag) => tag.name)).toEqual(['Budget']);
  });

  it('refuses a colour that is not #rrggbb, an empty or duplicate name, and more tags than the limit', async () => {
    const alice = await registerUser(t, 'alice');
    const bad = await t.exec(CreateTagDoc, { name: 'x', color: 'red' }, alice.token);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions?.field).toBe('color');
    expect(errorCodes(await t.exec(CreateTagDoc, { name: '   ', color: '#000000' }, alice.token))).toEqual(['BAD_USER_INPUT']);
    await createTag(alice, 'one');
    expect(errorCodes(await t.exec(CreateTagDoc, { name: 'ONE', color: '#000000' }, alice.token))).toEqual(['BAD_USER_INPUT']);
    await createTag(alice, 'two');
    await createTag(alice, 'three');
    const over = await t.exec(CreateTagDoc, { name: 'four', color: '#000000' }, alice.token);
    expect(errorCodes(over)).toEqual(['BAD_USER_INPUT']);
    expect(over.errors?.[0]?.message).toContain('at most 3 tags');
  });
});

describe('stars, archive, tags and categories as inbox filters', () => {
  it('archived messages leave the default inbox, show under archived: true, and come back when unarchived', async () => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const first = await send(alice, [bob], 'first');
    const second = await send(alice, [bob], 'second');
    expect(ok(await t.exec(ArchiveDoc, { ids: [first] }, bob.token)).archiveMessages.changedIds).toEqual([first]);
    expect(ok(await t.exec(ArchiveDoc, { ids: [first] }, bob.token)).archiveMessages.changedIds).toEqual([]);
    expect(await inboxIds(bob)).toEqual([second]);
    expect(await inboxIds(bob, { archived: true })).toEqual([first]);
    expect(await inboxIds(bob, { includeArchived: true })).toEqual([second, first]);
    // Alice's copy of the conversation is hers: Bob's archive does not touch her view.
    ok(await t.exec(UnarchiveDoc, { ids: [first] }, bob.token));
    expect(await inboxIds(bob)).toEqual([second, first]);
  });

  it('filters by star, by tag and by category, and shows each message’s own state', async () => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const text = await send(alice, [bob], 'lunch?');
    const invite = await send(alice, [bob], 'standup at 10', 'MEETING_INVITE');
    const reminder = await send(alice, [bob], 'expenses due', 'REMINDER');
    const tag = await createTag(bob, 'Work');
    ok(await t.exec(TagMessagesDoc, { tagId: tag, ids: [invite, reminder] }, bob.token));
    ok(await t.exec(StarDoc, { ids: [text] }, bob.token));
    expect(await inboxIds(bob, { starred: true })).toEqual([text]);
    expect(await inboxIds(bob, { starred: false })).toEqual([reminder, invite]);
    expect(await inboxIds(bob, { tagId: tag })).toEqual([reminder, invite]);
    expect(await inboxIds(bob, { category: 'MEETING_INVITES' })).toEqual([invite]);
    expect(await inboxIds(bob, { category: 'CONVERSATIONS', starred: true })).toEqual([text]);
    const nodes = ok(await t.exec(OrganizedInboxDoc, { first: 10 }, bob.token)).messages.edges.map((e) => e.node);
    expect(nodes).toEqual([
      { id: reminder, category: 'REMINDERS', starred: false, archived: false, tags: [{ id: tag, name: 'Work' }] },
      { id: invite, category: 'MEETING_INVITES', starred: false, archived: false, tags: [{ id: tag, name: 'Work' }] },
      { id: text, category: 'CONVERSATIONS', starred: true, archived: false, tags: [] },
    ]);
    ok(await t.exec(UntagMessagesDoc, { tagId: tag, ids: [invite] }, bob.token));
    ok(await t.exec(UnstarDoc, { ids: [text] }, bob.token));
    expect(await inboxIds(bob, { tagId: tag })).toEqual([reminder]);
    expect(await inboxIds(bob, { starred: true })).toEqual([]);
  });

  it('counts unread messages by tag and by category; reading, untagging and deleting the tag lower them; archived ones still count', async () => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const a = await send(alice, [bob], 'a', 'MEETING_INVITE');
    const b = await send(alice, [bob], 'b');
    const c = await send(alice, [bob], 'c');
    const work = await createTag(bob, 'Work');
    const home = await createTag(bob, 'Home');
    ok(await t.exec(TagMessagesDoc, { tagId: work, ids: [a, b, c] }, bob.token));
    ok(await t.exec(TagMessagesDoc, { tagId: home, ids: [c] }, bob.token));
    ok(await t.exec(ArchiveDoc, { ids: [c] }, bob.token));
    const counts = async () => {
      const { unreadCounts } = ok(await t.exec(OrganizedCountsDoc, {}, bob.token));
      return {
        total: unreadCounts.total,
        byTag: Object.fromEntries(unreadCounts.byTag.map((x) => [x.tag.name, x.count])),
        invites: unreadCounts.byCategory.find((x) => x.category === 'MEETING_INVITES')!.count,
        conversations: unreadCounts.byCategory.find((x) => x.category === 'CONVERSATIONS')!.count,
      };
    };
    expect(await counts()).toEqual({ total: 3, byTag: { Home: 1, Work: 3 }, invites: 1, conversations: 2 });
    ok(await t.exec(MarkReadDoc, { ids: [a] }, bob.token));
    expect(await counts()).toEqual({ total: 2, byTag: { Home: 1, Work: 2 }, invites: 0, conversations: 2 });
    ok(await t.exec(UntagMessagesDoc, { tagId: work, ids: [b] }, bob.token));
    expect(await counts()).toEqual({ total: 2, byTag: { Home: 1, Work: 1 }, invites: 0, conversations: 2 });
    ok(await t.exec(DeleteTagDoc, { id: home }, bob.token));
    expect(await counts()).toEqual({ total: 2, byTag: { Work: 1 }, invites: 0, conversations: 2 });
  });
});

describe('who may organize what', () => {
  it('refuses to tag, star or archive a message outside the caller’s inbox, and another user’s tag', async () => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const eve = await registerUser(t, 'eve');
    const toBob = await send(alice, [bob], 'for bob only');
    const bobsTag = await createTag(bob, 'Private');
    const evesTag = await createTag(eve, 'Snoop');
    const attempts = (token: string) => [
      t.exec(StarDoc, { ids: [toBob] }, token),
      t.exec(UnstarDoc, { ids: [toBob] }, token),
      t.exec(ArchiveDoc, { ids: [toBob] }, token),
      t.exec(UnarchiveDoc, { ids: [toBob] }, token),
    ];
    // Neither a stranger nor the sender (she did not receive it) has it in their inbox.
    for (const result of await Promise.all([...attempts(eve.token), ...attempts(alice.token)])) {
      expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    }
    expect(errorCodes(await t.exec(TagMessagesDoc, { tagId: evesTag, ids: [toBob] }, eve.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(TagMessagesDoc, { tagId: evesTag, ids: [toBob] }, bob.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(UntagMessagesDoc, { tagId: evesTag, ids: [toBob] }, bob.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(UpdateTagDoc, { id: bobsTag, name: 'mine now' }, eve.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(DeleteTagDoc, { id: bobsTag }, eve.token))).toEqual(['NOT_FOUND']);
    // Nothing changed for Bob.
    expect(ok(await t.exec(TagsDoc, {}, bob.token)).tags.map((x) => x.name)).toEqual(['Private']);
    expect(await inboxIds(bob)).toEqual([toBob]);
  });

  it('refuses another tenant, no token and an expired token', async () => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const stranger = await registerUser(t, 'stranger', 'other-tenant');
    const message = await send(alice, [bob], 'tenant-internal');
    const tag = await createTag(bob, 'Work');
    expect(errorCodes(await t.exec(StarDoc, { ids: [message] }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(ArchiveDoc, { ids: [message] }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(TagMessagesDoc, { tagId: tag, ids: [message] }, stranger.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.exec(DeleteTagDoc, { id: tag }, stranger.token))).toEqual(['NOT_FOUND']);
    const expired = await expiredToken(bob);
    const operations = [
      () => t.exec(StarDoc, { ids: [message] }, null),
      () => t.exec(StarDoc, { ids: [message] }, expired),
      () => t.exec(ArchiveDoc, { ids: [message] }, expired),
      () => t.exec(UnarchiveDoc, { ids: [message] }, null),
      () => t.exec(TagMessagesDoc, { tagId: tag, ids: [message] }, expired),
      () => t.exec(UntagMessagesDoc, { tagId: tag, ids: [message] }, null),
      () => t.exec(CreateTagDoc, { name: 'x', color: '#000000' }, null),
      () => t.exec(UpdateTagDoc, { id: tag, name: 'y' }, expired),
      () => t.exec(DeleteTagDoc, { id: tag }, expired),
      () => t.exec(TagsDoc, {}, null),
      () => t.exec(OrganizedCountsDoc, {}, expired),
    ];
    for (const run of operations) expect(errorCodes(await run())).toEqual(['UNAUTHENTICATED']);
    expect(ok(await t.exec(TagsDoc, {}, bob.token)).tags.map((x) => x.name)).toEqual(['Work']);
  });

  it.each([
    ['a socket', socket],
    ['Server-Sent Events', serverSentEvents],
  ])('over %s, organizing events reach only their user, and a missing or expired token opens no stream', async (_name, transport) => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const eve = await registerUser(t, 'eve');
    const shared = await send(alice, [bob, eve], 'to both');
    const eves = transport.subscribe(eve, OrganizeEventsDoc, {});
    await eves.waitFor(1); // her unread message
    ok(await t.exec(StarDoc, { ids: [shared] }, bob.token));
    await createTag(bob, 'Bob only');
    ok(await t.exec(StarDoc, { ids: [shared] }, eve.token));
    const [, own] = await eves.waitFor(2);
    expect(own!.inboxEvents).toMatchObject({ __typename: 'MessageLabelsChangedEvent', messageId: shared, starred: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(eves.results).toHaveLength(2);
    for (const token of [null, await expiredToken(bob)]) {
      // graphql-ws logs a refused socket unless told not to.
      const refused =
        transport === socket
          ? collect(quiet(wsClient(url, token, { onNonLazyError: () => undefined })), OrganizeEventsDoc, {})
          : transport.subscribe({ ...bob, token: token as string }, OrganizeEventsDoc, {});
      await expect.poll(() => refused.errors.length > 0 || refused.done, { timeout: 5000 }).toBe(true);
      expect(refused.results).toEqual([]);
    }
  });
});

describe('one device’s organizing on the caller’s other devices', () => {
  it.each([
    ['a socket', socket],
    ['Server-Sent Events', serverSentEvents],
  ])('stars, archive, tags and tag renames and deletes arrive live over %s and again after a resume', async (_name, transport) => {
    const alice = await registerUser(t, 'alice');
    const bob = await registerUser(t, 'bob');
    const message = await send(alice, [bob], 'the Q3 budget');
    const phone = transport.subscribe(bob, OrganizeEventsDoc, {});
    const [arrived] = await phone.waitFor(1);
    const resumeFrom = (arrived!.inboxEvents as { cursor: string }).cursor;

    // The laptop organizes.
    ok(await t.exec(StarDoc, { ids: [message] }, bob.token));
    const tag = await createTag(bob, 'Budget', '#00aa00');
    ok(await t.exec(TagMessagesDoc, { tagId: tag, ids: [message] }, bob.token));
    ok(await t.exec(ArchiveDoc, { ids: [message] }, bob.token));
    ok(await t.exec(UpdateTagDoc, { id: tag, name: 'Finance' }, bob.token));
    ok(await t.exec(DeleteTagDoc, { id: tag }, bob.token));

    const expected = [
      { __typename: 'MessageLabelsChangedEvent', messageId: message, starred: true, archived: false },
      { __typename: 'TagChangedEvent', tagId: tag, tag: { name: 'Budget', color: '#00aa00' } },
      { __typename: 'MessageLabelsChangedEvent', messageId: message, starred: true, archived: false },
      { __typename: 'MessageLabelsChangedEvent', messageId: message, starred: true, archived: true },
      { __typename: 'TagChangedEvent', tagId: tag, tag: { name: 'Finance', color: '#00aa00' } },
      { __typename: 'TagChangedEvent', tagId: tag, tag: null },
    ];
    const live = (await phone.waitFor(7)).slice(1).map((r) => r.inboxEvents);
    expect(live).toMatchObject(expected);
    // Live events carry the state at their commit: the tag was on the message then.
    expect((live[2] as { tags: Array<{ id: string }> }).tags.map((x) => x.id)).toEqual([tag]);

    // The tablet was offline: it resumes from the cursor it had and gets the same changes,
    // as they stand now (the tag is gone, so no message carries it and it has no name).
    const tablet = transport.subscribe(bob, OrganizeEventsDoc, { since: resumeFrom });
    const resumed = (await tablet.waitFor(6)).map((r) => r.inboxEvents);
    expect(resumed).toMatchObject([
      { __typename: 'MessageLabelsChangedEvent', messageId: message, starred: true, archived: true, tags: [] },
      { __typename: 'TagChangedEvent', tagId: tag, tag: null },
      { __typename: 'MessageLabelsChangedEvent', messageId: message, starred: true, archived: true, tags: [] },
      { __typename: 'MessageLabelsChangedEvent', messageId: message, starred: true, archived: true, tags: [] },
      { __typename: 'TagChangedEvent', tagId: tag, tag: null },
      { __typename: 'TagChangedEvent', tagId: tag, tag: null },
    ]);

    // And over HTTP, `sync` hands out the same log.
    const { sync } = ok(await t.exec(OrganizeSyncDoc, { since: resumeFrom }, bob.token));
    expect(sync.events.map((e) => e.__typename)).toEqual(resumed.map((e) => e.__typename));
  });
});
