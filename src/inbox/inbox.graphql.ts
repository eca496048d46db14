import { User } from '../auth/auth.graphql.js';
import type { UserRow } from '../auth/users.store.js';
import { MESSAGE_PRIORITIES, MESSAGE_TYPES } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { requireViewer, type Context } from '../graphql/context.js';
import { encodeInboxCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import type { Page, PageInfo as PageInfoShape } from '../shared/page.js';
import type { MessageRow } from './inbox.store.js';

export const MessageType = builder.enumType('MessageType', { values: MESSAGE_TYPES });
export const MessagePriority = builder.enumType('MessagePriority', { values: MESSAGE_PRIORITIES });

/** The viewer may see who else received a message only when they sent or received it. */
async function viewerTookPart(message: MessageRow, ctx: Context): Promise<boolean> {
  const viewer = requireViewer(ctx);
  return message.senderId === viewer.id || (await ctx.loaders.receipt.load(message.id)) !== null;
}

export const Message = builder.objectRef<MessageRow>('Message');

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
      nullable: true,
      description: 'The position of this message in the caller’s inbox; null when the caller did not receive it.',
      resolve: async (m, _args, ctx) => {
        const receipt = await ctx.loaders.receipt.load(m.id);
        return receipt ? encodeInboxCursor(receipt.seq) : null;
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

const PageInfo = builder.objectRef<PageInfoShape>('PageInfo').implement({
  description: 'Relay page info. Lists page forward only (`first`, `after`).',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'True when the page started after a cursor.' }),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

const MessageEdge = builder.objectRef<{ cursor: string; node: MessageRow }>('MessageEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: Message, resolve: (e) => e.node }),
  }),
});

const MessageConnection = builder.objectRef<Page<MessageRow>>('MessageConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [MessageEdge], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
  }),
});

const MarkReadPayload = builder
  .objectRef<{ updatedCount: number; unreadCount: number }>('MarkReadPayload')
  .implement({
    fields: (t) => ({
      updatedCount: t.exposeInt('updatedCount', { description: 'Messages that were unread and are read now.' }),
      unreadCount: t.exposeInt('unreadCount', { description: 'The caller’s unread count after the change.' }),
    }),
  });

const TypeCount = builder.objectRef<{ type: (typeof MESSAGE_TYPES)[number]; count: number }>('TypeCount').implement({
  fields: (t) => ({
    type: t.field({ type: MessageType, resolve: (c) => c.type }),
    count: t.exposeInt('count'),
  }),
});

const PriorityCount = builder
  .objectRef<{ priority: (typeof MESSAGE_PRIORITIES)[number]; count: number }>('PriorityCount')
  .implement({
    fields: (t) => ({
      priority: t.field({ type: MessagePriority, resolve: (c) => c.priority }),
      count: t.exposeInt('count'),
    }),
  });

const UnreadCounts = builder
  .objectRef<{ total: number; byType: TypeCountShape[]; byPriority: PriorityCountShape[] }>('UnreadCounts')
  .implement({
    fields: (t) => ({
      total: t.exposeInt('total'),
      byType: t.field({ type: [TypeCount], resolve: (c) => c.byType }),
      byPriority: t.field({ type: [PriorityCount], resolve: (c) => c.byPriority }),
    }),
  });
type TypeCountShape = { type: (typeof MESSAGE_TYPES)[number]; count: number };
type PriorityCountShape = { priority: (typeof MESSAGE_PRIORITIES)[number]; count: number };

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
  }),
});

const MessageFilter = builder.inputType('MessageFilter', {
  fields: (t) => ({
    unreadOnly: t.boolean(),
    type: t.field({ type: MessageType }),
    priority: t.field({ type: MessagePriority }),
  }),
});

builder.queryFields((t) => ({
  messages: t.field({
    type: MessageConnection,
    description: 'The caller’s inbox, newest first.',
    args: {
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
      filter: t.arg({ type: MessageFilter }),
    },
    resolve: async (_root, args, ctx) => {
      const page = await ctx.services.inbox.page(requireViewer(ctx), args);
      for (const { node } of page.edges) {
        ctx.loaders.message.prime(node.message.id, node.message);
        ctx.loaders.receipt.prime(node.message.id, node.receipt);
      }
      return { pageInfo: page.pageInfo, edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.message })) };
    },
  }),
  sentMessages: t.field({
    type: MessageConnection,
    description: 'What the caller sent, newest first.',
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.inbox.sent(requireViewer(ctx), args),
  }),
  message: t.field({
    type: Message,
    nullable: true,
    description: 'A message the caller sent or received; null otherwise.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.inbox.findVisible(requireViewer(ctx), parseId(id, 'id')),
  }),
  unreadCount: t.int({
    resolve: (_root, _args, ctx) => ctx.services.inbox.unreadCount(requireViewer(ctx)),
  }),
  unreadCounts: t.field({
    type: UnreadCounts,
    resolve: (_root, _args, ctx) => ctx.services.inbox.unreadCounts(requireViewer(ctx)),
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
  broadcastMessage: t.field({
    type: Message,
    description: 'A SYSTEM message to every user of the caller’s tenant. Roles `admin` and `service` only.',
    args: { input: t.arg({ type: BroadcastInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.inbox.broadcast(requireViewer(ctx), input),
  }),
  sendMessage: t.field({
    type: Message,
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.inbox.send(requireViewer(ctx), input),
  }),
  markRead: t.field({
    type: MarkReadPayload,
    args: { messageIds: t.arg.idList({ required: true }) },
    resolve: (_root, { messageIds }, ctx) => ctx.services.inbox.markRead(requireViewer(ctx), messageIds),
  }),
  markAllRead: t.field({
    type: MarkReadPayload,
    resolve: (_root, _args, ctx) => ctx.services.inbox.markAllRead(requireViewer(ctx)),
  }),
}));
