import { z } from 'zod';
import { builder, viewerOf } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { parseInput, withLimits } from '../graphql/input.js';
import type { InboxEvent } from '../inbox/inbox-events.js';
import { Message, MessageCategory, UnreadCountsRef } from '../inbox/inbox.graphql.js';
import { encodeInboxCursor } from '../shared/cursor.js';
import { rowId } from '../shared/ids.js';
import { CATEGORY_OF_TYPE, countsByCategory, type MessageCategory as Category } from './categories.js';
import type { RankedMessage } from './importance.js';
import type { LabelChange, TagRow } from './organizing.store.js';

// Categories, tags, stars, archive and the important ordering (docs/organizing.md).


export const Tag = builder.objectRef<TagRow>('Tag').implement({
  description: 'A tag of the caller’s own; nobody else sees it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    color: t.exposeString('color', { description: '#rrggbb' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** The viewer's tags on a message, in id order; none when the viewer did not receive it. */
async function tagsOn(messageId: number, ctx: Context): Promise<TagRow[]> {
  const ids = await ctx.loaders.messageTagIds.load(messageId);
  return tagRows(ids, ctx);
}

async function tagRows(ids: readonly number[], ctx: Context): Promise<TagRow[]> {
  const rows: TagRow[] = [];
  for (const tag of await ctx.loaders.tag.loadMany(ids)) {
    if (tag instanceof Error) throw tag;
    if (tag) rows.push(tag);
  }
  return rows;
}

builder.objectFields(Message, (t) => ({
  category: t.field({ type: MessageCategory, resolve: (m) => CATEGORY_OF_TYPE[m.type] }),
  starred: t.boolean({
    description: 'Whether the caller starred it (their own, like isRead).',
    resolve: async (m, _args, ctx) => (await ctx.loaders.receipt.load(m.id))?.starredAt != null,
  }),
  archived: t.boolean({
    description: 'Whether the caller archived it: it leaves the default inbox, stays in search and in `messages(filter: { archived: true })`.',
    resolve: async (m, _args, ctx) => (await ctx.loaders.receipt.load(m.id))?.archivedAt != null,
  }),
  tags: t.field({ type: [Tag], description: 'The caller’s tags on it.', resolve: (m, _args, ctx) => tagsOn(m.id, ctx) }),
}));

const CategoryCount = builder.objectRef<{ category: Category; count: number }>('CategoryCount').implement({
  fields: (t) => ({
    category: t.field({ type: MessageCategory, resolve: (c) => c.category }),
    count: t.exposeInt('count'),
  }),
});

const TagCount = builder.objectRef<{ tag: TagRow; count: number }>('TagCount').implement({
  fields: (t) => ({ tag: t.field({ type: Tag, resolve: (c) => c.tag }), count: t.exposeInt('count') }),
});

builder.objectFields(UnreadCountsRef, (t) => ({
  byCategory: t.field({ type: [CategoryCount], resolve: (c) => countsByCategory(c.byType) }),
  byTag: t.field({
    type: [TagCount],
    description: 'Every tag of the caller’s, by name, with its unread messages (archived ones included, like every count).',
    resolve: async (c, _args, ctx) => {
      const counts = new Map(c.byTag.map((b) => [b.tagId, b.count]));
      const tags = await ctx.services.organizing.tags(viewerOf(ctx));
      return tags.map((tag) => ({ tag, count: counts.get(tag.id) ?? 0 }));
    },
  }),
}));

// ---- events -------------------------------------------------------------------------------

type LabelsEvent = Extract<InboxEvent, { kind: 'LABELS' }>;
type TagEvent = Extract<InboxEvent, { kind: 'TAG' }>;

export const MessageLabelsChangedEvent = builder.objectRef<LabelsEvent>('MessageLabelsChangedEvent').implement({
  description: 'The caller starred, archived or tagged a message (on any device): its state after the change.',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    messageId: t.id({ resolve: (e) => e.messageId }),
    starred: t.boolean({ resolve: (e) => e.starredAt !== null }),
    archived: t.boolean({ resolve: (e) => e.archivedAt !== null }),
    tags: t.field({ type: [Tag], resolve: (e, _args, ctx) => tagRows(e.tagIds, ctx) }),
  }),
});

