import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import type { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/auth.service.js';
import type { Context } from './context.js';
import { forbidden, unauthenticated } from './errors.js';

/** The context of a field whose auth scopes required a signed-in caller. */
export type ViewerContext = Context & { viewer: Viewer };

/**
 * Why the caller is not a signed-in viewer, or null when it is: the refusal of a presented
 * credential comes first, then a missing one, then one that expired while its socket stayed open.
 */
function viewerRefusal(ctx: Context): GraphQLError | null {
  if (ctx.authError) return ctx.authError;
  if (!ctx.viewer) return unauthenticated();
  if (ctx.viewer.expiresAt * 1000 < Date.now()) return unauthenticated('Token expired');
  return null;
}

/**
 * The error of a field whose scopes refused the caller: UNAUTHENTICATED (or the refused
 * token's own error) for a caller who is not signed in, whatever the field asked for;
 * FORBIDDEN with `message` for a viewer without the role. Fields with a message of their own
 * pass it as their `unauthorizedError`.
 */
export const unauthorized = (ctx: Context, message: string): GraphQLError => viewerRefusal(ctx) ?? forbidden(message);

/** The scopes a failed check asked for, for the FORBIDDEN message. */
function scopesOf(failure: AuthFailure): string[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [failure.scope];
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.flatMap(scopesOf);
  }
  return [];
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  // Every page has its edges and every edge its node.
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  AuthScopes: {
    /** A caller with a valid, unexpired token. */
    viewer: boolean;
    /** Role scopes; each implies `viewer`. */
    admin: boolean;
    service: boolean;
  };
  AuthContexts: { viewer: ViewerContext; admin: ViewerContext; service: ViewerContext };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
    /** A file part of a multipart request (src/attachments/attachments.graphql.ts); input only. */
    File: { Input: File; Output: never };
  };
}>({
  // scope-auth first, so that its checks run before what other plugins wrap around resolvers.
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Subscriptions are authorized once, when they start; pushed events are not checked again
    // (a socket is closed when its token expires).
    authorizeOnSubscribe: true,
    authScopes: (ctx) => {
      const role = viewerRefusal(ctx) === null ? ctx.viewer!.role : null;
      return { viewer: role !== null, admin: role === 'admin', service: role === 'service' };
    },
    unauthorizedError: (_parent, ctx, info, result) =>
      unauthorized(ctx, `${info.parentType.name}.${info.fieldName} is for ${[...new Set(scopesOf(result.failure))].join(' and ')} accounts only`),
  },
  relay: {
    // Ids stay the numeric ids clients store; no type implements Node, so no node lookups.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    pageInfoTypeOptions: { description: 'Relay page info. Lists page forward only (`first`, `after`).' },
    hasPreviousPageFieldOptions: { description: 'True when the page started after a cursor.' },
  },
});

/** Auth scopes of fields for admins and service accounts only. */
export const ADMINS_AND_SERVICES = { admin: true, service: true } as const;

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('DateTime', {
  description: 'An instant in UTC, as an ISO 8601 string with milliseconds.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 string');
    return date;
  },
});

/**
 * The viewer in a field whose context the scopes cannot type: one resolved below a root field
 * whose scopes required a viewer (a Message's fields, a pushed event's), or one whose scopes
 * depend on its arguments. The fields below a root field carry no scopes of their own: on the
 * socket fan-out path every pushed event resolves them once per socket, and a scope check
 * there repeats, per event, a decision the root field already made. Measured with graphql-jit,
 * CPU time per pushed event of `messageReceived { id content createdAt cursor }` (300k events
 * per variant, interleaved, on a loaded 2-core machine): 10.0 µs as it is, 10.3 µs before
 * scope-auth was added, 14.1 µs with `authScopes: { viewer: true }` on Message (+41%); with 13
 * fields and the sender, 13.9 µs against 20.6 µs (+48%).
 */
export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw new Error('a field that needs the viewer was reached without the viewer scope');
  return ctx.viewer;
}
