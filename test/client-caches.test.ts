import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { BatchHttpLink } from '@apollo/client/link/batch-http';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { buildSchema, isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphcacheKeys } from '../packages/client/src/graphcache-keys.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// Normalized client caches, from the npm registry, against the real server: Apollo Client 4
// (InMemoryCache, PersistedQueryLink, BatchHttpLink) and urql with graphcache and the keys
// shipped in packages/client/src/graphcache-keys.ts.

const InboxWithBadgeDoc = graphql(`
  query CachedInboxWithBadge {
    unreadCounts {
      id
      total
      byPriority {
        priority
        count
      }
    }
    messages(first: 10) {
      edges {
        cursor
        node {
          id
          content
          isRead
          cursor
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

const MarkReadForCacheDoc = graphql(`
  mutation CachedMarkRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      messageIds
      messages {
        id
        isRead
        readAt
      }
      unreadCounts {
        id
        total
        byPriority {
          priority
          count
        }
      }
    }
  }
`);

const MarkAllReadForCacheDoc = graphql(`
  mutation CachedMarkAllRead {
    markAllRead {
      updatedCount
      unreadCount
      messageIds
      unreadCounts {
        id
        total
      }
    }
  }
`);

const MeDoc = graphql(`
  query CachedMe {
    me {
      id
      username
    }
  }
`);

const PresenceForCacheDoc = graphql(`
  query CachedPresence($ids: [ID!]!) {
    presence(userIds: $ids) {
      userId
      online
      devices {
        label
      }
    }
  }
