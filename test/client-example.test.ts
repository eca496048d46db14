import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followInbox, type CursorStore, type InboxMessage } from '../examples/inbox-client.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser } from './helpers/users.js';
import { until } from './helpers/ws.js';

let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp('client_example');
  url = await t.listen();
});
afterAll(() => t?.close());

describe('the documented client example', () => {
  it('gets everything once across a restart of the device, and acknowledges what it processed', async () => {
    const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
    let saved: string | null = null;
    const store: CursorStore = { load: async () => saved, save: async (c) => void (saved = c) };
    const seen: InboxMessage[] = [];
    const follow = () => followInbox({ url, token: () => b.token, store, onMessage: (m) => void seen.push(m), ackEveryMs: 50 });
    const sent: string[] = [];
    const send = async (content: string) =>
      sent.push((await t.exec(SendDoc, { input: { recipientIds: [b.id], content } }, a.token)).data!.sendMessage.id);

    let follower = follow();
    await until(() => t.app.services.streams.userCount() > 0);
    for (let i = 0; i < 10; i++) await send(`online ${i}`);
    await until(() => seen.length === 10);
    await follower.stop();

    for (let i = 0; i < 10; i++) await send(`offline ${i}`);
    follower = follow();
    await until(() => seen.length === 20);
    await new Promise((r) => setTimeout(r, 300));
    await follower.stop();

    expect(seen.map((m) => m.id)).toEqual(sent);
    const [rows] = await t.app.database.pool.query(
      'SELECT COUNT(*) AS n FROM message_recipients WHERE recipient_id = ? AND delivered_at IS NOT NULL',
      [b.id],
    );
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(20);
  });
});
