/**
 * A client that follows a user's inbox the way the server means it to be followed: it
 * resumes from the last cursor it processed after every reconnect (so nothing is missed and
 * nothing repeats), drops the rare re-push it already has, and acknowledges what it
 * processed so the sender sees DELIVERED.
 *
 *   MM_URL=http://localhost:4000 MM_TOKEN=<jwt> npx tsx examples/inbox-client.ts
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface InboxMessage {
  id: string;
  content: string;
  type: string;
  priority: string;
  createdAt: string;
  cursor: string;
  sender: { id: string; displayName: string };
}

/** Where the device keeps its last processed cursor (a file, IndexedDB, SQLite…). */
export interface CursorStore {
  load(): Promise<string | null>;
  save(cursor: string): Promise<void>;
}

export interface FollowOptions {
  /** http(s)://host:port of the API. */
  url: string;
  /** Called at every (re)connect, so an expired token can be replaced (the server closes with 4403 at exp). */
  token: () => string | Promise<string>;
  device?: string;
  store: CursorStore;
  onMessage: (message: InboxMessage) => void | Promise<void>;
  /** Acknowledge at most this often (ms). */
  ackEveryMs?: number;
}

const SUBSCRIPTION = /* GraphQL */ `
  subscription Follow($since: String) {
    messageReceived(since: $since) {
      id content type priority createdAt cursor
      sender { id displayName }
    }
  }
`;

const ACK = /* GraphQL */ `
  mutation Ack($upTo: String!) { acknowledgeDelivery(upTo: $upTo) { acknowledgedCount } }
`;

export function followInbox(options: FollowOptions): { stop(): Promise<void>; client: Client } {
  const client = createClient({
    url: `${options.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false, // connect now: the subscription is made on 'connected', not before
    connectionParams: async () => ({ authorization: `Bearer ${await options.token()}`, device: options.device }),
    // Reconnect for ever, backing off; 4403 (expired token) and 1001 (server restarting)
    // are retried like any other drop.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });

  let unsubscribe: (() => void) | null = null;
  let chain = Promise.resolve();
  const recent = new Set<string>(); // re-pushes of what was already processed are dropped
  let pendingAck: string | null = null;
  const ackTimer = setInterval(() => {
    const upTo = pendingAck;
    if (!upTo) return;
    pendingAck = null;
    void client.iterate({ query: ACK, variables: { upTo } }).next().catch(() => (pendingAck ??= upTo));
  }, options.ackEveryMs ?? 250);

  // graphql-ws would resubscribe with the first variables after a reconnect; resubscribe by
  // hand instead, with the cursor processed last.
  client.on('connected', () => {
    chain = chain.then(async () => {
      unsubscribe?.();
      const since = await options.store.load();
      unsubscribe = client.subscribe<{ messageReceived: InboxMessage }>(
        { query: SUBSCRIPTION, variables: since ? { since } : {} },
        {
          next: ({ data }) => {
            if (!data) return;
            const message = data.messageReceived;
            chain = chain.then(async () => {
              if (recent.has(message.id)) return;
              await options.onMessage(message);
              await options.store.save(message.cursor);
              recent.add(message.id);
              if (recent.size > 1000) recent.delete(recent.values().next().value!);
              pendingAck = message.cursor;
            });
          },
          error: () => undefined, // the socket is closing; 'connected' fires again on reconnect
          complete: () => undefined,
        },
      );
    });
  });
  client.on('closed', () => {
    unsubscribe?.();
    unsubscribe = null;
  });

  return {
    client,
    async stop() {
      clearInterval(ackTimer);
      unsubscribe?.();
      await chain;
      await client.dispose();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let cursor: string | null = null;
  const follower = followInbox({
    url: process.env.MM_URL ?? 'http://localhost:4000',
    token: () => process.env.MM_TOKEN ?? '',
    device: 'example-cli',
    store: { load: async () => cursor, save: async (c) => void (cursor = c) },
    onMessage: (m) => console.log(`[${m.createdAt}] ${m.sender.displayName}: ${m.content}`),
  });
  process.on('SIGINT', () => void follower.stop().then(() => process.exit(0)));
}
