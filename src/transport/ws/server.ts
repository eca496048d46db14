import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  getOperationAST,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { CloseCode, handleProtocols, makeServer, type SubscribePayload } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../../auth/auth.service.js';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { contextForViewer, type Context, type Services } from '../../graphql/context.js';
import type { SocketInfo } from '../../graphql/sockets.js';
import { corkUntilNextTurn } from './cork.js';
import { isOriginAllowed } from './origin.js';

/** What graphql-ws keeps per connection (not the upgrade request: it would pin its buffers). */
interface ConnectionExtra {
  socket: WebSocket;
  info?: SocketInfo;
  expiryTimer?: NodeJS.Timeout;
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * Subscriptions on sockets run on a lean path: compiled once per document with graphql-jit
 * and executed with the socket's own context, without Yoga's per-operation layers (each
 * wraps the event stream once more, and every open socket keeps its subscription for
 * hours). Validation (with the armor limits) still runs through Yoga's envelop, and errors
 * in pushed results are masked exactly as Yoga masks them.
 */
const LEAN = Symbol('lean subscription');
/** Per parsed document (Yoga's parse cache hands out one object per query text), per operation name. */
const compiledSubscriptions = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();

function compiled(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CompiledQuery | ExecutionResult {
  let byName = compiledSubscriptions.get(document);
  if (!byName) compiledSubscriptions.set(document, (byName = new Map()));
  let entry = byName.get(operationName ?? '');
  if (!entry) byName.set(operationName ?? '', (entry = compileQuery(schema, document, operationName ?? undefined)));
  return entry;
}

export const GOING_AWAY = 1001;
/** Sent to a socket that reads too slowly; it reconnects and resumes from its cursor. */
export const SLOW_CONSUMER = 1013;

/**
 * graphql-ws (protocol graphql-transport-ws) on the HTTP server's port and path, executing
 * through Yoga's envelop so its plugins apply to socket operations too.
 */
export function attachWebSocketServer(options: {
  server: Server;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  services: Services;
  config: AppConfig;
  logger: Logger;
  /** Yoga's error masking, applied to results of the lean subscription path too. */
  maskError: (error: unknown, message: string) => Error;
}): { close(): Promise<void>; clientCount(): number } {
  const { server, yoga, services, config, logger, maskError } = options;
  const contextFor = (viewer: Viewer) => contextForViewer(services, viewer);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.ws.maxFrameBytes,
    perMessageDeflate: false,
    handleProtocols,
  });

  const gql = makeServer<Record<string, unknown> | undefined, ConnectionExtra>({
    connectionInitWaitTimeout: config.ws.initTimeoutMs,
    onConnect: async (ctx) => {
      const authorization = ctx.connectionParams?.authorization;
      if (typeof authorization !== 'string') return false;
      let viewer: Viewer;
      try {
        viewer = await services.auth.authenticate(authorization);
      } catch {
        return false; // graphql-ws closes with 4403 Forbidden; its client retries with fresh params
      }
      const device = ctx.connectionParams?.device;
      const info: SocketInfo = {
        id: randomUUID(),
        viewer,
        device: typeof device === 'string' ? device.slice(0, 64) : null,
        connectedAt: new Date(),
      };
      ctx.extra.info = info;
      const msLeft = viewer.expiresAt * 1000 - Date.now();
      ctx.extra.expiryTimer = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Token expired'), msLeft);
      services.sockets.emit('opened', info);
      return true;
    },
    onSubscribe: async (ctx, _id, payload: SubscribePayload) => {
      const info = ctx.extra.info!;
      // Yoga's enveloped parse and validate are cached per document text, so a thousand
      // sockets subscribing the same operation parse and validate it once.
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        wsViewer: info.viewer,
        params: payload,
      });
      let document;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [error as GraphQLError];
      }
      const errors = validate(schema, document);
      if (errors.length > 0) return errors;
      if (getOperationAST(document, payload.operationName)?.operation === OperationTypeNode.SUBSCRIPTION) {
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: contextFor(info.viewer),
          rootValue: LEAN,
        };
      }
      const rootValue: EnvelopedRoot = { execute, subscribe };
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: await contextFactory(),
        rootValue,
      };
    },
    execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
    subscribe: (args) => {
      if (args.rootValue !== LEAN) return (args.rootValue as EnvelopedRoot).subscribe(args) as never;
      const query = compiled(args.schema, args.document, args.operationName);
      if (!isCompiledQuery(query) || !query.subscribe) return query as never;
      return query.subscribe(undefined, args.contextValue, args.variableValues) as never;
    },
    onNext: (_ctx, _id, _payload, args, result) => {
      if (args.rootValue !== LEAN || !('errors' in result) || !result.errors) return undefined;
      return { ...result, errors: result.errors.map((e) => maskError(e, 'Unexpected error.') as GraphQLError) } as never;
    },
    onClose: (ctx) => {
      clearTimeout(ctx.extra.expiryTimer);
      if (ctx.extra.info) services.sockets.emit('closed', ctx.extra.info);
    },
  });

  wss.on('connection', (socket: WebSocket) => {
    const extra: ConnectionExtra = { socket };
    socket.on('error', (error) => logger.debug({ err: error }, 'socket error'));
    let awaitingPong = false;
    const keepAlive =
      config.ws.keepAliveMs > 0
        ? setInterval(() => {
            if (awaitingPong) {
              socket.terminate(); // no pong since the last ping: the peer is gone
              return;
            }
            awaitingPong = true;
            socket.ping();
          }, config.ws.keepAliveMs)
        : null;
    socket.on('pong', () => {
      awaitingPong = false;
      if (extra.info) services.sockets.emit('alive', extra.info);
    });
    const closed = gql.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > config.ws.maxBufferedBytes) {
            socket.close(SLOW_CONSUMER, 'Slow consumer: reconnect and resume');
            return;
          }
          corkUntilNextTurn(socket);
          socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            cb(String(data)).catch((error: unknown) => {
              logger.error({ err: error }, 'socket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      if (keepAlive) clearInterval(keepAlive);
      closed(code, String(reason)).catch((error: unknown) => logger.error({ err: error }, 'socket close handling failed'));
    });
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!isOriginAllowed(request, config.ws.allowedOrigins)) {
      logger.warn({ origin: request.headers.origin }, 'WebSocket upgrade refused: origin not allowed');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  return {
    clientCount: () => wss.clients.size,
    async close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(GOING_AWAY, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
