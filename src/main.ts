import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { applyMigrations, createDatabaseIfMissing, openDatabase } from './db/client.js';
import { createLogger } from './logger.js';

/**
 * `.env` in the working directory, when there is one; variables already in the environment win.
 * Not under NODE_ENV=test: servers that tests start get exactly the environment the tests give.
 */
function loadEnvFileIfPresent(path = '.env'): void {
  if (process.env.NODE_ENV === 'test') return;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function main(): Promise<void> {
  let loaded;
  try {
    loadEnvFileIfPresent();
    loaded = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { config, warnings } = loaded;
  // Readable lines for a person running the server in a terminal; JSON for log collectors.
  const logger = createLogger(config.logLevel, { pretty: config.env === 'development' && process.stdout.isTTY });
  for (const warning of warnings) logger.warn(warning);

  await createDatabaseIfMissing(config.databaseUrl);
  const migrator = openDatabase(config.databaseUrl, 1);
  const applied = await applyMigrations(migrator).finally(() => migrator.close());
  logger.info({ applied }, 'database migrations applied');

  const app = createApp(config, { logger });
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  logger.info(`GraphQL API and GraphiQL on http://localhost:${config.port}/graphql`);
  if (app.metricsServer && config.operations.metricsPort !== null) {
    const { metricsServer } = app;
    await new Promise<void>((resolve) => metricsServer.listen(config.operations.metricsPort!, config.operations.metricsHost, resolve));
    logger.info(`Prometheus metrics on http://${config.operations.metricsHost}:${config.operations.metricsPort}/metrics`);
  }

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
