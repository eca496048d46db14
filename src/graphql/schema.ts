import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
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
import '../notifications/notifications.graphql.js';
import '../notifications/templates.graphql.js';

export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as schema.graphql. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
