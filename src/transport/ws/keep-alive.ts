import type { WebSocket } from 'ws';

/** What the keep-alive keeps per socket. */
export interface KeptAlive {
  socket: WebSocket;
  /** A ping went out and no pong came back since. */
  awaitingPong: boolean;
}

/** How many groups the sockets are spread over: one group is pinged per tick. */
const SLOTS = 16;

/**
 * The sockets' keep-alive on one timer: every socket is pinged once per `periodMs`, and a
 * socket that sent no pong since its previous ping is terminated (the peer is gone). A
 * `setInterval` per socket cost a Timeout, a closure and its context for every open socket
 * (about 300 bytes each); here a socket is one entry in one of SLOTS sets. The sockets are
 * spread over the slots in turn and one slot is pinged per tick (every periodMs / SLOTS), so
 * the pings of thousands of sockets do not all go out in the same turn of the event loop.
 */
export class KeepAlive {
  private readonly slots: Array<Set<KeptAlive>> = [];
  /** Which slot the next socket joins, and which slot the next tick pings. */
  private nextSlot = 0;
  private tickSlot = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number) {
    for (let i = 0; i < SLOTS; i++) this.slots.push(new Set());
  }

  add(peer: KeptAlive): void {
    this.slots[this.nextSlot]!.add(peer);
    this.nextSlot = (this.nextSlot + 1) % SLOTS;
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), Math.max(1, Math.floor(this.periodMs / SLOTS)));
      this.timer.unref();
    }
  }

  remove(peer: KeptAlive): void {
    for (const slot of this.slots) if (slot.delete(peer)) return;
  }

  /** A pong arrived. */
  alive(peer: KeptAlive): void {
    peer.awaitingPong = false;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const slot of this.slots) slot.clear();
  }

  private tick(): void {
    const slot = this.slots[this.tickSlot]!;
    this.tickSlot = (this.tickSlot + 1) % SLOTS;
    for (const peer of slot) {
      if (peer.awaitingPong) {
        slot.delete(peer);
        peer.socket.terminate(); // no pong since the last ping: the peer is gone
        continue;
      }
      peer.awaitingPong = true;
      peer.socket.ping();
    }
  }
}
