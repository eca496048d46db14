import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATES, WEBHOOK_EVENTS } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import { rowId } from '../shared/ids.js';
import type { WebhookDeliveryRow, WebhookRow } from './webhooks.store.js';

const WebhookEventRef = builder.enumType('WebhookEvent', {
  values: Object.fromEntries(WEBHOOK_EVENTS.map((e) => [e.replace('message.', 'MESSAGE_').toUpperCase(), { value: e }])),
  description: 'What a webhook is told about: messages sent, delivered (acknowledged by a device), read, recalled, failed (the delivery queue gave up).',
});
const WebhookDeliveryStateRef = builder.enumType('WebhookDeliveryState', {
  values: WEBHOOK_DELIVERY_STATES,
  description: 'PENDING (to be sent or retried), DELIVERED (answered 2xx), DEAD (gave up: the dead-letter list; replay with replayWebhookDelivery).',
});

const Webhook = builder.objectRef<WebhookRow>('Webhook').implement({
  description: 'An outgoing webhook of the tenant. Every request is signed (docs/security.md "Webhooks").',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.field({ type: [WebhookEventRef], resolve: (w) => w.events }),
    enabled: t.exposeBoolean('enabled'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const WebhookDelivery = builder.objectRef<WebhookDeliveryRow>('WebhookDelivery').implement({
  description: 'One event for one webhook: the delivery log.',
  fields: (t) => ({
    id: t.exposeID('id'),
    webhookId: t.exposeID('webhookId'),
    event: t.field({ type: WebhookEventRef, resolve: (d) => d.event as (typeof WEBHOOK_EVENTS)[number] }),
    state: t.field({ type: WebhookDeliveryStateRef, resolve: (d) => d.state }),
    attempts: t.exposeInt('attempts'),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: 'HTTP status of the last attempt; null when it got no answer.' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedWebhook = builder.objectRef<{ webhook: WebhookRow; secret: string }>('CreatedWebhook').implement({
  fields: (t) => ({
    webhook: t.field({ type: Webhook, resolve: (c) => c.webhook }),
    secret: t.exposeString('secret', { description: 'The HMAC key of the signatures. Shown once: store it now.' }),
  }),
});

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true }),
    events: t.field({ type: [WebhookEventRef], required: true }),
  }),
});

const createInput = z.object({
  url: z.string().max(2048, 'url: at most 2048 characters'),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'events: at least one'),
});
const idInput = z.object({ id: rowId('id') });
const deliveriesInput = z.object({
  webhookId: rowId('webhookId').nullish(),
  state: z.enum(WEBHOOK_DELIVERY_STATES).nullish(),
  first: z.number().int().min(1, 'first: at least 1').max(500, 'first: at most 500').nullish().transform((n) => n ?? 50),
});

builder.mutationFields((t) => ({
  createWebhook: t.withAuth({ admin: true }).field({
    type: CreatedWebhook,
    description: 'Registers an outgoing webhook of the caller’s tenant. Tenant admins only.',
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.webhooks.create(ctx.viewer, parseInput(createInput, input)),
  }),
  deleteWebhook: t.withAuth({ admin: true }).boolean({
    description: 'Removes a webhook and its delivery log; false when the tenant has no such webhook.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.webhooks.delete(ctx.viewer, parseInput(idInput, args).id),
  }),
  replayWebhookDelivery: t.withAuth({ admin: true }).field({
    type: WebhookDelivery,
    description: 'Sends a DEAD delivery again, its attempts starting over.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.webhooks.replay(ctx.viewer, parseInput(idInput, args).id),
  }),
}));

builder.queryFields((t) => ({
  webhooks: t.withAuth({ admin: true }).field({
    type: [Webhook],
    description: 'The tenant’s webhooks. Tenant admins only.',
    resolve: (_root, _args, ctx) => ctx.services.webhooks.list(ctx.viewer),
  }),
  webhookDeliveries: t.withAuth({ admin: true }).field({
    type: [WebhookDelivery],
    description: 'The delivery log, newest first; `state: DEAD` is the dead-letter list.',
    args: { webhookId: t.arg.id(), state: t.arg({ type: WebhookDeliveryStateRef }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_root, args, ctx) => {
      const { first, ...filter } = parseInput(deliveriesInput, args);
      return ctx.services.webhooks.deliveries(ctx.viewer, filter, first);
    },
  }),
}));
