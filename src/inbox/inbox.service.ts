import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import { withTransaction, type Database } from '../db/client.js';
import type { MessagePriority, MessageType } from '../db/schema.js';
import { AppError, badInput, forbidden, notFound } from '../graphql/errors.js';
import { encodeCursor, encodeInboxCursor } from '../shared/cursor.js';
import { buildPage, type Page } from '../shared/page.js';
import type { InboxChange, InboxEvent } from './inbox-events.js';
import type { InboxLogStore } from './inbox-log.store.js';
import { isFiltered, unreadTagCounts, type InboxFilter, type InboxStore, type MessageRow, type Receipt } from './inbox.store.js';
import type { InboxCache } from './read-model/inbox-cache.js';
import type { UserReads } from './read-your-writes.js';
import { countsFromBreakdown, type UnreadCounts } from './read-model/entries.js';
import type { SendBatchStore } from './send-batch.store.js';
import { SendCommitter } from './send-committer.js';

/** A message to send, as the API's input schema checked it (src/inbox/inbox.graphql.ts). */
export interface SendMessageInput {
  /** Distinct, at least one, at most the configured `maxRecipients`. */
  recipientIds: readonly number[];
  content: string;
  type?: MessageType | null;
  priority?: MessagePriority | null;
  clientMessageId?: string | null;
  replyToId?: number | null;
  /** Uploads of the caller (checked by AttachmentCheck), in display order. */
  attachmentIds?: readonly number[] | null;
}

/** Checks the uploads a send references (AttachmentsService in src/attachments/). */
export interface AttachmentCheck {
  checkForSend(viewer: Viewer, ids: readonly number[]): Promise<number[]>;
}

export interface MarkReadResult {
  updatedCount: number;
  unreadCount: number;
  /** The messages that were unread and are read now, in inbox order. */
  messageIds: number[];
}

export interface InboxSettings {
  syncStatusTtlSeconds: number;
  /** How long after sending a sender may recall a message (tenant admins: any time). */
  recallWindowSeconds: number;
}

/** Told of every committed change, after the commit and before the mutation returns (src/reactions.ts). */
export type AfterCommit = (change: InboxChange) => Promise<void>;

/**
 * The inbox: every read and write of a user's messages, counts and cursors goes through here.
 * Writes take the inbox sequence inside their transaction and then tell `afterCommit`;
 * the hot reads (first page, unread counts) are served by the read model in Redis when it
 * can answer exactly, and by the database otherwise: pages, counts and `sync` through `reads`
 * (a read replica that holds the caller's writes, else the primary: docs/read-replicas.md),
 * the checks before a write and the stream positions on the primary. Inputs arrive checked
 * by the API's schemas and who may do what by its auth scopes; the rules here are those that
 * need the database (recipients of the tenant, messages the viewer may see).
 */
export class InboxService {
  private readonly committer: SendCommitter;

  constructor(
    private readonly db: Database,
    private readonly store: InboxStore,
    private readonly log: InboxLogStore,
    private readonly users: UsersStore,
    /** The read model; internal, exposed for health and tests. */
    readonly cache: InboxCache,
    private readonly settings: InboxSettings,
    private readonly afterCommit: AfterCommit,
    /** Where the caller's reads run (src/inbox/read-your-writes.ts). */
    private readonly reads: UserReads,
    /** Without it, sends that name attachments are refused. */
    private readonly attachments?: AttachmentCheck,
    /** Plain sends in one round trip (src/inbox/send-batch.store.ts); without it, through `store`. */
    sendBatches: SendBatchStore | null = null,
    /**
     * Told the recipients of a send before its checks and commit, so that what the reactions
     * read about them (the notification rules) is read while the transaction runs, not after it.
     */
    private readonly prepareSend: (recipientIds: readonly number[]) => void = () => undefined,
  ) {
    this.committer = new SendCommitter(db, store, (results) => afterCommit({ kind: 'sent', results }), sendBatches);
  }

  // ---- writes -----------------------------------------------------------------------------

  async send(viewer: Viewer, input: SendMessageInput): Promise<MessageRow> {
    const replyToId = input.replyToId ?? null;
    if (replyToId !== null && !(await this.findVisible(viewer, replyToId))) {
      throw badInput('replyToId names no message of yours', 'replyToId');
    }
    let attachmentIds: number[] = [];
    const refs = input.attachmentIds ?? [];
    if (refs.length > 0) {
      if (!this.attachments) throw badInput('attachments are not enabled', 'attachmentIds');
      attachmentIds = await this.attachments.checkForSend(viewer, refs);
    }
    return this.commitSend(viewer, input, { content: input.content, type: input.type ?? 'TEXT', replyToId, forward: null, attachmentIds });
  }

