import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceService } from '../src/presence/presence.service.js';
import { PresenceStore } from '../src/presence/presence.store.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { until, wsClient } from './helpers/ws.js';

const PresenceDoc = graphql(`
  query Presence($userIds: [ID!]!) {
    presence(userIds: $userIds) {
      userId
      online
      lastSeenAt
      devices {
        label
        connectedAt
        lastSeenAt
      }
    }
  }
`);

const TTL_SECONDS = 2;

let t: TestApp;
let url: string;
let alice: TestUser;
let mallory: TestUser; // another tenant

beforeAll(async () => {
  t = await startTestApp('presence', {
    env: { PRESENCE_TTL_SECONDS: String(TTL_SECONDS), PRESENCE_SWEEP_MS: '200' },
  });
  url = await t.listen();
  [alice, mallory] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'mallory', 'other-tenant')]);
});
afterAll(() => t?.close());

async function presenceOf(viewer: TestUser, users: TestUser[]) {
  const result = await t.exec(PresenceDoc, { userIds: users.map((u) => u.id) }, viewer.token);
  expect(result.errors).toBeUndefined();
  return result.data!.presence;
}

const redis = () => t.app.services.redis.command!;
const onlineKey = (user: TestUser) => t.app.services.redis.key(`online_users:{${user.id}}`);

/** A second instance on the same Redis and database that will die without closing anything. */
function doomedInstance(instanceId: string) {
  const { services } = t.app;
  return new PresenceService(
    services.redis,
    new PresenceStore(t.app.database.db),
    services.stores.users,
    { instanceId, ttlSeconds: TTL_SECONDS, sweepMs: 60_000 },
    services.logger,
  );
}

