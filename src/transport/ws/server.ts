/**
 * graphql-ws (protocol graphql-transport-ws) on the HTTP server's own port and path.
 *
 * A fork of graphql-ws's `useServer` (graphql-ws/use/ws) and of Yoga's graphql-ws recipe,
 * made for memory and speed: an open socket holds its subscription for hours, and a
 * fan-out pushes one event to thousands of them. What it does differently, and why:
 *
 * - Subscriptions run lean (operations.ts, ../compiled-execution.ts): the source stream
 *   from graphql-js, each event executed by the document compiled once with graphql-jit,
 *   and the stream handed to graphql-ws as it is, not through Yoga's envelop, whose plugins
 *   (error masking, abort handling) each wrapped it once more. Only the app's own plugins,
 *   when it has any, run around it (see below). With the PushIterator that replaced Yoga's
 *   Repeater on inbox streams, the live heap at 2,000 sockets fell from 67 to 57.5 MB, about
 *   5 KB per subscription. Errors in pushed results and failed streams are masked here with
 *   Yoga's own masking function. Compiled execution itself cut fan-out CPU per delivery by
 *   a third and 1:1 p99 at 250 sends/s from 110 to 68 ms.
 * - Frames a socket sends in one turn of the event loop leave in one write (cork.ts): a
 *   mutation's `next` and `complete`, a burst of pushes. Each write is a system call (tens
 *   of microseconds on a small VM); no separate number was recorded for this change.
 * - No upgrade request is kept per socket (`useServer` keeps it in `extra.request`, which
 *   pins its buffers for the socket's life); no number was recorded for this one either.
 * - The Origin is checked before the upgrade (origin.ts); `useServer` accepts any.
 * - Our own keep-alive (a ping every WS_KEEPALIVE_MS; no pong since the last one terminates
 *   the socket; one timer for all sockets, keep-alive.ts), whose pongs also keep presence fresh; a socket whose unsent data passes
 *   WS_MAX_BUFFERED_BYTES is closed with 1013 (it resumes from its cursor); the token's
 *   expiry closes the socket with 4403 (timers chained past setTimeout's 24.8-day limit);
 *   no permessage-deflate.
 * - In-band token refresh: an `authenticate(token)` mutation sent on the socket moves its
 *   expiry to the new token's, for the same user only, without touching its subscriptions
 *   (docs/security.md, "Refreshing a socket's token").
 * - An operation refused by the limits (depth, cost, aliases, tokens) is answered with an
 *   error for that operation; graphql-ws's own path closed the socket with 4500.
 *
 * Plugins (Yoga's `plugins`, and the app's own passed as `plugins`) see socket operations
 * as they see HTTP ones, with these exceptions:
 * - No HTTP hooks (onRequest, onRequestParse, onParams, onResultProcess, onResponse): there
 *   is no request. Contexts of socket operations have no `request`; a subscription's has no
 *   `params` either (it lives as long as the subscription; the operation is in its
 *   execution args).
 * - Queries and mutations: every envelop hook (onParse, onValidate, onContextBuilding,
 *   onExecute and their result hooks) runs through Yoga's envelop.
 * - Subscriptions: onParse, onValidate and onContextBuilding run through Yoga's envelop;
 *   onSubscribe (and its result hooks) and subscribe instrumentation run only for the app's
 *   own `plugins`, in a second envelop: Yoga's built-in plugins do not, and neither do
 *   plugins a plugin adds with `addPlugin`. There an app plugin's onPluginInit runs a second
 *   time (once per envelop) and its onEnveloped twice per subscription. A plugin that
 *   returns onNext or onEnd wraps the event stream, which costs memory for every open
 *   subscription.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../../auth/auth.service.js';
import type { AppConfig } from '../../config.js';
import type { Context, Services, SocketSession } from '../../graphql/context.js';
import type { SocketInfo } from '../../shared/socket-events.js';
import type { Logger } from '../../logger.js';
import { countFrameSent, metrics } from '../../operations/metrics.js';
import { connectionContext, runInContext } from '../../operations/request-context.js';
import { corkUntilNextTurn } from './cork.js';
import { KeepAlive } from './keep-alive.js';
import { isOriginAllowed } from './origin.js';
import { socketOperations, type ConnectionExtra } from './operations.js';


export const GOING_AWAY = 1001;
/** Sent to a socket that reads too slowly; it reconnects and resumes from its cursor. */
export const SLOW_CONSUMER = 1013;

/** setTimeout's longest delay (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A random UUID as one flat string. `randomUUID()` builds its text by concatenation, and
 * V8 keeps that as a tree of about twenty string pieces (some 700 bytes) until something
 * flattens it; a socket keeps its id for its life (SocketInfo, log context, presence).
 */
