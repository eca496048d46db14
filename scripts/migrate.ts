// Creates the database if missing and applies pending migrations (`npm run db:migrate`).
import { loadConfig } from '../src/config.js';
import { applyMigrations, createDatabaseIfMissing, openDatabase } from '../src/db/client.js';

const { config } = loadConfig();
await createDatabaseIfMissing(config.databaseUrl);
const handle = openDatabase(config.databaseUrl, 1);
try {
  const applied = await applyMigrations(handle);
  console.log(`applied ${applied} migration(s)`);
} finally {
  await handle.close();
}
