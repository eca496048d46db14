import { createServer, type Server } from 'node:http';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaInitialContext, type YogaServerInstance } from 'graphql-yoga';
import { AttachmentCleanup } from './attachments/attachment-cleanup.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { AttachmentsStore } from './attachments/attachments.store.js';
import { uploadFetchAPI, useBodyLimit } from './attachments/body-limits.js';
import { DownloadLinks } from './attachments/download-links.js';
import { createDownloadRoute } from './attachments/download.route.js';
import { createStorage } from './attachments/create-storage.js';
import { AuthService } from './auth/auth.service.js';
import { ProfileCache } from './auth/profiles.js';
import { TokenService } from './auth/tokens.js';
import { UsersStore } from './auth/users.store.js';
import type { AppConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { Acknowledgements } from './delivery/acknowledgements.js';
import { DeliveryStatusStore } from './delivery/delivery-status.js';
import { DeliveryQueue } from './delivery/delivery.queue.js';
import { DeliveryStore } from './delivery/delivery.store.js';
import { DeliveryDispatcher } from './delivery/dispatcher.js';
import { StreamRegistry } from './delivery/stream-registry.js';
import { createContext, type Context, type Services } from './graphql/context.js';
import { schema } from './graphql/schema.js';
import { useCompiledExecution } from './transport/compiled-execution.js';
import { attachWebSocketServer } from './transport/ws/server.js';
import type { Viewer } from './auth/auth.service.js';
import { createHealthRoutes, databaseHealth } from './health/health.routes.js';
import { InboxLogStore } from './inbox/inbox-log.store.js';
import { InboxService } from './inbox/inbox.service.js';
import { InboxStore } from './inbox/inbox.store.js';
import { InboxCache } from './inbox/read-model/inbox-cache.js';
import { SnapshotStore } from './inbox/read-model/snapshot.store.js';
import { createLogger, type Logger } from './logger.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { MeetingsStore } from './meetings/meetings.store.js';
import { Confirmations } from './notifications/confirmations.js';
import { OfflineFallback } from './notifications/fallback.js';
import { createMailer } from './outbound/mailer.js';
import { NotificationNotices } from './notifications/notices.js';
import { NotifiedSend } from './notifications/notified-send.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { NotificationsStore } from './notifications/notifications.store.js';
import { PushHolds } from './notifications/push-holds.js';
import { SettingsResolver } from './notifications/settings.js';
import { TimerRunner } from './notifications/timers.js';
import { TimersStore } from './notifications/timers.store.js';
import { TemplatesService } from './notifications/templates.js';
import { TemplatesStore } from './notifications/templates.store.js';
import { PresenceService } from './presence/presence.service.js';
import { PresenceStore } from './presence/presence.store.js';
import { PreviewCache } from './previews/preview-cache.js';
import { LinkPreviewService } from './previews/previews.service.js';
import { PreviewsStore } from './previews/previews.store.js';
import { inboxReactions, runReactions, socketReactions, type InboxReaction } from './reactions.js';
import { MessageBus } from './redis/bus.js';
import { redisHealth, redisRoundTrip } from './redis/redis.health.js';
import { RedisService } from './redis/redis.service.js';
import { CacheMetrics } from './shared/cache-metrics.js';
import { SocketEvents } from './shared/socket-events.js';

export interface App {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  services: Services;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  /** What reacts to every commit (src/reactions.ts); a test may add an observer. */
  reactions: InboxReaction[];
  /** Not listening; main.ts (or a test) calls listen. */
  server: Server;
  webSockets: { close(): Promise<void>; clientCount(): number };
  /** Deletes uploads never sent (src/attachments/attachment-cleanup.ts); tests run it by hand. */
  attachmentCleanup: AttachmentCleanup;
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
  const { db } = database;
  const redis = new RedisService(config.redis, logger);
  const bus = new MessageBus(redis, logger);

  // Stores: the only code that reads and writes tables.
  const usersStore = new UsersStore(db);
  const inboxStore = new InboxStore(db);
  inboxStore
    .detectIdAllocation()
    .catch((error: unknown) => logger.warn({ err: error }, 'could not read the auto-increment mode; inserting rows one by one'));
  const inboxLog = new InboxLogStore(db);
  const deliveryStore = new DeliveryStore(db);

  // Attachments: uploads, signed downloads, cleanup of unsent uploads (src/attachments/).
  const attachmentsStore = new AttachmentsStore(db);
  const attachments = new AttachmentsService(
    attachmentsStore,
    createStorage(config.storage),
    new DownloadLinks({ secret: config.attachments.urlSecret, ttlSeconds: config.attachments.urlTtlSeconds, baseUrl: config.attachments.baseUrl }),
    config.attachments,
    logger,
  );
  const attachmentCleanup = new AttachmentCleanup(
    db,
    attachmentsStore,
    attachments,
    { unsentTtlSeconds: config.attachments.unsentTtlSeconds, intervalMs: config.attachments.cleanupIntervalMs, batchSize: config.attachments.cleanupBatch },
    logger,
  );

  // Delivery: commit → queue → workers → user channels → streams → sockets.
  const deliveryStatus = new DeliveryStatusStore(redis, config.delivery.statusTtlSeconds);
  const queue =
    config.redis && config.delivery.queueEnabled
      ? new DeliveryQueue(
          redis,
          deliveryStatus,
          {
            workers: config.role === 'api' ? 0 : config.delivery.workers,
            reclaimMs: config.delivery.reclaimMs,
            maxTries: config.delivery.maxTries,
            batchSize: config.delivery.batchSize,
            maxLength: config.delivery.streamMaxLength,
            blockMs: 1000,
            broadcastThreshold: config.delivery.broadcastThreshold,
          },
          config.instanceId,
          logger,
        )
      : null;
  // Notification rules (src/notifications/): held pushes, durable timers, preferences.
  const notificationsStore = new NotificationsStore(db);
  const timersStore = new TimersStore(db);
  const preferences = new SettingsResolver(notificationsStore, config.notifications);
  const pushHolds = new PushHolds(notificationsStore, timersStore, preferences, bus, logger);
  const timers = new TimerRunner(db, timersStore, config.notifications.timerPollMs, logger);
  timers.handle('RELEASE', (timer, tx, now) => pushHolds.fire(timer, tx, now));

  const dispatcher = new DeliveryDispatcher(bus, queue, deliveryStatus, { broadcastThreshold: config.delivery.broadcastThreshold }, pushHolds);
  const streams = new StreamRegistry(inboxLog, bus, { positionCheckMs: config.delivery.positionCheckMs }, logger, pushHolds);
  const acknowledgements = new Acknowledgements(deliveryStore, streams, deliveryStatus, config.delivery, logger);

  // The inbox, with its read model in Redis, and what reacts to its commits.
  const cacheMetrics = new CacheMetrics();
  const cache = new InboxCache(config.cache, cacheMetrics, redis, new SnapshotStore(db), logger);
  // Link previews: fetched after a send commits; the UPDATE they commit goes through the same reactions.
  const previews = new LinkPreviewService(
    config.linkPreviews,
    new PreviewsStore(db),
    new PreviewCache(redis, config.linkPreviews.cacheTtlSeconds, logger),
    (change) => afterCommit(change),
    logger,
  );
  const presence = new PresenceService(redis, new PresenceStore(db), usersStore, { instanceId: config.instanceId, ...config.presence }, logger);
  // Offline fallback (src/notifications/fallback.ts): email digests and signed webhooks.
  const mailer = config.mail ? createMailer(config.mail) : null;
  const fallback = new OfflineFallback(notificationsStore, timersStore, preferences, presence, usersStore, mailer, config.notifications, logger);
  timers.handle('FALLBACK_EMAIL', (timer, tx, now) => fallback.fire('EMAIL', timer, tx, now));
  timers.handle('FALLBACK_WEBHOOK', (timer, tx, now) => fallback.fire('WEBHOOK', timer, tx, now));
  const reactions = inboxReactions({ cache, dispatcher, previews, fallback });
  const afterCommit = runReactions(reactions, logger);
  const inbox = new InboxService(
    db,
    inboxStore,
    inboxLog,
    usersStore,
    cache,
    { syncStatusTtlSeconds: config.delivery.syncStatusTtlSeconds, recallWindowSeconds: config.limits.recallWindowSeconds },
    afterCommit,
    attachments,
  );

  const profiles = new ProfileCache(bus, cacheMetrics, {
    enabled: config.cache.enabled,
    ttlMs: config.cache.profileTtlSeconds * 1000,
    maxEntries: 50_000,
  });
  const sockets = new SocketEvents((error, event) => logger.error({ err: error, event }, 'socket listener failed'));
  for (const listener of socketReactions({ presence, cache })) sockets.listen(listener);

  const meetings = new MeetingsService(db, new MeetingsStore(db), usersStore, bus, config.limits.maxRecipients, logger);
  const notifications = new NotificationsService(notificationsStore, preferences, pushHolds, meetings);
  const templates = new TemplatesService(new TemplatesStore(db), preferences, config.notifications.defaultLocale);
  const confirmations = new Confirmations(notificationsStore, timersStore, usersStore, inbox, inboxStore, logger);
  timers.handle('REMIND', (timer, tx, now) => confirmations.fireReminder(timer, tx, now));
  timers.handle('ESCALATE', (timer, tx, now) => confirmations.fireEscalation(timer, tx, now));

  queue?.start();
  timers.start();
  streams.start();
  acknowledgements.start();
  presence.start();
  attachmentCleanup.start();

  const services: Services = {
    config,
    logger,
    redis,
    bus,
    sockets,
    auth: new AuthService(usersStore, new TokenService(config.jwt), config, profiles),
    profiles,
    inbox,
    streams,
    acknowledgements,
    delivery: { store: deliveryStore, status: deliveryStatus, notices: new NotificationNotices(notificationsStore) },
    queue,
    presence,
    meetings,
    notifications,
    timers,
    templates,
    confirmations,
    notifiedSend: new NotifiedSend(inbox, templates, confirmations),
    previews,
    attachments,
    stores: { users: usersStore, inbox: inboxStore, attachments: attachmentsStore },
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
    // Uploads: multipart bodies up to a file; every other body small (src/attachments/body-limits.ts).
    fetchAPI: uploadFetchAPI({ maxFileBytes: config.attachments.maxBytes, maxBodyBytes: config.attachments.maxBodyBytes }),
    // Compiled execution: a subscription's document runs once per pushed event on every
    // socket, so compiling it once pays off most there.
    plugins: [useBodyLimit(config.attachments.maxBodyBytes), useCompiledExecution(), ...armor.protect().plugins, ...(options.plugins ?? [])],
  });

  const handleHealth = createHealthRoutes([
    databaseHealth(database.db),
    redisHealth(redis, () => ({ cache: { ...cache.health(), profiles: profiles.size() } })),
    redisRoundTrip(redis, config.instanceId),
  ]);
  const handleDownload = createDownloadRoute(attachments, logger);
  // A ROLE=worker process runs the delivery workers and answers only /health.
  const serveApi = config.role !== 'worker';
  const server = createServer((req, res) => {
    handleHealth(req, res)
      // GET /files/{id}: signed attachment downloads (src/attachments/download.route.ts).
      .then((handled) => handled || (serveApi && handleDownload(req, res)))
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
    reactions,
    server,
    webSockets,
    attachmentCleanup,
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
      await timers.stop();
      mailer?.close();
      await previews.close();
      acknowledgements.stop();
      streams.stop();
      presence.stop();
      await attachmentCleanup.stop();
      attachments.storage.close();
      await redis.close();
      await database.close();
    },
  };
}