  /**
   * A new message carrying another one the caller can see, to new recipients: its content and
   * attachments (the same uploads, not copies), who sent it and when — never who else got it.
   */
  async forward(
    viewer: Viewer,
    input: { messageId: number; recipientIds: readonly number[]; comment?: string | null; clientMessageId?: string | null },
  ): Promise<MessageRow> {
    const original = await this.findVisible(viewer, input.messageId);
    if (!original) throw notFound('No such message');
    if (original.recalledAt) throw badInput('a recalled message cannot be forwarded', 'messageId');
    const comment = input.comment?.trim() ? input.comment : null;
    // A user forwarding a SYSTEM announcement sends it on as text: only services send SYSTEM.
    const type = original.type === 'SYSTEM' && viewer.role === 'user' ? 'TEXT' : original.type;
    return this.commitSend(viewer, input, { content: original.content, type, replyToId: null, forward: { fromId: original.id, comment } });
  }

  /**
   * Withdraws a message: the sender within RECALL_WINDOW_SECONDS, a tenant admin at any
   * time. Content and attachments are withheld from then on, the message stays as a tombstone,
   * unread counts drop where it was unread, and every recipient's inbox gets a RECALL event.
   * Recalling again changes nothing. Others' messages: FORBIDDEN; messages the caller cannot
   * see: NOT_FOUND.
   */
  async recall(viewer: Viewer, id: number): Promise<MessageRow> {
    const admin = viewer.role === 'admin';
    const [message] = await this.store.findByIds([id]);
    const visible = message && message.tenantId === viewer.tenantId && (admin || (await this.findVisible(viewer, id)));
    if (!message || !visible) throw notFound('No such message');
    if (message.senderId !== viewer.id && !admin) throw forbidden('Only the sender or an admin may recall a message');
    if (message.recalledAt) return message;
    const window = this.settings.recallWindowSeconds;
    if (!admin && Date.now() - message.createdAt.getTime() > window * 1000) {
      throw new AppError('RECALL_WINDOW_EXPIRED', `messages can be recalled within ${window} seconds of sending`, { recallWindowSeconds: window });
    }
    const result = await withTransaction(this.db, (tx) => this.store.recall(tx, id, viewer.id, new Date()));
    if (!result) return (await this.store.findByIds([id]))[0]!;
    if (result.recipients.length > 0) await this.afterCommit({ kind: 'recall', message: result.message, recipients: result.recipients });
    return result.message;
  }

