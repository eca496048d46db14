// Rebuilds the search index from the database (`npm run search:reindex`), with a progress bar.
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { rebuildSearchIndex } from '../src/search/reindex.js';
import { SearchStore } from '../src/search/search.store.js';

const { config } = loadConfig();
const handle = openDatabase(config.databaseUrl, 2);
const bar = new SingleBar({ format: 'search index |{bar}| {percentage}% · {value}/{total} messages · {eta_formatted} left' }, Presets.shades_classic);
try {
  const t0 = Date.now();
  const { messages } = await rebuildSearchIndex(new SearchStore(handle.db), {
    start: (total) => bar.start(total, 0),
    advance: (done) => bar.update(done),
  });
  bar.stop();
  console.log(`indexed ${messages} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  bar.stop();
  await handle.close();
}
