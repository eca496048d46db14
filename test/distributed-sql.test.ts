import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { isRetryableTransactionError, MIGRATION_LOCK_NAME } from '../src/db/client.js';

// What docs/distributed-sql.md changed so that the SQL does not depend on what TiDB and Vitess lack.

const MYSQL_SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

describe('SQL that runs on TiDB as on MySQL', () => {
  it("retries a transaction after TiDB's write conflicts and failed commits, as after a deadlock", () => {
    for (const errno of [1213, 1205, 8002, 8005, 8022, 9007]) expect(isRetryableTransactionError({ errno }), String(errno)).toBe(true);
    expect(isRetryableTransactionError(new Error('wrapped', { cause: { errno: 9007 } }))).toBe(true);
    expect(isRetryableTransactionError({ errno: 1062 })).toBe(false);
  });

  it('names the migrations lock in at most 64 characters, whatever the database is called', async () => {
    const conn = await mysql.createConnection({ uri: MYSQL_SERVER });
    const short = `mmt_lock_${randomBytes(3).toString('hex')}`;
    const long = `mmt_lock_${randomBytes(27).toString('hex')}`;
    try {
      const nameIn = async (database: string) => {
        await conn.query(`CREATE DATABASE \`${database}\``);
        await conn.query(`USE \`${database}\``);
        const [rows] = await conn.query(`SELECT ${MIGRATION_LOCK_NAME} AS name`);
        return (rows as Array<{ name: string }>)[0]!.name;
      };
      // A name earlier versions used stays the same (instances of both take the same lock).
      expect(await nameIn(short)).toBe(`mm_migrations_${short}`);
      expect(long).toHaveLength(63);
      const name = await nameIn(long);
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^mm_migrations_[0-9a-f]{40}$/);
    } finally {
      await conn.query(`DROP DATABASE IF EXISTS \`${short}\``);
      await conn.query(`DROP DATABASE IF EXISTS \`${long}\``);
      await conn.end();
    }
  });
});
