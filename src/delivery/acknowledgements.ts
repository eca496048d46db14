import { LRUCache } from 'lru-cache';
import type { Viewer } from '../auth/auth.service.js';
import type { Logger } from '../logger.js';
import type { DeliveryStatusStore } from './delivery-status.js';
import type { DeliveryStore } from './delivery.store.js';
import type { InboxStream } from './inbox-stream.js';
import type { StreamRegistry } from './stream-registry.js';

/**
 * Devices acknowledge what they have processed (`acknowledgeDelivery(upTo:)`): the messages
 * become DELIVERED, and what an acknowledging device has not acknowledged in time is pushed
 * to it again, a bounded number of times.
 */
export class Acknowledgements {
  /** Users known to acknowledge (once true, always true). */
  private readonly ackers = new LRUCache<number, true>({ max: 100_000 });
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: DeliveryStore,
    private readonly streams: StreamRegistry,
    private readonly status: DeliveryStatusStore,
    private readonly options: { ackTimeoutMs: number; maxPushes: number },
    private readonly logger: Logger,
    /** Told of the messages each acknowledgement marked delivered (the `message.delivered` webhook). */
    private readonly onDelivered: (viewer: Viewer, messageIds: number[]) => Promise<void> = async () => undefined,
  ) {}

  /** Marks everything of the viewer's inbox up to position `seq` delivered; returns how many changed. */
  async acknowledge(viewer: Viewer, seq: number): Promise<number> {
    const changed = await this.store.acknowledge(viewer.id, seq, new Date());
    this.ackers.set(viewer.id, true);
    for (const stream of this.streams.streamsOf(viewer.id)) stream.acknowledged(seq);
    await this.status.mark('DELIVERED', changed.map((messageId) => ({ messageId, recipientIds: [viewer.id] })));
    await this.onDelivered(viewer, changed).catch((error: unknown) => this.logger.error({ err: error }, 'a listener of deliveries failed'));
    return changed.length;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.repushOverdue().catch((error: unknown) => this.logger.warn({ err: error }, 'ack check failed')),
      Math.max(50, Math.floor(this.options.ackTimeoutMs / 2)),
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Re-pushes what acknowledging devices have not acknowledged in time. One pass asks the
   * database twice at most, for every overdue stream of the instance together: which of
   * their users ever acknowledged (a user who has is remembered), and which overdue
   * positions are still unacknowledged.
   */
  private async repushOverdue(): Promise<void> {
    const now = Date.now();
    const due: Array<{ userId: number; stream: InboxStream; overdue: number[] }> = [];
    for (const [userId, stream] of this.streams.all()) {
      const overdue = stream.overdue(now, this.options.ackTimeoutMs);
      if (overdue.length > 0) due.push({ userId, stream, overdue });
    }
    if (due.length === 0) return;
    const unknown = [...new Set(due.map((d) => d.userId).filter((id) => !this.ackers.has(id)))];
    for (const id of await this.store.everAcknowledged(unknown)) this.ackers.set(id, true);
    const seqsByUser = new Map<number, number[]>();
    for (const d of due) {
      if (!this.ackers.has(d.userId)) {
        // This client does not acknowledge (it resumes by cursor instead): stop watching it.
        d.stream.forget('all');
        continue;
      }
      seqsByUser.set(d.userId, [...(seqsByUser.get(d.userId) ?? []), ...d.overdue]);
    }
    if (seqsByUser.size === 0) return;
    const pending = await this.store.unacknowledgedOf(seqsByUser);
    for (const d of due) {
      const still = pending.get(d.userId);
      if (!still) continue;
      d.stream.forget(d.overdue.filter((s) => !still.has(s)));
      const again = d.overdue.filter((s) => still.has(s));
      if (again.length > 0) d.stream.repush(again, this.options.maxPushes - 1);
    }
  }
}
