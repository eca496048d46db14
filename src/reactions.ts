import type { DeliveryDispatcher } from './delivery/dispatcher.js';
import type { InboxChange } from './inbox/inbox-events.js';
import type { AfterCommit } from './inbox/inbox.service.js';
import type { InboxCache } from './inbox/read-model/inbox-cache.js';
import type { ReadYourWrites } from './inbox/read-your-writes.js';
import type { Logger } from './logger.js';
import type { PresenceService } from './presence/presence.service.js';
import type { OfflineFallback } from './notifications/fallback.js';
import type { LinkPreviewService } from './previews/previews.service.js';
import type { SearchService } from './search/search.service.js';
import type { WebhooksService } from './webhooks/webhooks.service.js';
import { presenceSocketListener } from './presence/presence.sockets.js';
import type { TrafficSample } from './operations/anomalies.js';
import { onlineUsersListener } from './operations/metrics.sources.js';
import type { SocketInfo, SocketListener } from './shared/socket-events.js';

/**
 * Who reacts to what. Every change to an inbox is committed by InboxService and then told to
 * each reaction below, all at once (a reaction with `after` may first wait for another),
 * before the mutation returns (so a client that reads after its own write sees it). A
 * reaction must be quick — no waiting on sockets — and its
 * failure is logged and never fails the write: the database is the truth, and every reaction
 * can be repaired from it. New reactions (search index, metrics, webhooks, notification
 * rules) are added to this list.
 */
export interface InboxReaction {
  name: string;
  react(change: InboxChange): Promise<void>;
  /** For these kinds of change, start only once that reaction has finished (or failed). */
  after?: { reaction: string; kinds: ReadonlyArray<InboxChange['kind']> };
}

export function inboxReactions(parts: {
  cache: InboxCache;
  readYourWrites: ReadYourWrites;
  dispatcher: DeliveryDispatcher;
  previews: LinkPreviewService;
  search: SearchService;
  traffic: TrafficSample;
  webhooks: WebhooksService;
  fallback: OfflineFallback;
}): InboxReaction[] {
  return [
    // The first page and unread counters in Redis follow every commit.
    { name: 'inbox read model', react: (change) => parts.cache.apply(change) },
    // With read replicas: the positions this commit gave, which the writer's next reads must include.
    { name: 'read your writes', react: (change) => parts.readYourWrites.react(change) },
    // New messages go to the delivery queue, reads to the reader's other devices. Everything
    // but a new message is published once the read model has it, so a device that reads its
    // counts or first page when the event arrives gets them with the change. A new message
    // does not wait (its push latency is the product's); the badge stream reads including
    // it (InboxCache.unreadCounts, atLeast), and docs/cache.md says what a query may miss.
    {
      name: 'delivery',
      react: (change) => parts.dispatcher.dispatch(change),
      after: { reaction: 'inbox read model', kinds: ['read', 'recall', 'update', 'organize'] },
    },
    // New messages with links: their previews are queued and fetched in the background (this
    // returns at once); a stored preview is a commit of its own, told to this list again.
    { name: 'link previews', react: (change) => parts.previews.react(change) },
    // New messages are indexed for search before the mutation returns (found at once);
    // recalled ones are skipped by queries (src/search/search.service.ts).
    { name: 'search index', react: (change) => parts.search.react(change) },
    // Counters of sends and reads, and the per-window sample the abnormal-pattern checks read.
    { name: 'operations', react: async (change) => parts.traffic.observe(change) },
    // Sent, read and recalled messages go to the tenant's webhooks' delivery log (sent later, in the background).
    { name: 'webhooks', react: (change) => parts.webhooks.react(change) },
    // New messages to users with fallback channels: their offline fallback timers (src/notifications/).
    { name: 'offline fallback', react: (change) => parts.fallback.react(change) },
  ];
}

/** The AfterCommit that InboxService calls: every reaction together (but for `after`); failures logged. */
export function runReactions(reactions: InboxReaction[], logger: Logger): AfterCommit {
  const run = async (reaction: InboxReaction, change: InboxChange) => {
    try {
      await reaction.react(change);
    } catch (error) {
      logger.error({ err: error, reaction: reaction.name, change: change.kind }, 'a reaction to a commit failed');
    }
  };
  // Which earlier reaction each one may wait for (its index; -1: none).
  const waitsFor = reactions.map((reaction, i) => {
    if (!reaction.after) return -1;
    const index = reactions.findIndex((other) => other.name === reaction.after!.reaction);
    if (index < 0 || index >= i) throw new Error(`reaction ${reaction.name} waits for ${reaction.after.reaction}, which is not before it`);
    return index;
  });
  return async (change) => {
    const running: Array<Promise<void>> = [];
    reactions.forEach((reaction, i) => {
      const first = waitsFor[i]! >= 0 && reaction.after!.kinds.includes(change.kind) ? running[waitsFor[i]!] : undefined;
      running.push(first ? first.then(() => run(reaction, change)) : run(reaction, change));
    });
    await Promise.all(running);
  };
}

/** What reacts to sockets opening, answering keep-alives and closing (src/shared/socket-events.ts). */
export function socketReactions(parts: { presence: PresenceService; cache: InboxCache }): SocketListener[] {
  return [presenceSocketListener(parts.presence), warmUpOnFirstSocket(parts.cache), onlineUsersListener()];
}

/**
 * Warms a user's read-model entries when their first socket opens on this instance: a
 * client that connects is about to read its inbox and unread counts.
 */
function warmUpOnFirstSocket(cache: InboxCache): SocketListener {
  // Open sockets per user on this instance, so "first socket" costs O(1) per connect.
  const open = new Map<number, number>();
  return {
    opened: async (socket: SocketInfo) => {
      const count = (open.get(socket.viewer.id) ?? 0) + 1;
      open.set(socket.viewer.id, count);
      if (count === 1) await cache.warmUp(socket.viewer.id);
    },
    closed: (socket: SocketInfo) => {
      const count = (open.get(socket.viewer.id) ?? 1) - 1;
      if (count <= 0) open.delete(socket.viewer.id);
      else open.set(socket.viewer.id, count);
    },
  };
}
