import type { PresenceService } from './presence.service.js';

/** What presence needs to know of an open socket (the WebSocket server's SocketInfo). */
interface OpenSocket {
  id: string;
  viewer: { id: number };
  device: string | null;
  connectedAt: Date;
}

/** Feeds socket lifecycle events (opened, keep-alive answered, closed) into presence. */
export function presenceSocketListener(presence: PresenceService) {
  return {
    opened: (socket: OpenSocket) =>
      presence.connectionOpened({
        id: socket.id,
        userId: socket.viewer.id,
        device: socket.device,
        connectedAt: socket.connectedAt,
      }),
    alive: (socket: OpenSocket) => presence.connectionAlive(socket.id),
    closed: (socket: OpenSocket) => presence.connectionClosed(socket.id),
  };
}
