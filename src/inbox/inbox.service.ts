import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import type { AppConfig } from '../config.js';
import { withTransaction, type Database } from '../db/client.js';
import type { MessagePriority, MessageType } from '../db/schema.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import { decodeCursor, decodeInboxCursor, encodeCursor, encodeInboxCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import { buildPage, pageSize, type Page } from '../shared/page.js';
import type { InboxChange, InboxEvent } from './inbox-events.js';
import type { InboxLogStore } from './inbox-log.store.js';
import type { InboxFilter, InboxStore, MessageRow, Receipt } from './inbox.store.js';
import type { InboxCache } from './read-model/inbox-cache.js';
import { countsFromBreakdown, type UnreadCounts } from './read-model/entries.js';
import { SendCommitter } from './send-committer.js';

export interface SendMessageInput {
  recipientIds: readonly string[];
  content: string;
  type?: MessageType | null;
  priority?: MessagePriority | null;
  clientMessageId?: string | null;
  replyToId?: string | null;
  attachmentIds?: readonly string[] | null;
}

/** Checks the uploads a send references (AttachmentsService in src/attachments/). */
export interface AttachmentCheck {
  checkForSend(viewer: Viewer, ids: readonly string[]): Promise<number[]>;
}

export interface MarkReadResult {
  updatedCount: number;
  unreadCount: number;
}

export interface InboxSettings {
  limits: AppConfig['limits'];
  syncStatusTtlSeconds: number;
}

/** Told of every committed change, after the commit and before the mutation returns (src/reactions.ts). */
export type AfterCommit = (change: InboxChange) => Promise<void>;

