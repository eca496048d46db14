import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { attachToMessages, copyAttachments } from '../attachments/attachments.store.js';
import type { Database, Transaction } from '../db/client.js';
import {
  INBOX_EVENT_KINDS,
  inboxEvents,
  messageRecipients,
  messages,
  messageTags,
  users,
  type InboxEventKind,
  type MessagePriority,
  type MessageType,
} from '../db/schema.js';

export type MessageRow = typeof messages.$inferSelect;

/** One recipient's state of one message: where it sits in their inbox and whether they read it. */
export interface Receipt {
  messageId: number;
  recipientId: number;
  seq: number;
  isRead: boolean;
  readAt: Date | null;
  deliveredAt: Date | null;
  /** Organizing (src/organizing/): this recipient's star and archive. */
  starredAt: Date | null;
  archivedAt: Date | null;
}

/** A message in one user's inbox, with that user's receipt. */
export interface InboxItem {
  message: MessageRow;
  receipt: Receipt;
}

/** A validated send, ready to be written. Recipient ids are unique. */
export interface PreparedSend {
  tenantId: string;
  senderId: number;
  recipientIds: number[];
  content: string;
  type: MessageType;
  priority: MessagePriority;
  clientMessageId: string | null;
  replyToId: number | null;
  /** A forward: the message it forwards (its attachments are referenced again, not copied) and the forwarder's words. */
  forward?: { fromId: number; comment: string | null } | null;
  /** Uploads of the sender, checked by AttachmentsService.checkForSend, in display order. */
  attachmentIds?: readonly number[];
}

/** A new message as the send returns it (the row just written). */
export function messageRow(send: PreparedSend, id: number, now: Date): MessageRow {
  return {
    id,
    tenantId: send.tenantId,
    senderId: send.senderId,
    type: send.type,
    priority: send.priority,
    content: send.content,
    attachments: null,
    replyToId: send.replyToId,
    forwardedFromId: send.forward?.fromId ?? null,
    meetingId: null,
    clientMessageId: send.clientMessageId,
    createdAt: now,
    recalledAt: null,
    forwardComment: send.forward?.comment ?? null,
    recalledBy: null,
    linkPreviews: null,
  };
}

export interface CommittedSend {
  message: MessageRow;
  /** Each recipient's new inbox position; empty when the send repeated an earlier clientMessageId. */
  deliveries: Array<{ recipientId: number; seq: number }>;
  duplicate: boolean;
}

export interface RecallResult {
  /** The tombstone. */
  message: MessageRow;
  /** Each recipient's new inbox position, and whether the message was unread there. */
  recipients: Array<{ recipientId: number; seq: number; wasUnread: boolean }>;
}

/** What `messages` and `search` may narrow to (the API's MessageFilter); every condition must hold. */
export interface InboxFilter {
  unreadOnly?: boolean | null;
  type?: MessageType | null;
  priority?: MessagePriority | null;
  // Organizing (src/organizing/, docs/organizing.md).
  /** Messages carrying this tag of the recipient's. */
  tagId?: number | null;
  /** Messages of these types (a category, src/organizing/categories.ts). */
  types?: readonly MessageType[] | null;
  starred?: boolean | null;
  /** true: only archived; false or absent: only not archived (the default inbox); see includeArchived. */
  archived?: boolean | null;
  /** Archived and not archived alike (overrides `archived`). */
  includeArchived?: boolean | null;
  senderId?: number | null;
  /** Sent at or after this time. */
  sentAfter?: Date | null;
  /** Sent strictly before this time. */
  sentBefore?: Date | null;
}

/** Whether a filter asks for anything beyond the default inbox (which the read model serves). */
export function isFiltered(filter: InboxFilter | null | undefined): boolean {
  if (!filter) return false;
  return Boolean(
    filter.unreadOnly ||
      filter.type ||
      filter.priority ||
      filter.senderId ||
      filter.sentAfter ||
      filter.sentBefore ||
      filter.tagId ||
      filter.types ||
      typeof filter.starred === 'boolean' ||
      filter.archived ||
      filter.includeArchived,
  );
}

