import type { CacheService } from './cache.service.js';

interface OpenSocket {
  viewer: { id: number };
}

/**
 * Warms a user's entries when their first socket opens on this instance: a client that
 * connects is about to read its inbox and unread counts.
 */
export function cacheSocketListener(cache: CacheService) {
  // Open sockets per user on this instance, so "first socket" costs O(1) per connect.
  const open = new Map<number, number>();
  return {
    opened: async (socket: OpenSocket) => {
      const count = (open.get(socket.viewer.id) ?? 0) + 1;
      open.set(socket.viewer.id, count);
      if (count === 1) await cache.warmUp(socket.viewer.id);
    },
    closed: (socket: OpenSocket) => {
      const count = (open.get(socket.viewer.id) ?? 1) - 1;
      if (count <= 0) open.delete(socket.viewer.id);
      else open.set(socket.viewer.id, count);
    },
  };
}
