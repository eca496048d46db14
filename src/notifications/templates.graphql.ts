import DataLoader from 'dataloader';
import { z } from 'zod';
import { ADMINS_AND_SERVICES, builder, unauthorized, viewerOf } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { parseInput } from '../graphql/input.js';
import { Message } from '../inbox/inbox.graphql.js';
import { rowId } from '../shared/ids.js';
import type { RenderingRow, TemplateRow } from './templates.store.js';

const MessageTemplate = builder.objectRef<TemplateRow>('MessageTemplate').implement({
  description: 'A named message in ICU MessageFormat per locale, rendered for each recipient in their locale.',
  fields: (t) => ({
    name: t.exposeString('name'),
    variables: t.stringList({ resolve: (r) => r.variables }),
    texts: t.field({ type: [TemplateText], resolve: (r) => Object.entries(r.texts).map(([locale, text]) => ({ locale, text })) }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const TemplateText = builder.objectRef<{ locale: string; text: string }>('TemplateText').implement({
  fields: (t) => ({ locale: t.exposeString('locale'), text: t.exposeString('text') }),
});

const TemplateTextInput = builder.inputType('TemplateTextInput', {
  fields: (t) => ({ locale: t.string({ required: true }), text: t.string({ required: true }) }),
});

const SaveTemplateInput = builder.inputType('SaveMessageTemplateInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    variables: t.stringList({ required: true, description: 'Every variable a sender must give, and no others.' }),
    texts: t.field({ type: [TemplateTextInput], required: true }),
  }),
});

const saveInput = z.object({
  input: z.object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'name is 1–100 letters, digits, _ . -'),
    variables: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a variable name is letters, digits and _')).max(50),
    texts: z.array(z.object({ locale: z.string().min(2).max(35), text: z.string().min(1).max(10_000) })).min(1).max(50),
  }),
});

const ConfirmPayload = builder.objectRef<{ messageId: number; confirmedAt: Date }>('ConfirmMessagePayload').implement({
  fields: (t) => ({
    messageId: t.exposeID('messageId'),
    confirmedAt: t.expose('confirmedAt', { type: 'DateTime' }),
  }),
});
const confirmInput = z.object({ id: rowId('id') });

/** The viewer's renderings of templated messages, one query per request however many messages. */
const renderingLoaders = new WeakMap<object, DataLoader<number, RenderingRow | null>>();
function renderingOf(ctx: Context, messageId: number): Promise<RenderingRow | null> {
  let loader = renderingLoaders.get(ctx.loaders);
  if (!loader) {
    const viewer = viewerOf(ctx);
    loader = new DataLoader(async (ids: readonly number[]) => {
      const rows = new Map((await ctx.services.templates.renderingsFor(viewer.id, ids)).map((r) => [r.messageId, r]));
      return ids.map((id) => rows.get(id) ?? null);
    });
    renderingLoaders.set(ctx.loaders, loader);
  }
  return loader.load(messageId);
}

builder.objectFields(Message, (t) => ({
  localizedContent: t.string({
    description: 'The content as the caller reads it: a templated message rendered in the caller’s locale (plain text), else `content`.',
    resolve: async (m, _args, ctx) => (await renderingOf(ctx, m.id))?.text ?? m.content,
  }),
  templateName: t.string({
    nullable: true,
    description: 'The template the message was rendered from, for the caller (null: not templated).',
    resolve: async (m, _args, ctx) => {
      const rendering = await renderingOf(ctx, m.id);
      return rendering ? ((await ctx.services.templates.templateNames([rendering.templateId])).get(rendering.templateId) ?? null) : null;
    },
  }),
}));

builder.queryFields((t) => ({
  messageTemplates: t.field({
    type: [MessageTemplate],
    description: 'The templates of the caller’s tenant (services and admins).',
    authScopes: ADMINS_AND_SERVICES,
    unauthorizedError: (_root, _args, ctx) => unauthorized(ctx, 'only services and admins use templates'),
    resolve: (_root, _args, ctx) => ctx.services.templates.list(viewerOf(ctx)),
  }),
}));

builder.mutationFields((t) => ({
  saveMessageTemplate: t.field({
    type: MessageTemplate,
    description: 'Creates or replaces a template of the caller’s tenant; every text must parse as ICU MessageFormat and use only the declared variables.',
    authScopes: ADMINS_AND_SERVICES,
    unauthorizedError: (_root, _args, ctx) => unauthorized(ctx, 'only services and admins use templates'),
    args: { input: t.arg({ type: SaveTemplateInput, required: true }) },
    resolve: (_root, args, ctx) => ctx.services.templates.save(viewerOf(ctx), parseInput(saveInput, args).input),
  }),
  confirmMessage: t.withAuth({ viewer: true }).field({
    type: ConfirmPayload,
    description: 'Confirms a message that asked the caller to (distinct from reading it).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.confirmations.confirm(ctx.viewer, parseInput(confirmInput, args).id),
  }),
}));
