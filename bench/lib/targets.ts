import { databaseUrl } from './database.js';
import { freePort, startNode, waitHealthy, type Managed } from './processes.js';
import type { Flavor } from './protocol.js';

export type TargetId = 'ours' | 'ws-raw' | 'socketio' | 'naive-graphql';
export const ALL_TARGETS: TargetId[] = ['ws-raw', 'socketio', 'naive-graphql', 'ours'];

export interface RunningTarget {
  processes: Managed[];
  socketUrls: string[];
  /** Where GraphQL senders open their sockets (null: socketUrls[0]). */
  senderSocketUrl: string | null;
  httpUrl: string | null;
  /** Redis channels that exist once every subscriber is live (checked before messages flow). */
  channelPattern: string | null;
  stop(): Promise<void>;
}

export interface TargetSpec {
  id: TargetId;
  description: string;
  flavor: Flavor;
  database: string;
  redisPrefix: string;
  start(options: { secret: string; extraEnv?: Record<string, string> }): Promise<RunningTarget>;
}

async function startPeer(
  name: string,
  entry: string,
  database: string,
  prefix: string,
  secret: string,
  extra: Record<string, string> = {},
): Promise<{ process: Managed; port: number }> {
  const port = await freePort();
  const process = startNode(name, entry, {
    PORT: String(port),
    DATABASE_URL: databaseUrl(database),
    JWT_SECRET: secret,
    REDIS_PREFIX: prefix,
    NODE_ENV: 'production',
    ...extra,
  });
  await waitHealthy(`http://127.0.0.1:${port}/health`, process);
  return { process, port };
}

const stopAll = (processes: Managed[]) => async () => {
  await Promise.all(processes.map((p) => p.stop()));
};

/**
 * The targets of a run. `compiled`: start the JavaScript that compileTargets() wrote (quick
 * and full runs); otherwise the TypeScript sources through tsx (the test suite's smoke run).
 */
export function targetSpecs(namespace: string, compiled: boolean, oursInstances = 2): Record<TargetId, TargetSpec> {
  const entry = (source: string) =>
    !compiled ? source : source.startsWith('src/') ? source.replace(/^src\/(.*)\.ts$/, 'dist/$1.js') : source.replace(/^bench\/peers\/(.*)\.ts$/, 'dist/bench-peers/$1.js');
  const db = (suffix: string) => `${namespace}_${suffix}`;
  const prefix = (suffix: string) => `${namespace}:${suffix}:`;
  return {
    ours: {
      id: 'ours',
      description: 'this server (src/main.ts): Yoga + Pothos, graphql-ws, per-user Redis channels, group commit; devices on the first instance, sends to the last',
      flavor: 'graphql-ws',
      database: db('ours'),
      redisPrefix: prefix('ours'),
      async start({ secret, extraEnv }) {
        // Two instances, as deployed behind a load balancer: devices hold their sockets on the
        // first, senders (HTTP POST or their own socket) reach the second, so every push
        // crosses Redis (like the socket.io peer's two processes).
        const start = async (n: number) => {
          const port = await freePort();
          const server = startNode(oursInstances > 1 ? `ours-${n}` : 'ours', entry('src/main.ts'), {
            PORT: String(port),
            HOST: '127.0.0.1',
            NODE_ENV: 'production',
            DATABASE_URL: databaseUrl(db('ours')),
            JWT_SECRET: secret,
            JWT_TTL_SECONDS: String(6 * 3600),
            LOG_LEVEL: 'warn',
            GRAPHIQL: 'false',
            REDIS_KEY_PREFIX: prefix('ours'),
            // The load generator sends far past any per-user limit on purpose (docs/security.md).
            RATE_LIMITS_ENABLED: 'false',
            ...extraEnv,
          });
          await waitHealthy(`http://127.0.0.1:${port}/health`, server);
          return { server, port };
        };
        const instances = [];
        for (let n = 0; n < Math.max(1, oursInstances); n++) instances.push(await start(n));
        const devices = instances[0]!;
        const senders = instances.at(-1)!;
        const processes = instances.map((i) => i.server);
        return {
          processes,
          socketUrls: [`ws://127.0.0.1:${devices.port}/graphql`],
          senderSocketUrl: `ws://127.0.0.1:${senders.port}/graphql`,
          httpUrl: `http://127.0.0.1:${senders.port}/graphql`,
          channelPattern: `${prefix('ours')}user:*`,
          stop: stopAll(processes),
        };
      },
    },
    'ws-raw': {
      id: 'ws-raw',
      description: 'plain ws + ioredis, one channel per user, frames built once and forwarded untouched',
      flavor: 'ws-raw',
      database: db('peer_wsraw'),
      redisPrefix: prefix('wsraw'),
      async start({ secret }) {
        const { process, port } = await startPeer('ws-raw', entry('bench/peers/ws-raw.ts'), db('peer_wsraw'), prefix('wsraw'), secret);
        return {
          processes: [process],
          socketUrls: [`ws://127.0.0.1:${port}`],
          senderSocketUrl: null,
          httpUrl: null,
          channelPattern: `${prefix('wsraw')}user:*`,
          stop: stopAll([process]),
        };
      },
    },
    socketio: {
      id: 'socketio',
      description: 'socket.io + @socket.io/redis-adapter, two processes, sender and recipients on different ones',
      flavor: 'socketio',
      database: db('peer_socketio'),
      redisPrefix: prefix('socketio'),
      async start({ secret }) {
        // Two processes share the pool size the others have alone.
        const a = await startPeer('socketio-a', entry('bench/peers/socketio.ts'), db('peer_socketio'), prefix('socketio'), secret, { POOL_SIZE: '5' });
        const b = await startPeer('socketio-b', entry('bench/peers/socketio.ts'), db('peer_socketio'), prefix('socketio'), secret, { POOL_SIZE: '5' });
        const processes = [a.process, b.process];
        return {
          processes,
          socketUrls: [`http://127.0.0.1:${a.port}`, `http://127.0.0.1:${b.port}`],
          senderSocketUrl: null,
          httpUrl: null,
          channelPattern: null,
          stop: stopAll(processes),
        };
      },
    },
    'naive-graphql': {
      id: 'naive-graphql',
      description: 'graphql-yoga + graphql-redis-subscriptions, one global channel, withFilter per subscriber',
      flavor: 'graphql-ws',
      database: db('peer_naive'),
      redisPrefix: prefix('naive'),
      async start({ secret }) {
        const { process, port } = await startPeer('naive-graphql', entry('bench/peers/naive-graphql.ts'), db('peer_naive'), prefix('naive'), secret);
        return {
          processes: [process],
          socketUrls: [`ws://127.0.0.1:${port}/graphql`],
          senderSocketUrl: null,
          httpUrl: `http://127.0.0.1:${port}/graphql`,
          channelPattern: null,
          stop: stopAll([process]),
        };
      },
    },
  };
}