  /** The recipients' tenant check shared by sends and forwards, then the commit. */
  private async commitSend(
    viewer: Viewer,
    input: { recipientIds: readonly number[]; priority?: MessagePriority | null; clientMessageId?: string | null },
    message: {
      content: string;
      type: MessageType;
      replyToId: number | null;
      forward: { fromId: number; comment: string | null } | null;
      attachmentIds?: number[];
    },
  ): Promise<MessageRow> {
    const recipientIds = [...input.recipientIds];
    this.prepareSend(recipientIds);
    // Users of other tenants are reported exactly like ids that do not exist: a caller learns
    // nothing about other tenants.
    const known = await this.users.existingInTenant(viewer.tenantId, recipientIds);
    const unknown = recipientIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw badInput(`unknown recipients: ${unknown.slice(0, 20).join(', ')}`, 'recipientIds');
    }
    const result = await this.committer.submit({
      tenantId: viewer.tenantId,
      senderId: viewer.id,
      recipientIds,
      content: message.content,
      type: message.type,
      priority: input.priority ?? 'NORMAL',
      clientMessageId: input.clientMessageId ?? null,
      replyToId: message.replyToId,
      forward: message.forward,
      attachmentIds: message.attachmentIds ?? [],
    });
    return result.message;
  }

  /**
   * An announcement: one SYSTEM message to every user of the caller's tenant (the sender
   * too); the API lets only services and admins ask. Large fan-outs travel as one
   * broadcast:all publish.
   */
  async broadcast(
    viewer: Viewer,
    input: { content: string; priority?: MessagePriority | null; clientMessageId?: string | null },
  ): Promise<MessageRow> {
    const recipientIds = await this.users.listIdsInTenant(viewer.tenantId);
    this.prepareSend(recipientIds);
    const result = await this.committer.submit({
      tenantId: viewer.tenantId,
      senderId: viewer.id,
      recipientIds,
      content: input.content,
      type: 'SYSTEM',
      priority: input.priority ?? 'NORMAL',
      clientMessageId: input.clientMessageId ?? null,
      replyToId: null,
    });
    return result.message;
  }

  /** `messageIds` distinct; each must be in the viewer's inbox. */
  async markRead(viewer: Viewer, messageIds: readonly number[]): Promise<MarkReadResult> {
    if (messageIds.length === 0) return { updatedCount: 0, unreadCount: await this.unreadCount(viewer), messageIds: [] };
    const receipts = await this.store.receiptsOf(viewer.id, messageIds);
    if (receipts.length !== messageIds.length) {
      const mine = new Set(receipts.map((r) => r.messageId));
      const missing = messageIds.filter((id) => !mine.has(id));
      throw notFound(`not in your inbox: ${missing.slice(0, 20).join(', ')}`);
    }
    return this.applyRead(viewer, [...messageIds]);
  }

  markAllRead(viewer: Viewer): Promise<MarkReadResult> {
    return this.applyRead(viewer, 'all');
  }

  private async applyRead(viewer: Viewer, messageIds: number[] | 'all'): Promise<MarkReadResult> {
    const readAt = new Date();
    const { events, unreadCount, tagCounts } = await withTransaction(this.db, async (tx) => {
      const events = await this.store.markRead(tx, viewer.id, messageIds, readAt);
      // The tags of what was just read, under the user's row lock that markRead took: tags
      // change (src/organizing/), so the counts by tag must be taken in this transaction.
      const tagCounts = await unreadTagCounts(tx, viewer.id, events.map((e) => e.messageId), false);
      return { events, unreadCount: await this.store.countUnread(viewer.id, tx), tagCounts };
    });
    if (events.length > 0) await this.afterCommit({ kind: 'read', userId: viewer.id, events, readAt, tagCounts });
    return { updatedCount: events.length, unreadCount, messageIds: events.map((e) => e.messageId) };
  }

  // ---- reads ------------------------------------------------------------------------------

  /**
   * The caller's inbox, newest first: `first` messages before inbox position `beforeSeq`
   * (from the top when null). The first page with no filter comes from the read model.
   */
  async page(
    viewer: Viewer,
    { first, beforeSeq = null, filter }: { first: number; beforeSeq?: number | null; filter?: InboxFilter | null },
  ): Promise<Page<{ message: MessageRow; receipt: Receipt }>> {
    if (beforeSeq === null && !isFiltered(filter)) {
      const cached = await this.cache.firstPage(viewer.id, first);
      if (cached) return cached;
    }
    const rows = await this.reads.run(viewer.id, (db) => this.store.inboxPage(viewer.id, { beforeSeq, limit: first + 1, filter: filter ?? {} }, db));
    return buildPage(rows, first, (r) => encodeInboxCursor(r.receipt.seq), beforeSeq !== null);
  }

  /** What the caller sent, newest first: `first` messages with ids below `beforeId` (from the newest when null). */
  async sent(viewer: Viewer, { first, beforeId }: { first: number; beforeId: number | null }): Promise<Page<MessageRow>> {
    const rows = await this.reads.run(viewer.id, (db) => this.store.sentPage(viewer.id, { beforeId, limit: first + 1 }, db));
    return buildPage(rows, first, (m) => encodeCursor('sent', m.id), beforeId !== null);
  }

  /** The message when the viewer sent or received it; otherwise null, as if it did not exist. */
  async findVisible(viewer: Viewer, id: number): Promise<MessageRow | null> {
    const [message] = await this.store.findByIds([id]);
    if (!message || message.tenantId !== viewer.tenantId) return null;
    if (message.senderId === viewer.id) return message;
    const [receipt] = await this.store.receiptsOf(viewer.id, [id]);
    return receipt ? message : null;
  }

  async unreadCount(viewer: Viewer): Promise<number> {
    const cached = await this.cache.unreadCounts(viewer.id);
    return cached ? cached.total : this.reads.run(viewer.id, (db) => this.store.countUnread(viewer.id, db));
  }

  /** `atLeast`: an inbox position the counts must include (a change a stream just handed on). */
  async unreadCounts(viewer: Viewer, atLeast = 0): Promise<UnreadCounts> {
    const cached = await this.cache.unreadCounts(viewer.id, atLeast);
    if (cached) return cached;
    return this.reads.run(
      viewer.id,
      async (db) => countsFromBreakdown(await this.store.unreadBreakdown(viewer.id, db), await unreadTagCounts(db, viewer.id, 'all')),
      atLeast,
    );
  }

  /** The caller's current inbox position (the last change's seq; 0 for an empty inbox). */
  async position(viewer: Viewer): Promise<number> {
    return (await this.log.currentSeqs([viewer.id])).get(viewer.id) ?? 0;
  }

  /** At most `limit` of the caller's inbox changes after position `after`, oldest first (clients that catch up over HTTP). */
  async sync(viewer: Viewer, after: number, limit: number): Promise<{ events: InboxEvent[]; cursor: string; hasMore: boolean }> {
    // One server for both reads, so `hasMore` is about the events read.
    const { events, current } = await this.reads.run(
      viewer.id,
      async (db) => ({
        events: await this.log.eventsAfter(viewer.id, after, limit, undefined, db),
        current: (await this.log.currentSeqs([viewer.id], db)).get(viewer.id) ?? 0,
      }),
      after,
    );
    const lastSeq = events.at(-1)?.seq ?? after;
    await this.cache.recordSync(viewer.id, lastSeq, this.settings.syncStatusTtlSeconds);
    return { events, cursor: encodeInboxCursor(lastSeq), hasMore: current > lastSeq };
  }
}
