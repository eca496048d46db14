import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../src/search/reindex.js';
import { SearchStore } from '../src/search/search.store.js';
import { graphql } from './gql/index.js';
import type { MessageFilter, SearchOrder } from './gql/graphql.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, MarkReadDoc, SendDoc } from './helpers/messages.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const SearchDoc = graphql(`
  query Search($query: String!, $first: Int, $after: String, $filter: MessageFilter, $orderBy: SearchOrder) {
    search(query: $query, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges {
        cursor
        node {
          message {
            id
            content
            isRead
            sender {
              id
            }
          }
          snippet {
            text
            highlights {
              offset
              length
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
    }
  }
`);

const SearchRecallDoc = graphql(`
  mutation SearchRecall($id: ID!) {
    recallMessage(id: $id) {
      id
    }
  }
`);

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('search');
});
afterAll(() => t?.close());

async function send(from: TestUser, to: TestUser[], content: string, extra: Record<string, unknown> = {}) {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, ...extra } }, from.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.sendMessage;
}

async function search(
  user: TestUser,
  query: string,
  variables: { first?: number; after?: string | null; filter?: MessageFilter; orderBy?: SearchOrder } = {},
) {
  // Indexing follows the send within milliseconds; the freshness test measures how soon.
  await t.app.services.search.idle();
  const result = await t.exec(SearchDoc, { query, ...variables }, user.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.search;
}

/** The contents found, newest first. */
async function found(user: TestUser, query: string, filter?: MessageFilter): Promise<string[]> {
  return (await search(user, query, { first: 100, filter })).edges.map((e) => e.node.message.content);
}

describe('finding messages in Chinese, English and both', () => {
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob')]);
    for (const content of [
      '请准备下周一会议的材料',
      '我们开会，议程见附件',
      '这是本周周会纪要，请查收',
      '周会上讨论的纪要要点',
      '周会纪念品，会纪要求',
      'The Q3 budgets are final',
      'A budgie escaped the office',
      'Standups move to Friday',
      '明天的 standup 改到 10 点，请大家准时',
      '明天的 standup 取消',
      '今天的 standup 改到 10 点',
      'We expect 100 people',
      '@alice please review the deck',
      '@张三 请确认会议室',
      'Meeting moved to noon',
      'Friday meetup in the park',
    ]) {
      await send(bob, [alice], content);
    }
  });

  it('a two-character word inside a longer sentence finds that sentence and not the same characters apart', async () => {
    expect(await found(alice, '会议')).toEqual(['@张三 请确认会议室', '请准备下周一会议的材料']);
  });

  it('a four-character phrase finds the messages that contain it as written', async () => {
    // The last two hold all of its character pairs, but not the phrase.
    expect(await found(alice, '周会纪要')).toEqual(['这是本周周会纪要，请查收']);
  });

  it('an English word finds its plural and the words it begins', async () => {
    expect(await found(alice, 'budget')).toEqual(['The Q3 budgets are final']);
    expect(await found(alice, 'Budgets')).toEqual(['The Q3 budgets are final']);
    expect(await found(alice, 'stand')).toEqual([
      '今天的 standup 改到 10 点',
      '明天的 standup 取消',
      '明天的 standup 改到 10 点，请大家准时',
      'Standups move to Friday',
    ]);
    expect(await found(alice, 'q3 budget')).toEqual(['The Q3 budgets are final']);
    // Two terms begin with "meet" (meet, meetup): each is scanned and the scans merged.
    expect(await found(alice, 'meet')).toEqual(['Friday meetup in the park', 'Meeting moved to noon']);
  });

  it('a mixed Chinese and English sentence finds the message with all of it', async () => {
    expect(await found(alice, '明天的 standup 改到 10 点')).toEqual(['明天的 standup 改到 10 点，请大家准时']);
  });

  it('a number finds that number and not a longer one', async () => {
    expect(await found(alice, '10')).toEqual(['今天的 standup 改到 10 点', '明天的 standup 改到 10 点，请大家准时']);
    expect(await found(alice, '100')).toEqual(['We expect 100 people']);
  });

  it('an @mention finds the messages that mention that name', async () => {
    expect(await found(alice, '@alice')).toEqual(['@alice please review the deck']);
    expect(await found(alice, '@张三')).toEqual(['@张三 请确认会议室']);
  });

  it('each hit has a plain-text snippet with the matched words marked', async () => {
    const [hit] = (await search(alice, 'standup 10', { first: 1 })).edges;
    const { text, highlights } = hit!.node.snippet;
    expect(text).toBe('今天的 standup 改到 10 点');
    expect(highlights.map((h) => text.slice(h.offset, h.offset + h.length))).toEqual(['standup', '10']);
  });

  it('the sender finds what they sent', async () => {
    expect(await found(bob, '周会纪要')).toEqual(['这是本周周会纪要，请查收']);
  });
});

