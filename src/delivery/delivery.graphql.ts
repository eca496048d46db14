import { z } from 'zod';
import { User } from '../auth/auth.graphql.js';
import { builder, type ViewerContext } from '../graphql/builder.js';
import { streamFailed } from '../graphql/errors.js';
import { parseInput } from '../graphql/input.js';
import { InboxEventRef, messageOf, type MessageEvent } from '../inbox/inbox-events.graphql.js';
import type { InboxEvent } from '../inbox/inbox-events.js';
import { Message, UnreadCountsRef, viewerUnreadCounts, type ViewerUnreadCounts } from '../inbox/inbox.graphql.js';
import { cursorInput, optionalCursorInput } from '../shared/cursor.js';
import { rowId } from '../shared/ids.js';
import { PushIterator } from '../shared/push-iterator.js';
import { RECIPIENT_STATUSES, recipientStatuses, type RecipientStatus } from './delivery-status.js';

const streamInput = z.object({ since: optionalCursorInput('inbox', 'since') });
const deliveryStatusInput = z.object({ messageId: rowId('messageId') });
const acknowledgeInput = z.object({ upTo: cursorInput('inbox', 'upTo') });

/**
 * Opens the viewer's inbox stream after position `since` (null: from the first unread) as an
 * async iterator for a subscription field.
 */
async function subscribeInbox(ctx: ViewerContext, since: number | null, expand: (event: InboxEvent) => InboxEvent[], cursorGiven: boolean) {
  const { viewer } = ctx;
  // A cursor below the compacted log cannot resume without a gap: CURSOR_EXPIRED, refetch.
  if (cursorGiven) await ctx.services.lifecycle.assertCursorKept(viewer.id, since);
  let handle: { close(): void } | null = null;
  const events = new PushIterator<InboxEvent>(() => handle?.close());
  handle = ctx.services.streams.open(
    viewer,
    since,
    // Awaited by the stream: a slow consumer slows only its own stream.
    async (event) => {
      for (const e of expand(event)) await events.push(e);
    },
    // The stream is closed already; the client gets the error and subscribes again.
    () => events.fail(streamFailed()),
  );
  return events;
}

/**
 * The viewer's unread counts now, then after every inbox change that moves them. The counts
 * are read (from the read model) when the change arrives, so a burst ends on exact counts.
 */
function subscribeUnreadCounts(ctx: ViewerContext): PushIterator<ViewerUnreadCounts> {
  let handle: { close(): void } | null = null;
  let closed = false;
  const counts = new PushIterator<ViewerUnreadCounts>(() => {
    closed = true;
    handle?.close();
  });
  void (async () => {
    const position = await ctx.services.inbox.position(ctx.viewer);
    await counts.push(await viewerUnreadCounts(ctx));
    if (closed) return;
    // From the position the first counts were read after: no change in between is missed.
    handle = ctx.services.streams.open(
      ctx.viewer,
      position,
      // Read including the event: its update of the read model may land after its publish.
      async (event) => (event.kind === 'UPDATE' || event.kind === 'RELEASED' ? undefined : counts.push(await viewerUnreadCounts(ctx, event.seq))),
      () => counts.fail(streamFailed()),
    );
  })().catch(() => counts.fail(streamFailed()));
  return counts;
}

/** The new messages among the events: released held pushes arrive one by one, in inbox order. */
function messagesOf(event: InboxEvent): InboxEvent[] {
  if (event.kind === 'MESSAGE') return [event];
  if (event.kind !== 'RELEASED') return [];
  return event.messages.map(({ seq, message }) => ({ kind: 'MESSAGE', firstSeq: seq, seq, message, isRead: false, readAt: null }));
}

// Checked when the subscription starts, so a bad cursor is an error result, not a broken stream.
builder.subscriptionFields((t) => ({
  messageReceived: t.withAuth({ viewer: true }).field({
    type: Message,
    description:
      'Messages arriving in the caller’s inbox, in inbox order. With `since` (a cursor), first every message after it; without, first the unread ones (oldest first); then live, with no gap and no duplicate.',
    args: { since: t.arg.string() },
    subscribe: (_root, args, ctx) => subscribeInbox(ctx, parseInput(streamInput, args).since, messagesOf, Boolean(args.since)),
    resolve: (event, _args, ctx) => messageOf(event as MessageEvent, ctx),
  }),
  inboxEvents: t.withAuth({ viewer: true }).field({
    type: InboxEventRef,
    description: 'Every change to the caller’s inbox (new messages, reads on any device), in order, after `since`.',
    args: { since: t.arg.string() },
    subscribe: (_root, args, ctx) => subscribeInbox(ctx, parseInput(streamInput, args).since ?? 0, (e) => [e], Boolean(args.since)),
    resolve: (event) => event,
  }),
  unreadCountsChanged: t.withAuth({ viewer: true }).field({
    type: UnreadCountsRef,
    description:
      'The caller’s unread counts: first as they are, then again after each change to them (a message arrives, is read on any device, is recalled). Same id as `unreadCounts`, so a normalized cache updates the badge by itself.',
    subscribe: (_root, _args, ctx) => subscribeUnreadCounts(ctx),
    resolve: (counts) => counts,
  }),
}));

const DeliveryStageRef = builder.enumType('DeliveryStage', {
  values: RECIPIENT_STATUSES,
  description:
    'QUEUED → PUSHED (sent to the recipient’s sockets) → DELIVERED (acknowledged by a device) → READ. From the notification rules (docs/notifications.md): HELD (the live push waits for quiet hours or a meeting to end: `heldUntil`), and for a required confirmation CONFIRMED, REMINDED (not confirmed in time, reminded), ESCALATED (still not confirmed, the escalation contact was told).',
});

const RecipientDeliveryStatus = builder.objectRef<RecipientStatus>('RecipientDeliveryStatus').implement({
  fields: (t) => ({
    recipient: t.field({
      type: User,
      resolve: async (s, _args, ctx) => (await ctx.loaders.user.load(s.recipientId))!,
    }),
    status: t.field({ type: DeliveryStageRef, resolve: (s) => s.status }),
    held: t.boolean({ description: 'The recipient’s live push is held by their notification rules.', resolve: (s) => s.notice?.held != null }),
    heldUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the held push goes out (null while held: when a meeting ends).',
      resolve: (s) => s.notice?.held?.until ?? null,
    }),
    confirmationRequired: t.boolean({ resolve: (s) => s.notice?.confirmation != null }),
    confirmedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.notice?.confirmation?.confirmedAt ?? null }),
    remindedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.notice?.confirmation?.remindedAt ?? null }),
    escalatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.notice?.confirmation?.escalatedAt ?? null }),
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
  deliveryStatus: t.withAuth({ viewer: true }).field({
    type: [RecipientDeliveryStatus],
    description: 'Per recipient, how far a message the caller sent has come. Only the sender may ask.',
    args: { messageId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const message = await ctx.loaders.message.load(parseInput(deliveryStatusInput, args).messageId);
      return recipientStatuses(ctx.services.delivery, ctx.viewer, message);
    },
  }),
}));

builder.mutationFields((t) => ({
  acknowledgeDelivery: t.withAuth({ viewer: true }).field({
    type: AcknowledgePayload,
    description: 'Tells the server this device has everything of the caller’s inbox up to the cursor `upTo`.',
    args: { upTo: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => ({
      acknowledgedCount: await ctx.services.acknowledgements.acknowledge(ctx.viewer, parseInput(acknowledgeInput, args).upTo),
    }),
  }),
}));
