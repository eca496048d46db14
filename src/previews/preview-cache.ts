import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import type { RedisService } from '../redis/redis.service.js';
import { decodeLinkPreviewEntry, encodeLinkPreviewEntry } from '../wire/payloads.js';
import { linkPreviewsOf, type LinkPreview } from './link-preview.js';

/** A URL that has no preview is asked again after this long at most. */
const FAILURE_TTL_SECONDS = 600;
const LOCAL_ENTRIES = 2000;

/** What the cache knows of a URL: its preview, that it has none, or nothing (undefined). */
export type CachedPreview = { preview: LinkPreview | null } | undefined;

/**
 * Previews per URL, so a link sent a hundred times is fetched once: `link_preview:{sha256 of
 * the URL}` in Redis (shared by instances) with a TTL; without Redis, or while it is down, an
 * in-process LRU of the same TTLs. A failed fetch is remembered too, for a shorter time.
 * Best effort: an error reads as a miss.
 */
export class PreviewCache {
  private readonly local: LRUCache<string, { preview: LinkPreview | null }>;

  constructor(
    private readonly redis: RedisService,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {
    this.local = new LRUCache({ max: LOCAL_ENTRIES, ttl: ttlSeconds * 1000 });
  }

  async get(url: string): Promise<CachedPreview> {
    const key = keyOf(url);
    const client = this.redis.command;
    if (client && this.redis.isConnected()) {
      try {
        const text = await client.get(this.redis.key(key));
        if (text === null) return undefined;
        const { preview } = decodeLinkPreviewEntry(text);
        // Whatever Redis holds is checked to be a preview before it reaches a message.
        return { preview: preview === null ? null : (linkPreviewsOf({ linkPreviews: [preview] })[0] ?? null) };
      } catch (error) {
        this.logger.debug({ err: error }, 'link previews: cache read failed');
      }
    }
    return this.local.get(key);
  }

  async set(url: string, preview: LinkPreview | null): Promise<void> {
    const key = keyOf(url);
    const ttl = preview === null ? Math.min(this.ttlSeconds, FAILURE_TTL_SECONDS) : this.ttlSeconds;
    const client = this.redis.command;
    if (client && this.redis.isConnected()) {
      try {
        await client.set(this.redis.key(key), encodeLinkPreviewEntry(preview), 'EX', ttl);
        return;
      } catch (error) {
        this.logger.debug({ err: error }, 'link previews: cache write failed; keeping it in process');
      }
    }
    this.local.set(key, { preview }, { ttl: ttl * 1000 });
  }
}

/** The key name of the product (docs/link-previews.md); RedisService.key adds the deployment's prefix. */
export function keyOf(url: string): string {
  return `link_preview:${createHash('sha256').update(url).digest('hex')}`;
}
