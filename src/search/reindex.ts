import { indexEntryOf } from './search.service.js';
import type { SearchStore } from './search.store.js';

const BATCH = 2000;

/**
 * Rebuilds the search index from the database (`npm run search:reindex`): every message that
 * is not recalled, for its sender and recipients, into a new table that then replaces the
 * live one in one RENAME. Searches keep working on the old index meanwhile. Messages sent
 * during the rebuild are indexed by the live reaction into the old table, so after the swap
 * the messages above the last one copied are indexed again (INSERT IGNORE: no duplicates).
 */
export async function rebuildSearchIndex(
  store: SearchStore,
  progress: { start(total: number): void; advance(done: number): void } = { start() {}, advance() {} },
): Promise<{ messages: number }> {
  const { count } = await store.messageCount();
  progress.start(count);
  const next = await store.createNext();
  let lastId = 0;
  let done = 0;
  for (;;) {
    const sources = await store.sourcesAfter(lastId, BATCH);
    if (sources.length === 0) break;
    await store.add(sources.map(indexEntryOf).filter((e) => e.terms.length > 0), next);
    lastId = sources.at(-1)!.id;
    done += sources.length;
    progress.advance(done);
  }
  await store.swapInNext();
  for (;;) {
    const late = await store.sourcesAfter(lastId, BATCH);
    if (late.length === 0) break;
    await store.add(late.map(indexEntryOf).filter((e) => e.terms.length > 0));
    lastId = late.at(-1)!.id;
  }
  return { messages: done };
}
