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
  AdminStats: () => null,
  AuthPayload: () => null,
  CategoryCount: () => null,
  ConfirmMessagePayload: () => null,
  CreatedWebhook: () => null,
  DayStats: () => null,
  EraseUserPayload: () => null,
  ForwardedFrom: () => null,
  HeldMessagesReleasedEvent: () => null,
  Highlight: () => null,
  ImportantInbox: () => null,
  ImportantMessage: () => null,
  Invitation: () => null,
  IssuedApiKey: () => null,
  LabelPayload: () => null,
  LinkPreview: () => null,
  MarkReadPayload: () => null,
  MeetingTimes: () => null,
  MessageConnection: () => null,
  MessageEdge: () => null,
  MessageLabelsChangedEvent: () => null,
  MessageRecalledEvent: () => null,
  MessageReceivedEvent: () => null,
  MessageTemplate: () => null,
  MessageUpdatedEvent: () => null,
  MessagesReadEvent: () => null,
  NotificationSettings: () => null,
  NotificationTypeMode: () => null,
  OperationsStatus: () => null,
  OrganizingSettings: () => null,
  PageInfo: () => null,
  PresenceDevice: () => null,
  PriorityCount: () => null,
  PushStats: () => null,
  QuietHours: () => null,
  RecipientDeliveryStatus: () => null,
  RetentionPolicy: () => null,
  SearchConnection: () => null,
  SearchEdge: () => null,
  SearchHit: () => null,
  SenderStats: () => null,
  Snippet: () => null,
  SocketSession: () => null,
  SyncPayload: () => null,
  TagChangedEvent: () => null,
  TagCount: () => null,
  TemplateText: () => null,
  TranscriptSegmentConnection: () => null,
  TranscriptSegmentEdge: () => null,
  TypeCount: () => null,
};
