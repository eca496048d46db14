import { z } from 'zod';
import { builder, viewerOf } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { parseInput } from '../graphql/input.js';
import { encodeInboxCursor, optionalCursorInput } from '../shared/cursor.js';
import type { InboxEvent } from './inbox-events.js';
import { Message } from './inbox.graphql.js';
import { MessageLabelsChangedEvent, TagChangedEvent } from '../organizing/organizing.graphql.js';
import type { MessageRow } from './inbox.store.js';

// The inbox's events as the API shows them: in `sync` (here) and on the live streams
// (src/delivery/delivery.graphql.ts).

export type MessageEvent = Extract<InboxEvent, { kind: 'MESSAGE' }>;
type ReadEvent = Extract<InboxEvent, { kind: 'READ' }>;
type RecallEvent = Extract<InboxEvent, { kind: 'RECALL' }>;
type UpdateEvent = Extract<InboxEvent, { kind: 'UPDATE' }>;
type ReleasedEvent = Extract<InboxEvent, { kind: 'RELEASED' }>;

/**
 * The event carries the viewer's own state of the message; hand it to the loaders so that
 * `isRead`, `readAt` and `cursor` cost no query. Subscriptions live long, so per-event
 * state is dropped first instead of piling up in the loaders.
 */
export function messageOf(event: MessageEvent, ctx: Context): MessageRow {
  const viewer = viewerOf(ctx);
  ctx.loaders.forgetMessages();
  ctx.loaders.receipt.prime(event.message.id, {
    messageId: event.message.id,
    recipientId: viewer.id,
    seq: event.seq,
    isRead: event.isRead,
    readAt: event.readAt,
    deliveredAt: null,
    starredAt: null,
    archivedAt: null,
  });
  return event.message;
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

const MessageRecalledEvent = builder.objectRef<RecallEvent>('MessageRecalledEvent').implement({
  description:
    'A message in the caller’s inbox was recalled by its sender or an admin: show `message` as a tombstone (its content and attachments are withheld from now on).',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    message: t.field({ type: Message, resolve: (e, _args, ctx) => messageWithoutReceipt(e.message, ctx) }),
  }),
});

const MessageUpdatedEvent = builder.objectRef<UpdateEvent>('MessageUpdatedEvent').implement({
  description:
    'A message already in the inbox changed (its link previews arrived): `message` is its new state, with its id, so a normalized client cache updates it in place.',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    message: t.field({ type: Message, resolve: (e, _args, ctx) => messageWithoutReceipt(e.message, ctx) }),
  }),
});

const HeldMessagesReleasedEvent = builder.objectRef<ReleasedEvent>('HeldMessagesReleasedEvent').implement({
  description:
    'Live pushes the caller’s notification rules held (quiet hours, a meeting) are released: one event for all of them, in inbox order. Each message is already in the inbox at its own position (`sync` and `messages` had it all along); `cursor` is the stream’s position, unchanged.',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    count: t.int({ resolve: (e) => e.messages.length }),
    messages: t.field({ type: [Message], resolve: (e, _args, ctx) => e.messages.map((m) => messageWithoutReceipt(m.message, ctx)) }),
  }),
});

/** The viewer's receipt (isRead, cursor) is not in these events: loaded when asked for. */
function messageWithoutReceipt(message: MessageRow, ctx: Context): MessageRow {
  ctx.loaders.forgetMessages();
  return message;
}

export const InboxEventRef = builder.unionType('InboxEvent', {
  types: [MessageReceivedEvent, MessagesReadEvent, MessageRecalledEvent, MessageUpdatedEvent, MessageLabelsChangedEvent, TagChangedEvent, HeldMessagesReleasedEvent],
  resolveType: (event) => {
    switch (event.kind) {
      case 'MESSAGE':
        return MessageReceivedEvent;
      case 'READ':
        return MessagesReadEvent;
      case 'RECALL':
        return MessageRecalledEvent;
      case 'UPDATE':
        return MessageUpdatedEvent;
      case 'LABELS':
        return MessageLabelsChangedEvent;
      case 'TAG':
        return TagChangedEvent;
      case 'RELEASED':
        return HeldMessagesReleasedEvent;
    }
  },
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

const syncInput = z.object({
  since: optionalCursorInput('inbox', 'since')
    .transform((after) => after ?? 0),
  limit: z
    .number()
    .int('limit must be between 1 and 1000')
    .min(1, 'limit must be between 1 and 1000')
    .max(1000, 'limit must be between 1 and 1000')
    .nullish()
    .transform((limit) => limit ?? 500),
});

builder.queryFields((t) => ({
  sync: t.withAuth({ viewer: true }).field({
    type: SyncPayload,
    description: 'The caller’s inbox changes after `since`, oldest first, for clients that catch up over HTTP.',
    args: { since: t.arg.string(), limit: t.arg.int({ defaultValue: 500 }) },
    resolve: async (_root, args, ctx) => {
      const { since, limit } = parseInput(syncInput, args);
      const result = await ctx.services.inbox.sync(ctx.viewer, since, limit);
      // Checked after the read: a compaction that ran meanwhile cannot leave a silent gap.
      await ctx.services.lifecycle.assertCursorKept(ctx.viewer.id, args.since ? since : null);
      return result;
    },
  }),
}));

