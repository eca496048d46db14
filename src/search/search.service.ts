import type { Viewer } from '../auth/auth.service.js';
import type { AppConfig } from '../config.js';
import { badInput } from '../graphql/errors.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { InboxFilter, MessageRow, Receipt } from '../inbox/inbox.store.js';
import { encodeCursor } from '../shared/cursor.js';
import { buildPage, type Page } from '../shared/page.js';
import type { IndexEntry, IndexSource, SearchStore } from './search.store.js';
import { snippetOf, type Snippet } from './snippet.js';
import { documentTerms, parseQuery } from './tokenize.js';

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
 * to committed sends (src/reactions.ts): the postings are written before sendMessage returns,
 * so a new message is found as soon as its sender has the answer. Recalled messages are left
 * in the index and skipped by every query, so they disappear from results at once.
 */
export class SearchService {
  constructor(
    private readonly store: SearchStore,
    private readonly settings: AppConfig['search'],
  ) {}

  async react(change: InboxChange): Promise<void> {
    if (change.kind !== 'sent' || !this.settings.indexEnabled) return;
    const entries = change.results
      .filter((r) => !r.duplicate)
      .map((r) => indexEntryOf({ ...r.message, recipientIds: r.deliveries.map((d) => d.recipientId) }))
      .filter((e) => e.terms.length > 0);
    if (entries.length > 0) await this.store.add(entries);
  }

  /**
   * The viewer's messages that contain every term of `query`, newest first, `first` of them
   * with ids below `beforeId`; each with a snippet. `query` arrives trimmed and within the
   * configured length (the API's input schema).
   */
  async search(
    viewer: Viewer,
    { query, first, beforeId, filter }: { query: string; first: number; beforeId: number | null; filter?: InboxFilter | null },
  ): Promise<Page<SearchHit>> {
    const parsed = parseQuery(query);
    if (parsed.terms.length === 0) throw badInput('query has no words to search for', 'query');
    if (parsed.terms.length > this.settings.maxTerms) throw badInput(`query has more than ${this.settings.maxTerms} terms`, 'query');
    const empty = buildPage<SearchHit>([], first, () => '', beforeId !== null);
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
    const ids = await this.store.matchingIds({
      ownerId: viewer.id,
      tenantId: viewer.tenantId,
      termSets,
      phrases: parsed.phrases,
      beforeId,
      limit: first + 1,
      filter: filter ?? {},
    });
    const hits = (await this.store.hits(viewer.id, ids)).map((hit) => ({ ...hit, snippet: snippetOf(hit.message.content, parsed) }));
    return buildPage(hits, first, (hit) => encodeCursor('search', hit.message.id), beforeId !== null, ids.length > first);
  }
}
