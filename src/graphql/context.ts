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

/** Context of an operation on a socket whose connection_init was already authenticated. */
export function contextForViewer(services: Services, viewer: Viewer): Context {
  return { viewer, authError: null, services, loaders: createLoaders(services, viewer) };
}

export async function buildContext(services: Services, authorization: string | null | undefined): Promise<Context> {
  let viewer: Viewer | null = null;
  let authError: GraphQLError | null = null;
  if (authorization) {
    try {
      viewer = await services.auth.authenticate(authorization);
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
