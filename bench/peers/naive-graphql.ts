import { createServer } from 'node:http';
import { parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { withFilter } from 'graphql-subscriptions';
import { useServer } from 'graphql-ws/use/ws';
import { createSchema, createYoga } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { env, tokenVerifier } from './auth.js';
import { openPeerPool, writeMessage } from './store.js';

// Peer "naive-graphql": the tutorial pattern. graphql-yoga over HTTP, graphql-ws for
// subscriptions, graphql-redis-subscriptions with ONE global channel, and `withFilter` in
// every subscriber deciding whether each message is theirs.

const port = Number(env('PORT'));
const tenant = process.env.TENANT ?? 'default';
const verify = tokenVerifier(env('JWT_SECRET'));
const pool = openPeerPool(env('DATABASE_URL'));
const redisOptions = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 };
const pubsub = new RedisPubSub({ publisher: new Redis(redisOptions), subscriber: new Redis(redisOptions) });
const MESSAGE_SENT = `${process.env.REDIS_PREFIX ?? ''}MESSAGE_SENT`;

interface Ctx extends Record<string, unknown> {
  userId: number | null;
}
/** What onSubscribe puts in rootValue: Yoga's enveloped execute and subscribe (Envelop types them `any`). */
interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}
interface SentEvent {
  recipientIds: number[];
  seqs: Record<string, number>;
  message: { id: string; content: string; createdAt: string };
}

const schema = createSchema<Ctx>({
  typeDefs: /* GraphQL */ `
    type Message { id: ID! content: String! createdAt: String! cursor: String }
    input SendMessageInput { recipientIds: [ID!]! content: String! clientMessageId: String }
    type Query { ok: Boolean! }
    type Mutation { sendMessage(input: SendMessageInput!): Message! }
    type Subscription { messageReceived: Message! }
  `,
  resolvers: {
    Query: { ok: () => true },
    Mutation: {
      async sendMessage(_root, { input }: { input: { recipientIds: string[]; content: string } }, ctx) {
        if (!ctx.userId) throw new Error('unauthenticated');
        const recipientIds = input.recipientIds.map(Number);
        const written = await writeMessage(pool, tenant, ctx.userId, recipientIds, input.content);
        const message = { id: String(written.id), content: input.content, createdAt: written.createdAt };
        const event: SentEvent = { recipientIds, seqs: Object.fromEntries(written.seqs), message };
        await pubsub.publish(MESSAGE_SENT, event);
        return message;
      },
    },
    Subscription: {
      messageReceived: {
        subscribe: withFilter(
          () => pubsub.asyncIterator<SentEvent>(MESSAGE_SENT),
          (event: SentEvent | undefined, _args: unknown, ctx: Ctx | undefined) =>
            event?.recipientIds.includes(ctx?.userId ?? -1) ?? false,
        ),
        resolve: (event: SentEvent, _args: unknown, ctx: Ctx) => ({
          ...event.message,
          cursor: String(event.seqs[String(ctx.userId)] ?? ''),
        }),
      },
    },
  },
});

const yoga = createYoga<Record<string, unknown>, Ctx>({
  schema,
  logging: false,
  graphiql: false,
  // Over HTTP the token comes in the header; over graphql-ws onConnect has checked it already.
  context: async (initial: { request?: Request; userId?: number }) => ({
    userId: initial.userId ?? (initial.request ? await verify(initial.request.headers.get('authorization')).catch(() => null) : null),
  }),
});

const server = createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end();
  void yoga.handle(req, res);
});
const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: false });

useServer<Record<string, unknown>, { userId?: number }>(
  {
    execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
    subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
    async onConnect(ctx) {
      try {
        ctx.extra.userId = await verify(ctx.connectionParams?.authorization as string | undefined);
        return true;
      } catch {
        return false;
      }
    },
    async onSubscribe(ctx, _id, params) {
      const { execute, subscribe, contextFactory, ...enveloped } = yoga.getEnveloped({ ...ctx, params, userId: ctx.extra.userId });
      const schema = enveloped.schema as GraphQLSchema;
      const document = parse(params.query);
      const errors = validate(schema, document);
      if (errors.length > 0) return errors;
      const base = (await contextFactory()) as Record<string, unknown>;
      return {
        schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: { ...base, userId: ctx.extra.userId ?? null },
        rootValue: { execute, subscribe } satisfies EnvelopedRoot,
      };
    },
  },
  wss,
);

server.listen(port, '127.0.0.1');
const stop = () => {
  for (const socket of wss.clients) socket.terminate();
  server.close();
  void Promise.allSettled([pool.end(), pubsub.close()]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
