import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  double,
  boolean,
  datetime,
  index,
  int,
  json,
  mediumtext,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  uniqueIndex,
  varbinary,
  varchar,
} from 'drizzle-orm/mysql-core';

// The tables of the data model (docs/architecture.md). Every time is DATETIME(3) in UTC (the pool's
// session time zone is +00:00). Only `*.store.ts` files import from here.

const now3 = sql`CURRENT_TIMESTAMP(3)`;
const id = (name: string) => bigint(name, { mode: 'number', unsigned: true });

export const USER_ROLES = ['user', 'service', 'admin'] as const;
export const MESSAGE_TYPES = ['TEXT', 'SYSTEM', 'MEETING_INVITE', 'MEETING_SUMMARY', 'REMINDER'] as const;
export const MESSAGE_PRIORITIES = ['URGENT', 'NORMAL', 'LOW'] as const;
/** Added, never renumbered: every change to an inbox is one of these (docs/architecture.md). */
export const INBOX_EVENT_KINDS = ['MESSAGE', 'READ', 'RECALL', 'UPDATE', 'LABELS', 'TAG'] as const;

export type UserRole = (typeof USER_ROLES)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];
export type InboxEventKind = (typeof INBOX_EVENT_KINDS)[number];

export const users = mysqlTable(
  'users',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    username: varchar('username', { length: 64 }).notNull(),
    displayName: varchar('display_name', { length: 128 }).notNull(),
    passwordHash: varchar('password_hash', { length: 255 }),
    role: mysqlEnum('role', USER_ROLES).notNull().default('user'),
    settings: json('settings').$type<Record<string, unknown>>(),
    /** Last sequence number given in this user's inbox (see allocateInboxSeqs). */
    inboxSeq: id('inbox_seq').notNull().default(0),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [uniqueIndex('uq_users_tenant_username').on(t.tenantId, t.username)],
);

