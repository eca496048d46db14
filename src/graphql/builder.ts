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
    // A caller who is not signed in is UNAUTHENTICATED whatever the field asked for; a viewer
    // without the role is FORBIDDEN.
    unauthorizedError: (_parent, ctx, info, result) =>
      viewerRefusal(ctx) ??
      forbidden(`${info.parentType.name}.${info.fieldName} is for ${[...new Set(scopesOf(result.failure))].join(' and ')} accounts only`),
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
 * The viewer in a field resolved below a root field whose scopes required one (a Message's
 * fields, a pushed event's). These fields carry no scopes of their own: on the socket fan-out
 * path each pushed event resolves them once per socket, and a scope check per field would be
 * paid per event for a decision the root field already made.
 */
export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw new Error('a field that needs the viewer was reached without the viewer scope');
  return ctx.viewer;
}
