import { createServer, type Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
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
import { ApiKeyService } from './auth/api-keys.js';
import { CredentialsStore } from './auth/credentials.store.js';
import { SessionService } from './auth/sessions.js';
import { TenantService } from './tenants/tenants.service.js';
import { TenantsStore } from './tenants/tenants.store.js';
import { OriginPolicy, operationPolicy } from './transport/policy.js';
import type { AppConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { SendBatchStore } from './inbox/send-batch.store.js';
import { ReadReplicas } from './db/replicas.js';
import { Acknowledgements } from './delivery/acknowledgements.js';
import { DeliveryStatusStore } from './delivery/delivery-status.js';
import { DeliveryQueue } from './delivery/delivery.queue.js';
import { DeliveryStore } from './delivery/delivery.store.js';
import { DeliveryDispatcher } from './delivery/dispatcher.js';
import { StreamRegistry } from './delivery/stream-registry.js';
import { createContext, type Context, type Services } from './graphql/context.js';
import { schema } from './graphql/schema.js';
import { useCompiledExecution } from './transport/compiled-execution.js';
import { graphiqlOptions, renderOfflineGraphiQL } from './transport/graphiql.js';
import { createHttpFastPath } from './transport/http-fast-path.js';
import { persistedDocumentsPlugins } from './transport/persisted-documents.js';
import { useHttpSubscriptions } from './transport/http-subscriptions.js';
import { attachWebSocketServer } from './transport/ws/server.js';
import { createWebAppRoute } from './transport/web-app.route.js';
import type { Viewer } from './auth/auth.service.js';
import type { SocketSession } from './graphql/context.js';
import { createHealthRoutes, databaseHealth } from './health/health.routes.js';
import { InboxLogStore } from './inbox/inbox-log.store.js';
import { InboxService } from './inbox/inbox.service.js';
import { InboxStore } from './inbox/inbox.store.js';
import { InboxCache } from './inbox/read-model/inbox-cache.js';
import { ReadYourWrites } from './inbox/read-your-writes.js';
import { SnapshotStore } from './inbox/read-model/snapshot.store.js';
import { createLogger, type Logger } from './logger.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { MeetingsStore } from './meetings/meetings.store.js';
import { ImportanceStore } from './organizing/importance.store.js';
import { OrganizingService } from './organizing/organizing.service.js';
import { OrganizingStore } from './organizing/organizing.store.js';
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
import { SearchService } from './search/search.service.js';
import { SearchStore } from './search/search.store.js';
import { CacheMetrics } from './shared/cache-metrics.js';
import { createAdminRoute } from './operations/admin.route.js';
import { AlertEvaluator } from './operations/alerts.service.js';
import { AlertsStore } from './operations/alerts.store.js';
import { AnomalyDetector, TrafficSample } from './operations/anomalies.js';
import { useOperationMetrics } from './operations/metrics.plugin.js';
import { createMetricsRoute } from './operations/metrics.route.js';
import { countRoutedRead } from './operations/metrics.js';
import { cacheSource, databasePoolSource, leasesSource, queueSource, redisSource, replicasSource, socketsSource } from './operations/metrics.sources.js';
import { OperationsMonitor } from './operations/monitor.js';
import { emailNotifier, logNotifier, webhookNotifier, type Notifier } from './operations/notifiers.js';
import { OperationsService } from './operations/operations.service.js';
import { ReportsService } from './operations/reports.service.js';
import { ReportsStore } from './operations/reports.store.js';
import { requestContextOf, runInContext } from './operations/request-context.js';
import { statementTiming } from './operations/statement-timing.js';
import { OperationsRedis } from './redis/operations.redis.js';
import { SocketEvents } from './shared/socket-events.js';
import { RateLimits } from './limits/rate-limits.js';
import { useRateLimits } from './limits/rate-limits.plugin.js';
import { SocketLimits } from './limits/socket-limits.js';
import { AuditLog } from './lifecycle/audit.js';
import { AuditStore } from './lifecycle/audit.store.js';
import { LifecycleService } from './lifecycle/lifecycle.service.js';
import { LifecycleStore } from './lifecycle/lifecycle.store.js';
import { RetentionJob } from './lifecycle/retention.job.js';
import { ClusterLease } from './jobs/cluster-lease.js';
import { LeasesStore } from './jobs/leases.store.js';
import { jobsOf, type BackgroundJob } from './jobs/placement.js';
import { BUILT_IN_PLUGINS } from './plugins/mask-phone-numbers.js';
import { MessagePlugins, type MessagePlugin } from './plugins/message-plugins.js';
import { WebhooksService } from './webhooks/webhooks.service.js';
import { WebhooksStore } from './webhooks/webhooks.store.js';
import { BROADCAST_CHANNEL, messageOfJob, PROFILE_INVALIDATION_CHANNEL, RULES_INVALIDATION_CHANNEL } from './wire/payloads.js';

export interface App {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  /** The read replicas (none unless DATABASE_REPLICA_URLS is set) and where reads went. */
  replicas: ReadReplicas;
  services: Services;
  yoga: YogaServerInstance<Record<string, never>, Context>;
  /** What reacts to every commit (src/reactions.ts); a test may add an observer. */
  reactions: InboxReaction[];
  /** Not listening; main.ts (or a test) calls listen. */
  server: Server;
  webSockets: { close(): Promise<void>; clientCount(): number };
  /** Deletes uploads never sent (src/attachments/attachment-cleanup.ts); tests run it by hand. */
  attachmentCleanup: AttachmentCleanup;
  /** With METRICS_PORT: the server of /metrics alone (main.ts listens); null: /metrics is on `server`. */
  metricsServer: Server | null;
  /** Enforces retention policies (src/lifecycle/retention.job.ts); tests run it by hand. */
  retention: RetentionJob;
  /** The background jobs this instance started, by its role (src/jobs/placement.ts). */
  jobs: BackgroundJob[];
  /** The leases of the jobs that run once per cluster (src/jobs/cluster-lease.ts), by job. */
  leases: { retention: ClusterLease; alerts: ClusterLease };
  close(graceMs?: number): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /**
   * Envelop/Yoga plugins for every operation (tracing, metrics), over HTTP, SSE and sockets;
   * what they see of socket subscriptions is described in src/transport/ws/server.ts.
   */
  plugins?: Plugin[];
  /** Pre-send message plugins (src/plugins/message-plugins.ts), after those MESSAGE_PLUGINS names. */
  messagePlugins?: MessagePlugin[];
}

/** Builds the whole server from a config. Nothing listens and nothing is global. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const timing = statementTiming(config.operations.slowQueryMs, logger);
  const database = openDatabase(config.databaseUrl, config.databasePoolSize, timing);
  const { db } = database;
  // The send batches' own connections, the only ones that run several statements per query (src/inbox/send-batch.store.ts).
  const sendBatches = config.sendInOneQuery ? openDatabase(config.databaseUrl, 2, timing, { multipleStatements: true }) : null;
  // Read replicas (docs/read-replicas.md): writes stay on `db`; reads that may use a replica go through these.
  const replicas = ReadReplicas.open(
    db,
    config.databaseReplicas,
    { poolSize: config.databasePoolSize, observeStatement: timing, observeRoute: countRoutedRead },
    logger,
  );
  const redis = new RedisService(config.redis, logger);
  const bus = new MessageBus(redis, logger, new Set([BROADCAST_CHANNEL, PROFILE_INVALIDATION_CHANNEL, RULES_INVALIDATION_CHANNEL]));

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

  // Protection: audit log, tenant webhooks (src/webhooks/), rate limits (src/limits/).
  const audit = new AuditLog(new AuditStore(db));
  const webhooks = new WebhooksService(new WebhooksStore(db), audit, usersStore, { ...config.webhooks, production: config.env === 'production' }, logger);
  const rateLimits = new RateLimits(redis, config.rateLimits);
  // Jobs that must run on one instance of the cluster at a time hold a lease (src/jobs/).
  const leasesStore = new LeasesStore(db);
  const leases = {
    retention: new ClusterLease('retention', leasesStore, config.instanceId, config.clusterLeaseMs, logger),
    alerts: new ClusterLease('alerts', leasesStore, config.instanceId, config.clusterLeaseMs, logger),
  };

  // Delivery: commit → queue → workers → user channels → streams → sockets.
  const deliveryStatus = new DeliveryStatusStore(redis, config.delivery.statusTtlSeconds);
  const queue =
    config.redis && config.delivery.queueEnabled
      ? new DeliveryQueue(
          redis,
          bus,
          deliveryStatus,
          {
            workers: config.delivery.workers,
            reclaimMs: config.delivery.reclaimMs,
            maxTries: config.delivery.maxTries,
            batchSize: config.delivery.batchSize,
            maxLength: config.delivery.streamMaxLength,
            blockMs: 1000,
            broadcastThreshold: config.delivery.broadcastThreshold,
            shards: config.delivery.queueShards,
          },
          config.instanceId,
          logger,
          (job) => {
            const message = messageOfJob(job);
            void webhooks.failed(message, job.deliveries.map(([recipientId]) => recipientId)).catch((error: unknown) => logger.error({ err: error }, 'webhook of a failed delivery failed'));
          },
        )
      : null;
  // Notification rules (src/notifications/): held pushes, durable timers, preferences.
  const notificationsStore = new NotificationsStore(db);
  const timersStore = new TimersStore(db);
  const preferences = new SettingsResolver(notificationsStore, config.notifications, {
    ttlMs: config.notifications.rulesCacheSeconds * 1000,
    announce: (userId) => bus.publish(RULES_INVALIDATION_CHANNEL, String(userId)),
    listen: (forget) => bus.subscribe(RULES_INVALIDATION_CHANNEL, (payload) => forget(Number(payload))),
    hearsOthers: () => redis.mode() !== 'degraded',
    onMissedAnnouncements: (drop) => redis.onModeChange((mode) => {
      if (mode === 'degraded') drop();
    }),
  });
  const pushHolds = new PushHolds(notificationsStore, timersStore, preferences, bus, logger);
  const timers = new TimerRunner(db, timersStore, config.notifications.timerPollMs, logger);
  timers.handle('RELEASE', (timer, tx, now) => pushHolds.fire(timer, tx, now));

  const dispatcher = new DeliveryDispatcher(bus, queue, deliveryStatus, { broadcastThreshold: config.delivery.broadcastThreshold }, pushHolds);
  const streams = new StreamRegistry(inboxLog, bus, { positionCheckMs: config.delivery.positionCheckMs }, logger, pushHolds);
  const acknowledgements = new Acknowledgements(deliveryStore, streams, deliveryStatus, config.delivery, logger, (viewer, ids) => webhooks.delivered(viewer, ids));

  // The inbox, with its read model in Redis, and what reacts to its commits.
  const cacheMetrics = new CacheMetrics();
  const cache = new InboxCache(config.cache, cacheMetrics, redis, new SnapshotStore(db), logger);
  // What a read on a replica must include (src/inbox/read-your-writes.ts).
  const readYourWrites = new ReadYourWrites(
    replicas,
    inboxLog,
    { streams: (userId) => streams.positionOf(userId), readModel: (userId) => cache.knownPosition(userId) },
    config.databaseReplicas.maxLagSeconds,
  );
  // Link previews: fetched after a send commits; the UPDATE they commit goes through the same reactions.
  const previews = new LinkPreviewService(
    config.linkPreviews,
    new PreviewsStore(db),
    new PreviewCache(redis, config.linkPreviews.cacheTtlSeconds, logger),
    (change) => afterCommit(change),
    logger,
  );
  // Search (src/search/): indexed by a reaction to committed sends.
  const search = new SearchService(new SearchStore(db), config.search, readYourWrites, logger);
  const traffic = new TrafficSample();
  const presence = new PresenceService(redis, new PresenceStore(db), usersStore, { instanceId: config.instanceId, ...config.presence }, logger, bus);
  // One mailer for the server's email: notification fallback and alerts (src/outbound/mailer.ts).
  const mailer = config.mail ? createMailer(config.mail) : null;
  const fallback = new OfflineFallback(notificationsStore, timersStore, preferences, presence, usersStore, mailer, config.notifications, logger);
  timers.handle('FALLBACK_EMAIL', (timer, tx, now) => fallback.fire('EMAIL', timer, tx, now));
  timers.handle('FALLBACK_WEBHOOK', (timer, tx, now) => fallback.fire('WEBHOOK', timer, tx, now));
  const reactions = inboxReactions({ cache, readYourWrites, dispatcher, previews, search, traffic, webhooks, fallback });
  const afterCommit = runReactions(reactions, logger);
  const inbox = new InboxService(
    db,
    inboxStore,
    inboxLog,
    usersStore,
    cache,
    { syncStatusTtlSeconds: config.delivery.syncStatusTtlSeconds, recallWindowSeconds: config.limits.recallWindowSeconds },
    afterCommit,
    readYourWrites,
    attachments,
    sendBatches ? new SendBatchStore(sendBatches.pool, (ids) => inboxStore.findByIds(ids)) : null,
    (recipientIds) => pushHolds.prepare(recipientIds),
  );

  // Organizing: tags, stars, archive, the important ordering; its changes go through the same reactions.
  const organizingStore = new OrganizingStore(db);
  const organizing = new OrganizingService(organizingStore, new ImportanceStore(db), config.organizing, afterCommit);

  const profiles = new ProfileCache(bus, cacheMetrics, {
    enabled: config.cache.enabled,
    ttlMs: config.cache.profileTtlSeconds * 1000,
    maxEntries: 50_000,
  });
  const sockets = new SocketEvents((error, event) => logger.error({ err: error, event }, 'socket listener failed'));
  for (const listener of socketReactions({ presence, cache })) sockets.listen(listener);

  // Operations: metrics, built-in alerts, abnormal patterns, reports, the admin dashboard (src/operations/).
  const alertsStore = new AlertsStore(db);
  const reports = new ReportsService(new ReportsStore(db), { recomputeDays: config.operations.recomputeDays }, replicas, logger);
  const { alerts: alertConfig } = config.operations;
  const notifiers: Notifier[] = [
    logNotifier(logger),
    ...(mailer && alertConfig.emailTo.length > 0 ? [emailNotifier(mailer, alertConfig.emailTo)] : []),
    ...(alertConfig.webhookUrl && alertConfig.webhookSecret ? [webhookNotifier(alertConfig.webhookUrl, alertConfig.webhookSecret)] : []),
  ];
  let clientCount = () => 0;
  const monitor = new OperationsMonitor({
    config: config.operations,
    instanceId: config.instanceId,
    shared: new OperationsRedis(redis),
    lease: leases.alerts,
    redis,
    queue,
    sample: traffic,
    anomalies: new AnomalyDetector(config.operations.anomalies),
    evaluator: new AlertEvaluator(alertsStore, notifiers, alertConfig.cooldownSeconds * 1000, logger),
    reports,
    database: databaseHealth(db),
    sockets: () => clientCount(),
    logger,
  });
  const operations = new OperationsService(monitor, reports, alertsStore, config.operations.statusIntervalMs);
  // Data lifecycle: retention, inbox floors, export, erasure (src/lifecycle/).
  const lifecycleStore = new LifecycleStore(db);
  const lifecycle = new LifecycleService(lifecycleStore, audit, usersStore, profiles, attachments, redis, logger);
  const retention = new RetentionJob(lifecycleStore, attachments, redis, config.retention, leases.retention, logger);
  const messagePlugins = new MessagePlugins(
    [
      ...config.messagePlugins.names.map((name) => {
        const plugin = BUILT_IN_PLUGINS[name];
        if (!plugin) throw new Error(`MESSAGE_PLUGINS names an unknown plugin: ${name}`);
        return plugin;
      }),
      ...(options.messagePlugins ?? []),
    ],
    config.messagePlugins.timeoutMs,
    logger,
  );
  const meetings = new MeetingsService(db, new MeetingsStore(db), usersStore, bus, config.limits.maxRecipients, logger);
  const notifications = new NotificationsService(notificationsStore, preferences, pushHolds, meetings);
  const templates = new TemplatesService(new TemplatesStore(db), preferences, config.notifications.defaultLocale);
  const confirmations = new Confirmations(notificationsStore, timersStore, usersStore, inbox, inboxStore, logger);
  timers.handle('REMIND', (timer, tx, now) => confirmations.fireReminder(timer, tx, now));
  timers.handle('ESCALATE', (timer, tx, now) => confirmations.fireEscalation(timer, tx, now));

  // Where each background job runs, by role: src/jobs/placement.ts (the table is docs/jobs.md).
  const jobs = jobsOf(config.role);
  const starts: Record<BackgroundJob, () => void> = {
    'position checks': () => streams.start(),
    'acknowledgement re-push': () => acknowledgements.start(),
    'presence heartbeat': () => presence.start(),
    'delivery workers': () => queue?.start(),
    'notification timers': () => timers.start(),
    'attachment cleanup': () => attachmentCleanup.start(),
    'webhook retries': () => webhooks.start(),
    retention: () => retention.start(),
    'operations monitor': () => monitor.start(),
    'read replica checks': () => replicas.start(),
  };
  for (const job of jobs) starts[job]();

  // Protection: tenants as boundaries, API keys, refresh tokens (docs/security.md).
  const credentialsStore = new CredentialsStore(db);
  const tenants = new TenantService(new TenantsStore(db), profiles, {
    defaultTenant: config.defaultTenant,
    defaultTenantOpenSignup: config.protection.defaultTenantOpenSignup,
  });
  const apiKeys = new ApiKeyService(credentialsStore, usersStore, profiles);
  const sessions = new SessionService(credentialsStore, config.protection.refreshTokenTtlSeconds);

  const services: Services = {
    config,
    logger,
    redis,
    bus,
    sockets,
    auth: new AuthService(usersStore, new TokenService(config.jwt), config, profiles, { tenants, sessions, apiKeys, credentials: credentialsStore }),
    tenants,
    apiKeys,
    sessions,
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
    organizing,
    search,
    operations,
    stores: { users: usersStore, inbox: inboxStore, attachments: attachmentsStore, organizing: organizingStore },
    limits: { rates: rateLimits, sockets: new SocketLimits(config.rateLimits) },
    webhooks,
    messagePlugins,
    lifecycle,
  };

  const origins = new OriginPolicy(config.ws.allowedOrigins);

  /** Unexpected errors are logged and reach clients as INTERNAL_SERVER_ERROR without their details. */
  const maskOperationError = (error: unknown, message: string): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original && !(original instanceof GraphQLError)) {
      logger.error({ err: original }, 'unexpected error in an operation');
    }
    // Never the development form (it carries the original message and stack: SQL text).
    const masked = maskError(error, message, false);
    if (masked instanceof GraphQLError && masked !== error && !masked.extensions.code) {
      return new GraphQLError(masked.message, {
        nodes: masked.nodes,
        path: masked.path,
        extensions: { ...masked.extensions, code: 'INTERNAL_SERVER_ERROR' },
      });
    }
    return masked;
  };

  // Protocol options for clients (docs/clients.md): automatic persisted queries or, in
  // production, an allow-list of documents; graphql-sse at /graphql/stream (both of its modes);
  // subscriptions over HTTP that end when their token expires.
  const { apq, persistedDocumentsPath, batchLimit } = config.graphqlProtocols;
  const protocolPlugins: Plugin[] = [
    ...(persistedDocumentsPath ? persistedDocumentsPlugins(persistedDocumentsPath) : []),
    ...(apq ? [useAPQ()] : []),
    useGraphQLSSE({ endpoint: '/graphql/stream' }),
    useHttpSubscriptions() as Plugin,
  ];

  // The app's own plugins, over HTTP, SSE and sockets: operation metrics first.
  const operationPlugins = [useOperationMetrics(), ...(options.plugins ?? [])];
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL from the installed package (src/transport/graphiql.ts), subscriptions over SSE.
    graphiql: config.graphiql ? graphiqlOptions('Meeting Assistant Messaging') : false,
    renderGraphiQL: renderOfflineGraphiQL,
    batching: batchLimit > 0 ? { limit: batchLimit } : false,
    landingPage: false,
    logging: logger,
    // Socket operations arrive with the viewer that connection_init authenticated (and no
    // request); HTTP and SSE ones with their Authorization header.
    context: ({ viewer, socket, request, req, clientIp }: YogaInitialContext & { viewer?: Viewer; socket?: SocketSession; req?: { socket?: { remoteAddress?: string } }; clientIp?: string }) =>
      createContext(services, {
        ...(viewer ? { viewer, socket } : { authorization: request.headers.get('authorization') }),
        // The peer of the connection (the socket's, for socket operations): API key allow-lists and the rate limits of login and register use it.
        clientIp: clientIp ?? req?.socket?.remoteAddress,
      }),
    maskedErrors: { maskError: maskOperationError, isDev: false },
    // One origin policy for HTTP, SSE and sockets (src/transport/policy.ts).
    cors: origins.cors,
    // Uploads: multipart bodies up to a file; every other body small (src/attachments/body-limits.ts).
    fetchAPI: uploadFetchAPI({ maxFileBytes: config.attachments.maxBytes, maxBodyBytes: config.attachments.maxBodyBytes }),
    // Compiled execution: a subscription's document runs once per pushed event on every
    // socket, so compiling it once pays off most there.
    plugins: [useBodyLimit(config.attachments.maxBodyBytes), useCompiledExecution(), ...operationPolicy(config), ...protocolPlugins, useRateLimits(rateLimits), ...operationPlugins],
  });

  // The split link's mutations and queries: JSON POSTs answered without the Fetch-API round trip.
  const fastPath = createHttpFastPath({
    yoga,
    endpoint: '/graphql',
    maxBodyBytes: config.attachments.maxBodyBytes,
    cors: origins.cors,
    maskError: maskOperationError,
    plugins: options.plugins ?? [],
    enabled: config.graphqlProtocols.httpFastPath && !persistedDocumentsPath,
  });

  const handleHealth = createHealthRoutes(
    [
      databaseHealth(
        database.db,
        (error) => logger.warn({ err: error }, 'database health check failed'),
        () => (replicas.enabled ? { replicas: replicas.health() } : {}),
      ),
      redisHealth(redis, () => ({ cache: { ...cache.health(), profiles: profiles.size() } })),
      redisRoundTrip(redis, config.instanceId),
    ],
    config.protection.healthDetailsToken,
  );
  const handleDownload = createDownloadRoute(attachments, logger);
  const handleMetrics = createMetricsRoute({
    token: config.operations.metricsToken,
    sources: [
      databasePoolSource(database.pool),
      replicasSource(replicas),
      redisSource(redis),
      queueSource(queue),
      cacheSource(cacheMetrics),
      socketsSource(() => clientCount()),
      leasesSource(Object.values(leases)),
    ],
    logger,
  });
  const handleAdmin = createAdminRoute();
  // METRICS_PORT: /metrics on a port of its own (not the API's), for a network only Prometheus reaches.
  const metricsServer =
    config.operations.metricsPort === null
      ? null
      : createServer((req, res) => {
          void handleMetrics(req, res).then((handled) => handled || res.writeHead(404).end());
        });
  const handleWebApp = createWebAppRoute();
  // A ROLE=worker process runs the delivery workers and answers only /health.
  const serveApi = config.role !== 'worker';
  const server = createServer((req, res) => {
    // Every log line of the request carries its id and trace (src/operations/request-context.ts).
    const context = requestContextOf(req.headers);
    res.setHeader('x-request-id', context.requestId!);
    res.setHeader('traceparent', `00-${context.traceId}-${context.spanId}-01`);
    runInContext(context, () => handleHealth(req, res))
      .then((handled) => handled || (metricsServer === null && handleMetrics(req, res)))
      // GET /admin: the admin dashboard (src/operations/admin.route.ts).
      .then((handled) => handled || (serveApi && handleAdmin(req, res)))
      // GET /files/{id}: signed attachment downloads (src/attachments/download.route.ts).
      .then((handled) => handled || (serveApi && runInContext(context, () => handleDownload(req, res))))
      // GET /app: the web inbox, static files built from web/ (src/transport/web-app.route.ts).
      .then((handled) => handled || (serveApi && handleWebApp(req, res)))
      .then((handled) => {
        if (handled) return undefined;
        if (serveApi && !origins.allows(req.headers.origin, req.headers.host)) {
          // The socket upgrade refuses the same origins (src/transport/ws/origin.ts).
          res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"origin not allowed"}');
          return undefined;
        }
        if (serveApi) return runInContext(context, () => fastPath.handle(req, res).then((handled) => (handled ? undefined : yoga.handle(req, res))));
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
    ? attachWebSocketServer({ server, yoga, services, config, logger, maskError: maskOperationError, plugins: operationPlugins })
    : { close: async () => undefined, clientCount: () => 0 };
  clientCount = () => webSockets.clientCount();

  return {
    config,
    logger,
    database,
    replicas,
    services,
    yoga,
    reactions,
    server,
    webSockets,
    attachmentCleanup,
    metricsServer,
    retention,
    jobs,
    leases,
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
      if (metricsServer?.listening) await new Promise((resolve) => metricsServer.close(resolve));
      await monitor.stop();
      await queue?.stop();
      await timers.stop();
      mailer?.close();
      await previews.close();
      acknowledgements.stop();
      streams.stop();
      presence.stop();
      await attachmentCleanup.stop();
      await search.idle();
      await webhooks.stop();
      await retention.stop();
      attachments.storage.close();
      await redis.close();
      await replicas.close();
      await sendBatches?.close();
      await database.close();
    },
  };
}
