import { z } from 'zod';
import { User } from '../auth/auth.graphql.js';
import type { UserRow } from '../auth/users.store.js';
import { MESSAGE_PRIORITIES, MESSAGE_TYPES } from '../db/schema.js';
import { ADMINS_AND_SERVICES, builder, unauthorized, viewerOf } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { parseInput, withLimits } from '../graphql/input.js';
import { encodeCursor, encodeInboxCursor, optionalCursorInput } from '../shared/cursor.js';
import { rowId } from '../shared/ids.js';
import { pageSizeInput } from '../shared/page.js';
import type { MarkReadResult } from './inbox.service.js';
import { MESSAGE_CATEGORIES, typesOf } from '../organizing/categories.js';
import { RequireConfirmationInput, TemplateUseInput, requireConfirmationInput, templateUseInput } from '../notifications/send-options.graphql.js';
import type { MessageRow } from './inbox.store.js';
import type { UnreadCounts } from './read-model/entries.js';

export const MessageType = builder.enumType('MessageType', { values: MESSAGE_TYPES });
export const MessagePriority = builder.enumType('MessagePriority', { values: MESSAGE_PRIORITIES });
export const MessageCategory = builder.enumType('MessageCategory', {
  values: MESSAGE_CATEGORIES,
  description: 'System categories; each follows from the message type (src/organizing/categories.ts).',
});

/** The viewer may see who else received a message only when they sent or received it. */
async function viewerTookPart(message: MessageRow, ctx: Context): Promise<boolean> {
  const viewer = viewerOf(ctx);
  return message.senderId === viewer.id || (await ctx.loaders.receipt.load(message.id)) !== null;
}

export const Message = builder.objectRef<MessageRow>('Message');

// No auth scopes on Message's fields: they are resolved per pushed event (see viewerOf).
Message.implement({
  description: 'A message as the caller sees it: isRead, readAt and cursor are the caller’s own.',
  fields: (t) => ({
    id: t.exposeID('id'),
    content: t.exposeString('content'),
    type: t.field({ type: MessageType, resolve: (m) => m.type }),
    priority: t.field({ type: MessagePriority, resolve: (m) => m.priority }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    clientMessageId: t.exposeString('clientMessageId', { nullable: true }),
    sender: t.field({
      type: User,
      resolve: async (m, _args, ctx) => (await ctx.services.profiles.get(m.senderId, () => ctx.loaders.user.load(m.senderId)))!,
    }),
    recipients: t.field({
      type: [User],
      resolve: async (m, _args, ctx) => {
        if (!(await viewerTookPart(m, ctx))) return [];
        const ids = await ctx.loaders.recipientIds.load(m.id);
        const users: UserRow[] = [];
        for (const user of await ctx.loaders.user.loadMany(ids)) {
          if (user instanceof Error) throw user;
          if (user) users.push(user);
        }
        return users;
      },
    }),
    isRead: t.boolean({
      description: 'Whether the caller read it; true for messages the caller sent and did not receive.',
      resolve: async (m, _args, ctx) => (await ctx.loaders.receipt.load(m.id))?.isRead ?? true,
    }),
    readAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (m, _args, ctx) => (await ctx.loaders.receipt.load(m.id))?.readAt ?? null,
    }),
    cursor: t.string({
      description:
        'The position of this message in the caller’s inbox (for `messages(after:)`, `sync(since:)` and the subscriptions’ `since`); for a message the caller sent and did not receive, its position in `sentMessages(after:)`.',
      resolve: async (m, _args, ctx) => {
        const receipt = await ctx.loaders.receipt.load(m.id);
        return receipt ? encodeInboxCursor(receipt.seq) : encodeCursor('sent', m.id);
      },
    }),
    replyTo: t.field({
      type: Message,
      nullable: true,
      description: 'The message this one answers, when the caller may see it.',
      resolve: async (m, _args, ctx) => {
        if (m.replyToId === null) return null;
        const original = await ctx.loaders.message.load(m.replyToId);
        return original && (await viewerTookPart(original, ctx)) ? original : null;
      },
    }),
  }),
});

// The services page with their own cursors (src/shared/page.ts); the plugin defines the types.
// Lists page forward only, so the fields take `first` and `after` and not Relay's `last`/`before`.
const MessageConnection = builder.connectionObject({ type: Message, name: 'MessageConnection' }, { name: 'MessageEdge' });