describe('only the caller’s own messages', () => {
  it('another user’s and another tenant’s matching messages are never returned, with any filter or page', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const [mallory, trent] = await Promise.all([registerUser(t, 'mallory', 'other-tenant'), registerUser(t, 'trent', 'other-tenant')]);
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await send(bob, [alice], `项目预算 budget review ${i}`)).id);
    await send(bob, [carol], '项目预算 budget review for carol only');
    await send(carol, [bob], '项目预算 budget review between carol and bob');
    await send(trent, [mallory], '项目预算 budget review in another tenant');

    const filters: Array<MessageFilter | undefined> = [undefined, { senderId: bob.id }, { senderId: carol.id }, { senderId: trent.id }, { unreadOnly: true }];
    for (const orderBy of ['NEWEST', 'RELEVANCE'] as const) {
      for (const filter of filters) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const page = await search(alice, '项目预算 budget', { first: 2, after, filter, orderBy });
          seen.push(...page.edges.map((e) => e.node.message.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        // Equal scores rank newest first, so both orders list these the same way.
        const expected = filter?.senderId && filter.senderId !== bob.id ? [] : [...mine].reverse();
        expect(seen).toEqual(expected);
      }
    }
    expect(await found(mallory, 'budget')).toEqual(['项目预算 budget review in another tenant']);
  });

  it('without a token, or with an expired one, search answers UNAUTHENTICATED', async () => {
    const alice = await registerUser(t);
    const anonymous = await t.exec(SearchDoc, { query: 'budget' });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data?.search ?? null).toBeNull();
    const expired = await t.exec(SearchDoc, { query: 'budget' }, await expiredToken(alice));
    expect(errorCodes(expired)).toEqual(['UNAUTHENTICATED']);
  });

  it('an empty, blank, too long or wordless query, or a cursor of another list, is BAD_USER_INPUT', async () => {
    const alice = await registerUser(t);
    const inbox = await t.exec(InboxDoc, { first: 1 }, alice.token);
    for (const [query, after] of [
      ['', null],
      ['   ', null],
      ['x'.repeat(t.config.search.maxQueryLength + 1), null],
      ['!!! …', null],
      ['budget', 'not-a-cursor'],
      ['budget', Buffer.from('inbox:5').toString('base64url')],
    ] as const) {
      const result = await t.exec(SearchDoc, { query, after }, alice.token);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(result.errors)).not.toMatch(/SELECT|search_terms/);
    }
    expect(inbox.errors).toBeUndefined();
  });
});

describe('filters shared by messages and search', () => {
  it('sender and sent-time filters narrow the inbox and search alike', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    await send(bob, [alice], 'roadmap from bob, early');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const boundary = new Date();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await send(carol, [alice], 'roadmap from carol, late');
    await send(bob, [alice], 'roadmap from bob, late');

    const inbox = async (filter: MessageFilter) =>
      (await t.exec(InboxDoc, { first: 50, filter }, alice.token)).data!.messages.edges.map((e) => e.node.content);
    for (const [filter, expected] of [
      [{ senderId: bob.id }, ['roadmap from bob, late', 'roadmap from bob, early']],
      [{ sentAfter: boundary.toISOString() }, ['roadmap from bob, late', 'roadmap from carol, late']],
      [{ sentBefore: boundary.toISOString() }, ['roadmap from bob, early']],
      [{ senderId: bob.id, sentAfter: boundary.toISOString() }, ['roadmap from bob, late']],
    ] as Array<[MessageFilter, string[]]>) {
      expect(await inbox(filter)).toEqual(expected);
      expect(await found(alice, 'roadmap', filter)).toEqual(expected);
    }
  });

  it('type and unread filters apply to search; what the caller sent counts as read', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const read = await send(bob, [alice], 'invoice one');
    await send(bob, [alice], 'invoice two');
    await send(bob, [alice], 'invoice three', { type: 'REMINDER' });
    await send(alice, [bob], 'invoice from alice');
    await t.exec(MarkReadDoc, { ids: [read.id] }, alice.token);
    expect(await found(alice, 'invoice', { unreadOnly: true })).toEqual(['invoice three', 'invoice two']);
    expect(await found(alice, 'invoice', { type: 'REMINDER' })).toEqual(['invoice three']);
    expect(await found(alice, 'invoice')).toEqual(['invoice from alice', 'invoice three', 'invoice two', 'invoice one']);
  });
});

