import { builder } from '../graphql/builder.js';
import { PushIterator } from '../util/push-iterator.js';
import { requireViewer, type Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { decodeInboxCursor, encodeInboxCursor } from '../messages/cursor.js';
import { Message } from '../messages/messages.graphql.js';
import type { MessageRow } from '../messages/messages.store.js';
import type { InboxEvent } from './inbox-events.js';
import { User } from '../auth/auth.graphql.js';
import { parseId } from '../messages/messages.service.js';
import { DELIVERY_STAGES } from './delivery-status.js';
import type { RecipientStatus } from './delivery.service.js';

type MessageEvent = Extract<InboxEvent, { kind: 'MESSAGE' }>;
type ReadEvent = Extract<InboxEvent, { kind: 'READ' }>;

/**
 * The event carries the viewer's own state of the message; hand it to the loaders so that
 * `isRead`, `readAt` and `cursor` cost no query. Subscriptions live long, so per-event
 * state is dropped first instead of piling up in the loaders.
 */
function messageOf(event: MessageEvent, ctx: Context): MessageRow {
  const viewer = requireViewer(ctx);
  ctx.loaders.forgetMessages();
  ctx.loaders.receipt.prime(event.message.id, {
    messageId: event.message.id,
    recipientId: viewer.id,
    seq: event.seq,
    isRead: event.isRead,
    readAt: event.readAt,
    deliveredAt: null,
  });
  return event.message;
}

/** Opens the viewer's inbox stream as an async iterator for a subscription field. */
function subscribeInbox(ctx: Context, since: string | null | undefined, accept: (event: InboxEvent) => boolean) {
  const viewer = requireViewer(ctx);
  // Validate here so a bad cursor is an error result, not a broken stream.
  const position = since ? decodeInboxCursor(since, 'since') : null;
  let handle: { close(): void } | null = null;
  const events = new PushIterator<InboxEvent>(() => handle?.close());
  const stream = ctx.services.delivery.openStream(viewer, position, (event) => (accept(event) ? events.push(event) : undefined));
  handle = stream;
  // A start that failed (its first reads hit a database error) ends the subscription with
  // that error, and closing it closes the stream: the client subscribes again.
  stream.ready.catch((error: unknown) => events.fail(error));
  return events;
}

const MessageReceivedEvent = builder.objectRef<MessageEvent>('MessageReceivedEvent').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    message: t.field({ type: Message, resolve: (e, _args, ctx) => messageOf(e, ctx) }),
  }),
});

const MessagesReadEvent = builder.objectRef<ReadEvent>('MessagesReadEvent').implement({
  description: 'Messages marked read on any of the user’s devices.',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    messageIds: t.idList({ resolve: (e) => e.messageIds }),
    readAt: t.expose('readAt', { type: 'DateTime' }),
  }),
});

const InboxEventRef = builder.unionType('InboxEvent', {
  types: [MessageReceivedEvent, MessagesReadEvent],
  resolveType: (event) => (event.kind === 'MESSAGE' ? MessageReceivedEvent : MessagesReadEvent),
});

const SyncPayload = builder
  .objectRef<{ events: InboxEvent[]; cursor: string; hasMore: boolean }>('SyncPayload')
  .implement({
    fields: (t) => ({
      events: t.field({ type: [InboxEventRef], resolve: (p) => p.events }),
      cursor: t.exposeString('cursor', { description: 'Pass as `since` next time.' }),
      hasMore: t.exposeBoolean('hasMore'),
    }),
  });

builder.subscriptionFields((t) => ({
  messageReceived: t.field({
    type: Message,
    description:
      'Messages arriving in the caller’s inbox, in inbox order. With `since` (a cursor), first every message after it; without, first the unread ones (oldest first); then live, with no gap and no duplicate.',
    args: { since: t.arg.string() },
    subscribe: (_root, { since }, ctx) => subscribeInbox(ctx, since, (e) => e.kind === 'MESSAGE'),
    resolve: (event, _args, ctx) => messageOf(event as MessageEvent, ctx),
  }),
  inboxEvents: t.field({
    type: InboxEventRef,
    description: 'Every change to the caller’s inbox (new messages, reads on any device), in order, after `since`.',
    args: { since: t.arg.string() },
    subscribe: (_root, { since }, ctx) => subscribeInbox(ctx, since ?? encodeInboxCursor(0), () => true),
    resolve: (event) => event as InboxEvent,
  }),
}));

builder.queryFields((t) => ({
  sync: t.field({
    type: SyncPayload,
    description: 'The caller’s inbox changes after `since`, oldest first, for clients that catch up over HTTP.',
    args: { since: t.arg.string(), limit: t.arg.int({ defaultValue: 500 }) },
    resolve: (_root, { since, limit }, ctx) => {
      const viewer = requireViewer(ctx);
      const size = limit ?? 500;
      if (size < 1 || size > 1000) throw badInput('limit must be between 1 and 1000', 'limit');
      return ctx.services.delivery.sync(viewer, since, size);
    },
  }),
}));

const DeliveryStageRef = builder.enumType('DeliveryStage', {
  values: DELIVERY_STAGES,
  description: 'QUEUED → PUSHED (sent to the recipient’s sockets) → DELIVERED (acknowledged by a device) → READ.',
});

const RecipientDeliveryStatus = builder.objectRef<RecipientStatus>('RecipientDeliveryStatus').implement({
  fields: (t) => ({
    recipient: t.field({
      type: User,
      resolve: async (s, _args, ctx) => (await ctx.loaders.user.load(s.recipientId))!,
    }),
    status: t.field({ type: DeliveryStageRef, resolve: (s) => s.stage }),
    queuedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.times.QUEUED ?? null }),
    pushedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.times.PUSHED ?? null }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.times.DELIVERED ?? null }),
    readAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.times.READ ?? null }),
  }),
});

const AcknowledgePayload = builder.objectRef<{ acknowledgedCount: number }>('AcknowledgePayload').implement({
  fields: (t) => ({
    acknowledgedCount: t.exposeInt('acknowledgedCount', { description: 'Messages newly marked delivered.' }),
  }),
});

builder.queryFields((t) => ({
  deliveryStatus: t.field({
    type: [RecipientDeliveryStatus],
    description: 'Per recipient, how far a message the caller sent has come. Only the sender may ask.',
    args: { messageId: t.arg.id({ required: true }) },
    resolve: async (_root, { messageId }, ctx) => {
      const viewer = requireViewer(ctx);
      const message = await ctx.loaders.message.load(parseId(messageId, 'messageId'));
      return ctx.services.delivery.deliveryStatus(viewer, message);
    },
  }),
}));

builder.mutationFields((t) => ({
  acknowledgeDelivery: t.field({
    type: AcknowledgePayload,
    description: 'Tells the server this device has everything of the caller’s inbox up to the cursor `upTo`.',
    args: { upTo: t.arg.string({ required: true }) },
    resolve: async (_root, { upTo }, ctx) => ({
      acknowledgedCount: await ctx.services.delivery.acknowledge(requireViewer(ctx), upTo),
    }),
  }),
}));