/**
 * The inbox: every read and write of a user's messages, counts and cursors goes through here.
 * Writes take the inbox sequence inside their transaction and then tell `afterCommit`;
 * the hot reads (first page, unread counts) are served by the read model in Redis when it
 * can answer exactly, and by the database otherwise.
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
    /** Without it, sends that name attachments are refused. */
    private readonly attachments?: AttachmentCheck,
  ) {
    this.committer = new SendCommitter(db, store, (results) => afterCommit({ kind: 'sent', results }));
  }

  // ---- writes -----------------------------------------------------------------------------

  async send(viewer: Viewer, input: SendMessageInput): Promise<MessageRow> {
    const { limits } = this.settings;
    // A message may be only attachments; one without any needs content.
    const attachmentRefs = input.attachmentIds ?? [];
    if (attachmentRefs.length === 0 || input.content.trim().length > 0) this.checkContent(input.content);
    const recipientIds = [...new Set(input.recipientIds.map((id) => parseId(id, 'recipientIds')))];
    if (recipientIds.length === 0) throw badInput('recipientIds must name at least one recipient', 'recipientIds');
    if (recipientIds.length > limits.maxRecipients) {
      throw badInput(`at most ${limits.maxRecipients} recipients per message`, 'recipientIds');
    }
    const clientMessageId = input.clientMessageId ?? null;
    if (clientMessageId !== null && (clientMessageId.length === 0 || clientMessageId.length > 128)) {
      throw badInput('clientMessageId must be 1–128 characters', 'clientMessageId');
    }
    const type = input.type ?? 'TEXT';
    if (type === 'SYSTEM' && viewer.role === 'user') throw badInput('only services and admins send SYSTEM messages', 'type');
    // Users of other tenants are reported exactly like ids that do not exist: a caller learns
    // nothing about other tenants.
    const known = await this.users.existingInTenant(viewer.tenantId, recipientIds);
    const unknown = recipientIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw badInput(`unknown recipients: ${unknown.slice(0, 20).join(', ')}`, 'recipientIds');
    }
    let replyToId: number | null = null;
    if (input.replyToId) {
      replyToId = parseId(input.replyToId, 'replyToId');
      if (!(await this.findVisible(viewer, replyToId))) throw badInput('replyToId names no message of yours', 'replyToId');
    }
    let attachmentIds: number[] = [];
    if (attachmentRefs.length > 0) {
      if (!this.attachments) throw badInput('attachments are not enabled', 'attachmentIds');
      attachmentIds = await this.attachments.checkForSend(viewer, attachmentRefs);
    }
    const result = await this.committer.submit({
      tenantId: viewer.tenantId,
      senderId: viewer.id,
      recipientIds,
      content: input.content,
      type,
      priority: input.priority ?? 'NORMAL',
      clientMessageId,
      replyToId,
      attachmentIds,
    });
    return result.message;
  }

  /**
   * An announcement: one SYSTEM message to every user of the caller's tenant (the sender
   * too), for services and admins only. Large fan-outs travel as one broadcast:all publish.
   */
  async broadcast(
    viewer: Viewer,
    input: { content: string; priority?: MessagePriority | null; clientMessageId?: string | null },
  ): Promise<MessageRow> {
    if (viewer.role === 'user') throw forbidden('only services and admins broadcast');
    this.checkContent(input.content);
    const recipientIds = await this.users.listIdsInTenant(viewer.tenantId);
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

  async markRead(viewer: Viewer, ids: readonly string[]): Promise<MarkReadResult> {
    const messageIds = [...new Set(ids.map((id) => parseId(id, 'messageIds')))];
    const max = this.settings.limits.maxPageSize * 10;
    if (messageIds.length > max) throw badInput(`at most ${max} ids at once`, 'messageIds');
    if (messageIds.length === 0) return { updatedCount: 0, unreadCount: await this.unreadCount(viewer) };
    const receipts = await this.store.receiptsOf(viewer.id, messageIds);
    if (receipts.length !== messageIds.length) {
      const mine = new Set(receipts.map((r) => r.messageId));
      const missing = messageIds.filter((id) => !mine.has(id));
      throw notFound(`not in your inbox: ${missing.slice(0, 20).join(', ')}`);
    }
    return this.applyRead(viewer, messageIds);
  }

  markAllRead(viewer: Viewer): Promise<MarkReadResult> {
    return this.applyRead(viewer, 'all');
  }

  private async applyRead(viewer: Viewer, messageIds: number[] | 'all'): Promise<MarkReadResult> {
    const readAt = new Date();
    const { events, unreadCount } = await withTransaction(this.db, async (tx) => {
      const events = await this.store.markRead(tx, viewer.id, messageIds, readAt);
      return { events, unreadCount: await this.store.countUnread(viewer.id, tx) };
    });
    if (events.length > 0) await this.afterCommit({ kind: 'read', userId: viewer.id, events, readAt });
    return { updatedCount: events.length, unreadCount };
  }

  private checkContent(content: string): void {
    const max = this.settings.limits.maxContentLength;
    if (content.trim().length === 0) throw badInput('content must not be empty', 'content');
    if (content.length > max) throw badInput(`content is longer than ${max} characters`, 'content');
  }

  // ---- reads ------------------------------------------------------------------------------

  /** The caller's inbox, newest first; the first page with no filter comes from the read model. */
  async page(
    viewer: Viewer,
    args: { first?: number | null; after?: string | null; filter?: InboxFilter | null },
  ): Promise<Page<{ message: MessageRow; receipt: Receipt }>> {
    const first = pageSize(args.first, this.settings.limits.maxPageSize);
    const filtered = Boolean(args.filter?.unreadOnly || args.filter?.type || args.filter?.priority);
    if (!args.after && !filtered) {
      const cached = await this.cache.firstPage(viewer.id, first);
      if (cached) return cached;
    }
    const beforeSeq = args.after ? decodeInboxCursor(args.after) : null;
    const rows = await this.store.inboxPage(viewer.id, { beforeSeq, limit: first + 1, filter: args.filter ?? {} });
    return buildPage(rows, first, (r) => encodeInboxCursor(r.receipt.seq), beforeSeq !== null);
  }

  async sent(viewer: Viewer, args: { first?: number | null; after?: string | null }): Promise<Page<MessageRow>> {
    const first = pageSize(args.first, this.settings.limits.maxPageSize);
    const beforeId = args.after ? decodeCursor('sent', args.after) : null;
    const rows = await this.store.sentPage(viewer.id, { beforeId, limit: first + 1 });
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
    return cached ? cached.total : this.store.countUnread(viewer.id);
  }

  async unreadCounts(viewer: Viewer): Promise<UnreadCounts> {
    return (await this.cache.unreadCounts(viewer.id)) ?? countsFromBreakdown(await this.store.unreadBreakdown(viewer.id));
  }

  /** The caller's inbox changes after `since`, oldest first (clients that catch up over HTTP). */
  async sync(viewer: Viewer, since: string | null | undefined, limit: number): Promise<{ events: InboxEvent[]; cursor: string; hasMore: boolean }> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badInput('limit must be between 1 and 1000', 'limit');
    const after = since ? decodeInboxCursor(since, 'since') : 0;
    const events = await this.log.eventsAfter(viewer.id, after, limit);
    const lastSeq = events.at(-1)?.seq ?? after;
    const current = (await this.log.currentSeqs([viewer.id])).get(viewer.id) ?? 0;
    await this.cache.recordSync(viewer.id, lastSeq, this.settings.syncStatusTtlSeconds);
    return { events, cursor: encodeInboxCursor(lastSeq), hasMore: current > lastSeq };
  }
}