describe('search follows sends and recalls at once', () => {
  it('a recalled message is gone from results right away', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const keep = await send(bob, [alice], 'offsite agenda v1');
    const oops = await send(bob, [alice], 'offsite agenda with the wrong date');
    expect(await found(alice, 'offsite')).toHaveLength(2);
    const recalled = await t.exec(SearchRecallDoc, { id: oops.id }, bob.token);
    expect(recalled.errors).toBeUndefined();
    expect(await found(alice, 'offsite')).toEqual([keep.content]);
    expect(await found(bob, 'offsite')).toEqual([keep.content]);
  });

  it('a new message is found within a second of sending it', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const t0 = Date.now();
    await send(bob, [alice], '新的季度规划 kickoff');
    let hits: string[] = [];
    while (Date.now() - t0 < 1000 && hits.length === 0) {
      const result = await t.exec(SearchDoc, { query: '季度规划 kickoff' }, alice.token);
      hits = result.data!.search.edges.map((e) => e.node.message.content);
    }
    expect(hits).toEqual(['新的季度规划 kickoff']);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('paging and rebuilding', () => {
  it('pages go newest first, each hit once, and say when there is more', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await send(bob, [alice], `retro notes ${i}`)).id);
    const first = await search(alice, 'retro', { first: 2 });
    expect(first.edges.map((e) => e.node.message.id)).toEqual([ids[4], ids[3]]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await search(alice, 'retro', { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.message.id)).toEqual([ids[2], ids[1]]);
    const third = await search(alice, 'retro', { first: 2, after: second.pageInfo.endCursor });
    expect(third.edges.map((e) => e.node.message.id)).toEqual([ids[0]]);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('by relevance: same-stem words before prefix-only ones, many mentions in a short message first, pages stable while new messages arrive', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const strong = await send(bob, [alice], 'Budget review: the budget and the travel budget');
    const exact = await send(bob, [alice], 'The budgets for the offsite were approved by finance today');
    const prefixOnly = await send(bob, [alice], 'Budgetary notes for the offsite were sent to finance today');
    const weak = await send(bob, [alice], `${'A long update about many unrelated topics and plans, '.repeat(4)}with one budget line`);
    const newest = (await search(alice, 'budget', { first: 10 })).edges.map((e) => e.node.message.id);
    expect(newest).toEqual([weak.id, prefixOnly.id, exact.id, strong.id]);

    const first = await search(alice, 'budget', { first: 2, orderBy: 'RELEVANCE' });
    expect(first.edges.map((e) => e.node.message.id)).toEqual([strong.id, exact.id]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.edges[0]!.node.snippet.highlights.length).toBe(3);
    // A message that arrives between pages does not shift the ranking being paged.
    await send(bob, [alice], 'budget budget budget');
    const second = await search(alice, 'budget', { first: 2, orderBy: 'RELEVANCE', after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.message.id)).toEqual([prefixOnly.id, weak.id]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // A new first page ranks it at the top.
    const again = await search(alice, 'budget', { first: 1, orderBy: 'RELEVANCE' });
    expect(again.edges[0]!.node.message.content).toBe('budget budget budget');
  });

  it('a multi-word query found as written ranks above the same words apart', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    const together = await send(bob, [alice], 'Travel plans: the design review is on Monday');
    await send(bob, [alice], 'Review the travel plans before the design meeting on Monday');
    const ranked = await search(alice, 'design review', { first: 5, orderBy: 'RELEVANCE' });
    expect(ranked.edges.map((e) => e.node.message.id)[0]).toBe(together.id);
    expect(ranked.edges).toHaveLength(2);
  });

  it('a cursor continues only the order it came from', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    for (let i = 0; i < 3; i++) await send(bob, [alice], `offsite agenda ${i}`);
    const newest = await search(alice, 'offsite', { first: 1 });
    const ranked = await search(alice, 'offsite', { first: 1, orderBy: 'RELEVANCE' });
    for (const [after, orderBy] of [
      [newest.pageInfo.endCursor, 'RELEVANCE'],
      [ranked.pageInfo.endCursor, 'NEWEST'],
    ] as const) {
      const result = await t.exec(SearchDoc, { query: 'offsite', first: 1, after, orderBy }, alice.token);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.['field']).toBe('after');
    }
  });

  it('the reindex rebuilds an index that was lost, leaving out recalled messages', async () => {
    const [alice, bob] = await Promise.all([registerUser(t), registerUser(t)]);
    await send(bob, [alice], 'quarterly 复盘 notes');
    const gone = await send(bob, [alice], 'quarterly 复盘 draft');
    await t.exec(SearchRecallDoc, { id: gone.id }, bob.token);
    // The index is written (its writes linger a few milliseconds), then lost.
    await t.app.services.search.idle();
    await t.app.database.db.execute(sql`DELETE FROM search_terms`);
    expect(await found(alice, '复盘 quarterly')).toEqual([]);

    const seen: number[] = [];
    const { messages } = await rebuildSearchIndex(new SearchStore(t.app.database.db), { start: () => {}, advance: (done) => seen.push(done) });
    expect(seen.at(-1)).toBe(messages);
    expect(await found(alice, '复盘 quarterly')).toEqual(['quarterly 复盘 notes']);
    expect(await found(bob, '复盘 quarterly')).toEqual(['quarterly 复盘 notes']);
    const [rows] = (await t.app.database.db.execute(
      sql`SELECT COUNT(*) AS n FROM search_terms WHERE message_id = ${Number(gone.id)}`,
    )) as unknown as [Array<{ n: number }>];
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