describe('presence of users on their devices', () => {
  it('a user is online on two devices, then offline with a last-seen time after both disconnect', async () => {
    const bob = await registerUser(t, 'bob');
    expect((await presenceOf(alice, [bob]))[0]).toEqual({ userId: bob.id, online: false, lastSeenAt: null, devices: [] });

    const phone = wsClient(url, bob.token, { connectionParams: { authorization: `Bearer ${bob.token}`, device: 'phone' } });
    const laptop = wsClient(url, bob.token, { connectionParams: { authorization: `Bearer ${bob.token}`, device: 'laptop' } });
    try {
      await until(async () => (await presenceOf(alice, [bob]))[0]!.devices.length === 2);
      const [online] = await presenceOf(alice, [bob]);
      expect(online!.online).toBe(true);
      expect(online!.devices.map((d) => d.label).sort()).toEqual(['laptop', 'phone']);
      expect(online!.lastSeenAt).not.toBeNull();

      // The hash has one field per connection, each naming its instance and device.
      const fields = Object.values(await redis().hgetall(onlineKey(bob))).map((v) => JSON.parse(v) as Record<string, unknown>);
      expect(fields).toHaveLength(2);
      for (const field of fields) expect(field).toMatchObject({ instance: t.config.instanceId });
      expect(await redis().ttl(onlineKey(bob))).toBeGreaterThan(0);
    } finally {
      await phone.dispose();
      await laptop.dispose();
    }
    await until(async () => !(await presenceOf(alice, [bob]))[0]!.online);
    const [offline] = await presenceOf(alice, [bob]);
    expect(offline!.devices).toEqual([]);
    expect(Date.now() - Date.parse(offline!.lastSeenAt!)).toBeLessThan(10_000);
    expect(await redis().exists(onlineKey(bob))).toBe(0);
  });

  it('the entries of an instance that died are swept by a live one and the key of a user it alone held expires', async () => {
    const [carol, dave] = await Promise.all([registerUser(t, 'carol'), registerUser(t, 'dave')]);
    const dead = doomedInstance('instance-that-dies');
    dead.connectionOpened({ id: 'dead-carol', userId: Number(carol.id), device: 'tablet', connectedAt: new Date() });
    dead.connectionOpened({ id: 'dead-dave', userId: Number(dave.id), device: 'tablet', connectedAt: new Date() });
    // Carol also has a live socket on the test app's instance; dave has none.
    const live = wsClient(url, carol.token, { connectionParams: { authorization: `Bearer ${carol.token}`, device: 'phone' } });
    try {
      await until(async () => (await presenceOf(alice, [carol]))[0]!.devices.length === 2);
      expect((await presenceOf(alice, [dave]))[0]!.devices.map((d) => d.label)).toEqual(['tablet']);

      // The doomed instance never refreshes again (it died); within the TTL its entries vanish.
      const startedWaiting = Date.now();
      await until(async () => (await redis().hexists(onlineKey(carol), 'dead-carol')) === 0, TTL_SECONDS * 1000 + 3000);
      await until(async () => (await redis().exists(onlineKey(dave))) === 0, TTL_SECONDS * 1000 + 3000);
      expect(Date.now() - startedWaiting).toBeLessThan(TTL_SECONDS * 1000 + 1500);

      const [carolNow, daveNow] = await presenceOf(alice, [carol, dave]);
      expect(carolNow!.devices.map((d) => d.label)).toEqual(['phone']);
      expect(daveNow!.online).toBe(false);
      expect(Object.keys(await redis().hgetall(onlineKey(carol)))).toHaveLength(1);
    } finally {
      dead.stop();
      await live.dispose();
    }
  });

  it('a stale entry is not reported even before any sweep removes it', async () => {
    const erin = await registerUser(t, 'erin');
    const staleSince = Date.now() - (TTL_SECONDS + 5) * 1000;
    await redis().hset(
      onlineKey(erin),
      'ghost',
      JSON.stringify({ instance: 'gone', device: 'phone', connectedAt: staleSince, lastSeen: staleSince }),
    );
    await redis().expire(onlineKey(erin), 60);
    expect((await presenceOf(alice, [erin]))[0]!.online).toBe(false);
  });

  it('users of another tenant look exactly like ids that do not exist', async () => {
    const socket = wsClient(url, mallory.token, { connectionParams: { authorization: `Bearer ${mallory.token}`, device: 'phone' } });
    try {
      await until(async () => (await presenceOf(mallory, [mallory]))[0]!.online);
      const result = await t.exec(PresenceDoc, { userIds: [mallory.id, '999999999'] }, alice.token);
      expect(result.data!.presence).toEqual([
        { userId: mallory.id, online: false, lastSeenAt: null, devices: [] },
        { userId: '999999999', online: false, lastSeenAt: null, devices: [] },
      ]);
    } finally {
      await socket.dispose();
    }
  });

  it('needs a valid token; a malformed id or too many ids is a bad input', async () => {
    const vars = { userIds: [alice.id] };
    expect(errorCodes(await t.exec(PresenceDoc, vars))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(PresenceDoc, vars, await expiredToken(alice)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(PresenceDoc, { userIds: ['abc'] }, alice.token))).toEqual(['BAD_USER_INPUT']);
    const many = Array.from({ length: 201 }, (_, i) => String(i + 1));
    expect(errorCodes(await t.exec(PresenceDoc, { userIds: many }, alice.token))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('presence without Redis', () => {
  it('falls back to the instance’s own connections', async () => {
    const local = await startTestApp('presence_noredis', { env: { REDIS_ENABLED: 'false' } });
    try {
      const localUrl = await local.listen();
      const [viewer, frank] = await Promise.all([registerUser(local, 'viewer'), registerUser(local, 'frank')]);
      const read = async () => {
        const result = await local.exec(PresenceDoc, { userIds: [frank.id] }, viewer.token);
        expect(result.errors).toBeUndefined();
        return result.data!.presence[0]!;
      };
      expect(local.app.services.redis.mode()).toBe('disabled');
      const socket = wsClient(localUrl, frank.token, { connectionParams: { authorization: `Bearer ${frank.token}`, device: 'desk' } });
      await until(async () => (await read()).online);
      expect((await read()).devices.map((d) => d.label)).toEqual(['desk']);
      await socket.dispose();
      await until(async () => !(await read()).online);
      expect((await read()).lastSeenAt).not.toBeNull();
    } finally {
      await local.close();
    }
  });
});