function flatUuid(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

/** Closes the socket with 4403 when its viewer's token expires, however far away that is. */
function scheduleExpiry(extra: ConnectionExtra): void {
  clearTimeout(extra.expiryTimer);
  const msLeft = extra.info!.viewer.expiresAt * 1000 - Date.now();
  extra.expiryTimer = setTimeout(() => {
    if (extra.info!.viewer.expiresAt * 1000 <= Date.now()) extra.socket.close(CloseCode.Forbidden, 'Token expired');
    else scheduleExpiry(extra);
  }, Math.max(0, Math.min(msLeft, MAX_TIMER_MS)));
}

/**
 * What operations see of their socket (SocketSession): the authenticated viewer, the peer's
 * address and the in-band token refresh. A class over the connection's own state, so that a
 * socket holds no closure for it.
 */
class Session implements SocketSession {
  constructor(private readonly extra: ConnectionExtra) {}

  get viewer(): Viewer {
    return this.extra.info!.viewer;
  }

  get ip(): string | undefined {
    return this.extra.clientIp;
  }

  reauthenticate(next: Viewer): void {
    // The viewer object is the one every operation of the socket reads: its expiry moves for all.
    Object.assign(this.extra.info!.viewer, { expiresAt: next.expiresAt, role: next.role, scopes: next.scopes });
    scheduleExpiry(this.extra);
  }
}

export function attachWebSocketServer(options: {
  server: Server;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  services: Services;
  config: AppConfig;
  logger: Logger;
  /** Yoga's error masking, applied to what the lean subscription path sends too. */
  maskError: (error: unknown, message: string) => Error;
  /** The app's own plugins (tracing, metrics), also given to Yoga: they see socket subscriptions too. */
  plugins?: Plugin[];
}): { close(): Promise<void>; clientCount(): number } {
  const { server, yoga, services, config, logger, maskError } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.ws.maxFrameBytes,
    perMessageDeflate: false,
    handleProtocols,
  });

  /** Pings every socket each WS_KEEPALIVE_MS, on one timer (keep-alive.ts); none with 0. */
  const keepAlive = config.ws.keepAliveMs > 0 ? new KeepAlive(config.ws.keepAliveMs) : null;

  const gql = makeServer<Record<string, unknown> | undefined, ConnectionExtra>({
    // Our own wait (below): graphql-ws's timer stays referenced by the socket's closure for
    // the socket's life, long after it fired.
    connectionInitWaitTimeout: 0,
    onConnect: async (ctx) => {
      // connection_init arrived (graphql-ws calls this for every one, acceptable or not).
      clearTimeout(ctx.extra.initWait);
      ctx.extra.initWait = undefined;
      const authorization = ctx.connectionParams?.authorization;
      const device = ctx.connectionParams?.device;
      // graphql-ws keeps connection_init's payload for the socket's life; nothing reads it
      // after this, and its token alone is a few hundred bytes per socket.
      (ctx as { connectionParams?: unknown }).connectionParams = undefined;
      if (typeof authorization !== 'string') return false;
      let viewer: Viewer;
      try {
        viewer = await services.auth.authenticate(authorization, { ip: ctx.extra.clientIp });
      } catch {
        return false; // graphql-ws closes with 4403 Forbidden; its client retries with fresh params
      }
      // The tenant's quota of open sockets (src/limits/); over it, connection_init is refused (4403).
      try {
        await services.limits.rates.socketOpened(viewer.tenantId);
        ctx.extra.countedForTenant = true;
      } catch {
        logger.warn({ tenant: viewer.tenantId }, 'socket refused: the tenant has its maximum of open sockets');
        return false;
      }
      const info: SocketInfo = {
        id: ctx.extra.id,
        viewer,
        device: typeof device === 'string' ? device.slice(0, 64) : null,
        connectedAt: new Date(),
      };
      ctx.extra.info = info;
      metrics.wsConnectionsOpened.inc();
      const extra = ctx.extra;
      extra.session = new Session(extra);
      scheduleExpiry(extra);
      services.sockets.emit('opened', info);
      return true;
    },
    ...socketOperations({ yoga, maskError, plugins: options.plugins ?? [], limits: services.limits.sockets }),
    onClose: (ctx) => {
      clearTimeout(ctx.extra.initWait);
      clearTimeout(ctx.extra.expiryTimer);
      if (ctx.extra.info) services.sockets.emit('closed', ctx.extra.info);
      if (ctx.extra.info && ctx.extra.countedForTenant) void services.limits.rates.socketClosed(ctx.extra.info.viewer.tenantId);
    },
  });

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const id = flatUuid();
    const extra: ConnectionExtra = { id, socket, clientIp: request.socket.remoteAddress, awaitingPong: false };
    const connection = connectionContext(id);
    if (config.ws.initTimeoutMs > 0) {
      extra.initWait = setTimeout(() => socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout'), config.ws.initTimeoutMs);
    }
    socket.on('error', (error) => logger.debug({ err: error }, 'socket error'));
    keepAlive?.add(extra);
    socket.on('pong', () => {
      extra.awaitingPong = false;
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
          countFrameSent(data.length);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            metrics.wsMessagesReceived.add();
            // With ws's default binaryType every message arrives as one Buffer; its log lines name the connection.
            runInContext({ ...connection }, () => cb((data as Buffer).toString('utf8'))).catch((error: unknown) => {
              logger.error({ err: error }, 'socket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      keepAlive?.remove(extra);
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
      keepAlive?.stop();
      for (const client of wss.clients) client.close(GOING_AWAY, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
