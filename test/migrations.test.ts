import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  createDatabaseIfMissing,
  dropDatabase,
  MIGRATIONS_FOLDER,
  openDatabase,
} from '../src/db/client.js';
import { TEST_SECRET } from './helpers/app.js';

const MYSQL_SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const created: string[] = [];

/** A database URL with a name no other test uses; dropped after the file. */
function freshDatabaseUrl(label: string): { url: string; name: string } {
  const name = `mmt_mig_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = `${MYSQL_SERVER}/${name}`;
  created.push(url);
  return { url, name };
}

afterAll(async () => {
  for (const url of created) await dropDatabase(url);
});

const migrationsInRepo = (
  JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }
).entries.length;

async function migrate(url: string): Promise<number> {
  await createDatabaseIfMissing(url);
  const handle = openDatabase(url, 1);
  try {
    return await applyMigrations(handle);
  } finally {
    await handle.close();
  }
}

async function withServerConnection<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ uri: MYSQL_SERVER });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

interface IndexShape {
  table: string;
  unique: boolean;
  columns: string[];
}

async function indexesOf(database: string): Promise<Map<string, IndexShape>> {
  const rows = await withServerConnection(async (conn) => {
    const [result] = await conn.query(
      `SELECT TABLE_NAME AS tableName, INDEX_NAME AS indexName, NON_UNIQUE AS nonUnique, COLUMN_NAME AS columnName
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      [database],
    );
    return result as Array<{ tableName: string; indexName: string; nonUnique: number | string; columnName: string }>;
  });
  const indexes = new Map<string, IndexShape>();
  for (const row of rows) {
    const key = `${row.tableName}.${row.indexName}`;
    const shape = indexes.get(key) ?? { table: row.tableName, unique: Number(row.nonUnique) === 0, columns: [] };
    shape.columns.push(row.columnName);
    indexes.set(key, shape);
  }
  return indexes;
}

async function databaseExists(name: string): Promise<boolean> {
  return withServerConnection(async (conn) => {
    const [rows] = await conn.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
    return (rows as unknown[]).length === 1;
  });
}

describe('database migrations', () => {
  it('an empty database gets every table with the keys and indexes of the data model', async () => {
    const { url, name } = freshDatabaseUrl('empty');
    expect(await migrate(url)).toBeGreaterThan(0);

    const tables = await withServerConnection(async (conn) => {
      const [rows] = await conn.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [name]);
      return (rows as Array<{ t: string }>).map((r) => r.t);
    });
    expect(tables).toEqual(expect.arrayContaining(['users', 'messages', 'message_recipients', 'inbox_events']));

    const indexes = await indexesOf(name);
    expect(indexes.get('message_recipients.uq_recipients_message_recipient')).toEqual({
      table: 'message_recipients',
      unique: true,
      columns: ['message_id', 'recipient_id'],
    });
    expect(indexes.get('message_recipients.uq_recipients_recipient_seq')).toEqual({
      table: 'message_recipients',
      unique: true,
      columns: ['recipient_id', 'seq'],
    });
    expect(indexes.get('message_recipients.ix_recipients_recipient_read')).toEqual({
      table: 'message_recipients',
      unique: false,
      columns: ['recipient_id', 'is_read'],
    });
    expect(indexes.get('message_recipients.ix_recipients_message')).toEqual({
      table: 'message_recipients',
      unique: false,
      columns: ['message_id'],
    });
    expect(indexes.get('messages.uq_messages_sender_client_id')).toEqual({
      table: 'messages',
      unique: true,
      columns: ['sender_id', 'client_message_id'],
    });
    expect(indexes.get('inbox_events.PRIMARY')).toEqual({
      table: 'inbox_events',
      unique: true,
      columns: ['user_id', 'seq'],
    });
    expect(indexes.get('users.uq_users_tenant_username')).toEqual({
      table: 'users',
      unique: true,
      columns: ['tenant_id', 'username'],
    });
  });

  it('running them again applies nothing', async () => {
    const { url } = freshDatabaseUrl('twice');
    expect(await migrate(url)).toBe(migrationsInRepo);
    expect(await migrate(url)).toBe(0);
  });

  it('two instances starting at once on a fresh database both succeed and apply each migration once', async () => {
    const { url, name } = freshDatabaseUrl('race');
    const applied = await Promise.all([migrate(url), migrate(url)]);
    expect(applied.reduce((a, b) => a + b, 0)).toBe(migrationsInRepo);
    expect(applied).toContain(0);
    const recorded = await withServerConnection(async (conn) => {
      const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM \`${name}\`.__drizzle_migrations`);
      return Number((rows as Array<{ n: number }>)[0]!.n);
    });
    expect(recorded).toBe(migrationsInRepo);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the server process', () => {
  it('creates its missing database, serves /health and GraphiQL, and exits 0 on SIGTERM', { timeout: 90_000 }, async () => {
    const { url, name } = freshDatabaseUrl('server');
    expect(await databaseExists(name)).toBe(false);
    const port = await freePort();
    const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url,
        JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: 'warn',
        REDIS_KEY_PREFIX: `t:${name}:`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      let health = 0;
      // Generous: under a full parallel test run, tsx alone can take many seconds to start.
      const deadline = Date.now() + 45_000;
      while (health !== 200 && child.exitCode === null && Date.now() < deadline) {
        health = await fetch(`${base}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (health !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health, `server output:\n${output}`).toBe(200);
      expect(await databaseExists(name)).toBe(true);

      const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toMatch(/graphiql/i);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    expect(await exited, `server output:\n${output}`).toBe(0);
  });
});
