import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { enforceApiScopes } from '../auth/scopes.js';
import { builder } from './builder.js';
// Each domain adds its types and fields to the builder when imported.
import '../auth/auth.graphql.js';
import '../inbox/inbox.graphql.js';
import '../presence/presence.graphql.js';
import '../meetings/meetings.graphql.js';
import '../inbox/message-actions.graphql.js';
import '../inbox/inbox-events.graphql.js';
import '../delivery/delivery.graphql.js';
import '../previews/previews.graphql.js';
import '../attachments/attachments.graphql.js';
import '../tenants/tenants.graphql.js';
import '../auth/api-keys.graphql.js';
import '../organizing/organizing.graphql.js';
import '../search/search.graphql.js';
import '../operations/operations.graphql.js';
import '../webhooks/webhooks.graphql.js';
import '../lifecycle/lifecycle.graphql.js';
import '../notifications/notifications.graphql.js';
import '../notifications/templates.graphql.js';

// API keys reach only the root fields their scopes open (src/auth/scopes.ts).
export const schema: GraphQLSchema = enforceApiScopes(builder.toSchema());

/** The SDL committed as schema.graphql. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
