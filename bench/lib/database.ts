import mysql from 'mysql2/promise';
import { applyMigrations, createDatabaseIfMissing, dropDatabase, openDatabase } from '../../src/db/client.js';

export const MYSQL_SERVER = 'mysql://root@127.0.0.1:3306';
export const BENCH_TENANT = 'default';

export function databaseUrl(name: string): string {
  return `${MYSQL_SERVER}/${name}`;
}

/**
 * A fresh database with the product's tables (its own migrations) and `userCount` users with
 * ids 1..userCount. Users are inserted directly: hashing thousands of passwords would take
 * minutes and measures nothing the benchmark is about; tokens are signed with the secret.
 */
export async function prepareBenchDatabase(name: string, userCount: number): Promise<void> {
  const url = databaseUrl(name);
  await dropDatabase(url);
  await createDatabaseIfMissing(url);
  const handle = openDatabase(url, 1);
  try {
    await applyMigrations(handle);
  } finally {
    await handle.close();
  }
  const conn = await mysql.createConnection({ uri: url });
  try {
    const batch = 2000;
    for (let first = 1; first <= userCount; first += batch) {
      const rows: Array<[number, string, string, string, string]> = [];
      for (let id = first; id < Math.min(first + batch, userCount + 1); id++) {
        rows.push([id, BENCH_TENANT, `bench${id}`, `Bench ${id}`, 'not-a-password-hash']);
      }
      await conn.query('INSERT INTO users (id, tenant_id, username, display_name, password_hash) VALUES ?', [rows]);
    }
  } finally {
    await conn.end();
  }
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await dropDatabase(databaseUrl(name));
}
