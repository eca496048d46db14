import type { GraphQLError } from 'graphql';
import type { AuthService, Viewer } from '../auth/auth.service.js';
import type { CacheService } from '../cache/cache.service.js';
import type { UsersStore } from '../auth/users.store.js';
import type { AppConfig } from '../config.js';
import type { DeliveryService } from '../delivery/delivery.service.js';
import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import type { RedisService } from '../redis/redis.service.js';
import type { MessagesService } from '../messages/messages.service.js';
import type { MessagesStore } from '../messages/messages.store.js';
import type { MeetingsService } from '../meetings/meetings.service.js';
import type { PresenceService } from '../presence/presence.service.js';
import { unauthenticated } from './errors.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { SocketEvents } from './sockets.js';

/** What resolvers may use; built once per app. */
export interface Services {
  config: AppConfig;
  sockets: SocketEvents;
  delivery: DeliveryService;
  redis: RedisService;
  bus: MessageBus;
  auth: AuthService;
  messages: MessagesService;
  /** Hot inbox reads (first page, unread counts) and sender profiles; resolvers read through it. */
  cache: CacheService;
  usersStore: UsersStore;
  messagesStore: MessagesStore;
  presence: PresenceService;
  meetings: MeetingsService;
  logger: Logger;
}

/** One per request (HTTP) or per operation (WebSocket). */
export interface Context {
  viewer: Viewer | null;
  /** Why a presented credential was refused; thrown by the first field that needs a viewer. */
  authError: GraphQLError | null;
  services: Services;
  loaders: Loaders;
}

/**
 * Whom an operation is for: the viewer a socket's connection_init already authenticated, or
 * the Authorization header of an HTTP request (SSE included), still to be checked.
 */
export type Credentials = { viewer: Viewer } | { authorization: string | null | undefined };

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
      viewer = await services.auth.authenticate(credentials.authorization);
    } catch (error) {
      if (!(error instanceof Error) || !('extensions' in error)) throw error;
      authError = error as GraphQLError;
    }
  }
  return { viewer, authError, services, loaders: createLoaders(services, viewer) };
}

export function requireViewer(ctx: Context): Viewer {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.viewer) throw unauthenticated();
  if (ctx.viewer.expiresAt * 1000 < Date.now()) throw unauthenticated('Token expired');
  return ctx.viewer;
}
