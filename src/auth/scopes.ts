import { defaultFieldResolver, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { forbidden } from '../graphql/errors.js';

/** What an API key (or a scoped client-credentials token) may be given. */
export const API_SCOPES = [
  'messages:read',
  'messages:send',
  'messages:send:system',
  'meetings:write',
  'transcripts:read',
  'transcripts:write',
  'attachments:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

type ScopeOf = ApiScope | null | ((args: Record<string, unknown>) => ApiScope);

/** What the check reads of the viewer (src/auth/auth.service.ts), named here so the two do not import each other. */
interface ScopedViewer {
  scopes?: readonly string[];
}

/**
 * The scope each root field needs from a scoped caller; null: any scoped caller. A root
 * field missing here is refused to every scoped caller, so a new field is closed to API keys
 * until it is listed. Callers without scopes (users' tokens) are never checked here.
 */
export const ROOT_FIELD_SCOPES: Record<string, ScopeOf> = {
  'Query.me': null,
  'Query.message': 'messages:read',
  'Query.messages': 'messages:read',
  'Query.sentMessages': 'messages:read',
  'Query.sync': 'messages:read',
  'Query.unreadCount': 'messages:read',
  'Query.unreadCounts': 'messages:read',
  'Query.deliveryStatus': 'messages:read',
  'Query.presence': 'messages:read',
  'Query.meeting': 'transcripts:read',
  'Query.transcriptSegments': 'transcripts:read',
  'Mutation.sendMessage': (args) => {
    const input = args.input as { type?: unknown; template?: unknown } | undefined;
    // System messages and templates (src/notifications/) are for services and admins.
    return input?.type === 'SYSTEM' || input?.template ? 'messages:send:system' : 'messages:send';
  },
  'Mutation.broadcastMessage': 'messages:send:system',
  'Mutation.forwardMessage': 'messages:send',
  'Mutation.recallMessage': 'messages:send',
  'Mutation.markRead': 'messages:read',
  'Mutation.markAllRead': 'messages:read',
  'Mutation.acknowledgeDelivery': 'messages:read',
  'Mutation.createMeeting': 'meetings:write',
  'Mutation.addTranscriptSegment': 'transcripts:write',
  'Mutation.uploadAttachment': 'attachments:write',
  'Subscription.messageReceived': 'messages:read',
  'Subscription.inboxEvents': 'messages:read',
  'Subscription.transcriptSegment': 'transcripts:read',
  'Subscription.unreadCountsChanged': 'messages:read',
  'Subscription.presenceChanged': 'messages:read',
  'Query.search': 'messages:read',
  'Query.usersByUsername': 'messages:read',
  // Templates (src/notifications/): saved and used by the services that send with them.
  'Query.messageTemplates': 'messages:send:system',
  'Mutation.saveMessageTemplate': 'messages:send:system',
  'Mutation.startMeeting': 'meetings:write',
  'Mutation.endMeeting': 'meetings:write',
};

/** Throws FORBIDDEN unless a scoped viewer holds the scope the root field asks for. */
function checkScope(viewer: ScopedViewer | null | undefined, coordinate: string, args: Record<string, unknown>): void {
  if (!viewer?.scopes) return;
  const entry = ROOT_FIELD_SCOPES[coordinate];
  if (entry === undefined) throw forbidden(`${coordinate} is not open to API keys`);
  const scope = typeof entry === 'function' ? entry(args) : entry;
  if (scope !== null && !viewer.scopes.includes(scope)) throw forbidden(`This key lacks the scope ${scope}`);
}

/**
 * Wraps every root field (queries, mutations and subscriptions' subscribe) with the scope
 * check, so it holds on every transport and for every execution path (graphql-jit reads the
 * resolvers from the schema).
 */
export function enforceApiScopes(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const coordinate = `${root.name}.${field.name}`;
      const viewerOfContext = (context: unknown) => (context as { viewer?: ScopedViewer | null }).viewer;
      // graphql-js's field objects are the ones execution reads; wrapping them in place is how
      // middleware libraries (graphql-middleware, graphql-shield) work too.
      const target = field as unknown as GraphQLFieldConfig<unknown, unknown>;
      if (root === schema.getSubscriptionType() && field.subscribe) {
        const subscribe = field.subscribe;
        target.subscribe = (source, args, context, info) => {
          checkScope(viewerOfContext(context), coordinate, args as Record<string, unknown>);
          return subscribe(source, args, context, info);
        };
      } else {
        const resolve = field.resolve ?? defaultFieldResolver;
        target.resolve = (source, args, context, info) => {
          checkScope(viewerOfContext(context), coordinate, args as Record<string, unknown>);
          return resolve(source, args, context, info);
        };
      }
    }
  }
  return schema;
}