/** The organizing part of an inbox filter, for the recipient's message_recipients rows joined with messages. */
export function labelConditions(recipientId: number, filter: InboxFilter): SQL[] {
  const conditions: SQL[] = [];
  if (!filter.includeArchived) {
    conditions.push(filter.archived ? isNotNull(messageRecipients.archivedAt) : isNull(messageRecipients.archivedAt));
  }
  if (filter.starred === true) conditions.push(isNotNull(messageRecipients.starredAt));
  if (filter.starred === false) conditions.push(isNull(messageRecipients.starredAt));
  if (filter.types) conditions.push(filter.types.length > 0 ? inArray(messages.type, [...filter.types]) : sql`FALSE`);
  if (filter.tagId) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${messageTags} WHERE ${messageTags.userId} = ${recipientId} AND ${messageTags.tagId} = ${filter.tagId} AND ${messageTags.messageId} = ${messageRecipients.messageId})`,
    );
  }
  return conditions;
}

/**
 * Messages of the user's inbox per tag of theirs: the unread ones (all of them, or among
 * `messageIds`), or with `unreadOnly` false every one of `messageIds`.
 */
export async function unreadTagCounts(
  tx: Database | Transaction,
  userId: number,
  messageIds: readonly number[] | 'all',
  unreadOnly = true,
): Promise<Array<{ tagId: number; count: number }>> {
  const conditions = [eq(messageTags.userId, userId)];
  if (unreadOnly) conditions.push(eq(messageRecipients.isRead, false));
  if (messageIds !== 'all') {
    if (messageIds.length === 0) return [];
    conditions.push(inArray(messageTags.messageId, [...messageIds]));
  }
  const rows = await tx
    .select({ tagId: messageTags.tagId, count: sql<number>`COUNT(*)` })
    .from(messageTags)
    .innerJoin(
      messageRecipients,
      and(eq(messageRecipients.messageId, messageTags.messageId), eq(messageRecipients.recipientId, messageTags.userId)),
    )
    .where(and(...conditions))
    .groupBy(messageTags.tagId);
  return rows.map((r) => ({ tagId: r.tagId, count: Number(r.count) }));

}

/**
 * The conditions of a filter on `messages` joined with the viewer's `message_recipients`
 * row, for both the inbox and search (src/search/search.store.ts), so a filter means the
 * same in both. In search the receipt is LEFT JOINed (messages the viewer only sent have
 * none): they count as read, like `Message.isRead` says. `userId` is the viewer, for
 * conditions on their own per-message state.
 */
export function inboxFilterConditions(userId: number, filter: InboxFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.unreadOnly) conditions.push(eq(messageRecipients.isRead, false));
  if (filter.type) conditions.push(eq(messages.type, filter.type));
  if (filter.priority) conditions.push(eq(messages.priority, filter.priority));
  if (filter.senderId) conditions.push(eq(messages.senderId, filter.senderId));
  if (filter.sentAfter) conditions.push(gte(messages.createdAt, filter.sentAfter));
  if (filter.sentBefore) conditions.push(lt(messages.createdAt, filter.sentBefore));
  conditions.push(...labelConditions(userId, filter));
  return conditions;
}

const INSERT_CHUNK = 2000;

function chunks<T>(items: T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Takes the next `count` numbers of each user's inbox sequence. The user rows are locked in id
 * order and stay locked to commit, so per user the sequence order is the commit order.
 * Returns, per user, the last number given before this call (the new ones follow it).
 */
export async function allocateInboxSeqs(tx: Transaction, counts: Map<number, number>): Promise<Map<number, number>> {
  const ids = [...counts.keys()].sort((a, b) => a - b);
  if (ids.length === 0) return new Map();
  const previous = await lockInboxSeqs(tx, ids);
  const cases = ids.map((id) => `WHEN ${id} THEN ${checkedInteger(previous.get(id)! + counts.get(id)!)}`).join(' ');
  await tx.execute(sql`UPDATE ${users} SET ${users.inboxSeq} = CASE ${users.id} ${sql.raw(cases)} END WHERE ${users.id} IN (${idList(ids)})`);
  return previous;
}

/** Locks the users' rows in id order and returns their current inbox_seq. */
export async function lockInboxSeqs(tx: Transaction, userIds: number[]): Promise<Map<number, number>> {
  const locked = await tx
    .select({ id: users.id, inboxSeq: users.inboxSeq })
    .from(users)
    .where(sql`${users.id} IN (${idList(userIds)})`)
    .orderBy(users.id)
    .for('update');
  return new Map(locked.map((r) => [r.id, r.inboxSeq]));
}

function checkedInteger(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`not an id or a position: ${value}`);
  return value;
}

/**
 * Ids as checked integer literals, like literalRows' below: a fan-out locks and advances a
 * thousand recipients per send, and a bound parameter per id (and a fragment per CASE arm)
 * made drizzle's query building 21 % of the sending instance's CPU in the 1 → 1,000 profile
 * (docs/benchmarks.md, "Profiles").
 */
function idList(ids: readonly number[]): SQL {
  return sql.raw(ids.map(checkedInteger).join(','));
}

/**
 * Multi-row INSERT of rows made only of ids, enum words and times, written as literals. A
 * fan-out writes a thousand rows per message; building them through the query builder cost
 * more CPU than the database spent on them. No value here comes from a client as text: ids
 * are checked to be safe integers and the words come from the schema's enums.
 */
function literalRows(rows: Array<Array<number | Date | InboxEventKind>>): SQL {
  const values = rows.map((row) => {
    const cells = row.map((v) => {
      if (v instanceof Date) return `'${v.toISOString().slice(0, 23).replace('T', ' ')}'`;
      if (typeof v === 'number') {
        if (!Number.isSafeInteger(v)) throw new Error(`not an id: ${v}`);
        return String(v);
      }
      if (!INBOX_EVENT_KINDS.includes(v)) throw new Error(`not an event kind: ${String(v)}`);
      return `'${v}'`;
    });
    return `(${cells.join(',')})`;
  });
  return sql.raw(values.join(','));
}

async function insertRecipients(
  tx: Transaction,
  rows: Array<{ messageId: number; recipientId: number; seq: number; createdAt: Date }>,
): Promise<void> {
  for (const part of chunks(rows)) {
    await tx.execute(
      sql`INSERT INTO ${messageRecipients} (message_id, recipient_id, seq, created_at) VALUES ${literalRows(
        part.map((r) => [r.messageId, r.recipientId, r.seq, r.createdAt]),
      )}`,
    );
  }
}

async function insertInboxEvents(
  tx: Transaction,
  rows: Array<{ userId: number; seq: number; kind: InboxEventKind; messageId: number; createdAt: Date }>,
): Promise<void> {
  for (const part of chunks(rows)) {
    await tx.execute(
      sql`INSERT INTO ${inboxEvents} (user_id, seq, kind, message_id, created_at) VALUES ${literalRows(
        part.map((r) => [r.userId, r.seq, r.kind, r.messageId, r.createdAt]),
      )}`,
    );
  }
}


// ---- a change to a message that its recipients see (link previews: kind UPDATE) ----------

/**
 * Writes one `kind` inbox event for every recipient of a message, each at the recipient's
 * next inbox seq, in the caller's transaction (allocateInboxSeqs: user rows locked in id
 * order and held to commit). Returns each recipient's new seq, by recipient id.
 */
export async function appendMessageEvents(
  tx: Transaction,
  messageId: number,
  kind: InboxEventKind,
  now: Date,
): Promise<Array<{ recipientId: number; seq: number }>> {
  const rows = await tx
    .select({ recipientId: messageRecipients.recipientId })
    .from(messageRecipients)
    .where(eq(messageRecipients.messageId, messageId))
    .orderBy(messageRecipients.recipientId);
  if (rows.length === 0) return [];
  const previous = await allocateInboxSeqs(tx, new Map(rows.map((r) => [r.recipientId, 1])));
  const deliveries = rows.map((r) => ({ recipientId: r.recipientId, seq: previous.get(r.recipientId)! + 1 }));
  await insertInboxEvents(
    tx,
    deliveries.map((d) => ({ userId: d.recipientId, seq: d.seq, kind, messageId, createdAt: now })),
  );
  return deliveries;
}

/**
 * Writes one user's organizing events (LABELS: a message's star, archive or tags changed;
 * TAG: a tag itself changed), each at the user's next inbox seq, in the caller's transaction.
 * Returns their seqs, in order. Callers lock the user's row first (lockInboxSeqs), before
 * reading the state they change, so the state and the seqs agree.
 */
export async function appendUserEvents(
  tx: Transaction,
  userId: number,
  events: ReadonlyArray<{ kind: 'LABELS' | 'TAG'; messageId: number; tagId: number | null }>,
  now: Date,
): Promise<number[]> {
  if (events.length === 0) return [];
  const previous = (await allocateInboxSeqs(tx, new Map([[userId, events.length]]))).get(userId)!;
  const seqs = events.map((_, i) => previous + i + 1);
  await tx.insert(inboxEvents).values(
    events.map((e, i) => ({ userId, seq: seqs[i]!, kind: e.kind, messageId: e.messageId, tagId: e.tagId, createdAt: now })),
  );
  return seqs;
}

export class InboxStore {
  /**
   * Whether one multi-row INSERT gets consecutive ids (innodb_autoinc_lock_mode 0 or 1 and an
   * increment of 1: MariaDB's default). MySQL 8 defaults to 2 (interleaved), where ids of one
   * statement may have gaps, so rows are then inserted one by one. TiDB and Vitess answer the
   * variable for compatibility, but allocate ids themselves (per-node batches, sequences) and
   * do not promise consecutive ids within a statement: one by one there too
   * (docs/distributed-sql.md).
   */
  private consecutiveIds = false;

  constructor(private readonly db: Database) {}

  /** Whether one multi-row INSERT of messages gets consecutive ids here (see consecutiveIds). */
  get allocatesConsecutiveIds(): boolean {
    return this.consecutiveIds;
  }

  async detectIdAllocation(): Promise<void> {
    const [rows] = (await this.db.execute(
      sql`SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step, VERSION() AS version`,
    )) as unknown as [Array<{ mode: number; step: number; version: string }>];
    const row = rows[0];
    const ownAllocator = row !== undefined && /tidb|vitess/i.test(String(row.version));
    this.consecutiveIds = row !== undefined && !ownAllocator && Number(row.mode) <= 1 && Number(row.step) === 1;
  }

  private async insertMessages(tx: Transaction, rows: Array<typeof messages.$inferInsert>): Promise<number[]> {
    if (rows.length === 0) return [];
    if (this.consecutiveIds) {
      // drizzle derives each row's id as insertId + i, which holds in this mode.
      const ids = await tx.insert(messages).values(rows).$returningId();
      return ids.map((r) => r.id);
    }
    const ids: number[] = [];
    for (const row of rows) {
      const [inserted] = await tx.insert(messages).values(row).$returningId();
      ids.push(inserted!.id);
    }
    return ids;
  }

  /**
   * Writes several sends in the caller's transaction: messages, recipients, inbox events and
   * the recipients' sequence numbers. A send whose (sender, clientMessageId) exists already,
   * or repeats one earlier in the same batch, returns that message instead of a copy.
   */
  async commitSends(tx: Transaction, sends: PreparedSend[], now: Date): Promise<CommittedSend[]> {
    const results = new Array<CommittedSend | undefined>(sends.length);
    const keyOf = (s: PreparedSend) => (s.clientMessageId === null ? null : `${s.senderId}\u0000${s.clientMessageId}`);

    const keyed = sends.filter((s) => s.clientMessageId !== null);
    const existing = new Map<string, MessageRow>();
    if (keyed.length > 0) {
      const rows = await tx
        .select()
        .from(messages)
        .where(
          sql.join(
            keyed.map((s) => sql`(${messages.senderId} = ${s.senderId} AND ${messages.clientMessageId} = ${s.clientMessageId})`),
            sql` OR `,
          ),
        );
      for (const row of rows) existing.set(`${row.senderId}\u0000${row.clientMessageId}`, row);
    }

    const fresh: number[] = [];
    const firstIndexOfKey = new Map<string, number>();
    sends.forEach((send, i) => {
      const key = keyOf(send);
      const old = key === null ? undefined : existing.get(key);
      if (old) {
        results[i] = { message: old, deliveries: [], duplicate: true };
      } else if (key !== null && firstIndexOfKey.has(key)) {
        // Filled in below from the first occurrence.
      } else {
        if (key !== null) firstIndexOfKey.set(key, i);
        fresh.push(i);
      }
    });

    const counts = new Map<number, number>();
    for (const i of fresh) for (const r of sends[i]!.recipientIds) counts.set(r, (counts.get(r) ?? 0) + 1);
    const lastSeq = await allocateInboxSeqs(tx, counts);

    const recipientRows: Array<{ messageId: number; recipientId: number; seq: number; createdAt: Date }> = [];
    const eventRows: Array<{ userId: number; seq: number; kind: InboxEventKind; messageId: number; createdAt: Date }> = [];
    const ids = await this.insertMessages(
      tx,
      fresh.map((i) => {
        const send = sends[i]!;
        return {
          tenantId: send.tenantId,
          senderId: send.senderId,
          type: send.type,
          priority: send.priority,
          content: send.content,
          replyToId: send.replyToId,
          forwardedFromId: send.forward?.fromId ?? null,
          forwardComment: send.forward?.comment ?? null,
          clientMessageId: send.clientMessageId,
          createdAt: now,
        };
      }),
    );
    fresh.forEach((i, k) => {
      const send = sends[i]!;
      const message = messageRow(send, ids[k]!, now);
      const deliveries = send.recipientIds.map((recipientId) => {
        const seq = lastSeq.get(recipientId)! + 1;
        lastSeq.set(recipientId, seq);
        recipientRows.push({ messageId: message.id, recipientId, seq, createdAt: now });
        eventRows.push({ userId: recipientId, seq, kind: 'MESSAGE', messageId: message.id, createdAt: now });
        return { recipientId, seq };
      });
      results[i] = { message, deliveries, duplicate: false };
    });
    await insertRecipients(tx, recipientRows);
    await insertInboxEvents(tx, eventRows);
    // A forward references the original's uploads again: same bytes, no copy.
    for (const [k, i] of fresh.entries()) {
      const forward = sends[i]!.forward;
      if (forward) await copyAttachments(tx, forward.fromId, ids[k]!);
    }
    // Attachments (src/attachments/): message_attachments rows and attached_at, in this
    // transaction; a referenced upload that is gone by now fails the send (and only it: the
    // committer retries a failed batch one send at a time).
    await attachToMessages(
      tx,
      fresh.flatMap((i, k) => {
        const send = sends[i]!;
        const attachmentIds = send.attachmentIds ?? [];
        return attachmentIds.length > 0 ? [{ messageId: ids[k]!, tenantId: send.tenantId, senderId: send.senderId, attachmentIds }] : [];
      }),
      now,
    );

    sends.forEach((send, i) => {
      if (results[i]) return;
      const first = results[firstIndexOfKey.get(keyOf(send)!)!]!;
      results[i] = { message: first.message, deliveries: [], duplicate: true };
    });
    return results as CommittedSend[];
  }

  /**
   * Marks the user's unread messages read (the given ones, or all) and writes one READ inbox
   * event per message that changed. Returns the ids that changed with their event seqs.
   */
  async markRead(
    tx: Transaction,
    userId: number,
    messageIds: number[] | 'all',
    now: Date,
  ): Promise<Array<{ messageId: number; seq: number }>> {
    const previous = (await lockInboxSeqs(tx, [userId])).get(userId)!;
    const conditions = [eq(messageRecipients.recipientId, userId), eq(messageRecipients.isRead, false)];
    if (messageIds !== 'all') conditions.push(inArray(messageRecipients.messageId, messageIds));
    const unread = await tx
      .select({ messageId: messageRecipients.messageId })
      .from(messageRecipients)
      .where(and(...conditions))
      .orderBy(messageRecipients.seq)
      .for('update');
    if (unread.length === 0) return [];
    const changed = unread.map((r) => r.messageId);
    for (const part of chunks(changed)) {
      await tx
        .update(messageRecipients)
        .set({ isRead: true, readAt: now })
        .where(and(eq(messageRecipients.recipientId, userId), inArray(messageRecipients.messageId, part)));
    }
    const events = changed.map((messageId, i) => ({ messageId, seq: previous + i + 1 }));
    await insertInboxEvents(
      tx,
      events.map((e) => ({ userId, seq: e.seq, kind: 'READ' as const, messageId: e.messageId, createdAt: now })),
    );
    await tx
      .update(users)
      .set({ inboxSeq: previous + changed.length })
      .where(eq(users.id, userId));
    return events;
  }

  /**
   * Recalls a message: its content and previews are withheld (the row stays as a tombstone),
   * it counts as read where it was unread, and each recipient's inbox takes one position for
   * a RECALL event. Null when it was recalled already (recall is idempotent).
   */
  async recall(tx: Transaction, messageId: number, by: number, now: Date): Promise<RecallResult | null> {
    const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
    if (!message || message.recalledAt) return null;
    // Recipients never change, so they are read before their users' rows are locked.
    const receipts = await tx
      .select({ recipientId: messageRecipients.recipientId, isRead: messageRecipients.isRead })
      .from(messageRecipients)
      .where(eq(messageRecipients.messageId, messageId));
    const previous = await allocateInboxSeqs(tx, new Map(receipts.map((r) => [r.recipientId, 1])));
    await tx
      .update(messages)
      .set({ content: '', linkPreviews: null, recalledAt: now, recalledBy: by })
      .where(eq(messages.id, messageId));
    await tx
      .update(messageRecipients)
      .set({ isRead: true })
      .where(and(eq(messageRecipients.messageId, messageId), eq(messageRecipients.isRead, false)));
    const recipients = receipts.map((r) => ({ recipientId: r.recipientId, seq: previous.get(r.recipientId)! + 1, wasUnread: !r.isRead }));
    await insertInboxEvents(
      tx,
      recipients.map((r) => ({ userId: r.recipientId, seq: r.seq, kind: 'RECALL' as const, messageId, createdAt: now })),
    );
    return { message: { ...message, content: '', linkPreviews: null, recalledAt: now, recalledBy: by }, recipients };
  }

  async countUnread(userId: number, executor: Database | Transaction = this.db): Promise<number> {
    const [row] = await executor
      .select({ n: sql<number>`COUNT(*)` })
      .from(messageRecipients)
      .where(and(eq(messageRecipients.recipientId, userId), eq(messageRecipients.isRead, false)));
    return Number(row?.n ?? 0);
  }

  async unreadBreakdown(
    userId: number,
    executor: Database = this.db,
  ): Promise<Array<{ type: MessageType; priority: MessagePriority; count: number }>> {
    const rows = await executor
      .select({ type: messages.type, priority: messages.priority, count: sql<number>`COUNT(*)` })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(and(eq(messageRecipients.recipientId, userId), eq(messageRecipients.isRead, false)))
      .groupBy(messages.type, messages.priority);
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /** The user's inbox, newest first, strictly before `beforeSeq`; `executor` may be a replica (src/inbox/read-your-writes.ts). */
  async inboxPage(
    userId: number,
    opts: { beforeSeq: number | null; limit: number; filter: InboxFilter },
    executor: Database = this.db,
  ): Promise<Array<{ message: MessageRow; receipt: Receipt }>> {
    const conditions: SQL[] = [eq(messageRecipients.recipientId, userId), ...inboxFilterConditions(userId, opts.filter)];
    if (opts.beforeSeq !== null) conditions.push(lt(messageRecipients.seq, opts.beforeSeq));
    const rows = await executor
      .select({ message: messages, receipt: receiptColumns })
      .from(messageRecipients)
      .innerJoin(messages, eq(messages.id, messageRecipients.messageId))
      .where(and(...conditions))
      .orderBy(desc(messageRecipients.seq))
      .limit(opts.limit);
    return rows;
  }

  /** Messages the user sent, newest first, strictly before message id `beforeId`. */
  async sentPage(senderId: number, opts: { beforeId: number | null; limit: number }, executor: Database = this.db): Promise<MessageRow[]> {
    const conditions: SQL[] = [eq(messages.senderId, senderId)];
    if (opts.beforeId !== null) conditions.push(lt(messages.id, opts.beforeId));
    return executor
      .select()
      .from(messages)
      .where(and(...conditions))
      .orderBy(desc(messages.id))
      .limit(opts.limit);
  }

  async findByIds(ids: readonly number[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(messages).where(inArray(messages.id, [...ids]));
  }

  async receiptsOf(userId: number, messageIds: readonly number[]): Promise<Receipt[]> {
    if (messageIds.length === 0) return [];
    return this.db
      .select(receiptColumns)
      .from(messageRecipients)
      .where(and(eq(messageRecipients.recipientId, userId), inArray(messageRecipients.messageId, [...messageIds])));
  }

  async recipientIdsOf(messageIds: readonly number[]): Promise<Array<{ messageId: number; recipientId: number }>> {
    if (messageIds.length === 0) return [];
    return this.db
      .select({ messageId: messageRecipients.messageId, recipientId: messageRecipients.recipientId })
      .from(messageRecipients)
      .where(inArray(messageRecipients.messageId, [...messageIds]))
      .orderBy(messageRecipients.messageId, messageRecipients.id);
  }
}

/** The columns of a Receipt (also read by the cache's fills). */
export const receiptColumns = {
  messageId: messageRecipients.messageId,
  recipientId: messageRecipients.recipientId,
  seq: messageRecipients.seq,
  isRead: messageRecipients.isRead,
  readAt: messageRecipients.readAt,
  deliveredAt: messageRecipients.deliveredAt,
  starredAt: messageRecipients.starredAt,
  archivedAt: messageRecipients.archivedAt,
};
