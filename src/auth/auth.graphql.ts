import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { badInput, forbidden, unauthenticated } from '../graphql/errors.js';
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
    refreshToken: t.exposeString('refreshToken', {
      description: 'Single use: refreshSession spends it for a new token and the next refresh token. Keep it secret; a reused one revokes the sign-in.',
    }),
    user: t.field({ type: User, resolve: (p) => p.user }),
  }),
});

const SocketSessionRef = builder.objectRef<{ userId: number; expiresAt: Date }>('SocketSession').implement({
  description: 'The socket after an in-band token refresh.',
  fields: (t) => ({
    userId: t.exposeID('userId'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the socket is now closed (4403) unless refreshed again.' }),
  }),
});

const RegisterInput = builder.inputType('RegisterInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
    displayName: t.string({ required: true }),
    tenant: t.string({
      description: 'Tenant to join when it has sign-up open; the server’s default tenant when omitted. Never creates a tenant.',
    }),
    invitation: t.string({ description: 'An invitation code (createInvitation): joins its tenant with its role.' }),
  }),
});

const tenantName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'tenant: 1–64 letters, digits, _ . -');

const registerInput = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, 'username: 3–64 letters, digits, _ . -'),
  password: z.string().min(8, 'password: at least 8 characters').max(256, 'password: at most 256 characters'),
  displayName: z.string().trim().min(1, 'displayName: required').max(128, 'displayName: at most 128 characters'),
  tenant: tenantName.nullish(),
  invitation: z.string().max(128, 'invitation: at most 128 characters').nullish(),
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
      const credentials = parseInput(loginInput, input);
      // Repeated wrong passwords from an address wait longer each time (src/limits/rate-limits.ts).
      const limits = ctx.services.limits.rates;
      const tenant = credentials.tenant ?? ctx.services.config.defaultTenant;
      await limits.checkLogin(ctx.clientIp, tenant, credentials.username);
      let payload;
      try {
        payload = await ctx.services.auth.login(credentials);
      } catch (error) {
        await limits.loginFailed(ctx.clientIp, tenant, credentials.username);
        throw error;
      }
      await limits.loginSucceeded(ctx.clientIp, tenant, credentials.username);
      // A user who logs in reads the inbox and the unread badge next.
      ctx.services.profiles.prime(payload.user);
      await ctx.services.inbox.cache.warmUp(payload.user.id);
      return payload;
    },
  }),
}));

builder.mutationFields((t) => ({
  refreshSession: t.field({
    type: AuthPayloadRef,
    description: 'Spends a refresh token for a new access token and the next refresh token. A refresh token used twice revokes its sign-in.',
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: (_root, { refreshToken }, ctx) => ctx.services.auth.refresh(parseInput(z.string().max(256), refreshToken)),
  }),
  logout: t.field({
    type: 'Boolean',
    description:
      'Revokes the sign-in of `refreshToken`; with `everywhere` (signed in), every sign-in of the caller. Access tokens already issued stay valid until they expire.',
    args: { refreshToken: t.arg.string(), everywhere: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, { refreshToken, everywhere }, ctx) => {
      if (everywhere) {
        if (!ctx.viewer || ctx.authError) throw ctx.authError ?? unauthenticated();
        await ctx.services.sessions.revokeAll(ctx.viewer.id);
        return true;
      }
      if (!refreshToken) throw badInput('give refreshToken, or everywhere: true', 'refreshToken');
      return ctx.services.sessions.revoke(parseInput(z.string().max(256), refreshToken));
    },
  }),
  authenticate: t.field({
    type: SocketSessionRef,
    description:
      'Sent on an open socket: a fresh token for the same user moves the socket’s expiry without touching its subscriptions. Another user’s token is refused (FORBIDDEN) and the socket keeps its own. Over HTTP: BAD_USER_INPUT (send the token with each request).',
    args: { token: t.arg.string({ required: true }) },
    resolve: async (_root, { token }, ctx) => {
      const socket = ctx.socket;
      if (!socket) throw badInput('authenticate is for sockets; over HTTP send the token with each request', 'token');
      const next = await ctx.services.auth.authenticate(`Bearer ${parseInput(z.string().max(8192), token)}`, { ip: socket.ip });
      if (next.id !== socket.viewer.id || next.tenantId !== socket.viewer.tenantId) {
        throw forbidden('The token is of another user: open a new socket for that user');
      }
      socket.reauthenticate(next);
      return { userId: next.id, expiresAt: new Date(next.expiresAt * 1000) };
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
