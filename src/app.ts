import { createServer, type Server } from 'node:http';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaInitialContext, type YogaServerInstance } from 'graphql-yoga';
import { AuthService } from './auth/auth.service.js';
import { CacheService } from './cache/cache.service.js';
import { cacheSocketListener } from './cache/cache.sockets.js';
import { CacheStore } from './cache/cache.store.js';
import { TokenService } from './auth/tokens.js';
import { UsersStore } from './auth/users.store.js';
import type { AppConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { DeliveryStore } from './delivery/delivery.store.js';
import { DeliveryStatusStore } from './delivery/delivery-status.js';
import { DeliveryQueue } from './delivery/delivery.queue.js';
import { createContext, type Context, type Services } from './graphql/context.js';
import { SocketEvents } from './graphql/sockets.js';
import { useCompiledExecution } from './transport/compiled-execution.js';
import { attachWebSocketServer } from './transport/ws/server.js';
import type { Viewer } from './auth/auth.service.js';
import { schema } from './graphql/schema.js';
import { createHealthRoutes, databaseHealth } from './health/health.routes.js';
import { createLogger, type Logger } from './logger.js';
import { MessagesService } from './messages/messages.service.js';
import { MessagesStore } from './messages/messages.store.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { MeetingsStore } from './meetings/meetings.store.js';
import { PresenceService } from './presence/presence.service.js';
import { PresenceStore } from './presence/presence.store.js';
import { presenceSocketListener } from './presence/presence.sockets.js';
import { MessageBus } from './redis/bus.js';
import { redisHealth, redisRoundTrip } from './redis/redis.health.js';
import { RedisService } from './redis/redis.service.js';

export interface App {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  services: Services;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  /** Not listening; main.ts (or a test) calls listen. */
  server: Server;
  webSockets: { close(): Promise<void>; clientCount(): number };
  close(graceMs?: number): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /**
   * Envelop/Yoga plugins for every operation (tracing, metrics), over HTTP, SSE and sockets;
   * what they see of socket subscriptions is described in src/transport/ws/server.ts.
   */
  plugins?: Plugin[];
}

/** Builds the whole server from a config. Nothing listens and nothing is global. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl, config.databasePoolSize);
  const usersStore = new UsersStore(database.db);
  const messagesStore = new MessagesStore(database.db);
  messagesStore
    .detectIdAllocation()
    .catch((error: unknown) => logger.warn({ err: error }, 'could not read the auto-increment mode; inserting rows one by one'));
  const tokens = new TokenService(config.jwt);
  const redis = new RedisService(config.redis, logger);
  const bus = new MessageBus(redis, logger);
  const sockets = new SocketEvents((error, event) => logger.error({ err: error, event }, 'socket listener failed'));
  const deliveryStatus = new DeliveryStatusStore(redis, config.delivery.statusTtlSeconds);
  const queue: DeliveryQueue | null =
    config.redis && config.delivery.queueEnabled
      ? new DeliveryQueue(
          redis,
          (jobs) => delivery.publications(jobs),
          deliveryStatus,
          {
            workers: config.role === 'api' ? 0 : config.delivery.workers,
            reclaimMs: config.delivery.reclaimMs,
            maxTries: config.delivery.maxTries,
            batchSize: config.delivery.batchSize,
            maxLength: config.delivery.streamMaxLength,
            blockMs: 1000,
          },
          config.instanceId,
          logger,
        )
      : null;
  const delivery: DeliveryService = new DeliveryService(
    new DeliveryStore(database.db),
    bus,
    redis,
    deliveryStatus,
    queue,
    config.delivery,
    logger,
  );
  const messages = new MessagesService(database.db, messagesStore, usersStore, config, logger);
  messages.onInboxChange((change) => delivery.onInboxChange(change));
  const cache = new CacheService({ config, redis, bus, messages, store: new CacheStore(database.db), logger });
  messages.onInboxChange((change) => cache.onInboxChange(change));
  sockets.listen(cacheSocketListener(cache));
  queue?.start();
  delivery.start();
  const presence = new PresenceService(
    redis,
    new PresenceStore(database.db),
    usersStore,
    { instanceId: config.instanceId, ...config.presence },
    logger,
  );
  presence.start();
  sockets.listen(presenceSocketListener(presence));
  const services: Services = {
    config,
    redis,
    bus,
    auth: new AuthService(usersStore, tokens, config, cache.profiles),
    messages,
    cache,
    sockets,
    delivery,
    usersStore,
    messagesStore,
    presence,
    meetings: new MeetingsService(database.db, new MeetingsStore(database.db), usersStore, bus, config, logger),
    logger,
  };

  const armor = new EnvelopArmor({
    maxDepth: { n: config.limits.maxQueryDepth },
    costLimit: { maxCost: config.limits.maxQueryCost },
    maxAliases: { n: 30 },
    // Suggestions help people exploring the API in GraphiQL; the schema is public anyway.
    blockFieldSuggestion: { enabled: false },
  });

  /** Unexpected errors are logged and reach clients as INTERNAL_SERVER_ERROR without their details. */
  const maskOperationError = (error: unknown, message: string, isDev?: boolean): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original && !(original instanceof GraphQLError)) {
      logger.error({ err: original }, 'unexpected error in an operation');
    }
    const masked = maskError(error, message, isDev);
    if (masked instanceof GraphQLError && masked !== error && !masked.extensions.code) {
      return new GraphQLError(masked.message, {
        nodes: masked.nodes,
        path: masked.path,
        extensions: { ...masked.extensions, code: 'INTERNAL_SERVER_ERROR' },
      });
    }
    return masked;
  };

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL runs subscriptions over SSE, so the Authorization header from its headers tab
    // authenticates them; apps use graphql-ws.
    graphiql: config.graphiql ? { title: 'Meeting Assistant Messaging', subscriptionsProtocol: 'SSE' } : false,
    landingPage: false,
    logging: logger,
    // Socket operations arrive with the viewer that connection_init authenticated (and no
    // request); HTTP and SSE ones with their Authorization header.
    context: ({ viewer, request }: YogaInitialContext & { viewer?: Viewer }) =>
      createContext(services, viewer ? { viewer } : { authorization: request.headers.get('authorization') }),
    maskedErrors: { maskError: maskOperationError },
    // Compiled execution: a subscription's document runs once per pushed event on every
    // socket, so compiling it once pays off most there.
    plugins: [useCompiledExecution(), ...armor.protect().plugins, ...(options.plugins ?? [])],
  });

  const handleHealth = createHealthRoutes([
    databaseHealth(database.db),
    redisHealth(redis, () => ({ cache: cache.health() })),
    redisRoundTrip(redis, config.instanceId),
  ]);
  // A ROLE=worker process runs the delivery workers and answers only /health.
  const serveApi = config.role !== 'worker';
  const server = createServer((req, res) => {
    handleHealth(req, res)
      .then((handled) => {
        if (handled) return undefined;
        if (serveApi) return yoga.handle(req, res);
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"this instance runs delivery workers only"}');
        return undefined;
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  // Keep idle HTTP connections longer than clients and load balancers do (Node's 5 s default
  // races with clients reusing a connection the server is closing: "socket hang up").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const webSockets = serveApi
    ? attachWebSocketServer({ server, yoga, services, config, logger, maskError: maskOperationError, plugins: options.plugins })
    : { close: async () => undefined, clientCount: () => 0 };

  return {
    config,
    logger,
    database,
    services,
    yoga,
    server,
    webSockets,
    /**
     * Graceful stop: refuse new connections, close sockets with 1001 (clients reconnect to
     * another instance and resume from their cursor), let in-flight requests finish (up to
     * `graceMs`), then close the pools.
     */
    async close(graceMs = 10_000) {
      const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      await webSockets.close();
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      await stopped;
      clearTimeout(force);
      await queue?.stop();
      delivery.stop();
      presence.stop();
      await redis.close();
      await database.close();
    },
  };
}
