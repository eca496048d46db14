import { builder } from '../graphql/builder.js';
import { requireViewer } from '../graphql/context.js';
import { USER_ROLES } from '../db/schema.js';
import type { AuthPayload } from './auth.service.js';
import type { UserProfile } from './users.store.js';

export const UserRole = builder.enumType('UserRole', { values: USER_ROLES });


export const User = builder.objectRef<UserProfile>('User').implement({
  description: 'A person or a service account of the caller’s tenant.',
  fields: (t) => ({
    id: t.exposeID('id'),
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    role: t.field({ type: UserRole, resolve: (u) => u.role }),
  }),
});

const AuthPayloadRef = builder.objectRef<AuthPayload>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    user: t.field({ type: User, resolve: (p) => p.user }),
  }),
});

const RegisterInput = builder.inputType('RegisterInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
    displayName: t.string({ required: true }),
    tenant: t.string({ description: 'Tenant to join; the server’s default tenant when omitted.' }),
  }),
});

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
    tenant: t.string(),
  }),
});

builder.mutationFields((t) => ({
  register: t.field({
    type: AuthPayloadRef,
    args: { input: t.arg({ type: RegisterInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.auth.register({ ...input, tenant: input.tenant ?? undefined }),
  }),
  login: t.field({
    type: AuthPayloadRef,
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await ctx.services.auth.login(input);
      // A user who logs in reads the inbox and the unread badge next.
      ctx.services.profiles.prime(payload.user);
      await ctx.services.inbox.cache.warmUp(payload.user.id);
      return payload;
    },
  }),
}));

builder.queryFields((t) => ({
  me: t.field({
    type: User,
    description: 'The caller.',
    resolve: async (_root, _args, ctx) => {
      const viewer = requireViewer(ctx);
      return (await ctx.loaders.user.load(viewer.id))!;
    },
  }),
}));
