import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
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

const tenantName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'tenant: 1–64 letters, digits, _ . -');

const registerInput = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, 'username: 3–64 letters, digits, _ . -'),
  password: z.string().min(8, 'password: at least 8 characters').max(256, 'password: at most 256 characters'),
  displayName: z.string().trim().min(1, 'displayName: required').max(128, 'displayName: at most 128 characters'),
  tenant: tenantName.nullish(),
});

// Only bounds: a name or password that does not match is refused like a wrong one.
const loginInput = z.object({
  username: z.string().max(256, 'username: at most 256 characters'),
  password: z.string().max(256, 'password: at most 256 characters'),
  tenant: z.string().max(64, 'tenant: at most 64 characters').nullish(),
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
    resolve: (_root, { input }, ctx) => ctx.services.auth.register(parseInput(registerInput, input)),
  }),
  login: t.field({
    type: AuthPayloadRef,
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await ctx.services.auth.login(parseInput(loginInput, input));
      // A user who logs in reads the inbox and the unread badge next.
      ctx.services.profiles.prime(payload.user);
      await ctx.services.inbox.cache.warmUp(payload.user.id);
      return payload;
    },
  }),
}));

const usernamesInput = z.object({
  usernames: z.array(z.string().max(64, 'usernames: at most 64 characters each')).max(100, 'usernames: at most 100'),
});

builder.queryFields((t) => ({
  me: t.withAuth({ viewer: true }).field({
    type: User,
    description: 'The caller.',
    resolve: async (_root, _args, ctx) => (await ctx.loaders.user.load(ctx.viewer.id))!,
  }),
  usersByUsername: t.withAuth({ viewer: true }).field({
    type: [User],
    description:
      'Users of the caller’s tenant with these usernames (at most 100), to address messages by name; names nobody has in the tenant are left out.',
    args: { usernames: t.arg.stringList({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.services.auth.usersByUsername(ctx.viewer.tenantId, parseInput(usernamesInput, args).usernames),
  }),
}));
