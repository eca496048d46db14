import { AsyncResource } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import * as schema from './schema.js';

export type Database = MySql2Database<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  pool: mysql.Pool;
  /** Statements sent through drizzle since the pool opened (tests count them). */
  stats: { queries: number };
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

function parseDatabaseUrl(url: string): { serverUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
    throw new Error(`DATABASE_URL names no usable database: "${database}"`);
  }
  parsed.pathname = '/';
  return { serverUrl: parsed.toString(), database };
}

/** Told each statement's round trip (src/operations/statement-timing.ts times them; null: untimed). */
export type StatementObserver = (statement: string, ms: number) => void;

export function openDatabase(
  url: string,
  poolSize = 10,
  observeStatement: StatementObserver | null = null,
  options: { connectTimeoutMs?: number; multipleStatements?: boolean } = {},
): DatabaseHandle {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: poolSize,
    ...(options.connectTimeoutMs ? { connectTimeout: options.connectTimeoutMs } : {}),
    // Only the send batches' own pool (src/inbox/send-batch.store.ts) runs several statements per query.
    multipleStatements: options.multipleStatements ?? false,
    // DATETIME columns hold UTC: read and write them as UTC whatever the host's zone.
    timezone: 'Z',
    supportBigNumbers: true,
    enableKeepAlive: true,
    namedPlaceholders: false,
    // No stack capture on every query (a measurable share of CPU per statement); errors keep
    // their message, code and SQL state.
    trace: false,
  });
  pool.on('connection', (conn) => {
    // The pool hands out its callback-style connection (its typings say the promise one): the
    // result is a Query, not a promise, and must not be awaited.
    void conn.query("SET time_zone = '+00:00'");
    if (observeStatement) timeStatements(conn as unknown as TimedConnection, observeStatement);
  });
  const stats = { queries: 0 };
  const db = drizzle(pool, {
    schema,
    mode: 'default',
    logger: {
      logQuery() {
        stats.queries += 1;
      },
    },
  });
  return { db, pool, stats, close: () => pool.end() };
}

/** The core (callback) connection's two ways to run a statement; each returns its command, which emits 'end'. */
interface TimedConnection {
  query: (sql: string | { sql: string }, ...rest: unknown[]) => { once(event: 'end', listener: () => void): void };
  execute: TimedConnection['query'];
}

function timeStatements(conn: TimedConnection, observe: StatementObserver): void {
  for (const method of ['query', 'execute'] as const) {
    const original = conn[method].bind(conn);
    conn[method] = (sql, ...rest) => {
      const start = performance.now();
      const command = original(sql, ...rest);
      // The text before mysql2 formats values into it: placeholders, no values. Run in the
      // caller's async context, so what the observer logs names the request that ran it. Not
      // AsyncResource.bind: on Node 20 each bind defines a deprecated accessor pair through
      // util.deprecate, which was 11 % of a socket instance's busy time (docs/benchmarks.md).
      const caller = new AsyncResource('mysql.statement');
      command.once('end', () => caller.runInAsyncScope(observe, null, typeof sql === 'string' ? sql : sql.sql, performance.now() - start));
      return command;
    };
  }
}

/** Creates the database named in the URL when it does not exist yet (utf8mb4). */
export async function createDatabaseIfMissing(url: string): Promise<void> {
  const { serverUrl, database } = parseDatabaseUrl(url);
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { serverUrl, database } = parseDatabaseUrl(url);
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
}

/**
 * The name of the migrations' lock, per database. MySQL and TiDB refuse names longer than 64
 * characters, so a database name longer than 50 is replaced by its SHA-1 (40 hex digits);
 * shorter names keep the name earlier versions used.
 */
export const MIGRATION_LOCK_NAME = `CONCAT('mm_migrations_', IF(CHAR_LENGTH(DATABASE()) <= 50, DATABASE(), SHA1(DATABASE())))`;

/**
 * Applies pending migrations and returns how many were applied. Several instances may start
 * at once, so the work is done under a named lock.
 */
export async function applyMigrations(handle: DatabaseHandle): Promise<number> {
  const conn = await handle.pool.getConnection();
  try {
    const [lockRows] = await conn.query(`SELECT GET_LOCK(${MIGRATION_LOCK_NAME}, 60) AS got`);
    if ((lockRows as Array<{ got: number }>)[0]?.got !== 1) {
      throw new Error('could not take the migration lock within 60 s');
    }
    try {
      const before = await countAppliedMigrations(conn);
      await migrate(drizzle(conn, { schema, mode: 'default' }), { migrationsFolder: MIGRATIONS_FOLDER });
      return (await countAppliedMigrations(conn)) - before;
    } finally {
      await conn.query(`SELECT RELEASE_LOCK(${MIGRATION_LOCK_NAME})`);
    }
  } finally {
    conn.release();
  }
}

async function countAppliedMigrations(conn: mysql.PoolConnection): Promise<number> {
  const [tables] = await conn.query("SHOW TABLES LIKE '__drizzle_migrations'");
  if ((tables as unknown[]).length === 0) return 0;
  const [rows] = await conn.query('SELECT COUNT(*) AS n FROM `__drizzle_migrations`');
  return Number((rows as Array<{ n: number }>)[0]?.n ?? 0);
}

/**
 * Error numbers after which the whole transaction can simply be run again: MySQL's, and
 * TiDB's own for write conflicts and failed commits (docs/distributed-sql.md), numbers that
 * MySQL and MariaDB do not use.
 */
const RETRYABLE_ERRNOS = new Set([
  1213 /* deadlock */,
  1205 /* lock wait timeout */,
  8002 /* TiDB: a SELECT FOR UPDATE transaction met a commit conflict */,
  8005 /* TiDB: write conflict, txnStartTS is stale */,
  8022 /* TiDB: the commit failed and was rolled back */,
  9007 /* TiDB: write conflict in TiKV */,
]);

export function isRetryableTransactionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const errno = (e as { errno?: number }).errno;
    if (typeof errno === 'number' && RETRYABLE_ERRNOS.has(errno)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function isDuplicateKeyError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    if ((e as { errno?: number }).errno === 1062) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Runs fn in a transaction, again on deadlock or lock-wait timeout, with a short jittered backoff. */
export async function withTransaction<T>(db: Database, fn: (tx: Transaction) => Promise<T>, tries = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (attempt >= tries || !isRetryableTransactionError(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
