import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { applyMigrations, createDatabaseIfMissing, dropDatabase, openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';
const MYSQL_SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/**
 * For tests that count SQL statements (the pool's counter): background loops that poll the
 * database (notification timers, webhook deliveries, retention, alerts) slowed or off, so that
 * only the work under test is counted.
 */
export const QUIET_BACKGROUND: Record<string, string> = {
  NOTIFICATION_TIMER_POLL_MS: '60000',
  WEBHOOK_POLL_MS: '0',
  RETENTION_INTERVAL_MS: '0',
  ALERTS_ENABLED: 'false',
};

/** A config for one test file: its own database (and, later, its own Redis key prefix). */
export function testConfig(name: string, env: Record<string, string> = {}): AppConfig {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `mmt_${name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 30)}_${suffix}`;
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: `${MYSQL_SERVER}/${database}`,
    JWT_SECRET: TEST_SECRET,
    REDIS_KEY_PREFIX: `t:${database}:`,
    REDIS_PORT: process.env.TEST_REDIS_PORT ?? '6379',
    // Attachments (src/attachments/) of a test file go to a temporary folder of its own.
    STORAGE_DIR: join(tmpdir(), 'mmt-attachments', database),
    // Most test files register dozens of users and send bursts from one address; the rate
    // limits' own tests (test/rate-limits.test.ts) turn them on.
    RATE_LIMITS_ENABLED: 'false',
    ...env,
  }).config;
}

export interface TestApp {
  app: App;
  config: AppConfig;
  /** Runs an operation over HTTP through Yoga (no port needed). */
  exec<TResult, TVars>(
    document: TypedDocumentNode<TResult, TVars>,
    variables?: TVars,
    token?: string | null,
  ): Promise<FormattedExecutionResult<TResult>>;
  /** Listens on a free port (once) and returns http://127.0.0.1:PORT. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function prepareDatabase(config: AppConfig): Promise<void> {
  await createDatabaseIfMissing(config.databaseUrl);
  const handle = openDatabase(config.databaseUrl, 1);
  try {
    await applyMigrations(handle);
  } finally {
    await handle.close();
  }
}

/** A migrated database and an app on it; close() drops the database unless `keepDatabase`. */
export async function startTestApp(
  name: string,
  options: { env?: Record<string, string>; config?: AppConfig; keepDatabase?: boolean; app?: Omit<AppOptions, 'logger'> } = {},
): Promise<TestApp> {
  const config = options.config ?? testConfig(name, options.env);
  await prepareDatabase(config);
  const app = createApp(config, { ...options.app, logger: createLogger(config.logLevel) });
  let baseUrl: string | null = null;
  return {
    app,
    config,
    async exec(document, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await app.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: print(document), variables }),
      });
      return (await response.json()) as FormattedExecutionResult<never>;
    },
    async listen() {
      if (!baseUrl) {
        await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      }
      return baseUrl;
    },
    async close() {
      await app.close();
      if (!options.keepDatabase) await dropDatabase(config.databaseUrl);
      if (!options.keepDatabase) rmSync(config.storage.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `work` and returns its result and the SQL statements the app issued meanwhile.
 * Background writes already due (the search index lingers a few ms after a send) land
 * first, so they are not counted against `work`.
 */
export async function statementsDuring<R>(t: TestApp, work: () => Promise<R>): Promise<{ result: R; statements: number }> {
  await t.app.services.search.idle();
  const before = t.app.database.stats.queries;
  const result = await work();
  return { result, statements: t.app.database.stats.queries - before };
}

/** The `extensions.code` of each error, for assertions. */
export function errorCodes(result: FormattedExecutionResult<unknown>): unknown[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}