const TypeCount = builder.objectRef<{ type: (typeof MESSAGE_TYPES)[number]; count: number }>('TypeCount').implement({
  description: 'Part of UnreadCounts, with no identity of its own (embedded).',
  fields: (t) => ({
    type: t.field({ type: MessageType, resolve: (c) => c.type }),
    count: t.exposeInt('count'),
  }),
});

const PriorityCount = builder.objectRef<{ priority: (typeof MESSAGE_PRIORITIES)[number]; count: number }>('PriorityCount').implement({
  description: 'Part of UnreadCounts, with no identity of its own (embedded).',
  fields: (t) => ({
    priority: t.field({ type: MessagePriority, resolve: (c) => c.priority }),
    count: t.exposeInt('count'),
  }),
});

/** The caller's counts, with the caller's id: one cache entry per user. */
export type ViewerUnreadCounts = UnreadCounts & { userId: number };

export const UnreadCountsRef = builder.objectRef<ViewerUnreadCounts>('UnreadCounts').implement({
  description:
    'The caller’s unread messages, in all and by type and priority. `id` is the caller’s user id, so a normalized cache (Apollo, graphcache) keeps one entry that `unreadCounts`, `markRead`, `markAllRead` and `unreadCountsChanged` all update.',
  fields: (t) => ({
    id: t.id({ resolve: (c) => c.userId }),
    total: t.exposeInt('total'),
    byType: t.field({ type: [TypeCount], resolve: (c) => c.byType }),
    byPriority: t.field({ type: [PriorityCount], resolve: (c) => c.byPriority }),
  }),
});

/** The caller's unread counts as the API shows them, including at least inbox position `atLeast`. */
export async function viewerUnreadCounts(ctx: Context, atLeast = 0): Promise<ViewerUnreadCounts> {
  const viewer = viewerOf(ctx);
  return { ...(await ctx.services.inbox.unreadCounts(viewer, atLeast)), userId: viewer.id };
}

const MarkReadPayload = builder.objectRef<MarkReadResult & { named: readonly number[] | null }>('MarkReadPayload').implement({
  description:
    'What a read changed, shaped for normalized caches: the messages with their ids and new `isRead`, and the new UnreadCounts (with its id), so a client updates both without a refetch.',
  fields: (t) => ({
    updatedCount: t.exposeInt('updatedCount', { description: 'Messages that were unread and are read now.' }),
    unreadCount: t.exposeInt('unreadCount', { description: 'The caller’s unread count after the change.' }),
    messageIds: t.idList({ description: 'The messages that were unread and are read now.', resolve: (p) => p.messageIds }),
    messages: t.field({
      type: [Message],
      description: 'The messages as they are now: for `markRead` every message it named, for `markAllRead` those it changed.',
      resolve: async (p, _args, ctx) => {
        const rows = await ctx.loaders.message.loadMany([...(p.named ?? p.messageIds)]);
        return rows.filter((row): row is MessageRow => row !== null && !(row instanceof Error));
      },
    }),
    unreadCounts: t.field({ type: UnreadCountsRef, description: 'The caller’s counts after the change.', resolve: (_p, _args, ctx) => viewerUnreadCounts(ctx) }),
  }),
});

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    recipientIds: t.idList({ required: true }),
    content: t.string({ required: true }),
    type: t.field({ type: MessageType, defaultValue: 'TEXT' }),
    priority: t.field({ type: MessagePriority, defaultValue: 'NORMAL' }),
    clientMessageId: t.string({
      description: 'Chosen by the client; sending again with the same value returns the first message.',
    }),
    replyToId: t.id(),
    // Attachments (src/attachments/): ids from uploadAttachment, in the order to show them.
    attachmentIds: t.idList({ description: 'Uploads of the caller (uploadAttachment), in the order to show them.' }),
    // Notification rules (src/notifications/, docs/notifications.md).
    requireConfirmation: t.field({ type: RequireConfirmationInput }),
    template: t.field({ type: TemplateUseInput }),
  }),
});