export const TagChangedEvent = builder.objectRef<TagEvent>('TagChangedEvent').implement({
  description: 'One of the caller’s tags was created, renamed or recoloured; `tag` is null when it was deleted (and left every message).',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => encodeInboxCursor(e.seq) }),
    tagId: t.id({ resolve: (e) => e.tagId }),
    tag: t.field({ type: Tag, nullable: true, resolve: (e) => e.tag }),
  }),
});

// ---- important first ------------------------------------------------------------------------

const ImportantMessage = builder.objectRef<RankedMessage>('ImportantMessage').implement({
  fields: (t) => ({
    message: t.field({
      type: Message,
      resolve: (r, _args, ctx) => {
        ctx.loaders.message.prime(r.message.id, r.message);
        ctx.loaders.receipt.prime(r.message.id, r.receipt);
        return r.message;
      },
    }),
    score: t.exposeFloat('score', { description: 'Higher is more important; comparable within one answer only.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, in a few words; null when the ordering is turned off.' }),
  }),
});

const ImportantInbox = builder.objectRef<{ enabled: boolean; items: RankedMessage[] }>('ImportantInbox').implement({
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', { description: 'False when the caller turned the ordering off: `items` are then newest first.' }),
    items: t.field({ type: [ImportantMessage], resolve: (i) => i.items }),
  }),
});

const OrganizingSettings = builder.objectRef<{ importantFirst: boolean }>('OrganizingSettings').implement({
  fields: (t) => ({
    importantFirst: t.exposeBoolean('importantFirst'),
    maxTags: t.int({ resolve: (_s, _args, ctx) => ctx.services.organizing.maxTagsPerUser }),
  }),
});

// ---- inputs -------------------------------------------------------------------------------

const tagName = z
  .string()
  .transform((name) => name.trim())
  .refine((name) => name.length >= 1 && name.length <= 64, 'name must be 1–64 characters');
const tagColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'color must be #rrggbb')
  .transform((color) => color.toLowerCase());

const inputs = withLimits((limits) => {
  const messageIds = z
    .array(rowId('messageIds'))
    .transform((ids) => [...new Set(ids)])
    .refine((ids) => ids.length >= 1 && ids.length <= limits.maxPageSize, `1–${limits.maxPageSize} message ids at once`);
  return {
    createTag: z.object({ name: tagName, color: tagColor }),
    updateTag: z
      .object({ id: rowId('id'), name: tagName.nullish(), color: tagColor.nullish() })
      .refine((u) => u.name != null || u.color != null, { message: 'give a new name or color', path: ['name'] }),
    deleteTag: z.object({ id: rowId('id') }),
    label: z.object({ messageIds }),
    tagMessages: z.object({ tagId: rowId('tagId'), messageIds }),
    important: z.object({
      first: z
        .number()
        .int()
        .min(1, `first must be 1–${limits.maxPageSize}`)
        .max(limits.maxPageSize, `first must be 1–${limits.maxPageSize}`),
    }),
  };
});

const LabelPayload = builder.objectRef<{ changedIds: number[] }>('LabelPayload').implement({
  fields: (t) => ({
    changedIds: t.idList({ description: 'Messages whose state changed (others were in that state already).', resolve: (p) => p.changedIds }),
  }),
});

builder.queryFields((t) => ({
  tags: t.withAuth({ viewer: true }).field({
    type: [Tag],
    description: 'The caller’s tags, by name.',
    resolve: (_root, _args, ctx) => ctx.services.organizing.tags(ctx.viewer),
  }),
  organizingSettings: t.withAuth({ viewer: true }).field({
    type: OrganizingSettings,
    resolve: (_root, _args, ctx) => ctx.services.organizing.settingsOf(ctx.viewer),
  }),
  importantMessages: t.withAuth({ viewer: true }).field({
    type: ImportantInbox,
    description:
      'The caller’s unread, not archived messages, most important first by their own habits (docs/organizing.md), each with a reason.',
    args: { first: t.arg.int({ defaultValue: 20 }) },
    resolve: (_root, args, ctx) => {
      const { first } = parseInput(inputs(ctx.services.config.limits).important, { first: args.first ?? 20 });
      return ctx.services.organizing.important(ctx.viewer, first);
    },
  }),
}));

