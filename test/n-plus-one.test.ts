import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { QUIET_BACKGROUND, startTestApp, statementsDuring, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

const RichInboxDoc = graphql(`
  query RichInbox($first: Int) {
    messages(first: $first) {
      edges {
        cursor
        node {
          id
          content
          isRead
          cursor
          sender {
            id
            username
          }
          recipients {
            id
            displayName
          }
          replyTo {
            id
            content
            isRead
            sender {
              id
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

interface Fixture {
  t: TestApp;
  reader: TestUser;
  others: TestUser[];
}

async function send(t: TestApp, from: TestUser, to: TestUser[], content: string, replyToId?: string): Promise<string> {
  const result = await t.exec(SendDoc, { input: { recipientIds: to.map((u) => u.id), content, replyToId } }, from.token);
  if (!result.data) throw new Error(`send failed: ${JSON.stringify(result.errors)}`);
  return result.data.sendMessage.id;
}

/** A reader whose inbox holds 40 answers from 40 senders, each to the reader and two others. */
async function buildInbox(name: string, env: Record<string, string>): Promise<Fixture> {
  const t = await startTestApp(name, { env: { ...QUIET_BACKGROUND, ...env } });
  const reader = await registerUser(t, 'reader');
  const others = await Promise.all([registerUser(t, 'other'), registerUser(t, 'other')]);
  const senders: TestUser[] = [];
  for (let i = 0; i < 4; i++) senders.push(...(await Promise.all(Array.from({ length: 10 }, () => registerUser(t, 'sender')))));
  // Two threads the senders answer: one the reader started, one the reader received.
  const fromReader = await send(t, reader, senders, 'agenda?');
  const fromOther = await send(t, others[0], [reader, ...senders], 'minutes attached');
  await Promise.all(
    senders.map((s, i) => send(t, s, [reader, ...others], `answer ${i}`, i % 2 === 0 ? fromReader : fromOther)),
  );
  return { t, reader, others };
}

/** Runs the inbox query as the reader and returns the response and the SQL statements it cost. */
async function inboxWithStatementCount({ t, reader }: Fixture, first: number) {
  return statementsDuring(t, () => t.exec(RichInboxDoc, { first }, reader.token));
}

describe.each([
  ['with Redis', 'n_plus_one', {}],
  ['with the cache off', 'n_plus_one_db', { CACHE_ENABLED: 'false' }],
])('an inbox page costs a fixed number of SQL statements (%s)', (_mode, name, env) => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await buildInbox(name, env);
  });
  afterAll(() => fixture?.t.close());

  it('20 messages from 20 senders with their recipients, replies, read state and cursors take at most 8 statements', async () => {
    const { reader, others } = fixture;
    const { result, statements } = await inboxWithStatementCount(fixture, 20);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.messages.edges.map((e) => e.node);
    expect(nodes).toHaveLength(20);
    // The response really carries everything that was counted.
    expect(new Set(nodes.map((n) => n.sender.id)).size).toBe(20);
    for (const node of nodes) {
      expect(node.recipients.map((r) => r.id).sort()).toEqual([reader.id, ...others.map((o) => o.id)].sort());
      expect(node.replyTo).not.toBeNull();
      expect(node.isRead).toBe(false);
      expect(node.cursor).not.toBeNull();
    }
    expect(new Set(nodes.map((n) => n.replyTo!.content))).toEqual(new Set(['agenda?', 'minutes attached']));
    expect(statements).toBeLessThanOrEqual(8);
  });

  it('a page of 40 costs no more statements than a page of 20', async () => {
    const twenty = await inboxWithStatementCount(fixture, 20);
    const forty = await inboxWithStatementCount(fixture, 40);
    expect(forty.result.errors).toBeUndefined();
    expect(forty.result.data!.messages.edges).toHaveLength(40);
    expect(new Set(forty.result.data!.messages.edges.map((e) => e.node.sender.id)).size).toBe(40);
    expect(forty.statements).toBeLessThanOrEqual(twenty.statements);
  });
});
