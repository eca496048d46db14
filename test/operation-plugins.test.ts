import { getOperationAST, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { collectOverSse } from './helpers/sse.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, execOverSocket, until, wsClient } from './helpers/ws.js';

// An envelop plugin given to createApp (the kind used for tracing and metrics) must see
// socket operations as it sees HTTP ones; src/transport/ws/server.ts lists what differs.

const MeForPluginsDoc = graphql(`
  query MeForPlugins {
    me {
      id
    }
  }
`);

const AcknowledgeForPluginsDoc = graphql(`
  mutation AcknowledgeForPlugins($upTo: String!) {
    acknowledgeDelivery(upTo: $upTo) {
      acknowledgedCount
    }
  }
`);

const InboxForPluginsDoc = graphql(`
  subscription InboxForPlugins {
    messageReceived {
      content
    }
  }
`);

/** What the plugin saw, as "<hook> <operation name> over <http|socket>". */
const seen: string[] = [];

function describeOperation(hook: string, args: ExecutionArgs): string {
  const name = getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous';
  const overHttp = (args.contextValue as { request?: unknown }).request !== undefined;
  return `${hook} ${name} over ${overHttp ? 'http' : 'socket'}`;
}

/** Counts operations the way a metrics plugin does, and follows subscriptions the way a tracer does. */
const countingPlugin: Plugin = {
  onExecute({ args }) {
    seen.push(describeOperation('execute', args));
  },
  onSubscribe({ args }) {
    const operation = describeOperation('subscribe', args);
    seen.push(operation);
    return {
      onSubscribeResult: () => ({
        onNext: () => void seen.push(operation.replace('subscribe', 'event')),
        onEnd: () => void seen.push(operation.replace('subscribe', 'end')),
      }),
    };
  },
};

let t: TestApp;
let url: string;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestApp('operation_plugins', { app: { plugins: [countingPlugin] } });
  url = await t.listen();
  [alice, bob] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob')]);
});
afterAll(() => t?.close());

describe('plugins see every operation, over HTTP and over sockets', () => {
  it('a metrics plugin counts queries, mutations and subscriptions over HTTP, SSE and a socket alike', async () => {
    seen.length = 0;
    expect((await t.exec(MeForPluginsDoc, {}, bob.token)).errors).toBeUndefined();
    expect((await t.exec(AcknowledgeForPluginsDoc, { upTo: 'aW5ib3g6MA' }, bob.token)).errors).toBeUndefined();
    const sse = collectOverSse(url, bob.token, InboxForPluginsDoc, {});
    const client = wsClient(url, bob.token);
    try {
      expect((await execOverSocket(client, MeForPluginsDoc, {})).errors).toBeUndefined();
      expect((await execOverSocket(client, AcknowledgeForPluginsDoc, { upTo: 'aW5ib3g6MA' })).errors).toBeUndefined();
      const socketStream = collect(client, InboxForPluginsDoc, {});
      await until(() => seen.filter((s) => s.startsWith('subscribe')).length === 2);
      expect(socketStream.errors).toEqual([]);
      expect(sse.errors).toEqual([]);
    } finally {
      sse.stop();
      await client.dispose();
    }
    await until(() => seen.filter((s) => s.startsWith('end')).length === 2);
    expect([...seen].sort()).toEqual(
      [
        'end InboxForPlugins over http',
        'end InboxForPlugins over socket',
        'execute MeForPlugins over http',
        'execute AcknowledgeForPlugins over http',
        'subscribe InboxForPlugins over http',
        'execute MeForPlugins over socket',
        'execute AcknowledgeForPlugins over socket',
        'subscribe InboxForPlugins over socket',
      ].sort(),
    );
  });

  it('a tracing plugin sees each event a socket subscription pushes, and its end', async () => {
    seen.length = 0;
    const client = wsClient(url, bob.token);
    try {
      const stream = collect(client, InboxForPluginsDoc, {});
      await until(() => seen.includes('subscribe InboxForPlugins over socket'));
      await until(() => t.app.services.streams.userCount() > 0);
      const redis = t.app.services.redis.command!;
      await until(async () => {
        const reply = (await redis.call('PUBSUB', 'NUMSUB', t.app.services.redis.key(`user:${bob.id}:messages`))) as Array<string | number>;
        return Number(reply[1]) >= 1;
      });
      for (const content of ['one', 'two']) {
        expect((await t.exec(SendDoc, { input: { recipientIds: [bob.id], content } }, alice.token)).errors).toBeUndefined();
      }
      await stream.waitFor(2);
      stream.stop();
      await until(() => seen.includes('end InboxForPlugins over socket'));
    } finally {
      await client.dispose();
    }
    expect(seen.filter((s) => s.endsWith('over socket') && !s.startsWith('execute'))).toEqual([
      'subscribe InboxForPlugins over socket',
      'event InboxForPlugins over socket',
      'event InboxForPlugins over socket',
      'end InboxForPlugins over socket',
    ]);
  });
});
