import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { NotificationsStore } from '../src/notifications/notifications.store.js';
import { SettingsResolver, type RulesMemory } from '../src/notifications/settings.js';
import { QUIET_BACKGROUND, startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

// How an instance keeps users' notification rules between sends (src/notifications/settings.ts),
// against the real database: what it reads, and when it stops trusting what it kept.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('rules_memory', { env: QUIET_BACKGROUND });
});
afterAll(() => t?.close());

const defaults = { defaultTimeZone: 'UTC', defaultLocale: 'en', fallbackAfterSeconds: 600 };

/** A resolver on the test database whose reads are counted, with a bus the test controls. */
function resolver(ttlMs = 30_000) {
  const store = new NotificationsStore(t.app.database.db);
  const reads: number[][] = [];
  const settingsOf = store.settingsOf.bind(store);
  store.settingsOf = (ids) => {
    reads.push([...ids]);
    return settingsOf(ids);
  };
  const bus = { hears: true, announced: [] as number[], forget: (_id: number) => undefined as void, drop: () => undefined as void };
  const memory: RulesMemory = {
    ttlMs,
    announce: async (id) => void bus.announced.push(id),
    listen: (forget) => void (bus.forget = forget),
    hearsOthers: () => bus.hears,
    onMissedAnnouncements: (drop) => void (bus.drop = drop),
  };
  return { rules: new SettingsResolver(store, defaults, memory), store, reads, bus };
}

describe('notification rules kept between sends', () => {
  it('a user with rules and one without are read once, then kept; a save here is announced and read again', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const { rules, store, reads, bus } = resolver();
    await store.saveSettings({ userId: Number(a.id), timeZone: 'Asia/Shanghai', locale: 'zh-CN', quietHours: [], urgentBypassesQuietHours: true, holdDuringMeetings: true, typeModes: {}, fallbackChannels: [], fallbackAfterSeconds: 60, fallbackEmail: null });
    const ids = [Number(a.id), Number(b.id)];
    const first = await rules.customRules(ids);
    expect([...first.keys()]).toEqual([Number(a.id)]);
    expect(first.get(Number(a.id))!.holdDuringMeetings).toBe(true);
    await rules.customRules(ids);
    await rules.customRules(ids);
    expect(reads).toEqual([ids]);

    await rules.invalidate(Number(a.id));
    expect(bus.announced).toEqual([Number(a.id)]);
    await rules.customRules(ids);
    expect(reads).toEqual([ids, [Number(a.id)]]);
  });

  it('another instance’s announcement drops the user here; a read in flight when it arrives is not kept', async () => {
    const [a] = await Promise.all([registerUser(t)]);
    const { rules, reads, bus } = resolver();
    const id = Number(a.id);
    const reading = rules.customRules([id]);
    bus.forget(id); // arrives while the read is on its way
    await reading;
    await rules.customRules([id]);
    expect(reads).toEqual([[id], [id]]);
    await rules.customRules([id]);
    expect(reads).toHaveLength(2);
    bus.forget(id);
    await rules.customRules([id]);
    expect(reads).toHaveLength(3);
  });

  it('while announcements cannot arrive nothing is kept, and losing the bus drops what was', async () => {
    const [a] = await Promise.all([registerUser(t)]);
    const { rules, reads, bus } = resolver();
    const id = Number(a.id);
    await rules.customRules([id]);
    await rules.customRules([id]);
    expect(reads).toHaveLength(1);
    bus.hears = false;
    bus.drop();
    await rules.customRules([id]);
    await rules.customRules([id]);
    expect(reads).toHaveLength(3);
    bus.hears = true;
    await rules.customRules([id]);
    await rules.customRules([id]);
    expect(reads).toHaveLength(4);
  });

  it('with no time to keep them (0), every send reads', async () => {
    const [a] = await Promise.all([registerUser(t)]);
    const { rules, reads } = resolver(0);
    for (let i = 0; i < 3; i++) await rules.customRules([Number(a.id)]);
    expect(reads).toHaveLength(3);
  });
});

describe('a send reads its recipients’ rules while it commits', () => {
  it('prefetch starts one read that the read after the commit shares; a save meanwhile is read again', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    const { rules, store, reads } = resolver();
    const ids = [Number(a.id), Number(b.id)];
    rules.prefetch(ids);
    rules.prefetch(ids); // a second send to them in the same moment starts nothing more
    await rules.customRules(ids);
    expect(reads).toEqual([ids]);
    rules.prefetch(ids); // kept: nothing to read
    expect(reads).toHaveLength(1);

    // A save lands while a prefetch is on its way: what that read brings is not kept.
    await rules.invalidate(Number(a.id));
    rules.prefetch([Number(a.id)]);
    await store.saveSettings({ userId: Number(a.id), timeZone: 'UTC', locale: 'en', quietHours: [], urgentBypassesQuietHours: true, holdDuringMeetings: true, typeModes: {}, fallbackChannels: [], fallbackAfterSeconds: 60, fallbackEmail: null });
    await rules.invalidate(Number(a.id));
    const after = await rules.customRules([Number(a.id)]);
    expect(after.get(Number(a.id))?.holdDuringMeetings).toBe(true);
    expect(reads).toEqual([ids, [Number(a.id)], [Number(a.id)]]);
  });

  it('with nothing kept (0, or while announcements cannot arrive) a prefetch reads nothing: the read after the commit is the only one', async () => {
    const [a] = await Promise.all([registerUser(t)]);
    // The commit takes a while: a read the prefetch started would have landed before the read after it.
    const commitTime = () => new Promise((r) => setTimeout(r, 200));
    const { rules, reads } = resolver(0);
    rules.prefetch([Number(a.id)]);
    await commitTime();
    await rules.customRules([Number(a.id)]);
    expect(reads).toHaveLength(1);

    const away = resolver();
    away.bus.hears = false;
    away.rules.prefetch([Number(a.id)]);
    await commitTime();
    await away.rules.customRules([Number(a.id)]);
    expect(away.reads).toHaveLength(1);
  });

  it('sendMessage to a recipient whose rules are not kept reads them while its transaction waits, and not again after the commit', async () => {
    const [sender, recipient] = await Promise.all([registerUser(t), registerUser(t)]);
    // The statements the app's main pool sends (the rules are read there; the send has a pool of its own).
    const pool = t.app.database.pool;
    const seen: string[] = [];
    const query = pool.query.bind(pool);
    pool.query = ((...args: Parameters<typeof pool.query>) => {
      const sql = args[0] as unknown;
      seen.push(typeof sql === 'string' ? sql : String((sql as { sql?: string }).sql));
      return query(...args);
    }) as typeof pool.query;
    const rulesReads = () => seen.filter((sql) => sql.includes('`notification_settings`')).length;
    // Another connection holds the recipient's row: the send's transaction waits for it.
    const other = openDatabase(t.config.databaseUrl, 1);
    const lock = await other.pool.getConnection();
    try {
      await lock.query('START TRANSACTION');
      await lock.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [recipient.id]);
      let settled = false;
      const sending = t.exec(SendDoc, { input: { recipientIds: [recipient.id], content: 'rules read meanwhile' } }, sender.token).finally(() => (settled = true));
      await until(() => rulesReads() === 1, 5_000, () => `statements: ${seen.join(' | ')}`);
      expect(settled).toBe(false); // still waiting for the row: the read did not wait for the commit
      await lock.query('COMMIT');
      const result = await sending;
      expect(result.errors).toBeUndefined();
      expect(rulesReads()).toBe(1);
    } finally {
      lock.release();
      pool.query = query;
      await other.close();
    }
  });
});
