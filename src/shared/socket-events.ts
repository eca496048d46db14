import type { Viewer } from '../auth/auth.service.js';

/** One open, authenticated WebSocket connection. */
export interface SocketInfo {
  id: string;
  viewer: Viewer;
  /** The label the client sent as `connectionParams.device`, if any. */
  device: string | null;
  connectedAt: Date;
}

export interface SocketListener {
  /** After connection_init was accepted. */
  opened?(socket: SocketInfo): void | Promise<void>;
  /** Each keep-alive pong. */
  alive?(socket: SocketInfo): void | Promise<void>;
  /** Once, when an accepted connection ends. */
  closed?(socket: SocketInfo): void | Promise<void>;
}

/**
 * Tells other domains (presence, the cache's warm-up) when sockets open, stay alive and
 * close, without them knowing about the WebSocket server.
 */
export class SocketEvents {
  private readonly listeners: SocketListener[] = [];

  constructor(private readonly onError: (error: unknown, event: string) => void) {}

  listen(listener: SocketListener): void {
    this.listeners.push(listener);
  }

  emit(event: keyof SocketListener, socket: SocketInfo): void {
    for (const listener of this.listeners) {
      const fn = listener[event]?.bind(listener);
      if (!fn) continue;
      // Called now (every keep-alive pong of every socket comes through here, so no promise
      // per call); a listener's failure, thrown or rejected, is reported and goes no further.
      try {
        const done = fn(socket);
        if (done) done.catch((error: unknown) => this.onError(error, event));
      } catch (error) {
        this.onError(error, event);
      }
    }
  }
}
