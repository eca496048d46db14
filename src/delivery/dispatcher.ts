import type { InboxChange } from '../inbox/inbox-events.js';
import type { CommittedSend } from '../inbox/inbox.store.js';
import { metrics } from '../operations/metrics.js';
import type { MessageBus } from '../redis/bus.js';
import {
  encodeMessage,
  encodeReadEvent,
  encodeRecallEvent,
  encodeLabelsEvent,
  encodeTagEvent,
  encodeUpdateEvent,
  publicationsOf,
  userChannel,
  type DeliveryJob,
} from '../wire/payloads.js';
import type { DeliveryStatusStore } from './delivery-status.js';
import type { DeliveryQueue } from './delivery.queue.js';

/**
 * Which recipients' live pushes of new messages are held by their notification rules
 * (src/notifications/push-holds.ts). It records the holds before they are published; when it
 * fails, the pushes go out live (nothing is lost, a push is just early).
 */
export interface PushPolicy {
  heldRecipients(results: CommittedSend[]): Promise<Map<number, number[]>>;
}

/**
 * The first step of delivery after a commit: a new message is published on its recipients'
 * channels by this instance when it runs delivery workers, else (or when that publish fails)
 * becomes a job on the delivery queue (with no queue, a publish on its recipients' channels); a read is published to the
 * reader's other devices at once, a recall to every recipient's devices. It never waits for a socket.
 */
export class DeliveryDispatcher {
  constructor(
    private readonly bus: MessageBus,
    private readonly queue: DeliveryQueue | null,
    private readonly status: DeliveryStatusStore,
    private readonly options: { broadcastThreshold: number },
    private readonly policy: PushPolicy | null = null,
  ) {}

  async dispatch(change: InboxChange): Promise<void> {
    if (change.kind === 'read') {
      const ids = change.events.map((e) => e.messageId);
      await this.bus.publish(userChannel(change.userId), encodeReadEvent(change.events[0]!.seq, ids, change.readAt));
      await this.status.mark('READ', ids.map((messageId) => ({ messageId, recipientIds: [change.userId] })));
      return;
    }
    if (change.kind === 'recall') {
      // Like a read, straight to the recipients' channels: devices drop what was withheld at once.
      const tombstone = encodeMessage(change.message);
      await this.bus.publishMany(change.recipients.map((r) => [userChannel(r.recipientId), encodeRecallEvent(r.seq, tombstone)]));
      return;
    }
    // A changed message (link previews): its new state to every recipient's channel at once.
    if (change.kind === 'update') {
      const messageJson = encodeMessage(change.message);
      await this.bus.publishMany(change.deliveries.map((d) => [userChannel(d.recipientId), encodeUpdateEvent(d.seq, messageJson)]));
      return;
    }
    // Organizing (tags, stars, archive): the user's own change, to their other devices at once.
    if (change.kind === 'organize') {
      const channel = userChannel(change.userId);
      await this.bus.publishMany(change.events.map((e) => [channel, e.kind === 'LABELS' ? encodeLabelsEvent(e) : encodeTagEvent(e)]));
      return;
    }
    const jobs = jobsOf(change.results);
    if (jobs.length === 0) return;
    const held = this.policy ? await this.policy.heldRecipients(change.results).catch(() => new Map<number, number[]>()) : null;
    if (held) for (const job of jobs) if (held.has(job.messageId)) job.held = held.get(job.messageId);
    if (held) for (const userIds of held.values()) metrics.pushesHeld.add(userIds.length);
    // An instance that runs workers publishes its own commits at once; the lanes take what it could not.
    if (this.queue?.publishesOnCommit && (await this.queue.publishNow(jobs))) return;
    if (this.queue && (await this.queue.enqueue(jobs))) return;
    if (this.queue) metrics.enqueueFailures.inc(jobs.length);
    await this.bus.publishMany(publicationsOf(jobs, this.options.broadcastThreshold));
  }
}

function jobsOf(results: CommittedSend[]): DeliveryJob[] {
  return results
    .filter((r) => !r.duplicate && r.deliveries.length > 0)
    .map((r) => ({
      messageId: r.message.id,
      priority: r.message.priority,
      messageJson: encodeMessage(r.message),
      deliveries: r.deliveries.map((d) => [d.recipientId, d.seq] as [number, number]),
    }));
}
