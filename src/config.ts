import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A rate as "<points>/<seconds>": that many operations per window of that many seconds. */
const rate = (byDefault: string) =>
  z
    .string()
    .regex(/^\d{1,9}\/\d{1,7}$/, 'must be <points>/<seconds>, e.g. 120/60')
    .default(byDefault)
    .transform((v) => {
      const [points, seconds] = v.split('/').map(Number) as [number, number];
      return { points: Math.max(1, points), seconds: Math.max(1, seconds) };
    });
export type Rate = { points: number; seconds: number };

/** What uploads may be by default, as detected from their bytes (docs/attachments.md). */
const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'video/mp4',
  'video/webm',
];

/** Every setting the server reads from the environment, with its default. README lists them. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'must start with mysql://')
    .default('mysql://root@127.0.0.1:3306/meeting_messaging'),
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  DATABASE_SEND_IN_ONE_QUERY: bool.default(true),
  // ---- read replicas (src/db/replicas.ts, docs/read-replicas.md) ----
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .refine((urls) => urls.every((u) => u.startsWith('mysql://')), 'each URL must start with mysql://'),
  DATABASE_REPLICA_WAIT_MS: int(0, 1000).default(50),
  DATABASE_REPLICA_MAX_LAG_SECONDS: int(0, 86_400).default(10),
  DATABASE_REPLICA_CHECK_MS: int(100, 600_000).default(1000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_TTL_SECONDS: int(60, 60 * 60 * 24 * 30).default(3600),
  JWT_JWKS_URL: z.url().optional(),
  JWT_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
  JWT_PUBLIC_KEY_ALG: z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA']).default('RS256'),
  DEFAULT_TENANT: z.string().min(1).max(64).default('default'),
  MAX_CONTENT_LENGTH: int(1, 1_000_000).default(10_000),
  RECALL_WINDOW_SECONDS: int(0, 30 * 86400).default(120),
  MAX_RECIPIENTS: int(1, 100_000).default(1_000),
  MAX_PAGE_SIZE: int(1, 1_000).default(100),
  MAX_QUERY_DEPTH: int(2, 100).default(12),
  MAX_QUERY_COST: int(100, 1_000_000).default(20_000),
  GRAPHIQL: bool.optional(),
  // ---- protocol options for clients (docs/clients.md) ----
  GRAPHQL_APQ: bool.default(true),
  GRAPHQL_PERSISTED_DOCUMENTS: z.string().min(1).optional(),
  GRAPHQL_BATCH_LIMIT: int(0, 100).default(10),
  GRAPHQL_HTTP_FAST_PATH: bool.default(true),
  INSTANCE_ID: z.string().min(1).max(64).optional(),
  CORS_ORIGINS: z.string().default(''),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  CLUSTER_LEASE_MS: int(100, 600_000).default(30_000),
  DELIVERY_QUEUE_ENABLED: bool.default(true),
  DELIVERY_WORKERS: int(0, 64).default(1),
  DELIVERY_BATCH_SIZE: int(1, 10_000).default(256),
  DELIVERY_RECLAIM_MS: int(50, 3_600_000).default(5000),
  DELIVERY_MAX_TRIES: int(1, 100).default(5),
  DELIVERY_STREAM_MAXLEN: int(1000, 100_000_000).default(100_000),
  DELIVERY_ACK_TIMEOUT_MS: int(50, 3_600_000).default(10_000),
  DELIVERY_MAX_PUSHES: int(1, 20).default(3),
  DELIVERY_STATUS_TTL_SECONDS: int(60, 90 * 86400).default(3 * 86400),
  SYNC_STATUS_TTL_SECONDS: int(60, 365 * 86400).default(30 * 86400),
  DELIVERY_BROADCAST_THRESHOLD: int(2, 1_000_000).default(64),
  // Streams per lane; each shard is one hash slot (default: 1 on one node, 4 on a cluster).
  DELIVERY_QUEUE_SHARDS: int(1, 64).optional(),
  DELIVERY_POSITION_CHECK_MS: int(100, 3_600_000).default(1500),
  WS_INIT_TIMEOUT_MS: int(100, 60_000).default(3000),
  WS_KEEPALIVE_MS: int(0, 600_000).default(25_000),
  WS_MAX_FRAME_BYTES: int(1024, 16 * 1024 * 1024).default(64 * 1024),
  WS_MAX_BUFFERED_BYTES: int(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  REDIS_ENABLED: bool.default(true),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: int(1, 65535).default(6379),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_DB: int(0, 1000).default(0),
  REDIS_KEY_PREFIX: z.string().max(64).regex(/^[^{}]*$/, 'must not contain { or } (they mark hash tags)').default(''),
  // Redis Cluster: seed nodes as host:port,host:port (the rest is discovered); unset: one node.
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^\s*[^\s:,]+:\d+\s*(,\s*[^\s:,]+:\d+\s*)*$/, 'must be host:port[,host:port...]')
    .optional(),
  // Redis Sentinel: sentinels as host:port,host:port and the master's name; unset: no Sentinel.
  REDIS_SENTINELS: z
    .string()
    .regex(/^\s*[^\s:,]+:\d+\s*(,\s*[^\s:,]+:\d+\s*)*$/, 'must be host:port[,host:port...]')
    .optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
  REDIS_COMMAND_TIMEOUT_MS: int(10, 60_000).default(1000),
  REDIS_CONNECT_TIMEOUT_MS: int(10, 60_000).default(2000),
  PRESENCE_TTL_SECONDS: int(1, 3600).default(60),
  PRESENCE_SWEEP_MS: int(50, 600_000).default(15_000),
  CACHE_ENABLED: bool.default(true),
  CACHE_TTL_SECONDS: int(1, 7 * 24 * 3600).default(300),
  CACHE_PAGE_SIZE: int(1, 1_000).default(50),
  CACHE_PROFILE_TTL_SECONDS: int(0, 24 * 3600).default(300),
  // ---- link previews (src/previews/, docs/link-previews.md) ----
  LINK_PREVIEWS_ENABLED: bool.default(true),
  LINK_PREVIEW_MAX_LINKS: int(1, 10).default(3),
  LINK_PREVIEW_TIMEOUT_MS: int(100, 30_000).default(3000),
  LINK_PREVIEW_MAX_BYTES: int(1024, 8 * 1024 * 1024).default(512 * 1024),
  LINK_PREVIEW_MAX_REDIRECTS: int(0, 10).default(3),
  LINK_PREVIEW_CONCURRENCY: int(1, 64).default(4),
  LINK_PREVIEW_QUEUE_LIMIT: int(1, 1_000_000).default(1000),
  LINK_PREVIEW_CACHE_TTL_SECONDS: int(1, 30 * 86400).default(86400),
  /** Test and development only: hosts whose addresses are not checked (comma-separated). */
  LINK_PREVIEW_ALLOW_HOSTS: z.string().default(''),
  // ---- attachments (src/attachments/, docs/attachments.md) ----
  GRAPHQL_MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  ATTACHMENT_MAX_BYTES: int(1, 1024 * 1024 * 1024).default(25 * 1024 * 1024),
  ATTACHMENT_MAX_PER_MESSAGE: int(1, 100).default(10),
  ATTACHMENT_MAX_MESSAGE_BYTES: int(1, 16 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
  ATTACHMENT_ALLOWED_TYPES: z.string().min(1).default(DEFAULT_ATTACHMENT_TYPES.join(',')),
  ATTACHMENT_THUMBNAIL_PX: int(16, 2048).default(320),
  ATTACHMENT_URL_TTL_SECONDS: int(10, 7 * 86400).default(300),
  ATTACHMENT_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ATTACHMENT_BASE_URL: z.url().optional(),
  ATTACHMENT_UNSENT_TTL_SECONDS: int(1, 365 * 86400).default(86400),
  ATTACHMENT_CLEANUP_INTERVAL_MS: int(0, 86_400_000).default(600_000),
  ATTACHMENT_CLEANUP_BATCH: int(1, 10_000).default(100),
  STORAGE_DIR: z.string().min(1).default('./data/attachments'),
  STORAGE_S3_BUCKET: z.string().min(3).max(63).optional(),
  STORAGE_S3_ENDPOINT: z.url().optional(),
  STORAGE_S3_REGION: z.string().min(1).default('us-east-1'),
  STORAGE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  STORAGE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  STORAGE_S3_FORCE_PATH_STYLE: bool.optional(),
  STORAGE_S3_PREFIX: z.string().max(200).default(''),
  // ---- protection: tenants, credentials, one policy on every transport (docs/security.md) ----
  /** Unset: open in development and test, closed in production. */
  DEFAULT_TENANT_OPEN_SIGNUP: bool.optional(),
  JWT_JWKS_CACHE_SECONDS: int(1, 86_400).default(300),
  REFRESH_TOKEN_TTL_SECONDS: int(60, 365 * 86400).default(30 * 86400),
  INVITATION_TTL_HOURS: int(1, 90 * 24).default(72),
  /** Unset: on in development and test, off in production. */
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_SUGGESTIONS: bool.optional(),
  MAX_QUERY_ALIASES: int(1, 1000).default(30),
  MAX_QUERY_TOKENS: int(100, 1_000_000).default(5000),
  /** Unset: /health never shows internal counters; set: they are shown to `Authorization: Bearer <it>`. */
  HEALTH_DETAILS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // ---- organizing (src/organizing/, docs/organizing.md) ----
  MAX_TAGS_PER_USER: int(1, 10_000).default(100),
  IMPORTANT_HISTORY_DAYS: int(1, 365).default(30),
  IMPORTANT_HISTORY_ROWS: int(10, 100_000).default(2000),
  // ---- search (src/search/, docs/search.md) ----
  SEARCH_INDEX_ENABLED: bool.default(true),
  SEARCH_MAX_QUERY_LENGTH: int(1, 1000).default(200),
  SEARCH_MAX_TERMS: int(1, 64).default(12),
  SEARCH_INDEX_LINGER_MS: int(0, 1000).default(20),
  // ---- operations: metrics, alerts, admin dashboard, reports (src/operations/, docs/operations.md) ----
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: int(1, 65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SLOW_QUERY_MS: int(0, 600_000).default(500),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Meeting Assistant <no-reply@localhost>'),
  ALERTS_ENABLED: bool.default(true),
  ALERT_EVAL_INTERVAL_MS: int(100, 3_600_000).default(5000),
  ALERT_FOR_SECONDS: int(0, 86_400).default(60),
  ALERT_COOLDOWN_SECONDS: int(0, 7 * 86_400).default(600),
  ALERT_EMAIL_TO: z.string().default(''),
  ALERT_WEBHOOK_URL: z.url().optional(),
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  ALERT_PUSH_FAILURE_RATIO: z.coerce.number().min(0).max(1).default(0.05),
  ALERT_PUSH_P99_SECONDS: z.coerce.number().min(0.001).max(3600).default(2),
  ALERT_QUEUE_LAG_SECONDS: z.coerce.number().min(0.1).max(86_400).default(30),
  ALERT_ERROR_RATIO: z.coerce.number().min(0).max(1).default(0.05),
  ALERT_SOCKET_DROP_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  ANOMALY_SENDER_FACTOR: z.coerce.number().min(1).max(10_000).default(10),
  ANOMALY_SENDER_MIN_PER_WINDOW: int(1, 1_000_000).default(60),
  ANOMALY_DUPLICATE_RECIPIENTS: int(2, 1_000_000).default(200),
  ANOMALY_LOGIN_FAILURES: int(1, 1_000_000).default(50),
  ADMIN_STATUS_INTERVAL_MS: int(200, 600_000).default(2000),
  REPORTS_ROLLUP_INTERVAL_MS: int(0, 86_400_000).default(600_000),
  REPORTS_RECOMPUTE_DAYS: int(1, 90).default(7),
  // ---- protection: rate limits, webhooks, plugins, data lifecycle (docs/security.md) ----
  RATE_LIMITS_ENABLED: bool.default(true),
  RATE_LIMIT_SEND_MESSAGE: rate('120/60'),
  RATE_LIMIT_MARK_READ: rate('600/60'),
  RATE_LIMIT_SEARCH: rate('120/60'),
  RATE_LIMIT_UPLOAD: rate('60/60'),
  RATE_LIMIT_LOGIN_IP: rate('60/60'),
  RATE_LIMIT_REGISTER_IP: rate('20/3600'),
  RATE_LIMIT_LOGIN_FAILURES_IP: rate('20/600'),
  LOGIN_BACKOFF_FREE_FAILURES: int(1, 1000).default(5),
  LOGIN_BACKOFF_MAX_SECONDS: int(1, 86_400).default(900),
  RATE_LIMIT_SERVICE_MULTIPLIER: int(1, 1000).default(10),
  TENANT_MESSAGES_PER_DAY: int(1, 1_000_000_000).default(1_000_000),
  TENANT_MAX_SOCKETS: int(1, 10_000_000).default(50_000),
  WS_MAX_SUBSCRIPTIONS: int(1, 10_000).default(50),
  WS_OPERATIONS_PER_SECOND: int(1, 100_000).default(50),
  WEBHOOK_TIMEOUT_MS: int(100, 60_000).default(5000),
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(8),
  WEBHOOK_RETRY_BASE_MS: int(1, 3_600_000).default(1000),
  WEBHOOK_POLL_MS: int(0, 3_600_000).default(1000),
  MESSAGE_PLUGINS: z.string().default(''),
  MESSAGE_PLUGIN_TIMEOUT_MS: int(1, 10_000).default(200),
  RETENTION_INTERVAL_MS: int(0, 86_400_000).default(3_600_000),
  RETENTION_BATCH: int(1, 10_000).default(500),
  // ---- notification rules (src/notifications/, docs/notifications.md) ----
  NOTIFICATION_DEFAULT_TIME_ZONE: z.string().min(1).default('UTC'),
  NOTIFICATION_DEFAULT_LOCALE: z.string().min(2).default('en'),
  NOTIFICATION_TIMER_POLL_MS: int(20, 60_000).default(1000),
  NOTIFICATION_FALLBACK_AFTER_SECONDS: int(1, 7 * 86400).default(600),
  NOTIFICATION_RETRY_BASE_MS: int(10, 3_600_000).default(30_000),
  NOTIFICATION_MAX_ATTEMPTS: int(1, 50).default(6),
  NOTIFICATION_RULES_CACHE_SECONDS: int(0, 3600).default(30),
  NOTIFICATION_WEBHOOK_URL: z.url().optional(),
  NOTIFICATION_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  databaseUrl: string;
  databasePoolSize: number;
  /** Plain sends written in one multi-statement query on connections of their own (src/inbox/send-batch.store.ts). */
  sendInOneQuery: boolean;
  /** Read replicas (src/db/replicas.ts, docs/read-replicas.md); no URLs: every read goes to the primary. */
  databaseReplicas: ReplicaSettings;
  jwt: {
    secret: string;
    issuer?: string;
    audience?: string;
    ttlSeconds: number;
    jwksUrl?: string;
    publicKey?: string;
    publicKeyAlg: Env['JWT_PUBLIC_KEY_ALG'];
    /** How long a fetched JWKS (and a token verified with it) is trusted before it is checked again. */
    jwksCacheSeconds: number;
  };
  defaultTenant: string;
  /** Tenants, credentials and the transport policy (docs/security.md). */
  protection: {
    defaultTenantOpenSignup: boolean;
    refreshTokenTtlSeconds: number;
    invitationTtlHours: number;
    introspection: boolean;
    suggestions: boolean;
    maxAliases: number;
    maxTokens: number;
    healthDetailsToken?: string;
  };
  limits: {
    maxContentLength: number;
    maxRecipients: number;
    maxPageSize: number;
    maxQueryDepth: number;
    maxQueryCost: number;
    /** How long after sending a sender may recall a message (tenant admins: any time). */
    recallWindowSeconds: number;
  };
  graphiql: boolean;
  /** What HTTP clients may use besides plain requests (docs/clients.md). */
  graphqlProtocols: {
    /** Automatic persisted queries: a client registers a document once, then sends its hash. Off with an allow-list. */
    apq: boolean;
    /** A JSON file of hash → document: only these run, on every transport. */
    persistedDocumentsPath: string | null;
    /** Operations per batched HTTP request; 0 refuses batches. */
    batchLimit: number;
    /** Plain JSON POSTs of one query or mutation answered without Yoga's Fetch-API round trip (src/transport/http-fast-path.ts). */
    httpFastPath: boolean;
  };
  instanceId: string;
  presence: {
    /** A connection entry nobody refreshed for this long is dropped; also the TTL of `online_users:{id}`. */
    ttlSeconds: number;
    /** How often an instance refreshes its entries and sweeps stale ones (well under the TTL). */
    sweepMs: number;
  };
  /**
   * all: API and every background job; api: the API and the jobs tied to its sockets; worker:
   * the other jobs, and HTTP only for /health (src/jobs/placement.ts, docs/jobs.md).
   */
  role: 'all' | 'api' | 'worker';
  /** How long a job that runs once per cluster stays with an instance that stopped renewing its lease. */
  clusterLeaseMs: number;
  delivery: {
    queueEnabled: boolean;
    workers: number;
    batchSize: number;
    reclaimMs: number;
    maxTries: number;
    streamMaxLength: number;
    ackTimeoutMs: number;
    maxPushes: number;
    statusTtlSeconds: number;
    syncStatusTtlSeconds: number;
    /** Fan-outs to this many recipients or more are one publish on broadcast:all. */
    broadcastThreshold: number;
    /** Streams per priority lane, each in its own hash slot. */
    queueShards: number;
    /** How often open streams compare their position with the database (crash repair). */
    positionCheckMs: number;
  };
  ws: {
    /** Origins allowed to open a socket besides the server's own and clients sending none; '*' allows all. */
    allowedOrigins: string[];
    initTimeoutMs: number;
    keepAliveMs: number;
    maxFrameBytes: number;
    /** A socket whose unsent data grows past this is closed (1013) and resumes later. */
    maxBufferedBytes: number;
  };
  cache: {
    /** Off: every read goes to the database (same answers). */
    enabled: boolean;
    /** Lifetime of `messages:user:{id}` and `unread_count:user:{id}` from their fill. */
    ttlSeconds: number;
    /** How many of the newest inbox messages `messages:user:{id}` holds. */
    pageSize: number;
    /** Lifetime of a user profile in the in-process first level (0: none). */
    profileTtlSeconds: number;
  };
  /** Link previews fetched after a send commits (docs/link-previews.md). */
  linkPreviews: {
    enabled: boolean;
    /** Links of one message that get a preview (the first ones). */
    maxLinks: number;
    /** Whole fetch of one link, redirects included. */
    timeoutMs: number;
    /** Bytes of a page read at most; the rest is never read. */
    maxBytes: number;
    maxRedirects: number;
    /** Messages worked on at once (each fetches its links together). */
    concurrency: number;
    /** Messages waiting beyond this are dropped (no preview). */
    queueLimit: number;
    /** Lifetime of `link_preview:{sha}`; a failed fetch is remembered for at most 10 minutes. */
    cacheTtlSeconds: number;
    /** TEST/DEVELOPMENT ONLY: host names or IP literals exempt from the address check. Empty by default. */
    allowHosts: string[];
  };
  /** Uploads and their downloads (src/attachments/, docs/attachments.md). */
  attachments: {
    /** Largest non-multipart request body (JSON); also the largest `operations` field of an upload. */
    maxBodyBytes: number;
    maxBytes: number;
    maxPerMessage: number;
    maxMessageBytes: number;
    /** Content types detected from the bytes that an upload may have. */
    allowedTypes: string[];
    thumbnailPx: number;
    urlTtlSeconds: number;
    /** HMAC key of download links (ATTACHMENT_URL_SECRET, or derived from the JWT secret). */
    urlSecret: string;
    /** Prefix of download links; '' makes them relative to this server ("/files/…"). */
    baseUrl: string;
    unsentTtlSeconds: number;
    /** 0: this instance does not run the cleanup of unsent uploads. */
    cleanupIntervalMs: number;
    cleanupBatch: number;
  };
  /** Tags and the important ordering (src/organizing/, docs/organizing.md). */
  organizing: {
    maxTagsPerUser: number;
    importantHistoryDays: number;
    importantHistoryRows: number;
  };
  /** Search (docs/search.md). */
  search: {
    /** Index new messages as they are sent; off only to measure what indexing costs (search then misses new messages until a reindex). */
    indexEnabled: boolean;
    /** How long new messages wait to be written to the index together (one INSERT for all of them). */
    indexLingerMs: number;
    maxQueryLength: number;
    /** Most distinct terms one query may have (a CJK run of n characters is n − 1 terms). */
    maxTerms: number;
  };
  /** Where attachment bytes live: a local directory, or an S3-compatible bucket when `s3` is set. */
  storage: {
    dir: string;
    s3: {
      bucket: string;
      endpoint?: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
      prefix: string;
    } | null;
  };
  /** Metrics, alerts, the admin dashboard and reports (src/operations/, docs/operations.md). */
  operations: OperationsConfig;
  /** Rate limits and quotas (src/limits/, docs/security.md "Rate limits"). */
  rateLimits: {
    enabled: boolean;
    /** Per user and operation; service accounts get `serviceMultiplier` times the points. */
    perUser: Record<'sendMessage' | 'markRead' | 'search' | 'upload', Rate>;
    perIp: Record<'login' | 'register' | 'loginFailures', Rate>;
    /** Failed logins of one (IP, username) answered without delay; each further one doubles the wait. */
    loginFreeFailures: number;
    loginBackoffMaxSeconds: number;
    serviceMultiplier: number;
    tenantMessagesPerDay: number;
    tenantMaxSockets: number;
    socketMaxSubscriptions: number;
    socketOperationsPerSecond: number;
  };
  /** Outgoing tenant webhooks (src/webhooks/). */
  webhooks: { timeoutMs: number; maxAttempts: number; retryBaseMs: number; pollMs: number };
  /** Pre-send message plugins by name (src/plugins/) and the time budget of each. */
  messagePlugins: { names: string[]; timeoutMs: number };
  /** The retention job (src/lifecycle/): how often it runs (0: never on this instance) and rows per batch. */
  retention: { intervalMs: number; batchSize: number };
  /** Email through SMTP (SMTP_URL, MAIL_FROM); null when SMTP_URL is not set. */
  mail: { url: string; from: string } | null;
  /** Notification rules (src/notifications/, docs/notifications.md). */
  notifications: {
    defaultTimeZone: string;
    defaultLocale: string;
    /** How often an instance looks for due timers (held pushes, reminders, fallbacks). */
    timerPollMs: number;
    /** Unread this long with no live device: the fallback channels (users may choose their own). */
    fallbackAfterSeconds: number;
    retryBaseMs: number;
    /** Tries of one fallback delivery before its dead-letter record. */
    maxAttempts: number;
    /** How long an instance keeps a user's rules between sends (a save drops them everywhere); 0: read on every send. */
    rulesCacheSeconds: number;
    /** Mobile push gateway or SMS provider that receives signed fallback webhooks; null: none. */
    webhook: { url: string; secret: string } | null;
  };
  /** null: no Redis (single instance, in-process push). */
  redis: {
    url: string | null;
    host: string;
    port: number;
    password?: string;
    db: number;
    keyPrefix: string;
    commandTimeoutMs: number;
    connectTimeoutMs: number;
    /** Redis Cluster seed nodes; null: one node (url or host/port). */
    clusterNodes?: Array<{ host: string; port: number }> | null;
    /** Sentinels that name the master (one master with replicas); null: none. */
    sentinel?: { nodes: Array<{ host: string; port: number }>; name: string } | null;
  } | null;
}

export interface ReplicaSettings {
  urls: string[];
  /** How long a read waits for a replica to reach the position it needs before it goes to the primary (0: at once). */
  waitMs: number;
  /** A replica further behind than this (or not replicating) serves nothing until it catches up; 0: not checked. */
  maxLagSeconds: number;
  /** How often each replica's reachability and lag are checked. */
  checkMs: number;
}

export interface OperationsConfig {
  /** null: /metrics is open (to whoever reaches its port). */
  metricsToken: string | null;
  /** Set: /metrics is served on this port (and host) only, not on the API's. */
  metricsPort: number | null;
  metricsHost: string;
  slowQueryMs: number;
  alerts: {
    enabled: boolean;
    evalIntervalMs: number;
    /** How long a rule's condition must hold before it fires. */
    forSeconds: number;
    /** A rule that fires again this soon after it resolved is recorded without a new notice. */
    cooldownSeconds: number;
    emailTo: string[];
    webhookUrl: string | null;
    webhookSecret: string | null;
    pushFailureRatio: number;
    pushP99Seconds: number;
    queueLagSeconds: number;
    errorRatio: number;
    socketDropRatio: number;
  };
  anomalies: {
    /** A sender's messages in one evaluation window against this many times its own average. */
    senderFactor: number;
    /** …and at least this many messages in the window. */
    senderMinPerWindow: number;
    /** Identical content sent to at least this many recipients in one window. */
    duplicateRecipients: number;
    /** Refused logins of one tenant in one window. */
    loginFailures: number;
  };
  statusIntervalMs: number;
  /** 0: this instance does not roll up reports. */
  rollupIntervalMs: number;
  recomputeDays: number;
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Throws ConfigError whose message is one line naming
 * the variable at fault, so main can print it and exit.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): { config: AppConfig; warnings: string[] } {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid ${name}: ${issue.message}`);
  }
  const env = parsed.data;
  const warnings: string[] = [];
  const production = env.NODE_ENV === 'production';
  let secret = env.JWT_SECRET;
  if (!secret) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError('Invalid JWT_SECRET: required when NODE_ENV=production');
    }
    secret = randomBytes(32).toString('base64url');
    warnings.push('JWT_SECRET is not set: using a random secret; tokens will not survive a restart');
  }
  // ---- link previews: the allow-list turns off the SSRF address check for its hosts ----
  const previewAllowHosts = env.LINK_PREVIEW_ALLOW_HOSTS.split(',')
    .map((h) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1'))
    .filter(Boolean);
  if (previewAllowHosts.length > 0) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError('Invalid LINK_PREVIEW_ALLOW_HOSTS: for tests and development only, not with NODE_ENV=production');
    }
    warnings.push(`LINK_PREVIEW_ALLOW_HOSTS is set: link previews may fetch ${previewAllowHosts.join(', ')} without the address check`);
  }
  if (Boolean(env.STORAGE_S3_ACCESS_KEY_ID) !== Boolean(env.STORAGE_S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Invalid STORAGE_S3_SECRET_ACCESS_KEY: set both STORAGE_S3_ACCESS_KEY_ID and STORAGE_S3_SECRET_ACCESS_KEY, or neither');
  }
  if (env.NOTIFICATION_WEBHOOK_URL && !env.NOTIFICATION_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid NOTIFICATION_WEBHOOK_SECRET: required with NOTIFICATION_WEBHOOK_URL (receivers verify the signature)');
  }
  return {
    warnings,
    config: {
      env: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      logLevel: env.LOG_LEVEL,
      databaseUrl: env.DATABASE_URL,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      sendInOneQuery: env.DATABASE_SEND_IN_ONE_QUERY,
      databaseReplicas: {
        urls: env.DATABASE_REPLICA_URLS,
        waitMs: env.DATABASE_REPLICA_WAIT_MS,
        maxLagSeconds: env.DATABASE_REPLICA_MAX_LAG_SECONDS,
        checkMs: env.DATABASE_REPLICA_CHECK_MS,
      },
      jwt: {
        secret,
        issuer: env.JWT_ISSUER,
        audience: env.JWT_AUDIENCE,
        ttlSeconds: env.JWT_TTL_SECONDS,
        jwksUrl: env.JWT_JWKS_URL,
        publicKey: env.JWT_PUBLIC_KEY,
        publicKeyAlg: env.JWT_PUBLIC_KEY_ALG,
        jwksCacheSeconds: env.JWT_JWKS_CACHE_SECONDS,
      },
      defaultTenant: env.DEFAULT_TENANT,
      protection: {
        defaultTenantOpenSignup: env.DEFAULT_TENANT_OPEN_SIGNUP ?? !production,
        refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
        invitationTtlHours: env.INVITATION_TTL_HOURS,
        introspection: env.GRAPHQL_INTROSPECTION ?? !production,
        suggestions: env.GRAPHQL_SUGGESTIONS ?? !production,
        maxAliases: env.MAX_QUERY_ALIASES,
        maxTokens: env.MAX_QUERY_TOKENS,
        healthDetailsToken: env.HEALTH_DETAILS_TOKEN,
      },
      limits: {
        maxContentLength: env.MAX_CONTENT_LENGTH,
        maxRecipients: env.MAX_RECIPIENTS,
        maxPageSize: env.MAX_PAGE_SIZE,
        maxQueryDepth: env.MAX_QUERY_DEPTH,
        maxQueryCost: env.MAX_QUERY_COST,
        recallWindowSeconds: env.RECALL_WINDOW_SECONDS,
      },
      graphiql: env.GRAPHIQL ?? !production,
      graphqlProtocols: {
        apq: env.GRAPHQL_APQ && !env.GRAPHQL_PERSISTED_DOCUMENTS,
        persistedDocumentsPath: env.GRAPHQL_PERSISTED_DOCUMENTS ?? null,
        batchLimit: env.GRAPHQL_BATCH_LIMIT,
        httpFastPath: env.GRAPHQL_HTTP_FAST_PATH,
      },
      role: env.ROLE,
      clusterLeaseMs: env.CLUSTER_LEASE_MS,
      delivery: {
        queueEnabled: env.DELIVERY_QUEUE_ENABLED,
        workers: env.DELIVERY_WORKERS,
        batchSize: env.DELIVERY_BATCH_SIZE,
        reclaimMs: env.DELIVERY_RECLAIM_MS,
        maxTries: env.DELIVERY_MAX_TRIES,
        streamMaxLength: env.DELIVERY_STREAM_MAXLEN,
        ackTimeoutMs: env.DELIVERY_ACK_TIMEOUT_MS,
        maxPushes: env.DELIVERY_MAX_PUSHES,
        statusTtlSeconds: env.DELIVERY_STATUS_TTL_SECONDS,
        syncStatusTtlSeconds: env.SYNC_STATUS_TTL_SECONDS,
        broadcastThreshold: env.DELIVERY_BROADCAST_THRESHOLD,
        queueShards: env.DELIVERY_QUEUE_SHARDS ?? (env.REDIS_CLUSTER_NODES ? 4 : 1),
        positionCheckMs: env.DELIVERY_POSITION_CHECK_MS,
      },
      ws: {
        allowedOrigins: env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
        initTimeoutMs: env.WS_INIT_TIMEOUT_MS,
        keepAliveMs: env.WS_KEEPALIVE_MS,
        maxFrameBytes: env.WS_MAX_FRAME_BYTES,
        maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
      },
      instanceId: env.INSTANCE_ID ?? `${process.pid}-${randomBytes(4).toString('hex')}`,
      presence: { ttlSeconds: env.PRESENCE_TTL_SECONDS, sweepMs: env.PRESENCE_SWEEP_MS },
      cache: {
        enabled: env.CACHE_ENABLED,
        ttlSeconds: env.CACHE_TTL_SECONDS,
        pageSize: env.CACHE_PAGE_SIZE,
        profileTtlSeconds: env.CACHE_PROFILE_TTL_SECONDS,
      },
      linkPreviews: {
        enabled: env.LINK_PREVIEWS_ENABLED,
        maxLinks: env.LINK_PREVIEW_MAX_LINKS,
        timeoutMs: env.LINK_PREVIEW_TIMEOUT_MS,
        maxBytes: env.LINK_PREVIEW_MAX_BYTES,
        maxRedirects: env.LINK_PREVIEW_MAX_REDIRECTS,
        concurrency: env.LINK_PREVIEW_CONCURRENCY,
        queueLimit: env.LINK_PREVIEW_QUEUE_LIMIT,
        cacheTtlSeconds: env.LINK_PREVIEW_CACHE_TTL_SECONDS,
        allowHosts: previewAllowHosts,
      },
      attachments: {
        maxBodyBytes: env.GRAPHQL_MAX_BODY_BYTES,
        maxBytes: env.ATTACHMENT_MAX_BYTES,
        maxPerMessage: env.ATTACHMENT_MAX_PER_MESSAGE,
        maxMessageBytes: env.ATTACHMENT_MAX_MESSAGE_BYTES,
        allowedTypes: env.ATTACHMENT_ALLOWED_TYPES.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean),
        thumbnailPx: env.ATTACHMENT_THUMBNAIL_PX,
        urlTtlSeconds: env.ATTACHMENT_URL_TTL_SECONDS,
        // A key of its own, so a download link never doubles as material for forging tokens.
        urlSecret: env.ATTACHMENT_URL_SECRET ?? createHmac('sha256', secret).update('attachment download links').digest('base64url'),
        baseUrl: (env.ATTACHMENT_BASE_URL ?? '').replace(/\/+$/, ''),
        unsentTtlSeconds: env.ATTACHMENT_UNSENT_TTL_SECONDS,
        cleanupIntervalMs: env.ATTACHMENT_CLEANUP_INTERVAL_MS,
        cleanupBatch: env.ATTACHMENT_CLEANUP_BATCH,
      },
      organizing: {
        maxTagsPerUser: env.MAX_TAGS_PER_USER,
        importantHistoryDays: env.IMPORTANT_HISTORY_DAYS,
        importantHistoryRows: env.IMPORTANT_HISTORY_ROWS,
      },
      search: { indexEnabled: env.SEARCH_INDEX_ENABLED, indexLingerMs: env.SEARCH_INDEX_LINGER_MS, maxQueryLength: env.SEARCH_MAX_QUERY_LENGTH, maxTerms: env.SEARCH_MAX_TERMS },
      storage: {
        dir: env.STORAGE_DIR,
        s3: env.STORAGE_S3_BUCKET
          ? {
              bucket: env.STORAGE_S3_BUCKET,
              endpoint: env.STORAGE_S3_ENDPOINT,
              region: env.STORAGE_S3_REGION,
              accessKeyId: env.STORAGE_S3_ACCESS_KEY_ID,
              secretAccessKey: env.STORAGE_S3_SECRET_ACCESS_KEY,
              // S3-compatible servers (MinIO, s3rver…) usually want path-style addressing.
              forcePathStyle: env.STORAGE_S3_FORCE_PATH_STYLE ?? env.STORAGE_S3_ENDPOINT !== undefined,
              prefix: env.STORAGE_S3_PREFIX,
            }
          : null,
      },
      operations: {
        metricsToken: env.METRICS_TOKEN ?? null,
        metricsPort: env.METRICS_PORT ?? null,
        metricsHost: env.METRICS_HOST,
        slowQueryMs: env.SLOW_QUERY_MS,
        alerts: {
          enabled: env.ALERTS_ENABLED,
          evalIntervalMs: env.ALERT_EVAL_INTERVAL_MS,
          forSeconds: env.ALERT_FOR_SECONDS,
          cooldownSeconds: env.ALERT_COOLDOWN_SECONDS,
          emailTo: env.ALERT_EMAIL_TO.split(',').map((a) => a.trim()).filter(Boolean),
          webhookUrl: env.ALERT_WEBHOOK_URL ?? null,
          webhookSecret: env.ALERT_WEBHOOK_SECRET ?? (env.ALERT_WEBHOOK_URL ? createHmac('sha256', secret).update('alert webhooks').digest('base64url') : null),
          pushFailureRatio: env.ALERT_PUSH_FAILURE_RATIO,
          pushP99Seconds: env.ALERT_PUSH_P99_SECONDS,
          queueLagSeconds: env.ALERT_QUEUE_LAG_SECONDS,
          errorRatio: env.ALERT_ERROR_RATIO,
          socketDropRatio: env.ALERT_SOCKET_DROP_RATIO,
        },
        anomalies: {
          senderFactor: env.ANOMALY_SENDER_FACTOR,
          senderMinPerWindow: env.ANOMALY_SENDER_MIN_PER_WINDOW,
          duplicateRecipients: env.ANOMALY_DUPLICATE_RECIPIENTS,
          loginFailures: env.ANOMALY_LOGIN_FAILURES,
        },
        statusIntervalMs: env.ADMIN_STATUS_INTERVAL_MS,
        rollupIntervalMs: env.REPORTS_ROLLUP_INTERVAL_MS,
        recomputeDays: env.REPORTS_RECOMPUTE_DAYS,
      },
      rateLimits: {
        enabled: env.RATE_LIMITS_ENABLED,
        perUser: {
          sendMessage: env.RATE_LIMIT_SEND_MESSAGE,
          markRead: env.RATE_LIMIT_MARK_READ,
          search: env.RATE_LIMIT_SEARCH,
          upload: env.RATE_LIMIT_UPLOAD,
        },
        perIp: { login: env.RATE_LIMIT_LOGIN_IP, register: env.RATE_LIMIT_REGISTER_IP, loginFailures: env.RATE_LIMIT_LOGIN_FAILURES_IP },
        loginFreeFailures: env.LOGIN_BACKOFF_FREE_FAILURES,
        loginBackoffMaxSeconds: env.LOGIN_BACKOFF_MAX_SECONDS,
        serviceMultiplier: env.RATE_LIMIT_SERVICE_MULTIPLIER,
        tenantMessagesPerDay: env.TENANT_MESSAGES_PER_DAY,
        tenantMaxSockets: env.TENANT_MAX_SOCKETS,
        socketMaxSubscriptions: env.WS_MAX_SUBSCRIPTIONS,
        socketOperationsPerSecond: env.WS_OPERATIONS_PER_SECOND,
      },
      webhooks: {
        timeoutMs: env.WEBHOOK_TIMEOUT_MS,
        maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
        retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
        pollMs: env.WEBHOOK_POLL_MS,
      },
      messagePlugins: {
        names: env.MESSAGE_PLUGINS.split(',')
          .map((n) => n.trim())
          .filter(Boolean),
        timeoutMs: env.MESSAGE_PLUGIN_TIMEOUT_MS,
      },
      retention: { intervalMs: env.RETENTION_INTERVAL_MS, batchSize: env.RETENTION_BATCH },
      mail: env.SMTP_URL ? { url: env.SMTP_URL, from: env.MAIL_FROM } : null,
      notifications: {
        defaultTimeZone: env.NOTIFICATION_DEFAULT_TIME_ZONE,
        defaultLocale: env.NOTIFICATION_DEFAULT_LOCALE,
        timerPollMs: env.NOTIFICATION_TIMER_POLL_MS,
        fallbackAfterSeconds: env.NOTIFICATION_FALLBACK_AFTER_SECONDS,
        retryBaseMs: env.NOTIFICATION_RETRY_BASE_MS,
        maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
        rulesCacheSeconds: env.NOTIFICATION_RULES_CACHE_SECONDS,
        webhook: env.NOTIFICATION_WEBHOOK_URL
          ? { url: env.NOTIFICATION_WEBHOOK_URL, secret: env.NOTIFICATION_WEBHOOK_SECRET! }
          : null,
      },
      redis: env.REDIS_ENABLED
        ? {
            url: env.REDIS_URL ?? null,
            host: env.REDIS_HOST,
            port: env.REDIS_PORT,
            password: env.REDIS_PASSWORD,
            db: env.REDIS_DB,
            keyPrefix: env.REDIS_KEY_PREFIX,
            commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
            connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS,
            clusterNodes: env.REDIS_CLUSTER_NODES ? hostPorts(env.REDIS_CLUSTER_NODES) : null,
            sentinel: env.REDIS_SENTINELS ? { nodes: hostPorts(env.REDIS_SENTINELS), name: env.REDIS_SENTINEL_NAME } : null,
          }
        : null,
    },
  };
}

/** `host:port,host:port` as addresses (the format is checked by the schema). */
function hostPorts(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((node) => {
    const [host, port] = node.trim().split(':');
    return { host: host!, port: Number(port) };
  });
}
