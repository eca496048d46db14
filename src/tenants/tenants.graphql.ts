import { z } from 'zod';
import { UserRole } from '../auth/auth.graphql.js';
import { USER_ROLES } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import { rowId } from '../shared/ids.js';
import type { IssuedInvitation } from './tenants.service.js';

const Invitation = builder.objectRef<IssuedInvitation>('Invitation').implement({
  description: 'An invitation to the caller’s tenant. The code is shown only here, once.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Give it to the person; they pass it as register(input: { invitation }).' }),
    tenant: t.exposeString('tenantId'),
    role: t.field({ type: UserRole, resolve: (i) => i.role }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const Tenant = builder.objectRef<{ id: string; openSignup: boolean }>('Tenant').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    openSignup: t.exposeBoolean('openSignup', { description: 'Whether register without an invitation may join.' }),
  }),
});

const roleInput = z.enum(USER_ROLES);

builder.queryFields((t) => ({
  tenant: t.withAuth({ admin: true }).field({
    type: Tenant,
    description: 'The caller’s tenant and its sign-up policy. Tenant admins only.',
    resolve: async (_root, _args, ctx) => ({
      id: ctx.viewer.tenantId,
      openSignup: await ctx.services.tenants.signupOpen(ctx.viewer.tenantId),
    }),
  }),
}));

builder.mutationFields((t) => ({
  createInvitation: t.withAuth({ admin: true }).field({
    type: Invitation,
    description: 'An invitation to the caller’s tenant with a role (single use). Tenant admins only.',
    args: {
      role: t.arg({ type: UserRole, defaultValue: 'user' }),
      expiresInHours: t.arg.int({ description: 'INVITATION_TTL_HOURS when omitted (72).' }),
    },
    resolve: (_root, { role, expiresInHours }, ctx) =>
      ctx.services.tenants.invite(ctx.viewer.tenantId, {
        role: parseInput(roleInput, role ?? 'user'),
        createdBy: ctx.viewer.id,
        ttlHours: parseInput(z.number().int().min(1, 'expiresInHours: at least 1').max(90 * 24, 'expiresInHours: at most 2160'), expiresInHours ?? ctx.services.config.protection.invitationTtlHours),
      }),
  }),
  setUserRole: t.withAuth({ admin: true }).field({
    type: 'Boolean',
    description: 'Sets the role of a user of the caller’s tenant. Tenant admins only; users of other tenants are NOT_FOUND, like ids that do not exist.',
    args: { userId: t.arg.id({ required: true }), role: t.arg({ type: UserRole, required: true }) },
    resolve: async (_root, { userId, role }, ctx) => {
      await ctx.services.tenants.setRole(ctx.viewer, parseInput(rowId('userId'), String(userId)), parseInput(roleInput, role));
      return true;
    },
  }),
  setTenantSignup: t.withAuth({ admin: true }).field({
    type: Tenant,
    description: 'Opens or closes register without an invitation for the caller’s tenant. Tenant admins only.',
    args: { open: t.arg.boolean({ required: true }) },
    resolve: async (_root, { open }, ctx) => {
      await ctx.services.tenants.setOpenSignup(ctx.viewer, open);
      return { id: ctx.viewer.tenantId, openSignup: open };
    },
  }),
}));
