import type { KeyingConfig } from '@urql/exchange-graphcache';

/**
 * graphcache's `keys` for this API: `cacheExchange({ keys: graphcacheKeys })`.
 *
 * Types with an `id` need nothing (graphcache keys them by it; `UnreadCounts.id` is the
 * caller's user id, so every query, mutation and `unreadCountsChanged` push updates the one
 * badge). `Presence` is keyed by `userId`. Every other object type has no identity of its
 * own: it is part of the object that holds it (embedded), which `null` tells graphcache —
 * without it, graphcache warns "Invalid key" for each of them. A test checks that this list
 * names every object type of schema.graphql without an `id`.
 */
export const graphcacheKeys: KeyingConfig = {
  Presence: (presence) => (typeof presence.userId === 'string' ? presence.userId : null),
  // Embedded: parts of their parent, no identity.
  AcknowledgePayload: () => null,
  AuthPayload: () => null,
  ForwardedFrom: () => null,
  LinkPreview: () => null,
  MarkReadPayload: () => null,
  MessageConnection: () => null,
  MessageEdge: () => null,
  MessageReceivedEvent: () => null,
  MessageRecalledEvent: () => null,
  MessageUpdatedEvent: () => null,
  MessagesReadEvent: () => null,
  PageInfo: () => null,
  PresenceDevice: () => null,
  PriorityCount: () => null,
  RecipientDeliveryStatus: () => null,
  SyncPayload: () => null,
  TranscriptSegmentConnection: () => null,
  TranscriptSegmentEdge: () => null,
  TypeCount: () => null,
};
