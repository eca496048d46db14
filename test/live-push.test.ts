import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser } from './helpers/users.js';
import { collect, wsClient } from './helpers/ws.js';

const MessageReceivedDoc = graphql(`
  subscription MessageReceived($since: String) {
    messageReceived(since: $since) {
      id
      content
      cursor
      isRead
      sender {
        id
      }
    }
  }
`);

let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp('live_push');
  url = await t.listen();
});
afterAll(() => t?.close());

describe('live push to every device', () => {
  it('two devices of B and one of C get the message; A’s own socket does not; order holds for 200 messages', async () => {
    const [a, b, c] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const clients = [wsClient(url, b.token), wsClient(url, b.token), wsClient(url, c.token), wsClient(url, a.token)];
    const [b1, b2, c1, a1] = clients.map((client) => collect(client, MessageReceivedDoc, {}));
    try {
      const sent: string[] = [];
      for (let i = 0; i < 200; i++) {
        const r = await t.exec(SendDoc, { input: { recipientIds: [b.id, c.id], content: `n${i}` } }, a.token);
        sent.push(r.data!.sendMessage.id);
      }
      for (const device of [b1!, b2!, c1!]) {
        const got = await device.waitFor(200);
        expect(got.map((g) => g.messageReceived.id)).toEqual(sent);
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(b1!.results).toHaveLength(200);
      expect(a1!.results).toHaveLength(0);
      expect(b1!.results[0]!.messageReceived.sender.id).toBe(a.id);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});
