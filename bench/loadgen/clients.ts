import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Flavor } from '../lib/protocol.js';

/** Called with the text that carries a benchmark payload (a whole frame or a message's content). */
export type FrameSink = (conn: Conn, text: string) => void;

export interface Conn {
  userId: number;
  /** Which endpoint (node) the socket is on. */
  node: number;
  /** Sends a message from this socket's user (socket targets only). Resolves after the server's acknowledgement. */
  send(to: number[], content: string): Promise<void>;
  close(): void;
}

const SUBSCRIBE = JSON.stringify({
  id: '1',
  type: 'subscribe',
  payload: { query: 'subscription { messageReceived { id content createdAt cursor } }' },
});
const PONG = '{"type":"pong"}';
const CONNECT_TIMEOUT_MS = 20_000;
const SEND_TIMEOUT_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/**
 * graphql-transport-ws spoken over a bare `ws` socket: connection_init with the token, then
 * one subscribe. The protocol has no acknowledgement of a subscribe, so the connection counts
 * as ready when the subscribe is written after connection_ack.
 */
function openGraphqlWs(url: string, token: string, userId: number, node: number, sink: FrameSink): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    let ready = false;
    const conn: Conn = {
      userId,
      node,
      send: () => Promise.reject(new Error('graphql targets send over HTTP')),
      close: () => ws.close(1000),
    };
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    });
    // With ws's default binaryType ('nodebuffer') every frame arrives as one Buffer.
    ws.on('message', (data: WebSocket.RawData) => {
      const text = (data as Buffer).toString();
      if (ready) {
        if (text.length < 40 && text.includes('"ping"')) ws.send(PONG);
        else sink(conn, text);
        return;
      }
      const message = JSON.parse(text) as { type: string };
      if (message.type === 'connection_ack') {
        ws.send(SUBSCRIBE);
        ready = true;
        resolve(conn);
      } else if (message.type === 'ping') {
        ws.send(PONG);
      }
    });
    ws.on('close', (code, reason) => {
      if (!ready) reject(new Error(`closed before ready: ${code} ${reason.toString()}`));
    });
    ws.on('error', (error) => {
      if (!ready) reject(error);
    });
  });
}

/** The ws-raw peer's protocol (see bench/peers/ws-raw.ts). */
function openWsRaw(url: string, token: string, userId: number, node: number, sink: FrameSink): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
    const pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
    let nextId = 1;
    let ready = false;
    const conn: Conn = {
      userId,
      node,
      send(to, content) {
        const id = nextId++;
        return withTimeout(
          new Promise<void>((res, rej) => {
            pending.set(id, { resolve: res, reject: rej });
            ws.send(JSON.stringify({ op: 'send', id, to, c: content }));
          }),
          SEND_TIMEOUT_MS,
          'send',
        ).finally(() => pending.delete(id));
      },
      close: () => ws.close(1000),
    };
    ws.on('message', (data: WebSocket.RawData) => {
      const text = (data as Buffer).toString();
      if (text.startsWith('{"t":"msg"')) return sink(conn, text);
      if (text.startsWith('{"t":"ack"') || text.startsWith('{"t":"err"')) {
        const id = Number(/"id":(\d+)/.exec(text)?.[1]);
        const waiter = pending.get(id);
        if (text.startsWith('{"t":"ack"')) waiter?.resolve();
        else waiter?.reject(new Error('server refused the send'));
        return;
      }
      if (text === '{"t":"ready"}') {
        ready = true;
        resolve(conn);
      }
    });
    ws.on('close', (code) => {
      if (!ready) reject(new Error(`closed before ready: ${code}`));
      for (const waiter of pending.values()) waiter.reject(new Error('socket closed'));
    });
    ws.on('error', (error) => {
      if (!ready) reject(error);
    });
  });
}

function openSocketIo(url: string, token: string, userId: number, node: number, sink: FrameSink): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket: Socket = io(url, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    const conn: Conn = {
      userId,
      node,
      send(to, content) {
        return new Promise<void>((res, rej) => {
          socket.timeout(SEND_TIMEOUT_MS).emit('send', { to, c: content }, (error: Error | null, reply?: { error?: boolean }) => {
            if (error) rej(error);
            else if (reply?.error) rej(new Error('server refused the send'));
            else res();
          });
        });
      },
      close: () => socket.close(),
    };
    socket.on('message', (message: { content: string }) => sink(conn, message.content));
    socket.once('ready', () => resolve(conn));
    socket.once('connect_error', (error) => reject(error));
  });
}

export function openConn(flavor: Flavor, url: string, token: string, userId: number, node: number, sink: FrameSink): Promise<Conn> {
  const open = flavor === 'graphql-ws' ? openGraphqlWs : flavor === 'ws-raw' ? openWsRaw : openSocketIo;
  return withTimeout(open(url, token, userId, node, sink), CONNECT_TIMEOUT_MS, 'connect');
}

/**
 * A sender's own graphql-ws connection (no subscription): each send is a `subscribe` carrying
 * the mutation and completes when the server sends `complete` after the result, the way
 * Apollo or urql send mutations over a socket.
 */
export function openGraphqlSender(url: string, token: string): Promise<(body: { query: string; variables: unknown }) => Promise<void>> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
      const pending = new Map<string, { resolve(): void; reject(e: Error): void; failed: Error | null }>();
      let nextId = 1;
      const send = (body: { query: string; variables: unknown }) => {
        const id = String(nextId++);
        return withTimeout(
          new Promise<void>((res, rej) => {
            pending.set(id, { resolve: res, reject: rej, failed: null });
            ws.send(JSON.stringify({ id, type: 'subscribe', payload: body }));
          }),
          SEND_TIMEOUT_MS,
          'send',
        ).finally(() => pending.delete(id));
      };
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      ws.on('message', (data: WebSocket.RawData) => {
        const message = JSON.parse((data as Buffer).toString()) as { type: string; id?: string; payload?: { errors?: unknown } };
        const waiter = message.id === undefined ? undefined : pending.get(message.id);
        if (message.type === 'next' && waiter && message.payload?.errors) {
          waiter.failed = new Error(JSON.stringify(message.payload.errors).slice(0, 300));
        } else if (message.type === 'complete' && waiter) {
          if (waiter.failed) waiter.reject(waiter.failed);
          else waiter.resolve();
        } else if (message.type === 'error' && waiter) {
          waiter.reject(new Error(JSON.stringify(message.payload).slice(0, 300)));
        } else if (message.type === 'connection_ack') {
          resolve(send);
        } else if (message.type === 'ping') {
          ws.send(PONG);
        }
      });
      ws.on('close', (code) => {
        reject(new Error(`sender socket closed: ${code}`));
        for (const waiter of pending.values()) waiter.reject(new Error('socket closed'));
      });
      ws.on('error', reject);
    }),
    CONNECT_TIMEOUT_MS,
    'sender connect',
  );
}

/** POSTs GraphQL operations over keep-alive connections; resolves with the body, rejects on HTTP or GraphQL errors. */
export class GraphqlHttp {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(url: string, maxSockets: number) {
    this.url = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  post(token: string, body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
          timeout: SEND_TIMEOUT_MS,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            else if (text.includes('"errors"')) reject(new Error(text.slice(0, 300)));
            else resolve(text);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
