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
