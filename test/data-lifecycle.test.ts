import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKeyOf } from '../src/limits/rate-limits.js';
import { MESSAGE_ROWS, USER_COLUMNS } from '../src/lifecycle/user-data.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { collectOverSse } from './helpers/sse.js';
import { adminAccount, expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const SetPolicyDoc = graphql(`
  mutation SetRetention($input: RetentionPolicyInput!) {
    setRetentionPolicy(input: $input) {
      messagesDays
      inboxEventsDays
    }
  }
`);
const PolicyDoc = graphql(`
  query Retention {
    retentionPolicy {
      messagesDays
    }
  }
`);
const LifecycleSyncDoc = graphql(`
  query LifecycleSync($since: String) {
    sync(since: $since) {
      cursor
      events {
        __typename
      }
    }
  }
`);
const LifecycleMessageDoc = graphql(`
  query LifecycleMessage($id: ID!) {
    message(id: $id) {
      id
      content
      recalledAt
      sender {
        displayName
      }
    }
  }
`);
const EventsSinceDoc = graphql(`
  subscription LifecycleEvents($since: String) {
    inboxEvents(since: $since) {
      __typename
    }
  }
`);
const ReceivedSinceDoc = graphql(`
  subscription LifecycleReceived($since: String) {
    messageReceived(since: $since) {
      id
    }
  }
`);
const ExportMineDoc = graphql(`
  query ExportMine {
    exportMyData
  }
`);
const ExportUserDoc = graphql(`
  query ExportUser($userId: ID!) {
    exportUserData(userId: $userId)
  }
`);
const EraseDoc = graphql(`
  mutation Erase($userId: ID!) {
    eraseUser(userId: $userId) {
      messagesRedacted
    }
  }
`);
const LifecycleAuditDoc = graphql(`
  query LifecycleAudit {
    auditLog {
      action
      target
    }
  }
`);
const LifecycleLoginDoc = graphql(`
  mutation LifecycleLogin($input: LoginInput!) {
    login(input: $input) {
      token
    }
  }
`);

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  // Rate limits on, loose: erasure must find the counters they keep per user.
  t = await startTestApp('lifecycle', { env: { RATE_LIMITS_ENABLED: 'true', RATE_LIMIT_REGISTER_IP: '1000/60', RETENTION_BATCH: '2' } });
  admin = await adminAccount(t);
});
afterAll(() => t.close());

const SearchOldDoc = graphql(`
  query LifecycleSearchOld {
    search(query: "old") {
      edges {
        node {
          message {
            id
          }
        }
      }
    }
  }
`);

const run = async <T>(query: ReturnType<typeof sql>) => ((await t.app.database.db.execute(query)) as unknown as [T[]])[0];
const send = async (from: TestUser, to: TestUser, content: string) => {
  const result = await t.exec(SendDoc, { input: { recipientIds: [to.id], content } }, from.token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendMessage.id;
};
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe('retention', () => {
  it('deletes what is older than the policy in small batches, and nothing newer', async () => {
    const [a, b] = [await registerUser(t, 'ret'), await registerUser(t, 'ret')];
    const old = [await send(a, b, 'old 1'), await send(a, b, 'old 2'), await send(a, b, 'old 3')];
    const fresh = [await send(a, b, 'fresh 1'), await send(b, a, 'fresh 2')];
    await run(sql`UPDATE messages SET created_at = ${daysAgo(40)} WHERE id IN (${sql.join(old.map(Number).map((id) => sql`${id}`), sql`, `)})`);
    await run(sql`UPDATE inbox_events SET created_at = ${daysAgo(40)} WHERE message_id IN (${sql.join(old.map(Number).map((id) => sql`${id}`), sql`, `)})`);
    expect((await t.exec(SetPolicyDoc, { input: { messagesDays: 30 } }, admin.token)).data!.setRetentionPolicy.messagesDays).toBe(30);
    const deleted = await t.app.retention.runOnce();
    expect(deleted.messages).toBe(3);
    for (const id of old) expect((await t.exec(LifecycleMessageDoc, { id }, b.token)).data!.message).toBeNull();
    for (const id of fresh) expect((await t.exec(LifecycleMessageDoc, { id }, a.token)).data!.message?.id).toBe(id);
    expect((await t.app.retention.runOnce()).messages).toBe(0);
    // Nothing of the deleted messages is left behind: no recipients, no search terms.
    const ids = sql.join(old.map(Number).map((id) => sql`${id}`), sql`, `);
    expect(await run(sql`SELECT message_id FROM message_recipients WHERE message_id IN (${ids}) UNION ALL SELECT message_id FROM search_terms WHERE message_id IN (${ids})`)).toEqual([]);
    expect((await t.exec(SearchOldDoc, {}, b.token)).data!.search.edges.map((e) => e.node.message.id)).toEqual([]);
  });

  it('every table with a message_id column is in the retention list (or is the inbox log)', async () => {
    const rows = await run<{ t: string }>(
      sql`SELECT table_name AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name = 'message_id'`,
    );
    const tables = rows.map((r) => r.t).filter((table) => table !== 'inbox_events');
    expect(tables.filter((table) => !MESSAGE_ROWS.includes(table)).sort()).toEqual([]);
  });
});

describe('the inbox floor', () => {
  it('a resume from a cursor below the floor gets CURSOR_EXPIRED over HTTP, SSE and sockets; a cursor at the floor resumes', async () => {
    const [a, b] = [await registerUser(t, 'fl'), await registerUser(t, 'fl')];
    const start = (await t.exec(LifecycleSyncDoc, {}, b.token)).data!.sync.cursor;
    const first = await send(a, b, 'soon compacted');
    await run(sql`UPDATE inbox_events SET created_at = ${daysAgo(40)} WHERE message_id = ${Number(first)}`);
    await t.exec(SetPolicyDoc, { input: { messagesDays: 30 } }, admin.token);
    await t.app.retention.runOnce();
    await send(a, b, 'kept');

    const expired = await t.exec(LifecycleSyncDoc, { since: start }, b.token);
    expect(errorCodes(expired)).toEqual(['CURSOR_EXPIRED']);
    const floor = expired.errors![0]!.extensions!.floor as string;
    const resumed = await t.exec(LifecycleSyncDoc, { since: floor }, b.token);
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data!.sync.events).toHaveLength(1);

    const base = await t.listen();
    const sse = collectOverSse(base, b.token, EventsSinceDoc, { since: start });
    const client = wsClient(base, b.token);
    const socket = collect(client, ReceivedSinceDoc, { since: start });
    const fine = collect(client, ReceivedSinceDoc, { since: floor });
    await until(() => sse.errors.length > 0 && socket.errors.length > 0, 10_000);
    expect(JSON.stringify(sse.errors)).toContain('CURSOR_EXPIRED');
    expect(JSON.stringify(socket.errors)).toContain('CURSOR_EXPIRED');
    await fine.waitFor(1);
    sse.stop();
    await client.dispose();
  });
});

