/**
 * Every column that names a user, and what erasure does with it (docs/security.md "Data
 * lifecycle"). A table added later with a user column is one line here; a test reads
 * information_schema and fails when a user column is missing from this list.
 *
 * - `delete`: the rows are the user's own (their inbox, presence, uploads…) and go.
 * - `redact`: messages the user sent stay as tombstones in other people's inboxes (their
 *   positions stay, so no inbox gets a gap) with content, attachments, previews and
 *   comments removed.
 * - `keep`: a reference to the user's row, which erasure anonymizes (name, password and
 *   tenant replaced), so the reference names nobody; `why` says why the row must stay.
 */
export type ErasureAction = { kind: 'delete' } | { kind: 'redact' } | { kind: 'keep'; why: string };

export interface UserColumn {
  table: string;
  column: string;
  action: ErasureAction;
}

const keep = (why: string): ErasureAction => ({ kind: 'keep', why });
const remove: ErasureAction = { kind: 'delete' };

export const USER_COLUMNS: readonly UserColumn[] = [
  { table: 'users', column: 'id', action: keep('anonymized in place: other rows reference it, and tokens of its old tenant are refused') },
  { table: 'messages', column: 'sender_id', action: { kind: 'redact' } },
  { table: 'messages', column: 'recalled_by', action: keep('who recalled another person’s message: a reference to the anonymized row') },
  { table: 'message_recipients', column: 'recipient_id', action: remove },
  { table: 'inbox_events', column: 'user_id', action: remove },
  { table: 'inbox_floors', column: 'user_id', action: remove },
  { table: 'user_presence', column: 'user_id', action: remove },
  { table: 'meeting_participants', column: 'user_id', action: remove },
  { table: 'meetings', column: 'created_by', action: keep('the meeting belongs to its other participants too') },
  { table: 'transcript_segments', column: 'added_by', action: keep('the transcript is the meeting’s record; speaker labels naming the user are replaced') },
  { table: 'attachments', column: 'uploader_id', action: remove },
  { table: 'webhooks', column: 'created_by', action: keep('the tenant’s integration, not the admin’s data') },
  { table: 'webhook_deliveries', column: 'subject_user_id', action: remove },
  // Organizing, search, notifications, credentials, tenants, reports.
  { table: 'user_tags', column: 'user_id', action: remove },
  { table: 'message_tags', column: 'user_id', action: remove },
  { table: 'search_terms', column: 'owner_id', action: remove },
  { table: 'notification_settings', column: 'user_id', action: remove },
  { table: 'notification_holds', column: 'user_id', action: remove },
  { table: 'notification_jobs', column: 'user_id', action: remove },
  { table: 'notification_fallbacks', column: 'user_id', action: remove },
  { table: 'message_confirmations', column: 'recipient_id', action: remove },
  { table: 'message_renderings', column: 'recipient_id', action: remove },
  { table: 'message_templates', column: 'updated_by', action: keep('the tenant’s template; who last changed it is a reference to the anonymized row') },
  { table: 'refresh_tokens', column: 'user_id', action: remove },
  { table: 'external_identities', column: 'user_id', action: remove },
  { table: 'api_keys', column: 'user_id', action: remove },
  { table: 'api_keys', column: 'created_by', action: keep('the tenant’s credential; the admin who made it is a reference to the anonymized row') },
  { table: 'tenant_invitations', column: 'created_by', action: keep('the tenant’s invitation record; a reference to the anonymized row') },
  { table: 'tenant_invitations', column: 'used_by', action: keep('the tenant’s invitation record; a reference to the anonymized row') },
  { table: 'ops_daily_senders', column: 'sender_id', action: keep('a report aggregate (counts only) referencing the anonymized row') },
  { table: 'audit_log', column: 'actor_id', action: keep('the record of what admins did, kept by law; it holds ids, never names') },
];

/**
 * The tables whose rows belong to one message (by `message_id`) and go when retention deletes
 * it: its recipients, uploads' links, tags, search terms, renderings, confirmations and
 * pending notification timers. A test reads information_schema and fails when a table with
 * a `message_id` column is neither here nor `inbox_events` (compacted by the floor).
 */
export const MESSAGE_ROWS: readonly string[] = [
  'message_recipients',
  'message_attachments',
  'message_tags',
  'search_terms',
  'message_renderings',
  'message_confirmations',
  'notification_holds',
  'notification_jobs',
  'notification_fallbacks',
];

/** The label that replaces the user's name wherever a name must stay (transcript speakers, the users row). */
export const ERASED_NAME = 'Deleted user';
/** The tenant of an erased user's row: tokens carrying the old tenant no longer match it. */
export const ERASED_TENANT = '~erased';
