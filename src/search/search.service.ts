import type { Viewer } from '../auth/auth.service.js';
import type { AppConfig } from '../config.js';
import { badInput } from '../graphql/errors.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { InboxFilter, MessageRow, Receipt } from '../inbox/inbox.store.js';
import type { Logger } from '../logger.js';
import { Coalescer } from '../shared/coalescer.js';
import { encodeCursor } from '../shared/cursor.js';
import { buildPage, type Page } from '../shared/page.js';
import type { IndexEntry, IndexSource, SearchStore } from './search.store.js';
import { decodeRankPosition, encodeRankPosition, rankByRelevance, relevanceScores, RELEVANCE_WINDOW } from './relevance.js';
import { snippetOf, type Snippet } from './snippet.js';
import { documentTerms, parseQuery } from './tokenize.js';

export type SearchOrder = 'NEWEST' | 'RELEVANCE';

export interface SearchHit {
  message: MessageRow;
  /** The caller's receipt; null for a message the caller sent and did not receive. */
  receipt: Receipt | null;
  snippet: Snippet;
}

/** A prefix ("stand", or one CJK character) matches at most this many distinct terms of the caller's. */
const MAX_PREFIX_TERMS = 256;
/** Postings counted per term to pick the rarest one to drive the scan. */
const COUNT_CAP = 5000;

/** What a message is indexed under: its text and, for a forward, the forwarder's words. */
export function indexEntryOf(source: Pick<IndexSource, 'id' | 'senderId' | 'content' | 'forwardComment' | 'recipientIds'>): IndexEntry {
  const text = source.forwardComment ? `${source.content}\n${source.forwardComment}` : source.content;
  return { messageId: source.id, owners: [...new Set([source.senderId, ...source.recipientIds])], terms: documentTerms(text) };
}

/**
 * Search over the messages a user sent or received (docs/search.md). Indexing is a reaction
 * to committed sends (src/reactions.ts) that does not hold the send up: new messages are
 * written to the index in batches, group-commit style (the Coalescer: a write starts at once
 * when none is in flight, and what arrives meanwhile goes together in the next), so under
 * load many messages share one INSERT, and a message is searchable within milliseconds.
 * Recalled messages are left in the index and skipped by every query, so they disappear
 * from results at once.
 */
export class SearchService {
  private readonly pending = new Map<number, IndexEntry>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly writer = new Coalescer<number, true>(async (ids) => {
    const entries = ids.flatMap((id) => {
      const entry = this.pending.get(id);
      this.pending.delete(id);
      return entry ? [entry] : [];
    });
    await this.store.add(entries);
    return new Map(ids.map((id) => [id, true as const]));
  }, 1000);

  constructor(
    private readonly store: SearchStore,
    private readonly settings: AppConfig['search'],
    private readonly logger?: Logger,
  ) {}

  /** Takes the new messages of a committed send into the index; returns before they are written. */
  react(change: InboxChange): Promise<void> {
    if (change.kind !== 'sent' || !this.settings.indexEnabled) return Promise.resolve();
    for (const result of change.results) {
      if (result.duplicate) continue;
      const entry = indexEntryOf({ ...result.message, recipientIds: result.deliveries.map((d) => d.recipientId) });
      if (entry.terms.length === 0) continue;
      this.pending.set(entry.messageId, entry);
      const write = this.writer.load(entry.messageId).catch((error: unknown) => {
        // The message is missing from search until a reindex (docs/search.md).
        this.logger?.error({ err: error, messageId: entry.messageId }, 'indexing a message for search failed');
      });
      this.writes.add(write);
      void write.finally(() => this.writes.delete(write));
    }
    return Promise.resolve();
  }

  /** Resolves when every message taken so far is written (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /**
   * The viewer's messages that contain every term of `query`, `first` of them after
   * `position` (the previous page's cursor), each with a snippet. Newest first by default:
   * `position` is the last hit's id. By relevance (src/search/relevance.ts): the newest
   * RELEVANCE_WINDOW matches are ranked, and `position` holds the ranking's anchor and offset.
   * `query` arrives trimmed and within the configured length (the API's input schema).
   */
  async search(
    viewer: Viewer,
    {
      query,
      first,
      position,
      filter,
      order = 'NEWEST',
    }: { query: string; first: number; position: number | null; filter?: InboxFilter | null; order?: SearchOrder },
  ): Promise<Page<SearchHit>> {
    const parsed = parseQuery(query);
    if (parsed.terms.length === 0) throw badInput('query has no words to search for', 'query');
    if (parsed.terms.length > this.settings.maxTerms) throw badInput(`query has more than ${this.settings.maxTerms} terms`, 'query');
    const empty = buildPage<SearchHit>([], first, () => '', position !== null);
    const termSets = await Promise.all(
      parsed.terms.map((term) =>
        term.prefix ? this.store.termsWithPrefix(viewer.id, term.value, MAX_PREFIX_TERMS) : Promise.resolve([term.value]),
      ),
    );
    if (termSets.some((set) => set.length === 0)) return empty;
    if (termSets.length > 1) {
      const counts = await Promise.all(termSets.map((set) => this.store.countUpTo(viewer.id, set, COUNT_CAP)));
      const order = termSets.map((set, i) => ({ set, count: counts[i]! })).sort((a, b) => a.count - b.count);
      if (order[0]!.count === 0) return empty;
      termSets.splice(0, termSets.length, ...order.map((o) => o.set));
    }
    const matching = (beforeId: number | null, limit: number) =>
      this.store.matchingIds({
        ownerId: viewer.id,
        tenantId: viewer.tenantId,
        termSets,
        phrases: parsed.phrases,
        beforeId,
        limit,
        // Archived messages stay searchable unless the filter asks about the archive.
        filter: { ...filter, includeArchived: filter?.includeArchived ?? filter?.archived == null },
      });
    const withSnippets = (hits: Array<{ message: MessageRow; receipt: Receipt | null }>) =>
      hits.map((hit) => ({ ...hit, snippet: snippetOf(hit.message.content, parsed) }));

    if (order === 'NEWEST') {
      const ids = await matching(position, first + 1);
      const hits = withSnippets(await this.store.hits(viewer.id, ids));
      return buildPage(hits, first, (hit) => encodeCursor('search', hit.message.id), position !== null, ids.length > first);
    }
    // By relevance: rank the window below the anchor (exclusive bound + 1), page by offset.
    const rank = position === null ? null : decodeRankPosition(position);
    const ids = await matching(rank ? rank.anchor + 1 : null, RELEVANCE_WINDOW);
    if (ids.length === 0) return empty;
    const anchor = rank?.anchor ?? ids[0]!;
    const offset = rank?.offset ?? 0;
    const window = await this.store.hits(viewer.id, ids);
    const ranked = rankByRelevance(
      window,
      relevanceScores(
        window.map((hit) => hit.message.content),
        parsed,
      ),
      (hit) => hit.message.id,
    );
    const page = withSnippets(ranked.slice(offset, offset + first + 1));
    return buildPage(
      page,
      first,
      (hit) => encodeCursor('rank', encodeRankPosition({ anchor, offset: offset + 1 + page.indexOf(hit) })),
      position !== null,
      page.length > first,
    );
  }
}
