import type { AppConfig } from '../config.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { Logger } from '../logger.js';
import { fetchLinkPreview, type FetcherOptions } from './fetcher.js';
import type { LinkPreview } from './link-preview.js';
import { extractLinks } from './links.js';
import type { PreviewCache } from './preview-cache.js';
import type { PreviewsStore } from './previews.store.js';

interface Job {
  messageId: number;
  links: string[];
}

/** Counters for /health and tests. */
export interface PreviewStats {
  /** Messages with links taken into the queue. */
  scheduled: number;
  /** Messages dropped because the queue was full (or the service stopping). */
  dropped: number;
  /** Links fetched from their site (not from the cache). */
  fetched: number;
  /** Links answered by the cache. */
  cacheHits: number;
  /** Links that gave no preview (refused, failed, not HTML, no metadata). */
  failed: number;
  /** Messages whose previews were stored (and pushed as UPDATE events). */
  stored: number;
}

/**
 * Link previews, after the send: a reaction to committed sends (src/reactions.ts) takes each
 * new message with http(s) links into a bounded queue and returns at once, so sendMessage
 * never waits for a remote site. At most `concurrency` messages are worked on at once (their
 * links fetched together, so at most concurrency × maxLinks connections), at most
 * `queueLimit` wait; beyond that a message gets no preview. When previews are ready they are
 * written with an UPDATE in every recipient's inbox (PreviewsStore.save) and that change is
 * told to every reaction, like any commit: the read model, and delivery to sockets.
 *
 * Best effort: a crash or a full queue loses a message's previews, never a message.
 */
export class LinkPreviewService {
  readonly stats: PreviewStats = { scheduled: 0, dropped: 0, fetched: 0, cacheHits: 0, failed: 0, stored: 0 };
  private readonly pending: Job[] = [];
  private readonly active = new Set<Promise<void>>();
  /** One fetch per URL at a time: a link sent to many at once is fetched once. */
  private readonly inflight = new Map<string, Promise<LinkPreview | null>>();
  private readonly stopping = new AbortController();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly settings: AppConfig['linkPreviews'],
    private readonly store: PreviewsStore,
    private readonly cache: PreviewCache,
    /** Tells every reaction of a committed change (runReactions in src/reactions.ts). */
    private readonly afterCommit: (change: InboxChange) => Promise<void>,
    private readonly logger: Logger,
    /** Tests only: resolver and request seams of the fetcher. */
    private readonly fetcherSeams: Pick<FetcherOptions, 'lookup' | 'request'> = {},
  ) {}

  /** The reaction: schedules the new messages' links; never waits for them. */
  react(change: InboxChange): Promise<void> {
    if (change.kind !== 'sent' || !this.settings.enabled) return Promise.resolve();
    for (const result of change.results) {
      if (result.duplicate || result.deliveries.length === 0) continue;
      const links = extractLinks(result.message.content, this.settings.maxLinks);
      if (links.length > 0) this.schedule({ messageId: result.message.id, links });
    }
    return Promise.resolve();
  }

  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void> {
    if (this.pending.length === 0 && this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: queued work is dropped, fetches under way are cut off, and their ends awaited. */
  async close(): Promise<void> {
    this.stats.dropped += this.pending.length;
    this.pending.length = 0;
    this.stopping.abort();
    await Promise.allSettled([...this.active]);
  }

  private schedule(job: Job): void {
    if (this.stopping.signal.aborted || this.pending.length >= this.settings.queueLimit) {
      this.stats.dropped += 1;
      this.logger.warn({ messageId: job.messageId, queued: this.pending.length }, 'link previews: queue full; this message gets none');
      return;
    }
    this.stats.scheduled += 1;
    this.pending.push(job);
    this.startMore();
  }

  private startMore(): void {
    while (this.active.size < this.settings.concurrency && this.pending.length > 0) {
      const job = this.pending.shift()!;
      const run: Promise<void> = this.process(job)
        .catch((error: unknown) => this.logger.error({ err: error, messageId: job.messageId }, 'link previews: storing failed'))
        .finally(() => {
          this.active.delete(run);
          this.startMore();
          if (this.pending.length === 0 && this.active.size === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
      this.active.add(run);
    }
  }

  private async process(job: Job): Promise<void> {
    const previews = (await Promise.all(job.links.map((link) => this.previewOf(link)))).filter(
      (p): p is LinkPreview => p !== null,
    );
    if (previews.length === 0 || this.stopping.signal.aborted) return;
    const change = await this.store.save(job.messageId, previews, new Date());
    if (!change) return;
    this.stats.stored += 1;
    await this.afterCommit(change);
  }

  private previewOf(link: string): Promise<LinkPreview | null> {
    let running = this.inflight.get(link);
    if (!running) {
      running = this.lookUp(link).finally(() => this.inflight.delete(link));
      this.inflight.set(link, running);
    }
    return running;
  }

  private async lookUp(link: string): Promise<LinkPreview | null> {
    const cached = await this.cache.get(link);
    if (cached) {
      this.stats.cacheHits += 1;
      return cached.preview;
    }
    this.stats.fetched += 1;
    const result = await fetchLinkPreview(link, {
      timeoutMs: this.settings.timeoutMs,
      maxBytes: this.settings.maxBytes,
      maxRedirects: this.settings.maxRedirects,
      allowHosts: this.settings.allowHosts,
      signal: this.stopping.signal,
      ...this.fetcherSeams,
    });
    if (!result.ok) {
      this.stats.failed += 1;
      this.logger.debug({ link, reason: result.reason, detail: result.detail }, 'link previews: no preview');
      // A fetch cut off by the stop says nothing about the link.
      if (!this.stopping.signal.aborted) await this.cache.set(link, null);
      return null;
    }
    await this.cache.set(link, result.preview);
    return result.preview;
  }
}
