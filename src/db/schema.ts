import { sql } from 'drizzle-orm';
import {
  bigint,
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
export const INBOX_EVENT_KINDS = ['MESSAGE', 'READ', 'RECALL', 'UPDATE'] as const;

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
