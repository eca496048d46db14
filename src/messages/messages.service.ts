import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import type { AppConfig } from '../config.js';
import { withTransaction, type Database } from '../db/client.js';
import { MESSAGE_PRIORITIES, MESSAGE_TYPES, type MessagePriority, type MessageType } from '../db/schema.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import { decodeCursor, decodeInboxCursor, encodeCursor, encodeInboxCursor } from './cursor.js';
import type { CommittedSend, InboxFilter, MessageRow, MessagesStore, Receipt } from './messages.store.js';
import { SendCommitter } from './send-committer.js';

export interface SendMessageInput {
  recipientIds: readonly string[];
  content: string;
  type?: MessageType | null;
  priority?: MessagePriority | null;
  clientMessageId?: string | null;
  replyToId?: string | null;
}

/** What happened to a user's inbox, told after commit to whoever delivers or caches it. */
export type InboxChange =
  | { kind: 'sent'; results: CommittedSend[] }
  | { kind: 'read'; userId: number; events: Array<{ messageId: number; seq: number }>; readAt: Date };

export type InboxChangeListener = (change: InboxChange) => void | Promise<void>;

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface MarkReadResult {
  updatedCount: number;
  unreadCount: number;
}

/** Parses a GraphQL ID that must name a row. */
export function parseId(value: string, field: string): number {
  const id = Number(value);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(id) || id <= 0) throw badInput(`${field} is not a valid id`, field);
  return id;
}

export class MessagesService {
  private readonly committer: SendCommitter;
  private readonly listeners: InboxChangeListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly store: MessagesStore,
    private readonly users: UsersStore,
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {
    this.committer = new SendCommitter(db, store, (results) => this.emit({ kind: 'sent', results }));
  }

  /**
   * Delivery and the cache subscribe here. Each hears of every change after its commit and
   * before the mutation returns, so a client that reads after its own write sees it. A
   * listener must be quick (no waiting on sockets) and its failure never fails the write.
   */
  onInboxChange(listener: InboxChangeListener): void {
    this.listeners.push(listener);
  }

  private async emit(change: InboxChange): Promise<void> {
    await Promise.all(
      this.listeners.map(async (listener) => {
        try {
          await listener(change);
        } catch (error) {
          this.logger.error({ err: error, change: change.kind }, 'inbox change listener failed');
        }
      }),
    );
  }

  async send(viewer: Viewer, input: SendMessageInput): Promise<MessageRow> {
    const { limits } = this.config;
    if (input.content.trim().length === 0) throw badInput('content must not be empty', 'content');
    if (input.content.length > limits.maxContentLength) {
      throw badInput(`content is longer than ${limits.maxContentLength} characters`, 'content');
    }
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
    const result = await this.committer.submit({
      tenantId: viewer.tenantId,
      senderId: viewer.id,
      recipientIds,
      content: input.content,
      type,
      priority: input.priority ?? 'NORMAL',
      clientMessageId,
      replyToId,
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
    if (input.content.trim().length === 0) throw badInput('content must not be empty', 'content');
    if (input.content.length > this.config.limits.maxContentLength) {
      throw badInput(`content is longer than ${this.config.limits.maxContentLength} characters`, 'content');
    }
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
    if (messageIds.length > this.config.limits.maxPageSize * 10) {
      throw badInput(`at most ${this.config.limits.maxPageSize * 10} ids at once`, 'messageIds');
    }
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
    if (events.length > 0) await this.emit({ kind: 'read', userId: viewer.id, events, readAt });
    return { updatedCount: events.length, unreadCount };
  }

  async inbox(
    viewer: Viewer,
    args: { first?: number | null; after?: string | null; filter?: InboxFilter | null },
  ): Promise<Page<{ message: MessageRow; receipt: Receipt }>> {
    const first = this.pageSize(args.first);
    const beforeSeq = args.after ? decodeInboxCursor(args.after) : null;
    const rows = await this.store.inboxPage(viewer.id, { beforeSeq, limit: first + 1, filter: args.filter ?? {} });
    return toPage(rows, first, (r) => encodeInboxCursor(r.receipt.seq));
  }

  async sent(viewer: Viewer, args: { first?: number | null; after?: string | null }): Promise<Page<MessageRow>> {
    const first = this.pageSize(args.first);
    const beforeId = args.after ? decodeCursor('sent', args.after) : null;
    const rows = await this.store.sentPage(viewer.id, { beforeId, limit: first + 1 });
    return toPage(rows, first, (m) => encodeCursor('sent', m.id));
  }

  /** The message when the viewer sent or received it; otherwise null, as if it did not exist. */
  async findVisible(viewer: Viewer, id: number): Promise<MessageRow | null> {
    const [message] = await this.store.findByIds([id]);
    if (!message || message.tenantId !== viewer.tenantId) return null;
    if (message.senderId === viewer.id) return message;
    const [receipt] = await this.store.receiptsOf(viewer.id, [id]);
    return receipt ? message : null;
  }

  unreadCount(viewer: Viewer): Promise<number> {
    return this.store.countUnread(viewer.id);
  }

  async unreadCounts(viewer: Viewer): Promise<{
    total: number;
    byType: Array<{ type: MessageType; count: number }>;
    byPriority: Array<{ priority: MessagePriority; count: number }>;
  }> {
    const rows = await this.store.unreadBreakdown(viewer.id);
    const byType = new Map<MessageType, number>(MESSAGE_TYPES.map((t) => [t, 0]));
    const byPriority = new Map<MessagePriority, number>(MESSAGE_PRIORITIES.map((p) => [p, 0]));
    let total = 0;
    for (const row of rows) {
      total += row.count;
      byType.set(row.type, byType.get(row.type)! + row.count);
      byPriority.set(row.priority, byPriority.get(row.priority)! + row.count);
    }
    return {
      total,
      byType: [...byType].map(([type, count]) => ({ type, count })),
      byPriority: [...byPriority].map(([priority, count]) => ({ priority, count })),
    };
  }

  private pageSize(first: number | null | undefined): number {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > this.config.limits.maxPageSize) {
      throw badInput(`first must be between 1 and ${this.config.limits.maxPageSize}`, 'first');
    }
    return size;
  }
}

function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
