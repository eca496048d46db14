import { z } from 'zod';
import { User } from '../auth/auth.graphql.js';
import { builder } from '../graphql/builder.js';
import { parseInput, withLimits } from '../graphql/input.js';
import { rowId } from '../shared/ids.js';
import { Message } from './inbox.graphql.js';
import type { MessageRow } from './inbox.store.js';

// Recall, quote-reply and forward: the fields they add to Message and their mutations.

const EXCERPT_LENGTH = 200;

const QuotedMessage = builder.objectRef<MessageRow>('QuotedMessage').implement({
  description:
    'What a reply quotes, as a snapshot anyone who sees the reply may render, whether or not they received the quoted message.',
  fields: (t) => ({
    id: t.exposeID('id'),
    sender: t.field({
      type: User,
      resolve: async (m, _args, ctx) => (await ctx.services.profiles.get(m.senderId, () => ctx.loaders.user.load(m.senderId)))!,
    }),
    excerpt: t.string({
      description: `The first ${EXCERPT_LENGTH} characters; empty once the quoted message was recalled.`,
      resolve: (m) => (m.recalledAt ? '' : m.content.slice(0, EXCERPT_LENGTH)),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    recalled: t.boolean({ resolve: (m) => m.recalledAt !== null }),
  }),
});

const ForwardedFrom = builder.objectRef<MessageRow>('ForwardedFrom').implement({
  description: 'Who wrote a forwarded message, and when. Never who else received it.',
  fields: (t) => ({
    sender: t.field({
      type: User,
      resolve: async (m, _args, ctx) => (await ctx.services.profiles.get(m.senderId, () => ctx.loaders.user.load(m.senderId)))!,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectFields(Message, (t) => ({
  recalledAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'Set when the message was recalled: show it as a tombstone (content and attachments are withheld).',
    resolve: (m) => m.recalledAt,
  }),
  recalledBy: t.field({
    type: User,
    nullable: true,
    description: 'The sender or the tenant admin who recalled it.',
    resolve: async (m, _args, ctx) => (m.recalledBy === null ? null : ((await ctx.loaders.user.load(m.recalledBy)) ?? null)),
  }),
  quote: t.field({
    type: QuotedMessage,
    nullable: true,
    description: 'The message this one replies to, as a snapshot (`replyTo` gives the whole message to those who received it).',
    resolve: async (m, _args, ctx) => (m.replyToId === null ? null : ctx.loaders.message.load(m.replyToId)),
  }),
  forwardedFrom: t.field({
    type: ForwardedFrom,
    nullable: true,
    description: 'For a forward: the original’s sender and time.',
    resolve: async (m, _args, ctx) => (m.forwardedFromId === null ? null : ctx.loaders.message.load(m.forwardedFromId)),
  }),
  forwardComment: t.exposeString('forwardComment', {
    nullable: true,
    description: 'The forwarder’s own words, sent with the forwarded content.',
  }),
}));

const ForwardMessageInput = builder.inputType('ForwardMessageInput', {
  fields: (t) => ({
    messageId: t.id({ required: true, description: 'A message the caller sent or received.' }),
    recipientIds: t.idList({ required: true }),
    comment: t.string(),
    clientMessageId: t.string({ description: 'Forwarding again with the same value returns the first forward.' }),
  }),
});

const inputs = withLimits(({ maxContentLength, maxRecipients }) => ({
  recallMessage: z.object({ id: rowId('id') }),
  forwardMessage: z.object({
    messageId: rowId('messageId'),
    recipientIds: z
      .array(rowId('recipientIds'))
      .transform((ids) => [...new Set(ids)])
      .refine((ids) => ids.length > 0, 'recipientIds must name at least one recipient')
      .refine((ids) => ids.length <= maxRecipients, `at most ${maxRecipients} recipients per message`),
    comment: z.string().max(maxContentLength, `comment is longer than ${maxContentLength} characters`).nullish(),
    clientMessageId: z.string().min(1, 'clientMessageId must be 1–128 characters').max(128, 'clientMessageId must be 1–128 characters').nullish(),
  }),
}));

builder.mutationFields((t) => ({
  recallMessage: t.withAuth({ viewer: true }).field({
    type: Message,
    description:
      'Withdraws a message the caller sent, within RECALL_WINDOW_SECONDS (tenant admins: any message, any time). Idempotent; after the window: RECALL_WINDOW_EXPIRED.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.services.inbox.recall(ctx.viewer, parseInput(inputs(ctx.services.config.limits).recallMessage, { id: String(args.id) }).id),
  }),
  forwardMessage: t.withAuth({ viewer: true }).field({
    type: Message,
    description: 'Sends a message the caller can see on to new recipients, with its attachments and an optional comment.',
    args: { input: t.arg({ type: ForwardMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.inbox.forward(
        ctx.viewer,
        parseInput(inputs(ctx.services.config.limits).forwardMessage, {
          ...input,
          messageId: String(input.messageId),
          recipientIds: input.recipientIds.map(String),
        }),
      ),
  }),
}));
