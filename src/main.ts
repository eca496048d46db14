import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { applyMigrations, createDatabaseIfMissing, openDatabase } from './db/client.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { config, warnings } = loaded;
  const logger = createLogger(config.logLevel);
  for (const warning of warnings) logger.warn(warning);

  await createDatabaseIfMissing(config.databaseUrl);
  const migrator = openDatabase(config.databaseUrl, 1);
  const applied = await applyMigrations(migrator).finally(() => migrator.close());
  logger.info({ applied }, 'database migrations applied');

  const app = createApp(config, { logger });
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  logger.info(`GraphQL API and GraphiQL on http://localhost:${config.port}/graphql`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Failed to start: ${error.message}` : error);
  process.exit(1);
});
