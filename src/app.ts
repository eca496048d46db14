import { createServer, type Server } from 'node:http';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { AuthService } from './auth/auth.service.js';
import { TokenService } from './auth/tokens.js';
import { UsersStore } from './auth/users.store.js';
import type { AppConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { buildContext, type Context, type Services } from './graphql/context.js';
import { schema } from './graphql/schema.js';
import { createHealthRoutes, databaseHealth } from './health/health.routes.js';
import { createLogger, type Logger } from './logger.js';
import { MessagesService } from './messages/messages.service.js';
import { MessagesStore } from './messages/messages.store.js';
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
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
}

/** Builds the whole server from a config. Nothing listens and nothing is global. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl, config.databasePoolSize);
  const usersStore = new UsersStore(database.db);
  const messagesStore = new MessagesStore(database.db);
  const tokens = new TokenService(config.jwt);
  const redis = new RedisService(config.redis, logger);
  const bus = new MessageBus(redis, logger);
  const services: Services = {
    config,
    redis,
    bus,
    auth: new AuthService(usersStore, tokens, config),
    messages: new MessagesService(database.db, messagesStore, usersStore, config, logger),
    usersStore,
    messagesStore,
    logger,
  };

  const armor = new EnvelopArmor({
    maxDepth: { n: config.limits.maxQueryDepth },
    costLimit: { maxCost: config.limits.maxQueryCost },
    maxAliases: { n: 30 },
    // Suggestions help people exploring the API in GraphiQL; the schema is public anyway.
    blockFieldSuggestion: { enabled: false },
  });

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Meeting Assistant Messaging', subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    logging: logger,
    context: ({ request }) => buildContext(services, request.headers.get('authorization')),
    maskedErrors: {
      maskError(error, message, isDev) {
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
      },
    },
    plugins: [...armor.protect().plugins],
  });

  const handleHealth = createHealthRoutes([
    databaseHealth(database.db),
    redisHealth(redis),
    redisRoundTrip(redis, config.instanceId),
  ]);
  const server = createServer((req, res) => {
    handleHealth(req, res)
      .then((handled) => (handled ? undefined : yoga.handle(req, res)))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });

  return {
    config,
    logger,
    database,
    services,
    yoga,
    server,
    async close() {
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      await redis.close();
      await database.close();
    },
  };
}
