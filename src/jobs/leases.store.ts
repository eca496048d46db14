import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { clusterLeases } from '../db/schema.js';

/**
 * The rows of `cluster_leases`: one per job that must run on one instance at a time. Expiry
 * is computed with the database's clock (`NOW(3)`), so instances whose clocks disagree still
 * agree on who holds a lease.
 */
export class LeasesStore {
  constructor(private readonly db: Database) {}

  /**
   * Takes the lease when it is free or expired, or renews it when `holder` has it; true when
   * `holder` holds it afterwards. A conditional UPDATE, then an INSERT IGNORE for a lease
   * nobody has taken yet: each is atomic, so two instances never both get `true`.
   */
  async take(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const expiresAt = sql`NOW(3) + INTERVAL ${Math.round(ttlMs * 1000)} MICROSECOND`;
    const [updated] = await this.db
      .update(clusterLeases)
      .set({ holder, expiresAt })
      .where(and(eq(clusterLeases.name, name), or(eq(clusterLeases.holder, holder), lt(clusterLeases.expiresAt, sql`NOW(3)`))));
    if (updated.affectedRows > 0) return true;
    const [inserted] = await this.db.insert(clusterLeases).ignore().values({ name, holder, expiresAt });
    return inserted.affectedRows > 0;
  }

  /** Gives the lease up if `holder` still has it (compare and delete). */
  async release(name: string, holder: string): Promise<void> {
    await this.db.delete(clusterLeases).where(and(eq(clusterLeases.name, name), eq(clusterLeases.holder, holder)));
  }

  /** Who holds the lease now (null: nobody, or it expired). */
  async holderOf(name: string): Promise<string | null> {
    const [row] = await this.db
      .select({ holder: clusterLeases.holder })
      .from(clusterLeases)
      .where(and(eq(clusterLeases.name, name), sql`${clusterLeases.expiresAt} >= NOW(3)`));
    return row?.holder ?? null;
  }
}
