import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import { rowId } from '../shared/ids.js';
import type { AuditRow } from './audit.store.js';
import type { RetentionPolicy } from './lifecycle.store.js';

const RetentionPolicyRef = builder.objectRef<RetentionPolicy>('RetentionPolicy').implement({
  description: 'How many days the tenant keeps each kind of data; null keeps it forever. Enforced by a background job.',
  fields: (t) => ({
    messagesDays: t.exposeInt('messagesDays', { nullable: true }),
    transcriptsDays: t.exposeInt('transcriptsDays', { nullable: true }),
    attachmentsDays: t.exposeInt('attachmentsDays', { nullable: true }),
    inboxEventsDays: t.exposeInt('inboxEventsDays', {
      nullable: true,
      description: 'Inbox history kept for sync and resume; a cursor older than it gets CURSOR_EXPIRED. Never longer than messagesDays.',
    }),
  }),
});

const RetentionPolicyInput = builder.inputType('RetentionPolicyInput', {
  fields: (t) => ({
    messagesDays: t.int(),
    transcriptsDays: t.int(),
    attachmentsDays: t.int(),
    inboxEventsDays: t.int(),
  }),
});

const days = z.number().int().min(1, 'days: at least 1').max(36_500, 'days: at most 36500').nullish().transform((d) => d ?? null);
const policyInput = z.object({ messagesDays: days, transcriptsDays: days, attachmentsDays: days, inboxEventsDays: days });
const userInput = z.object({ userId: rowId('userId') });
const auditInput = z.object({ first: z.number().int().min(1, 'first: at least 1').max(500, 'first: at most 500').nullish().transform((n) => n ?? 50) });

const AuditEntry = builder.objectRef<AuditRow>('AuditEntry').implement({
  description: 'One admin action of the tenant.',
  fields: (t) => ({
    id: t.exposeID('id'),
    actorId: t.exposeID('actorId'),
    action: t.exposeString('action', { description: 'e.g. webhook.create, webhook.replay, retention.set, user.export, user.erase.' }),
    target: t.exposeString('target', { description: 'What it was done to, as kind:id.' }),
    details: t.string({ nullable: true, description: 'JSON.', resolve: (a) => (a.details ? JSON.stringify(a.details) : null) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ErasePayload = builder.objectRef<{ messagesRedacted: number }>('EraseUserPayload').implement({
  fields: (t) => ({
    messagesRedacted: t.exposeInt('messagesRedacted', { description: 'Messages the user sent, now tombstones without content.' }),
  }),
});

builder.queryFields((t) => ({
  retentionPolicy: t.withAuth({ admin: true }).field({
    type: RetentionPolicyRef,
    resolve: (_root, _args, ctx) => ctx.services.lifecycle.policy(ctx.viewer),
  }),
  auditLog: t.withAuth({ admin: true }).field({
    type: [AuditEntry],
    description: 'Admin actions of the caller’s tenant, newest first.',
    args: { first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_root, args, ctx) => ctx.services.lifecycle.audit.list(ctx.viewer, parseInput(auditInput, args).first),
  }),
  exportMyData: t.withAuth({ viewer: true }).string({
    description: 'Everything the caller can see of their own data, as one JSON document (docs/security.md "Data lifecycle").',
    resolve: (_root, _args, ctx) => ctx.services.lifecycle.export(ctx.viewer, ctx.viewer.id),
  }),
  exportUserData: t.withAuth({ admin: true }).string({
    description: 'The export of a user of the caller’s tenant (a data subject’s request through an admin). Audited.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.lifecycle.export(ctx.viewer, parseInput(userInput, args).userId),
  }),
}));

builder.mutationFields((t) => ({
  setRetentionPolicy: t.withAuth({ admin: true }).field({
    type: RetentionPolicyRef,
    description: 'Sets the caller’s tenant’s retention. Audited.',
    args: { input: t.arg({ type: RetentionPolicyInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.lifecycle.setPolicy(ctx.viewer, parseInput(policyInput, input)),
  }),
  eraseUser: t.withAuth({ admin: true }).field({
    type: ErasePayload,
    description: 'Erases a user of the caller’s tenant: their messages become tombstones, their personal data goes (docs/security.md "Data lifecycle"). Audited; cannot be undone.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.lifecycle.erase(ctx.viewer, parseInput(userInput, args).userId),
  }),
}));
