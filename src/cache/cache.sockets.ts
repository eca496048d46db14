import type { CacheService } from './cache.service.js';

interface OpenSocket {
  viewer: { id: number };
}

/**
 * Warms a user's entries when their first socket opens on this instance: a client that
 * connects is about to read its inbox and unread counts.
 */
export function cacheSocketListener(cache: CacheService, openSockets: () => Iterable<OpenSocket>) {
  return {
    opened: async (socket: OpenSocket) => {
      let count = 0;
      for (const s of openSockets()) if (s.viewer.id === socket.viewer.id) count += 1;
      if (count <= 1) await cache.warmUp(socket.viewer.id);
    },
  };
}