describe('export', () => {
  it('contains what the user can see: their profile, messages received and sent, and nothing between others', async () => {
    const [a, b, c] = [await registerUser(t, 'ex'), await registerUser(t, 'ex'), await registerUser(t, 'ex')];
    await send(a, b, 'a to b');
    await send(b, a, 'b to a');
    await send(a, c, 'a to c, not for b');
    const exported = JSON.parse((await t.exec(ExportMineDoc, {}, b.token)).data!.exportMyData) as {
      user: { id: string; username: string };
      messagesReceived: Array<{ content: string }>;
      messagesSent: Array<{ content: string }>;
    };
    expect(exported.user).toMatchObject({ id: b.id, username: b.username });
    expect(exported.messagesReceived.map((m) => m.content)).toEqual(['a to b']);
    expect(exported.messagesSent.map((m) => m.content)).toEqual(['b to a']);
    expect(JSON.stringify(exported)).not.toContain('not for b');
    const byAdmin = await t.exec(ExportUserDoc, { userId: b.id }, admin.token);
    expect(JSON.parse(byAdmin.data!.exportUserData)).toMatchObject({ user: { id: b.id } });
    expect((await t.exec(LifecycleAuditDoc, {}, admin.token)).data!.auditLog).toContainEqual({ action: 'user.export', target: `user:${b.id}` });
  });
});

