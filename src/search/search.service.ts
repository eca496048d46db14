import type { Viewer } from '../auth/auth.service.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { badInput } from '../graphql/errors.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { InboxFilter, MessageRow, Receipt } from '../inbox/inbox.store.js';
import type { UserReads } from '../inbox/read-your-writes.js';
import type { Logger } from '../logger.js';
import { encodeCursor } from '../shared/cursor.js';
import { buildPage, type Page } from '../shared/page.js';
import type { IndexEntry, IndexSource, SearchStore } from './search.store.js';
import { decodeRankPosition, encodeRankPosition, rankByRelevance, relevanceScores, RELEVANCE_WINDOW } from './relevance.js';
import { snippetOf, type Snippet } from './snippet.js';
import { documentTerms, parseQuery } from './tokenize.js';

export type SearchOrder = 'NEWEST' | 'RELEVANCE';

export interface SearchInput {
  query: string;
  first: number;
  position: number | null;
  filter?: InboxFilter | null;
  order?: SearchOrder;
}

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
/** Most messages one index write carries (the store splits it into statements of ROWS_PER_INSERT rows). */
const MAX_WRITE_BATCH = 1000;

/** What a message is indexed under: its text and, for a forward, the forwarder's words. */
export function indexEntryOf(source: Pick<IndexSource, 'id' | 'senderId' | 'content' | 'forwardComment' | 'recipientIds'>): IndexEntry {
  const text = source.forwardComment ? `${source.content}\n${source.forwardComment}` : source.content;
  return { messageId: source.id, owners: [...new Set([source.senderId, ...source.recipientIds])], terms: documentTerms(text) };
}

/**
 * Search over the messages a user sent or received (docs/search.md). Indexing is a reaction
 * to committed sends (src/reactions.ts) that does not hold the send up: new messages wait
 * up to `indexLingerMs` and are written together, one multi-row INSERT for all that arrived
 * meanwhile (while a write is in flight, the next batch gathers behind it). Under load one
 * statement carries dozens of sends' postings, so the statement's own cost is shared; a
 * message is searchable within that linger plus one write.
 * Recalled messages are left in the index and skipped by every query, so they disappear
 * from results at once.
 */
export class SearchService {
  private pending: IndexEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly store: SearchStore,
    private readonly settings: AppConfig['search'],
    /** Where a search runs: a read replica that holds the caller's writes, else the primary. */
    private readonly reads: UserReads,
    private readonly logger?: Logger,
  ) {}

  /** Takes the new messages of a committed send into the index; returns before they are written. */
  react(change: InboxChange): Promise<void> {
    if (change.kind !== 'sent' || !this.settings.indexEnabled) return Promise.resolve();
    for (const result of change.results) {
      if (result.duplicate) continue;
      const entry = indexEntryOf({ ...result.message, recipientIds: result.deliveries.map((d) => d.recipientId) });
      if (entry.terms.length > 0) this.pending.push(entry);
    }
    this.schedule();
    return Promise.resolve();
  }

  private schedule(): void {
    if (this.timer || this.writing || this.pending.length === 0) return;
    this.timer = setTimeout(() => this.startWrite(), this.settings.indexLingerMs);
  }

  private startWrite(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.write().finally(() => {
      this.writing = null;
      this.schedule();
    });
  }

  private async write(): Promise<void> {
    const entries = this.pending.splice(0, MAX_WRITE_BATCH);
    try {
      await this.store.add(entries);
    } catch (error) {
      // These messages are missing from search until a reindex (docs/search.md).
      this.logger?.error({ err: error, messageIds: entries.map((e) => e.messageId) }, 'indexing messages for search failed');
    }
  }

  /** Resolves when every message taken so far is written (tests, shutdown): a lingering batch is written now. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.writing) await this.writing;
      else if (this.pending.length > 0) this.startWrite();
      else return;
    }
  }

  /**
   * The viewer's messages that contain every term of `query`, `first` of them after
   * `position` (the previous page's cursor), each with a snippet. Newest first by default:
   * `position` is the last hit's id. By relevance (src/search/relevance.ts): the newest
   * RELEVANCE_WINDOW matches are ranked, and `position` holds the ranking's anchor and offset.
   * `query` arrives trimmed and within the configured length (the API's input schema). Every
   * statement of one search runs on one server (`reads` picks it).
   */
  async search(viewer: Viewer, input: SearchInput): Promise<Page<SearchHit>> {
    const parsed = parseQuery(input.query);
    if (parsed.terms.length === 0) throw badInput('query has no words to search for', 'query');
    if (parsed.terms.length > this.settings.maxTerms) throw badInput(`query has more than ${this.settings.maxTerms} terms`, 'query');
    return this.reads.run(viewer.id, (db) => this.searchOn(db, viewer, parsed, input));
  }

  private async searchOn(
    db: Database,
    viewer: Viewer,
    parsed: ReturnType<typeof parseQuery>,
    { first, position, filter, order = 'NEWEST' }: SearchInput,
  ): Promise<Page<SearchHit>> {
    const empty = buildPage<SearchHit>([], first, () => '', position !== null);
    const termSets = await Promise.all(
      parsed.terms.map((term) =>
        term.prefix ? this.store.termsWithPrefix(viewer.id, term.value, MAX_PREFIX_TERMS, db) : Promise.resolve([term.value]),
      ),
    );
    if (termSets.some((set) => set.length === 0)) return empty;
    if (termSets.length > 1) {
      const counts = await Promise.all(termSets.map((set) => this.store.countUpTo(viewer.id, set, COUNT_CAP, db)));
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
      }, db);
    const withSnippets = (hits: Array<{ message: MessageRow; receipt: Receipt | null }>) =>
      hits.map((hit) => ({ ...hit, snippet: snippetOf(hit.message.content, parsed) }));

    if (order === 'NEWEST') {
      const ids = await matching(position, first + 1);
      const hits = withSnippets(await this.store.hits(viewer.id, ids, db));
      return buildPage(hits, first, (hit) => encodeCursor('search', hit.message.id), position !== null, ids.length > first);
    }
    // By relevance: rank the window below the anchor (exclusive bound + 1), page by offset.
    const rank = position === null ? null : decodeRankPosition(position);
    const ids = await matching(rank ? rank.anchor + 1 : null, RELEVANCE_WINDOW);
    if (ids.length === 0) return empty;
    const anchor = rank?.anchor ?? ids[0]!;
    const offset = rank?.offset ?? 0;
    const window = await this.store.hits(viewer.id, ids, db);
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