/** The filter of `messages` and `search` (src/search/search.graphql.ts): every condition given must hold. */
export const MessageFilter = builder.inputType('MessageFilter', {
  fields: (t) => ({
    unreadOnly: t.boolean(),
    type: t.field({ type: MessageType }),
    priority: t.field({ type: MessagePriority }),
    senderId: t.id({ description: 'Only messages from this user.' }),
    sentAfter: t.field({ type: 'DateTime', description: 'Only messages sent at or after this time.' }),
    sentBefore: t.field({ type: 'DateTime', description: 'Only messages sent before this time.' }),
    // Organizing (src/organizing/, docs/organizing.md).
    tagId: t.id({ description: 'Messages carrying this tag of the caller’s.' }),
    category: t.field({ type: MessageCategory }),
    starred: t.boolean({ description: 'true: starred only; false: not starred only.' }),
    archived: t.boolean({ description: 'true: the archive only. Absent or false: the inbox without archived messages (the default).' }),
    includeArchived: t.boolean({ description: 'Archived messages and the others alike.' }),
  }),
});

/** The input schema of a MessageFilter argument (shared with `search`). */
export const messageFilterInput = z
  .object({
    unreadOnly: z.boolean().nullish(),
    type: z.enum(MESSAGE_TYPES).nullish(),
    priority: z.enum(MESSAGE_PRIORITIES).nullish(),
    senderId: rowId('senderId').nullish(),
    sentAfter: z.date().nullish(),
    sentBefore: z.date().nullish(),
    // Organizing (src/organizing/).
    tagId: rowId('tagId').nullish(),
    category: z.enum(MESSAGE_CATEGORIES).nullish(),
    starred: z.boolean().nullish(),
    archived: z.boolean().nullish(),
    includeArchived: z.boolean().nullish(),
  })
  .transform(({ category, ...filter }) => ({ ...filter, types: category ? typesOf(category) : null }))
  .nullish();

/** The input schemas of this file's fields; their bounds are configured. */
const inputs = withLimits((limits) => {
  const { maxContentLength: maxContent, maxPageSize, maxRecipients } = limits;
  const content = z
    .string()
    .refine((text) => text.trim().length > 0, 'content must not be empty')
    .refine((text) => text.length <= maxContent, `content is longer than ${maxContent} characters`);
  const clientMessageId = z
    .string()
    .min(1, 'clientMessageId must be 1–128 characters')
    .max(128, 'clientMessageId must be 1–128 characters')
    .nullish();
  const priority = z.enum(MESSAGE_PRIORITIES).nullish();
  const distinctIds = (field: string) => z.array(rowId(field)).transform((ids) => [...new Set(ids)]);
  const maxMarked = maxPageSize * 10;
  return {
    messages: z.object({
      first: pageSizeInput(maxPageSize),
      after: optionalCursorInput('inbox', 'after'),
      filter: messageFilterInput,
    }),
    sentMessages: z.object({ first: pageSizeInput(maxPageSize), after: optionalCursorInput('sent', 'after') }),
    message: z.object({ id: rowId('id') }),
    sendMessage: z
      .object({
        // A message may be only attachments; one without any needs content.
        content: z.string().refine((text) => text.length <= maxContent, `content is longer than ${maxContent} characters`),
        attachmentIds: z.array(rowId('attachmentIds')).nullish(),
        recipientIds: distinctIds('recipientIds')
          .refine((ids) => ids.length > 0, 'recipientIds must name at least one recipient')
          .refine((ids) => ids.length <= maxRecipients, `at most ${maxRecipients} recipients per message`),
        type: z.enum(MESSAGE_TYPES).nullish(),
        priority,
        clientMessageId,
        replyToId: rowId('replyToId').nullish(),
        requireConfirmation: requireConfirmationInput.nullish(),
        template: templateUseInput.nullish(),
      })
      .refine((send) => send.content.trim().length > 0 || (send.attachmentIds?.length ?? 0) > 0 || send.template != null, {
        message: 'content must not be empty',
        path: ['content'],
      }),
    broadcastMessage: z.object({ content, priority, clientMessageId }),
    markRead: z.object({
      messageIds: distinctIds('messageIds').refine((ids) => ids.length <= maxMarked, `at most ${maxMarked} ids at once`),
    }),
  };
});