describe('erasure', () => {
  it('every table with a user column is in the erasure list', async () => {
    const columns = await run<{ t: string; c: string }>(
      sql`SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '__drizzle_migrations'`,
    );
    const userish = /(^|_)(user|sender|recipient|uploader|actor|owner|author|member|reader)(_id)?$|_by$/;
    const listed = new Set(USER_COLUMNS.map((u) => `${u.table}.${u.column}`));
    const missing = columns.filter((col) => userish.test(col.c) && !listed.has(`${col.t}.${col.c}`)).map((col) => `${col.t}.${col.c}`);
    expect(missing).toEqual([]);
    // And the list names only columns that exist.
    const existing = new Set(columns.map((col) => `${col.t}.${col.c}`));
    expect([...listed].filter((c) => !existing.has(c))).toEqual([]);
  });

  it('leaves no personal data of the user in any table or Redis key; others keep their messages as tombstones', async () => {
    const [alice, bob] = [await registerUser(t, 'era'), await registerUser(t, 'era')];
    const secret = `alice-private-${Date.now()}`;
    const fromAlice = await send(alice, bob, secret);
    const toAlice = await send(bob, alice, 'bob writes to alice');
    // Leave traces in Redis: a login (read-model warm-up), a failed login (backoff), a sync (sync status).
    await t.exec(LifecycleLoginDoc, { input: { username: alice.username, password: 'wrong password' } });
    await t.exec(LifecycleLoginDoc, { input: { username: alice.username, password: 'correct horse battery' } });
    await t.exec(LifecycleSyncDoc, {}, alice.token);

    const redis = t.app.services.redis.command!;
    const prefix = t.config.redis!.keyPrefix;
    const scanAll = async () => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        keys.push(...batch.map((k) => k.slice(prefix.length)));
        cursor = next;
      } while (cursor !== '0');
      return keys;
    };
    // A user's keys carry the id as a hash tag: `messages:user:{42}`, `rl:sendMessage:{42}`.
    const hers = new RegExp(`(^|:)(user|online_users|sync_status):\\{${alice.id}\\}$|^rl:[^:]+:\\{${alice.id}\\}$|${accountKeyOf('default', alice.username)}|^message_delivery_status:${fromAlice}$`);
    // Control: before the erasure, Redis does hold keys of hers (read model, sync status, counters).
    expect((await scanAll()).filter((k) => hers.test(k)).length).toBeGreaterThanOrEqual(3);

    const erased = await t.exec(EraseDoc, { userId: alice.id }, admin.token);
    expect(erased.data!.eraseUser.messagesRedacted).toBe(1);

    // Tables: no text column holds her name or her words.
    const textColumns = await run<{ t: string; c: string }>(
      sql`SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE IN ('varchar', 'char', 'text', 'mediumtext', 'longtext', 'json') AND TABLE_NAME <> '__drizzle_migrations'`,
    );
    for (const { t: table, c: column } of textColumns) {
      for (const needle of [alice.username, secret]) {
        const [hit] = await run<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} LIKE ${`%${needle}%`}`);
        expect(Number(hit!.n), `${table}.${column} holds ${needle}`).toBe(0);
      }
    }
    // Rows that were hers are gone.
    for (const { table, column, action } of USER_COLUMNS) {
      if (action.kind !== 'delete') continue;
      const [left] = await run<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${Number(alice.id)}`);
      expect(Number(left!.n), `${table}.${column}`).toBe(0);
    }
    // Redis: no key under the prefix names her.
    expect((await scanAll()).filter((k) => hers.test(k))).toEqual([]);

    // Her token no longer works; Bob keeps her message as a tombstone and his own message.
    expect(errorCodes(await t.exec(LifecycleSyncDoc, {}, alice.token))).toEqual(['UNAUTHENTICATED']);
    const tombstone = (await t.exec(LifecycleMessageDoc, { id: fromAlice }, bob.token)).data!.message!;
    expect(tombstone.content).toBe('');
    expect(tombstone.recalledAt).not.toBeNull();
    expect(tombstone.sender.displayName).toBe('Deleted user');
    expect((await t.exec(LifecycleMessageDoc, { id: toAlice }, bob.token)).data!.message?.id).toBe(toAlice);
    expect((await t.exec(LifecycleAuditDoc, {}, admin.token)).data!.auditLog).toContainEqual({ action: 'user.erase', target: `user:${alice.id}` });
  });
});

describe('who may use the lifecycle operations', () => {
  it('plain users, other tenants’ admins, no token and expired tokens are refused', async () => {
    const [user, victim] = [await registerUser(t, 'lz'), await registerUser(t, 'lz')];
    const otherAdmin = await adminAccount(t, 'elsewhere');
    const expired = await expiredToken(admin);
    expect(errorCodes(await t.exec(EraseDoc, { userId: victim.id }, user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(ExportUserDoc, { userId: victim.id }, user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(SetPolicyDoc, { input: { messagesDays: 1 } }, user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(PolicyDoc, {}, user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(LifecycleAuditDoc, {}, user.token))).toEqual(['FORBIDDEN']);
    // Another tenant's admin: the user answers like one that does not exist.
    const pairs = [
      [await t.exec(EraseDoc, { userId: victim.id }, otherAdmin.token), await t.exec(EraseDoc, { userId: '99999999' }, otherAdmin.token)],
      [await t.exec(ExportUserDoc, { userId: victim.id }, otherAdmin.token), await t.exec(ExportUserDoc, { userId: '99999999' }, otherAdmin.token)],
    ] as const;
    for (const [foreign, missing] of pairs) {
      expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
      expect(foreign.errors![0]!.message).toBe(missing.errors![0]!.message);
    }
    expect((await t.exec(PolicyDoc, {}, otherAdmin.token)).data!.retentionPolicy.messagesDays).toBeNull();
    expect((await t.exec(LifecycleAuditDoc, {}, otherAdmin.token)).data!.auditLog).toEqual([]);
    for (const token of [null, expired]) {
      expect(errorCodes(await t.exec(ExportMineDoc, {}, token))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await t.exec(EraseDoc, { userId: victim.id }, token))).toEqual(['UNAUTHENTICATED']);
    }
    // The victim is untouched.
    expect((await t.exec(ExportMineDoc, {}, victim.token)).errors).toBeUndefined();
  });
});
