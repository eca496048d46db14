import { getOperationAST, GraphQLError, OperationTypeNode, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { OperationResult, ServerOptions, SubscribePayload } from 'graphql-ws';
import { envelop, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Context, SocketSession } from '../../graphql/context.js';
import type { WebSocket } from 'ws';
import type { SocketLimits } from '../../limits/socket-limits.js';
import type { SocketInfo } from '../../shared/socket-events.js';
import { subscribeCompiled, useCompiledExecution } from '../compiled-execution.js';

/** What graphql-ws keeps per connection (not the upgrade request: it would pin its buffers). */
export interface ConnectionExtra {
  /** The connection's id: its log lines' connectionId, and its SocketInfo's id once authenticated. */
  id: string;
  socket: WebSocket;
  info?: SocketInfo;
  /** What operations see of the socket (the in-band `authenticate`). */
  session?: SocketSession;
  expiryTimer?: NodeJS.Timeout;
  /** Until connection_init arrives: closes the socket with 4408 after WS_INIT_TIMEOUT_MS. */
  initWait?: NodeJS.Timeout;
  /** The peer's address: API keys may be bound to addresses, login and register are limited by it. */
  clientIp?: string;
  /** Whether this socket holds one of its tenant's socket slots (src/limits/). */
  countedForTenant?: boolean;
  /** A keep-alive ping went out and no pong came back since (keep-alive.ts). */
  awaitingPong: boolean;
}

/**
 * What Yoga's getEnveloped hands a socket operation. Its own typing is `any` (envelop types
 * the functions by the plugin list), so the parts used here are named once.
 */
interface Enveloped {
  schema: GraphQLSchema;
  execute: (args: ExecutionArgs) => unknown;
  contextFactory: (extra?: Record<string, unknown>) => Promise<Context>;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

/** Queries and mutations run on Yoga's enveloped execute, handed over in rootValue (Yoga's graphql-ws recipe). */
interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
}

type OperationHooks = Pick<
  ServerOptions<Record<string, unknown> | undefined, ConnectionExtra>,
  'onSubscribe' | 'execute' | 'subscribe' | 'onNext' | 'onError'
>;

/**
 * How a socket runs its operations. Each is parsed and validated through Yoga's envelop
 * (cached per document text, so a thousand sockets subscribing one operation parse and
 * validate it once, with the armor limits) and gets its context from Yoga's context
 * factory. Queries and mutations then execute through Yoga's envelop; subscriptions run
 * lean: `subscribeCompiled`, inside an envelop of the app's own plugins when there are any.
 */
export function socketOperations(options: {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  /** Yoga's error masking: Yoga's envelop does not see what lean subscriptions send. */
  maskError: (error: unknown, message: string) => Error;
  plugins: Plugin[];
  /** Per-socket limits: operations at once, operations per second (src/limits/socket-limits.ts). */
  limits: SocketLimits;
}): OperationHooks {
  const { yoga, maskError, plugins, limits } = options;
  const subscriptions = plugins.length > 0 ? envelop({ plugins: [useCompiledExecution(), ...plugins] }) : null;
  const mask = (error: GraphQLError) => maskError(error, 'Unexpected error.') as GraphQLError;

  return {
    onSubscribe: async (ctx, _id, payload: SubscribePayload) => {
      // A refusal is this operation's error; the socket and its other subscriptions go on.
      const refusal = await limits.admit(ctx.extra.info!.id, Object.keys(ctx.subscriptions).length);
      if (refusal) return [refusal];
      // The viewer connection_init authenticated; Yoga's context option builds the rest.
      const { schema, execute, contextFactory, parse, validate } = yoga.getEnveloped({
        viewer: ctx.extra.info!.viewer,
        socket: ctx.extra.session,
        clientIp: ctx.extra.clientIp,
      }) as unknown as Enveloped;
      // The same limits as HTTP (src/transport/policy.ts), in Yoga's parse and validate. A
      // refusal (some limits throw instead of reporting) answers that operation with its
      // error; the socket and its other subscriptions go on.
      let document: DocumentNode;
      try {
        document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      const args = { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      if (getOperationAST(document, payload.operationName)?.operation === OperationTypeNode.SUBSCRIPTION) {
        // A subscription's context lives as long as the subscription: it keeps no `params`.
        return { ...args, contextValue: await contextFactory() };
      }
      const rootValue: EnvelopedRoot = { execute };
      return { ...args, contextValue: await contextFactory({ params: payload }), rootValue };
    },
    execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as OperationResult,
    subscribe: (args) =>
      (subscriptions ? subscriptions(args.contextValue as Record<string, unknown>).subscribe(args) : subscribeCompiled(args)) as OperationResult,
    // Results of queries and mutations come masked by Yoga; those of subscriptions do not.
    onNext: (_ctx, _id, _payload, args, result) => {
      if (args.rootValue !== undefined || !result.errors) return undefined;
      return { ...result, errors: result.errors.map((e) => mask(e).toJSON()) };
    },
    // A refused operation, or a subscription whose stream failed (its start read the database
    // and that failed): the client learns it should subscribe again, not why.
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => mask(e).toJSON()),
  };
}
