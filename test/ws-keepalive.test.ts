import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';

const PERIOD_MS = 200;

let t: TestApp;
let url: string;

beforeAll(async () => {
  // connection_init may wait long: what closes a silent socket here is the keep-alive.
  t = await startTestApp('ws_keepalive', { env: { WS_KEEPALIVE_MS: String(PERIOD_MS), WS_INIT_TIMEOUT_MS: '60000' } });
  url = (await t.listen()).replace(/^http/, 'ws') + '/graphql';
});
afterAll(() => t?.close());

/** A raw socket; `autoPong: false` leaves the server's pings unanswered. */
function open(autoPong: boolean) {
  const socket = new WebSocket(url, 'graphql-transport-ws', { autoPong });
  let pings = 0;
  socket.on('ping', () => pings++);
  const closed = new Promise<{ code: number; at: number }>((resolve) => socket.on('close', (code) => resolve({ code, at: Date.now() })));
  const opened = new Promise<number>((resolve, reject) => {
    socket.on('open', () => resolve(Date.now()));
    socket.on('error', reject);
  });
  return { socket, opened, closed, pings: () => pings };
}

describe('keep-alive', () => {
  it('pings every socket each period; a socket that answers stays open', async () => {
    const sockets = Array.from({ length: 20 }, () => open(true));
    await Promise.all(sockets.map((s) => s.opened));
    await new Promise((resolve) => setTimeout(resolve, PERIOD_MS * 5));
    for (const s of sockets) {
      expect(s.socket.readyState).toBe(WebSocket.OPEN);
      expect(s.pings()).toBeGreaterThanOrEqual(3);
      s.socket.close();
    }
  });

  it('terminates a socket that sent no pong since the previous ping, within about two periods', async () => {
    const silent = open(false);
    const answering = open(true);
    const openedAt = await silent.opened;
    await answering.opened;
    const { code, at } = await silent.closed;
    expect(code).toBe(1006); // terminated, no close frame
    expect(at - openedAt).toBeLessThan(PERIOD_MS * 3);
    expect(silent.pings()).toBeGreaterThanOrEqual(1);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.socket.close();
  });
});