`);

const PageDoc = graphql(`
  query CachedPage($after: String) {
    messages(first: 2, after: $after) {
      edges {
        cursor
        node {
          id
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

let t: TestApp;
let url: string;
let sender: TestUser;

beforeAll(async () => {
  t = await startTestApp('client_caches');
  url = await t.listen();
  sender = await registerUser(t, 'sender');
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => t?.close());

/** A fetch that records what it sends. */
function recordingFetch() {
  const bodies: unknown[] = [];
  const recorded: typeof fetch = async (input, init) => {
    bodies.push(typeof init?.body === 'string' ? JSON.parse(init.body) : null);
    return fetch(input, init);
  };
  return { fetch: recorded, bodies };
}

async function receiverWith(count: number): Promise<{ user: TestUser; ids: string[] }> {
  const user = await registerUser(t, 'reader');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const sent = await t.exec(SendDoc, { input: { recipientIds: [user.id], content: `note ${i}`, priority: i === 0 ? 'URGENT' : 'NORMAL' } }, sender.token);
    ids.push(sent.data!.sendMessage.id);
  }
  return { user, ids };
}

function apollo(user: TestUser, link = new HttpLink({ uri: `${url}/graphql`, headers: { authorization: `Bearer ${user.token}` } })) {
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

describe('Apollo Client’s normalized cache', () => {
  it('after markRead the cached message and the badge update with no refetch', async () => {
    const { user, ids } = await receiverWith(3);
    const recorder = recordingFetch();
    const client = apollo(user, new HttpLink({ uri: `${url}/graphql`, headers: { authorization: `Bearer ${user.token}` }, fetch: recorder.fetch }));
    const before = await client.query({ query: InboxWithBadgeDoc });
    expect(before.data!.unreadCounts.total).toBe(3);
    expect(before.data!.messages.edges.every((e) => !e.node.isRead)).toBe(true);

    const urgent = ids[0]!;
    await client.mutate({ mutation: MarkReadForCacheDoc, variables: { ids: [urgent] } });
    const after = client.readQuery({ query: InboxWithBadgeDoc })!;
    expect(after.unreadCounts.total).toBe(2);
    expect(after.unreadCounts.byPriority.find((p) => p.priority === 'URGENT')?.count ?? 0).toBe(0);
    expect(after.messages.edges.find((e) => e.node.id === urgent)!.node.isRead).toBe(true);
    expect(after.messages.edges.filter((e) => !e.node.isRead)).toHaveLength(2);
    expect(recorder.bodies).toHaveLength(2); // the query and the mutation, nothing refetched
  });

  it('after markAllRead the badge is zero and the payload names each message it changed', async () => {
    const { user, ids } = await receiverWith(2);
    const client = apollo(user);
    await client.query({ query: InboxWithBadgeDoc });
    const result = await client.mutate({ mutation: MarkAllReadForCacheDoc });
    expect(result.data!.markAllRead).toMatchObject({ updatedCount: 2, unreadCount: 0, unreadCounts: { id: user.id, total: 0 } });
    expect([...result.data!.markAllRead.messageIds].sort()).toEqual([...ids].sort());
    expect(client.readQuery({ query: InboxWithBadgeDoc })!.unreadCounts.total).toBe(0);
  });

  it('an automatic persisted query sends its hash alone once the server has it, and is answered (PersistedQueryLink)', async () => {
    const { user } = await receiverWith(1);
    const recorder = recordingFetch();
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const http = new HttpLink({ uri: `${url}/graphql`, headers: { authorization: `Bearer ${user.token}` }, fetch: recorder.fetch });
    const client = apollo(user, new PersistedQueryLink({ sha256 }).concat(http));
    const first = await client.query({ query: MeDoc, fetchPolicy: 'network-only' });
    expect(first.data!.me.id).toBe(user.id);
    const second = await client.query({ query: MeDoc, fetchPolicy: 'network-only' });
    expect(second.data!.me.username).toBe(user.username);

    type Body = { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } };
    const bodies = recorder.bodies as Body[];
    // Hash alone (unknown yet), then the full document, then the hash alone again: answered.
    expect(bodies.map((b) => (b.query ? 'full' : 'hash'))).toEqual(['hash', 'full', 'hash']);
    expect(bodies[2]!.extensions!.persistedQuery!.sha256Hash).toBe(sha256(bodies[1]!.query!));
  });

  it('two queries made together leave in one batched request and both are answered (BatchHttpLink)', async () => {
    const { user } = await receiverWith(1);
    const recorder = recordingFetch();
    const batch = new BatchHttpLink({ uri: `${url}/graphql`, headers: { authorization: `Bearer ${user.token}` }, fetch: recorder.fetch, batchMax: 10 });
    const client = apollo(user, batch);
    const [me, inbox] = await Promise.all([client.query({ query: MeDoc }), client.query({ query: InboxWithBadgeDoc })]);
    expect(me.data!.me.id).toBe(user.id);
    expect(inbox.data!.unreadCounts.total).toBe(1);
    expect(recorder.bodies).toHaveLength(1);
    expect(recorder.bodies[0]).toHaveLength(2);
  });

  it('a batch larger than GRAPHQL_BATCH_LIMIT is refused as a whole', async () => {
    const { user } = await receiverWith(0);
    const operations = Array.from({ length: t.config.graphqlProtocols.batchLimit + 1 }, () => ({ query: '{ me { id } }' }));
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify(operations),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    expect(response.status).toBe(413);
    expect(body.errors![0]!.message).toMatch(/batch/i);
  });
});

describe('urql with graphcache and the shipped keys', () => {
  function urql(user: TestUser, recorder = recordingFetch()) {
    return new Client({
      url: `${url}/graphql`,
      fetch: recorder.fetch,
      fetchOptions: { headers: { authorization: `Bearer ${user.token}` } },
      exchanges: [cacheExchange({ keys: graphcacheKeys }), fetchExchange],
    });
  }

  it('after markRead the cached message and the badge update with no refetch, and graphcache warns of no invalid key', async () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
    const { user, ids } = await receiverWith(3);
    const recorder = recordingFetch();
    const client = urql(user, recorder);
    const before = await client.query(InboxWithBadgeDoc, {}).toPromise();
    expect(before.data!.unreadCounts.total).toBe(3);

    await client.mutation(MarkReadForCacheDoc, { ids: [ids[1]!] }).toPromise();
    const after = await client.query(InboxWithBadgeDoc, {}, { requestPolicy: 'cache-only' }).toPromise();
    expect(after.data!.unreadCounts.total).toBe(2);
    expect(after.data!.messages.edges.find((e) => e.node.id === ids[1])!.node.isRead).toBe(true);
    expect(recorder.bodies).toHaveLength(2);

    // Presence (keyed by userId) and its embedded devices.
    await client.query(PresenceForCacheDoc, { ids: [user.id, sender.id] }).toPromise();
    await client.mutation(MarkAllReadForCacheDoc, {}).toPromise();
    expect(warnings.filter((w) => w.includes('Invalid key'))).toEqual([]);
  });

  it('the shipped keys name every object type of the schema that has no id', () => {
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    const roots = new Set(['Query', 'Mutation', 'Subscription']);
    const keyless = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name) && !type.getFields().id)
      .map((type) => type.name)
      .sort();
    expect(Object.keys(graphcacheKeys).sort()).toEqual(keyless);
  });
});

describe('pages in the Relay shape', () => {
  it('a page tells its first and last cursor and whether pages come before and after it', async () => {
    const { user } = await receiverWith(5);
    const first = await t.exec(PageDoc, {}, user.token);
    const page1 = first.data!.messages;
    expect(page1.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page1.edges[0]!.cursor,
      endCursor: page1.edges[1]!.cursor,
    });
    const last = await t.exec(PageDoc, { after: (await t.exec(PageDoc, { after: page1.pageInfo.endCursor }, user.token)).data!.messages.pageInfo.endCursor }, user.token);
    const page3 = last.data!.messages;
    expect(page3.edges).toHaveLength(1);
    expect(page3.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: page3.edges[0]!.cursor, endCursor: page3.edges[0]!.cursor });
  });
});