builder.queryFields((t) => ({
  messages: t.withAuth({ viewer: true }).field({
    type: MessageConnection,
    description: 'The caller’s inbox, newest first.',
    args: {
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
      filter: t.arg({ type: MessageFilter }),
    },
    resolve: async (_root, args, ctx) => {
      const { first, after, filter } = parseInput(inputs(ctx.services.config.limits).messages, args);
      const page = await ctx.services.inbox.page(ctx.viewer, { first, beforeSeq: after, filter });
      for (const { node } of page.edges) {
        ctx.loaders.message.prime(node.message.id, node.message);
        ctx.loaders.receipt.prime(node.message.id, node.receipt);
      }
      return { pageInfo: page.pageInfo, edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.message })) };
    },
  }),
  sentMessages: t.withAuth({ viewer: true }).field({
    type: MessageConnection,
    description: 'What the caller sent, newest first.',
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { first, after } = parseInput(inputs(ctx.services.config.limits).sentMessages, args);
      return ctx.services.inbox.sent(ctx.viewer, { first, beforeId: after });
    },
  }),
  message: t.withAuth({ viewer: true }).field({
    type: Message,
    nullable: true,
    description: 'A message the caller sent or received; null otherwise.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.services.inbox.findVisible(ctx.viewer, parseInput(inputs(ctx.services.config.limits).message, args).id),
  }),
  unreadCount: t.withAuth({ viewer: true }).int({
    resolve: (_root, _args, ctx) => ctx.services.inbox.unreadCount(ctx.viewer),
  }),
  unreadCounts: t.withAuth({ viewer: true }).field({
    type: UnreadCountsRef,
    resolve: (_root, _args, ctx) => viewerUnreadCounts(ctx),
  }),
}));

const BroadcastInput = builder.inputType('BroadcastInput', {
  fields: (t) => ({
    content: t.string({ required: true }),
    priority: t.field({ type: MessagePriority, defaultValue: 'NORMAL' }),
    clientMessageId: t.string(),
  }),
});

builder.mutationFields((t) => ({
  broadcastMessage: t.withAuth(ADMINS_AND_SERVICES).field({
    type: Message,
    description: 'A SYSTEM message to every user of the caller’s tenant. Roles `admin` and `service` only.',
    args: { input: t.arg({ type: BroadcastInput, required: true }) },
    unauthorizedError: (_root, _args, ctx) => unauthorized(ctx, 'only services and admins broadcast'),
    resolve: (_root, { input }, ctx) =>
      ctx.services.inbox.broadcast(ctx.viewer, parseInput(inputs(ctx.services.config.limits).broadcastMessage, input)),
  }),
  sendMessage: t.field({
    type: Message,
    description: 'Messages of type SYSTEM, and templates, are for roles `admin` and `service` only.',
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    // Scopes that depend on the arguments; `t.authField` cannot type the context from them.
    authScopes: (_root, { input }) => (input.type === 'SYSTEM' || input.template ? ADMINS_AND_SERVICES : { viewer: true }),
    unauthorizedError: (_root, { input }, ctx) =>
      unauthorized(ctx, input.type !== 'SYSTEM' && input.template ? 'only services and admins send templates' : 'only services and admins send SYSTEM messages'),
    resolve: async (_root, { input }, ctx) => {
      const { requireConfirmation, template, ...parsed } = parseInput(inputs(ctx.services.config.limits).sendMessage, input);
      // Pre-send plugins (moderation, redaction, enrichment: src/plugins/) see the content first.
      const send = { ...parsed, content: await ctx.services.messagePlugins.beforeSend(viewerOf(ctx), parsed) };
      if (!requireConfirmation && !template) return ctx.services.inbox.send(viewerOf(ctx), send);
      return ctx.services.notifiedSend.send(viewerOf(ctx), send, { requireConfirmation, template });
    },
  }),
  markRead: t.withAuth({ viewer: true }).field({
    type: MarkReadPayload,
    args: { messageIds: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { messageIds } = parseInput(inputs(ctx.services.config.limits).markRead, args);
      return { ...(await ctx.services.inbox.markRead(ctx.viewer, messageIds)), named: messageIds };
    },
  }),
  markAllRead: t.withAuth({ viewer: true }).field({
    type: MarkReadPayload,
    resolve: async (_root, _args, ctx) => ({ ...(await ctx.services.inbox.markAllRead(ctx.viewer)), named: null }),
  }),
}));