export const messages = mysqlTable(
  'messages',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    senderId: id('sender_id').notNull(),
    type: mysqlEnum('type', MESSAGE_TYPES).notNull().default('TEXT'),
    priority: mysqlEnum('priority', MESSAGE_PRIORITIES).notNull().default('NORMAL'),
    content: mediumtext('content').notNull(),
    attachments: json('attachments').$type<unknown[]>(),
    replyToId: id('reply_to_id'),
    forwardedFromId: id('forwarded_from_id'),
    meetingId: id('meeting_id'),
    clientMessageId: varchar('client_message_id', { length: 128 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    recalledAt: datetime('recalled_at', { mode: 'date', fsp: 3 }),
    /** The forwarder's own words when this message forwards another (forwarded_from_id). */
    forwardComment: mediumtext('forward_comment'),
    /** Who recalled it: the sender, or a tenant admin. */
    recalledBy: id('recalled_by'),
    /** Link previews fetched after the send committed (title, description, site name, image per URL). */
    linkPreviews: json('link_previews').$type<unknown[]>(),
  },
  (t) => [
    uniqueIndex('uq_messages_sender_client_id').on(t.senderId, t.clientMessageId),
    index('ix_messages_sender').on(t.senderId, t.id),
    // Operations reports roll up one day of messages at a time (src/operations/reports.store.ts).
    index('ix_messages_created').on(t.createdAt),
  ],
);

export const messageRecipients = mysqlTable(
  'message_recipients',
  {
    id: id('id').autoincrement().primaryKey(),
    messageId: id('message_id').notNull(),
    recipientId: id('recipient_id').notNull(),
    seq: id('seq').notNull(),
    isRead: boolean('is_read').notNull().default(false),
    readAt: datetime('read_at', { mode: 'date', fsp: 3 }),
    deliveredAt: datetime('delivered_at', { mode: 'date', fsp: 3 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    /** Organizing (src/organizing/): when this recipient starred / archived the message. */
    starredAt: datetime('starred_at', { mode: 'date', fsp: 3 }),
    archivedAt: datetime('archived_at', { mode: 'date', fsp: 3 }),
  },
  (t) => [
    uniqueIndex('uq_recipients_message_recipient').on(t.messageId, t.recipientId),
    uniqueIndex('uq_recipients_recipient_seq').on(t.recipientId, t.seq),
    index('ix_recipients_recipient_read').on(t.recipientId, t.isRead),
    index('ix_recipients_message').on(t.messageId),
  ],
);

export const inboxEvents = mysqlTable(
  'inbox_events',
  {
    userId: id('user_id').notNull(),
    seq: id('seq').notNull(),
    kind: mysqlEnum('kind', INBOX_EVENT_KINDS).notNull(),
    messageId: id('message_id').notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    /** TAG events (a tag created, renamed, recoloured or deleted) name the tag here; their message_id is 0. */
    tagId: id('tag_id'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.seq] })],
);

// Meetings and their live transcripts, independent of the inbox.

export const meetings = mysqlTable(
  'meetings',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    createdBy: id('created_by').notNull(),
    /** Last sequence number given to a transcript segment of this meeting (see appendSegment). */
    transcriptSeq: id('transcript_seq').notNull().default(0),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [index('ix_meetings_tenant').on(t.tenantId, t.id)],
);

export const meetingParticipants = mysqlTable(
  'meeting_participants',
  {
    meetingId: id('meeting_id').notNull(),
    userId: id('user_id').notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index('ix_participants_user').on(t.userId, t.meetingId)],
);

export const transcriptSegments = mysqlTable(
  'transcript_segments',
  {
    id: id('id').autoincrement().primaryKey(),
    meetingId: id('meeting_id').notNull(),
    /** Position in the meeting's transcript: 1, 2, 3… in commit order, without gaps. */
    seq: id('seq').notNull(),
    speaker: varchar('speaker', { length: 128 }).notNull(),
    text: mediumtext('text').notNull(),
    startMs: int('start_ms', { unsigned: true }).notNull(),
    endMs: int('end_ms', { unsigned: true }).notNull(),
    addedBy: id('added_by').notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [uniqueIndex('uq_segments_meeting_seq').on(t.meetingId, t.seq)],
);

/** When each user was last seen on any socket: what `presence` answers for users who are offline. */
export const userPresence = mysqlTable('user_presence', {
  userId: id('user_id').primaryKey(),
  lastSeenAt: datetime('last_seen_at', { mode: 'date', fsp: 3 }).notNull(),
});

// Attachments: uploaded first, then referenced by messages. Forwarding references the same
// upload again (no copy of the bytes); who may download follows the messages that reference it.

export const attachments = mysqlTable(
  'attachments',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    uploaderId: id('uploader_id').notNull(),
    /** Where the bytes are in the storage (local directory or S3-compatible bucket). */
    storageKey: varchar('storage_key', { length: 255 }).notNull(),
    fileName: varchar('file_name', { length: 255 }).notNull(),
    /** Detected from the bytes, not from the name. */
    contentType: varchar('content_type', { length: 127 }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number', unsigned: true }).notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    width: int('width', { unsigned: true }),
    height: int('height', { unsigned: true }),
    thumbnailKey: varchar('thumbnail_key', { length: 255 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    /** Set when a message first references it; uploads never sent are removed after a while. */
    attachedAt: datetime('attached_at', { mode: 'date', fsp: 3 }),
  },
  (t) => [index('ix_attachments_unattached').on(t.attachedAt, t.createdAt), index('ix_attachments_uploader').on(t.uploaderId, t.id)],
);

export const messageAttachments = mysqlTable(
  'message_attachments',
  {
    messageId: id('message_id').notNull(),
    attachmentId: id('attachment_id').notNull(),
    position: int('position', { unsigned: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.attachmentId] }), index('ix_message_attachments_attachment').on(t.attachmentId)],
);

// Protection: tenants as boundaries, invitations, external identities, service API keys and
// refresh tokens (docs/security.md). Secrets are never stored: only their SHA-256.

export const tenants = mysqlTable('tenants', {
  /** The name users give as `tenant` (users.tenant_id holds it). */
  id: varchar('id', { length: 64 }).primaryKey(),
  /** Whether `register` without an invitation may create users here. */
  openSignup: boolean('open_signup').notNull().default(false),
  createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
});

export const tenantInvitations = mysqlTable(
  'tenant_invitations',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    role: mysqlEnum('role', USER_ROLES).notNull().default('user'),
    /** null: the operator (CLI). */
    createdBy: id('created_by'),
    expiresAt: datetime('expires_at', { mode: 'date', fsp: 3 }).notNull(),
    usedBy: id('used_by'),
    usedAt: datetime('used_at', { mode: 'date', fsp: 3 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [uniqueIndex('uq_tenant_invitations_code').on(t.codeHash), index('ix_tenant_invitations_tenant').on(t.tenantId, t.id)],
);

/** A user of an external issuer: keyed by (issuer, subject), never by a local user id. */
export const externalIdentities = mysqlTable(
  'external_identities',
  {
    issuer: varchar('issuer', { length: 255 }).notNull(),
    subject: varchar('subject', { length: 255 }).notNull(),
    userId: id('user_id').notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), uniqueIndex('uq_external_identities_user').on(t.userId)],
);

export const apiKeys = mysqlTable(
  'api_keys',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    /** The service account the key acts as. */
    userId: id('user_id').notNull(),
    name: varchar('name', { length: 64 }).notNull(),
    secretHash: varchar('secret_hash', { length: 64 }).notNull(),
    scopes: json('scopes').$type<string[]>().notNull(),
    /** IPs or CIDR ranges the key may be used from; null: anywhere. */
    allowedIps: json('allowed_ips').$type<string[]>(),
    createdBy: id('created_by'),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    lastUsedAt: datetime('last_used_at', { mode: 'date', fsp: 3 }),
    revokedAt: datetime('revoked_at', { mode: 'date', fsp: 3 }),
  },
  (t) => [index('ix_api_keys_tenant').on(t.tenantId, t.id)],
);

/**
 * Refresh tokens rotate: each use marks the row used and issues the next of its family. A used
 * token presented again (a stolen copy) revokes the whole family.
 */
export const refreshTokens = mysqlTable(
  'refresh_tokens',
  {
    id: id('id').autoincrement().primaryKey(),
    userId: id('user_id').notNull(),
    familyId: varchar('family_id', { length: 32 }).notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    expiresAt: datetime('expires_at', { mode: 'date', fsp: 3 }).notNull(),
    usedAt: datetime('used_at', { mode: 'date', fsp: 3 }),
    revokedAt: datetime('revoked_at', { mode: 'date', fsp: 3 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [
    uniqueIndex('uq_refresh_tokens_hash').on(t.tokenHash),
    index('ix_refresh_tokens_family').on(t.familyId),
    index('ix_refresh_tokens_user').on(t.userId),
  ],
);

// Organizing (src/organizing/, docs/organizing.md): each user's own tags and which messages of
// their inbox carry them. Stars and archive are columns of message_recipients (above).

export const userTags = mysqlTable(
  'user_tags',
  {
    id: id('id').autoincrement().primaryKey(),
    userId: id('user_id').notNull(),
    name: varchar('name', { length: 64 }).notNull(),
    /** #rrggbb, lower case. */
    color: varchar('color', { length: 7 }).notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [uniqueIndex('uq_user_tags_user_name').on(t.userId, t.name)],
);

export const messageTags = mysqlTable(
  'message_tags',
  {
    userId: id('user_id').notNull(),
    messageId: id('message_id').notNull(),
    tagId: id('tag_id').notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId, t.tagId] }), index('ix_message_tags_tag').on(t.userId, t.tagId, t.messageId)],
);

// Search (docs/search.md): an inverted index scoped by owner. One row per (user, term,
// message) for the sender and every recipient, so a query reads only the caller's own
// postings. Terms are bytes (UTF-8) so comparisons and prefixes are exact, whatever the
// server's collation. Recalled messages stay until a reindex; queries skip them.

export const searchTerms = mysqlTable(
  'search_terms',
  {
    ownerId: id('owner_id').notNull(),
    term: varbinary('term', { length: 128 }).notNull(),
    messageId: id('message_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.term, t.messageId] })],
);
// ---- Operations (src/operations/, docs/operations.md): alert history and report aggregates ----

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export const ALERT_SOURCES = ['RULE', 'ANOMALY'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type AlertSource = (typeof ALERT_SOURCES)[number];

/** One alert from firing to resolved; tenant null for installation-wide ones (rules). */
export const opsAlerts = mysqlTable(
  'ops_alerts',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }),
    source: mysqlEnum('source', ALERT_SOURCES).notNull(),
    rule: varchar('rule', { length: 64 }).notNull(),
    severity: mysqlEnum('severity', ALERT_SEVERITIES).notNull(),
    /** Rule and grouping labels: one open alert per fingerprint (de-duplication). */
    fingerprint: varchar('fingerprint', { length: 191 }).notNull(),
    summary: varchar('summary', { length: 500 }).notNull(),
    details: json('details').$type<Record<string, unknown>>(),
    value: double('value'),
    startedAt: datetime('started_at', { mode: 'date', fsp: 3 }).notNull(),
    resolvedAt: datetime('resolved_at', { mode: 'date', fsp: 3 }),
    /** False when a cooldown kept the firing notice from being sent. */
    notified: boolean('notified').notNull().default(true),
  },
  (t) => [index('ix_ops_alerts_fingerprint').on(t.fingerprint, t.resolvedAt), index('ix_ops_alerts_tenant').on(t.tenantId, t.startedAt)],
);

/** Messages of one tenant sent on one day (UTC), by type and priority, and what became of them. */
export const opsDailyMessages = mysqlTable(
  'ops_daily_messages',
  {
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    type: mysqlEnum('type', MESSAGE_TYPES).notNull(),
    priority: mysqlEnum('priority', MESSAGE_PRIORITIES).notNull(),
    messages: int('messages', { unsigned: true }).notNull(),
    recipients: int('recipients', { unsigned: true }).notNull(),
    delivered: int('delivered', { unsigned: true }).notNull(),
    deliveryMsSum: bigint('delivery_ms_sum', { mode: 'number', unsigned: true }).notNull(),
    readCount: int('read_count', { unsigned: true }).notNull(),
    readMsSum: bigint('read_ms_sum', { mode: 'number', unsigned: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.type, t.priority] })],
);

/** Messages each sender sent on one day. */
export const opsDailySenders = mysqlTable(
  'ops_daily_senders',
  {
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    senderId: id('sender_id').notNull(),
    messages: int('messages', { unsigned: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.senderId] })],
);

/** Distinct users of a tenant who sent or read a message on one day. */
export const opsDailyActiveUsers = mysqlTable(
  'ops_daily_active_users',
  {
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    users: int('users', { unsigned: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
);

/** Days rolled up, and when (a day is rolled up again while it is recent: reads still arrive). */
export const opsRollups = mysqlTable('ops_rollups', {
  day: date('day', { mode: 'string' }).primaryKey(),
  rolledAt: datetime('rolled_at', { mode: 'date', fsp: 3 }).notNull(),
});
// ---- Protection: tenant webhooks, retention, inbox floors, audit log (docs/security.md) ----

export const WEBHOOK_EVENTS = ['message.sent', 'message.delivered', 'message.read', 'message.recalled', 'message.failed'] as const;
export const WEBHOOK_DELIVERY_STATES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

export const webhooks = mysqlTable(
  'webhooks',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    url: varchar('url', { length: 2048 }).notNull(),
    /** The HMAC key of its signatures; shown once when the webhook is created. */
    secret: varchar('secret', { length: 128 }).notNull(),
    events: json('events').$type<WebhookEvent[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: id('created_by').notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [index('ix_webhooks_tenant').on(t.tenantId)],
);

/** The delivery log: one row per event and webhook; DEAD rows are the dead-letter list. */
export const webhookDeliveries = mysqlTable(
  'webhook_deliveries',
  {
    id: id('id').autoincrement().primaryKey(),
    webhookId: id('webhook_id').notNull(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    event: varchar('event', { length: 32 }).notNull(),
    /** Whom the event is about (the sender, the reader): what erasure deletes by. */
    subjectUserId: id('subject_user_id'),
    payload: json('payload').$type<Record<string, unknown>>().notNull(),
    state: mysqlEnum('state', WEBHOOK_DELIVERY_STATES).notNull().default('PENDING'),
    attempts: int('attempts', { unsigned: true }).notNull().default(0),
    nextAttemptAt: datetime('next_attempt_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    lastStatus: int('last_status'),
    lastError: varchar('last_error', { length: 500 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
    deliveredAt: datetime('delivered_at', { mode: 'date', fsp: 3 }),
  },
  (t) => [index('ix_webhook_deliveries_due').on(t.state, t.nextAttemptAt), index('ix_webhook_deliveries_webhook').on(t.webhookId, t.id)],
);

/** Per-tenant retention in days; null keeps that kind of data forever. */
export const retentionPolicies = mysqlTable('retention_policies', {
  tenantId: varchar('tenant_id', { length: 64 }).primaryKey(),
  messagesDays: int('messages_days', { unsigned: true }),
  transcriptsDays: int('transcripts_days', { unsigned: true }),
  attachmentsDays: int('attachments_days', { unsigned: true }),
  inboxEventsDays: int('inbox_events_days', { unsigned: true }),
  updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
});

/** Each user's compacted inbox log: positions up to `floor_seq` are gone; older cursors get CURSOR_EXPIRED. */
export const inboxFloors = mysqlTable('inbox_floors', {
  userId: id('user_id').primaryKey(),
  floorSeq: id('floor_seq').notNull(),
});

/** What admins did (webhooks, retention, replays, exports, erasures), per tenant. */
export const auditLog = mysqlTable(
  'audit_log',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    actorId: id('actor_id').notNull(),
    action: varchar('action', { length: 64 }).notNull(),
    /** What the action was done to ("user:42", "webhook:7"); never a name. */
    target: varchar('target', { length: 128 }).notNull(),
    details: json('details').$type<Record<string, unknown>>(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [index('ix_audit_tenant').on(t.tenantId, t.id)],
);
// Notification rules (src/notifications/, docs/notifications.md): preferences, held pushes,
// durable timers, required confirmations, offline fallback, templates, meeting times.

export const NOTIFICATION_JOB_KINDS = ['RELEASE', 'REMIND', 'ESCALATE', 'FALLBACK_EMAIL', 'FALLBACK_WEBHOOK'] as const;
export const CONFIRMATION_STATES = ['PENDING', 'CONFIRMED', 'REMINDED', 'ESCALATED'] as const;
export const FALLBACK_CHANNELS = ['EMAIL', 'WEBHOOK'] as const;
export type NotificationJobKind = (typeof NOTIFICATION_JOB_KINDS)[number];
export type ConfirmationState = (typeof CONFIRMATION_STATES)[number];
export type FallbackChannel = (typeof FALLBACK_CHANNELS)[number];

/** One row per user who changed a default; users without one get the defaults. */
export const notificationSettings = mysqlTable('notification_settings', {
  userId: id('user_id').primaryKey(),
  timeZone: varchar('time_zone', { length: 64 }).notNull(),
  locale: varchar('locale', { length: 35 }).notNull(),
  /** Per weekday (1 = Monday … 7 = Sunday): [{ weekday, start: "HH:mm", end: "HH:mm" }]. */
  quietHours: json('quiet_hours').$type<Array<{ weekday: number; start: string; end: string }>>().notNull(),
  urgentBypassesQuietHours: boolean('urgent_bypasses_quiet_hours').notNull().default(true),
  holdDuringMeetings: boolean('hold_during_meetings').notNull().default(false),
  /** Message type → PUSH | HOLD | MUTE; types not named are PUSH. */
  typeModes: json('type_modes').$type<Record<string, string>>().notNull(),
  fallbackChannels: json('fallback_channels').$type<string[]>().notNull(),
  fallbackAfterSeconds: int('fallback_after_seconds', { unsigned: true }).notNull(),
  fallbackEmail: varchar('fallback_email', { length: 320 }),
  updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
});

/** A live push not sent yet: the message is in the inbox; its push waits for the release. */
export const notificationHolds = mysqlTable(
  'notification_holds',
  {
    userId: id('user_id').notNull(),
    messageId: id('message_id').notNull(),
    seq: id('seq').notNull(),
    /** When the rule that held it ends (null: when the meeting ends, time unknown). */
    heldUntil: datetime('held_until', { mode: 'date', fsp: 3 }),
    releasedAt: datetime('released_at', { mode: 'date', fsp: 3 }),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] }), index('ix_holds_open').on(t.userId, t.releasedAt, t.seq)],
);

/** Durable timers: claimed with SELECT … FOR UPDATE SKIP LOCKED, so each fires on one instance. */
export const notificationJobs = mysqlTable(
  'notification_jobs',
  {
    id: id('id').autoincrement().primaryKey(),
    kind: mysqlEnum('kind', NOTIFICATION_JOB_KINDS).notNull(),
    userId: id('user_id').notNull(),
    /** 0 when the job is about a user, not a message. */
    messageId: id('message_id').notNull().default(0),
    dueAt: datetime('due_at', { mode: 'date', fsp: 3 }).notNull(),
    attempts: int('attempts', { unsigned: true }).notNull().default(0),
    doneAt: datetime('done_at', { mode: 'date', fsp: 3 }),
    lastError: varchar('last_error', { length: 500 }),
  },
  (t) => [uniqueIndex('uq_jobs_subject').on(t.kind, t.userId, t.messageId), index('ix_jobs_due').on(t.doneAt, t.dueAt)],
);

/** Required confirmations, one row per recipient. */
export const messageConfirmations = mysqlTable(
  'message_confirmations',
  {
    messageId: id('message_id').notNull(),
    recipientId: id('recipient_id').notNull(),
    /** Told after the second deadline (the sender when none was named). */
    escalateTo: id('escalate_to').notNull(),
    withinSeconds: int('within_seconds', { unsigned: true }).notNull(),
    state: mysqlEnum('state', CONFIRMATION_STATES).notNull().default('PENDING'),
    confirmedAt: datetime('confirmed_at', { mode: 'date', fsp: 3 }),
    remindedAt: datetime('reminded_at', { mode: 'date', fsp: 3 }),
    escalatedAt: datetime('escalated_at', { mode: 'date', fsp: 3 }),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.recipientId] })],
);

/** What went out through a fallback channel: at most one row (one send) per message and channel. */
export const notificationFallbacks = mysqlTable(
  'notification_fallbacks',
  {
    userId: id('user_id').notNull(),
    messageId: id('message_id').notNull(),
    channel: mysqlEnum('channel', FALLBACK_CHANNELS).notNull(),
    /** SENT, or DEAD after the last retry (the dead-letter record). */
    status: varchar('status', { length: 8 }).notNull(),
    attempts: int('attempts', { unsigned: true }).notNull(),
    lastError: varchar('last_error', { length: 500 }),
    at: datetime('at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId, t.channel] })],
);

export const messageTemplates = mysqlTable(
  'message_templates',
  {
    id: id('id').autoincrement().primaryKey(),
    tenantId: varchar('tenant_id', { length: 64 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    variables: json('variables').$type<string[]>().notNull(),
    /** Locale → ICU MessageFormat text. */
    texts: json('texts').$type<Record<string, string>>().notNull(),
    updatedBy: id('updated_by').notNull(),
    updatedAt: datetime('updated_at', { mode: 'date', fsp: 3 }).notNull().default(now3),
  },
  (t) => [uniqueIndex('uq_templates_tenant_name').on(t.tenantId, t.name)],
);

/** A templated message as each recipient reads it, in the locale it was rendered in. */
export const messageRenderings = mysqlTable(
  'message_renderings',
  {
    messageId: id('message_id').notNull(),
    recipientId: id('recipient_id').notNull(),
    templateId: id('template_id').notNull(),
    locale: varchar('locale', { length: 35 }).notNull(),
    text: mediumtext('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.recipientId] })],
);

/** When a meeting runs: its participants are "in a meeting" from startedAt until endedAt. */
export const meetingTimes = mysqlTable('meeting_times', {
  meetingId: id('meeting_id').primaryKey(),
  startsAt: datetime('starts_at', { mode: 'date', fsp: 3 }).notNull(),
  endsAt: datetime('ends_at', { mode: 'date', fsp: 3 }),
});

/**
 * Leases of the jobs that must run on one instance of the cluster at a time (retention, alert
 * evaluation): a row per job, taken when free or expired and renewed by its holder, with the
 * database's clock deciding expiry (src/jobs/cluster-lease.ts).
 */
export const clusterLeases = mysqlTable('cluster_leases', {
  name: varchar('name', { length: 64 }).primaryKey(),
  holder: varchar('holder', { length: 128 }).notNull(),
  expiresAt: datetime('expires_at', { mode: 'date', fsp: 3 }).notNull(),
});