/** One mutation per label change; they all take the caller's message ids. */
function labelField(description: string, change: LabelChange) {
  return builder.mutationField(
    `${change.kind === 'star' ? (change.on ? 'star' : 'unstar') : change.on ? 'archive' : 'unarchive'}Messages`,
    (t) =>
      t.withAuth({ viewer: true }).field({
        type: LabelPayload,
        description,
        args: { messageIds: t.arg.idList({ required: true }) },
        resolve: async (_root, args, ctx) => {
          const { messageIds } = parseInput(inputs(ctx.services.config.limits).label, { messageIds: args.messageIds.map(String) });
          return { changedIds: await ctx.services.organizing.label(ctx.viewer, messageIds, change) };
        },
      }),
  );
}

labelField('Stars messages of the caller’s inbox.', { kind: 'star', on: true });
labelField('Removes the caller’s star.', { kind: 'star', on: false });
labelField('Moves messages out of the default inbox (they stay searchable and unread counts keep them).', { kind: 'archive', on: true });
labelField('Brings archived messages back to the inbox.', { kind: 'archive', on: false });

builder.mutationFields((t) => ({
  createTag: t.withAuth({ viewer: true }).field({
    type: Tag,
    description: 'A new tag of the caller’s (at most MAX_TAGS_PER_USER; names are unique per user, case-insensitively).',
    args: { name: t.arg.string({ required: true }), color: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.organizing.createTag(ctx.viewer, parseInput(inputs(ctx.services.config.limits).createTag, args)),
  }),
  updateTag: t.withAuth({ viewer: true }).field({
    type: Tag,
    description: 'Renames or recolours one of the caller’s tags.',
    args: { id: t.arg.id({ required: true }), name: t.arg.string(), color: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { id, name, color } = parseInput(inputs(ctx.services.config.limits).updateTag, { ...args, id: String(args.id) });
      return ctx.services.organizing.updateTag(ctx.viewer, id, { ...(name ? { name } : {}), ...(color ? { color } : {}) });
    },
  }),
  deleteTag: t.withAuth({ viewer: true }).field({
    type: 'ID',
    description: 'Deletes one of the caller’s tags and removes it from every message; returns its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.services.organizing.deleteTag(ctx.viewer, parseInput(inputs(ctx.services.config.limits).deleteTag, { id: String(args.id) }).id),
  }),
  tagMessages: t.withAuth({ viewer: true }).field({
    type: LabelPayload,
    description: 'Puts one of the caller’s tags on messages of the caller’s inbox.',
    args: { tagId: t.arg.id({ required: true }), messageIds: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { tagId, messageIds } = parseInput(inputs(ctx.services.config.limits).tagMessages, {
        tagId: String(args.tagId),
        messageIds: args.messageIds.map(String),
      });
      return { changedIds: await ctx.services.organizing.label(ctx.viewer, messageIds, { kind: 'tag', tagId, on: true }) };
    },
  }),
  untagMessages: t.withAuth({ viewer: true }).field({
    type: LabelPayload,
    description: 'Takes one of the caller’s tags off messages of the caller’s inbox.',
    args: { tagId: t.arg.id({ required: true }), messageIds: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { tagId, messageIds } = parseInput(inputs(ctx.services.config.limits).tagMessages, {
        tagId: String(args.tagId),
        messageIds: args.messageIds.map(String),
      });
      return { changedIds: await ctx.services.organizing.label(ctx.viewer, messageIds, { kind: 'tag', tagId, on: false }) };
    },
  }),
  setImportantFirst: t.withAuth({ viewer: true }).field({
    type: OrganizingSettings,
    description: 'Turns the important ordering on or off for the caller.',
    args: { enabled: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.organizing.setImportantFirst(ctx.viewer, args.enabled),
  }),
}));
