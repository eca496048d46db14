import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** Sockets corked during this turn of the event loop; all uncorked together after it. */
const corked = new Set<Duplex>();

/**
 * Holds a socket's frames until the end of this turn of the event loop, so that what one
 * turn sends it (a mutation's `next` and `complete`, a burst of events) leaves in one write:
 * each write is a system call, and on a small VM those cost tens of microseconds each.
 */
export function corkUntilNextTurn(socket: WebSocket): void {
  // ws keeps the TCP socket in `_socket`; its own frames are corked the same way.
  const raw = (socket as unknown as { _socket?: Duplex })._socket;
  if (!raw || corked.has(raw)) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  raw.cork();
  corked.add(raw);
}

function uncorkAll(): void {
  for (const raw of corked) raw.uncork();
  corked.clear();
}
