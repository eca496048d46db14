import type { GraphQLError } from 'graphql';
import type { AttachmentsService } from '../attachments/attachments.service.js';
import type { AttachmentsStore } from '../attachments/attachments.store.js';
import type { ApiKeyService } from '../auth/api-keys.js';
import type { AuthService, Viewer } from '../auth/auth.service.js';
import type { SessionService } from '../auth/sessions.js';
import type { TenantService } from '../tenants/tenants.service.js';
import type { ProfileCache } from '../auth/profiles.js';
import type { UsersStore } from '../auth/users.store.js';
import type { AppConfig } from '../config.js';
import type { Acknowledgements } from '../delivery/acknowledgements.js';
import type { DeliveryStatusStore, RecipientNotices } from '../delivery/delivery-status.js';
import type { DeliveryQueue } from '../delivery/delivery.queue.js';
import type { DeliveryStore } from '../delivery/delivery.store.js';
import type { StreamRegistry } from '../delivery/stream-registry.js';
import type { InboxService } from '../inbox/inbox.service.js';
import type { InboxStore } from '../inbox/inbox.store.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { SocketLimits } from '../limits/socket-limits.js';
import type { LifecycleService } from '../lifecycle/lifecycle.service.js';
import type { Logger } from '../logger.js';
import type { MessagePlugins } from '../plugins/message-plugins.js';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import type { MeetingsService } from '../meetings/meetings.service.js';
import type { OrganizingService } from '../organizing/organizing.service.js';
import type { OrganizingStore } from '../organizing/organizing.store.js';
import type { OperationsService } from '../operations/operations.service.js';
import type { Confirmations } from '../notifications/confirmations.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { NotifiedSend } from '../notifications/notified-send.js';
import type { TemplatesService } from '../notifications/templates.js';
import type { TimerRunner } from '../notifications/timers.js';
import type { PresenceService } from '../presence/presence.service.js';
import type { LinkPreviewService } from '../previews/previews.service.js';
import type { MessageBus } from '../redis/bus.js';
import type { RedisService } from '../redis/redis.service.js';
import type { SearchService } from '../search/search.service.js';
import type { SocketEvents } from '../shared/socket-events.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What resolvers may use; built once per app by createApp. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  redis: RedisService;
  bus: MessageBus;
  sockets: SocketEvents;
  auth: AuthService;
  /** Tenants, invitations and roles (src/tenants/). */
  tenants: TenantService;
  /** Service accounts' API keys (src/auth/api-keys.ts). */
  apiKeys: ApiKeyService;
  /** Refresh tokens (src/auth/sessions.ts). */
  sessions: SessionService;
  /** Public user profiles kept in process (who sent a message, who is calling). */
  profiles: ProfileCache;
  /** Every read and write of inboxes: messages, counts, cursors, sync. */
  inbox: InboxService;
  /** Open inbox streams of this instance (live push). */
  streams: StreamRegistry;
  acknowledgements: Acknowledgements;
  /** Per-recipient delivery state: the database's record and Redis's pushed times. */
  delivery: { store: DeliveryStore; status: DeliveryStatusStore; notices?: RecipientNotices };
  /** The delivery queue; null without Redis or with DELIVERY_QUEUE_ENABLED=false. */
  queue: DeliveryQueue | null;
  presence: PresenceService;
  meetings: MeetingsService;
  /** Notification preferences and meeting times (src/notifications/). */
  notifications: NotificationsService;
  /** Durable timers of the notification rules; tests call `poll()` instead of waiting. */
  timers: TimerRunner;
  templates: TemplatesService;
  confirmations: Confirmations;
  /** sendMessage with a template or a required confirmation. */
  notifiedSend: NotifiedSend;
  /** Link previews fetched after sends (background work; its counters and `idle()` for tests). */
  previews: LinkPreviewService;
  /** Uploads, what messages may reference, signed download links (src/attachments/). */
  attachments: AttachmentsService;
  /** Categories, tags, stars, archive, the important ordering (src/organizing/). */
  organizing: OrganizingService;
  /** Search over the messages a user sent or received (src/search/, docs/search.md). */
  search: SearchService;
  /** Live status, alert history and reports for tenant admins (src/operations/). */
  operations: OperationsService;
  /** Rate limits and quotas (src/limits/). */
  limits: { rates: RateLimits; sockets: SocketLimits };
  /** Tenant webhooks: registrations, deliveries, dead letters (src/webhooks/). */
  webhooks: WebhooksService;
  /** Pre-send message plugins (src/plugins/). */
  messagePlugins: MessagePlugins;
  /** Retention, cursor floors, export, erasure, audit log (src/lifecycle/). */
  lifecycle: LifecycleService;
  /** What the per-request loaders read. */
  stores: { users: UsersStore; inbox: InboxStore; attachments: AttachmentsStore; organizing: OrganizingStore };
}

/** The open socket an operation arrived on: its viewer, and the in-band token refresh (`authenticate`). */
export interface SocketSession {
  readonly viewer: Viewer;
  readonly ip: string | undefined;
  /** Moves the socket's expiry to the new token's (same user; the caller checked it). */
  reauthenticate(viewer: Viewer): void;
}

/** One per request (HTTP) or per operation (WebSocket). */
export interface Context {
  viewer: Viewer | null;
  /** Why a presented credential was refused; thrown by the first field that needs a viewer. */
  authError: GraphQLError | null;
  /** The peer's address (HTTP connection or socket); 'unknown' for requests without one (tests through yoga.fetch). */
  clientIp: string;
  services: Services;
  loaders: Loaders;
  /** Set for operations that arrived on a socket. */
  socket?: SocketSession;
}

/**
 * Whom an operation is for: the viewer a socket's connection_init already authenticated, or
 * the Authorization header of an HTTP request (SSE included), still to be checked.
 */
export type Credentials = ({ viewer: Viewer; socket?: SocketSession } | { authorization: string | null | undefined }) & { clientIp?: string };

/**
 * The context of one operation, however it arrived: Yoga's `context` option calls this for
 * HTTP, SSE and socket operations alike. A refused credential does not fail the request: it
 * is kept for the first field that needs a viewer.
 */
export async function createContext(services: Services, credentials: Credentials): Promise<Context> {
  let viewer: Viewer | null = 'viewer' in credentials ? credentials.viewer : null;
  let authError: GraphQLError | null = null;
  if ('authorization' in credentials && credentials.authorization) {
    try {
      viewer = await services.auth.authenticate(credentials.authorization, { ip: credentials.clientIp });
    } catch (error) {
      if (!(error instanceof Error) || !('extensions' in error)) throw error;
      authError = error as GraphQLError;
    }
  }
  const socket = 'socket' in credentials ? credentials.socket : undefined;
  return { viewer, authError, clientIp: credentials.clientIp ?? 'unknown', services, loaders: createLoaders(services.stores, viewer), ...(socket ? { socket } : {}) };
}
