import { and, desc, eq, gt, inArray, isNull, like, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import mysql from 'mysql2/promise';
import type { Database } from '../db/client.js';
import { messageRecipients, messages, searchTerms } from '../db/schema.js';
import { inboxFilterConditions, receiptColumns, type InboxFilter, type MessageRow, type Receipt } from '../inbox/inbox.store.js';

/** One message's postings: each owner (sender and recipients) gets each term. */
export interface IndexEntry {
  messageId: number;
  owners: readonly number[];
  terms: readonly string[];
}

/** A message as the reindex reads it. */
export interface IndexSource {
  id: number;
  senderId: number;
  content: string;
  forwardComment: string | null;
  recipientIds: number[];
}

const ROWS_PER_INSERT = 4000;
/** Up to this many terms of a prefix are scanned one by one and merged; more are scanned together. */
const MAX_MERGED_SCANS = 32;
const LIVE = 'search_terms';
const NEXT = 'search_terms_next';
const OLD = 'search_terms_old';

/** Characters LIKE treats specially, escaped so a prefix matches only itself. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The search index (docs/search.md): `search_terms`, an inverted index scoped by owner. The
 * reads of a search take the executor to run on (the primary or a read replica, chosen by
 * src/inbox/read-your-writes.ts); writes always go to the primary.
 */
export class SearchStore {
  constructor(private readonly db: Database) {}

  /**
   * Adds postings, many rows per statement. Terms come from message text, so each one is
   * escaped by mysql2's own escaping (what `query` with `?` does); ids are checked integers.
   * Built as text rather than through the query builder: a message gives one row per term
   * and owner, and the builder's cost per row would dominate the send's CPU.
   */
  async add(entries: readonly IndexEntry[], table: string = LIVE): Promise<void> {
    const rows: string[] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      await this.db.execute(sql.raw(`INSERT IGNORE INTO \`${table}\` (owner_id, term, message_id) VALUES ${rows.join(',')}`));
      rows.length = 0;
    };
    for (const entry of entries) {
      if (!Number.isSafeInteger(entry.messageId)) throw new Error(`not an id: ${entry.messageId}`);
      const terms = entry.terms.map((term) => mysql.escape(term));
      for (const owner of entry.owners) {
        if (!Number.isSafeInteger(owner)) throw new Error(`not an id: ${owner}`);
        for (const term of terms) rows.push(`(${owner},${term},${entry.messageId})`);
        if (rows.length >= ROWS_PER_INSERT) await flush();
      }
    }
    await flush();
  }

  /** The owner's distinct terms that start with `prefix`, at most `limit` (in term order). */
  async termsWithPrefix(ownerId: number, prefix: string, limit: number, executor: Database = this.db): Promise<string[]> {
    const rows = await executor
      .selectDistinct({ term: searchTerms.term })
      .from(searchTerms)
      .where(and(eq(searchTerms.ownerId, ownerId), like(searchTerms.term, likePrefix(prefix))))
      .orderBy(searchTerms.term)
      .limit(limit);
    return rows.map((r) => Buffer.from(r.term as unknown as Uint8Array).toString('utf8'));
  }

  /**
   * Ids of the owner's messages, newest first, below `beforeId`, that have a term of every
   * set in `termSets` (the first set drives the scan: the caller puts the narrowest first),
   * contain every phrase, are not recalled, belong to the tenant and pass the filter (the
   * same conditions as the inbox: inboxFilterConditions, on the owner's receipt).
   */
  async matchingIds(opts: {
    ownerId: number;
    tenantId: string;
    termSets: string[][];
    phrases: readonly string[];
    beforeId: number | null;
    limit: number;
    filter: InboxFilter;
  }, executor: Database = this.db): Promise<number[]> {
    const [driver, ...others] = opts.termSets;
    if (!driver || driver.length === 0) return [];
    const p0 = alias(searchTerms, 'p0');
    const termIn = (column: AnyMySqlColumn, terms: string[]) =>
      terms.length === 1 ? sql`${column} = ${terms[0]}` : sql`${column} IN (${sql.join(terms.map((t) => sql`${t}`), sql`, `)})`;
    const conditions: SQL[] = [
      eq(p0.ownerId, opts.ownerId),
      eq(messages.tenantId, opts.tenantId),
      isNull(messages.recalledAt),
      ...inboxFilterConditions(opts.ownerId, opts.filter),
    ];
    if (opts.beforeId !== null) conditions.push(lt(p0.messageId, opts.beforeId));
    others.forEach((terms, i) => {
      const pk = alias(searchTerms, `p${i + 1}`);
      conditions.push(
        sql`EXISTS (SELECT 1 FROM ${searchTerms} AS ${sql.identifier(`p${i + 1}`)} WHERE ${pk.ownerId} = ${opts.ownerId} AND ${termIn(pk.term, terms)} AND ${pk.messageId} = ${p0.messageId})`,
      );
    });
    for (const phrase of opts.phrases) conditions.push(like(messages.content, `%${phrase.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const scan = (terms: string[]) =>
      executor
        .select({ id: p0.messageId })
        .from(p0)
        .innerJoin(messages, eq(messages.id, p0.messageId))
        .leftJoin(messageRecipients, and(eq(messageRecipients.messageId, p0.messageId), eq(messageRecipients.recipientId, opts.ownerId)))
        .where(and(termIn(p0.term, terms), ...conditions));
    // One term: the primary key gives each message once, newest first, and the scan stops at
    // `limit`. A few (a prefix): the same scan per term, each stopping at `limit`, merged (the
    // newest `limit` of a union are among the newest `limit` of each part). Many: one scan of
    // all their postings, grouped, since a message may carry more than one of them.
    const newest = (terms: string[]) => scan(terms).orderBy(desc(p0.messageId)).limit(opts.limit);
    if (driver.length === 1) return (await newest(driver)).map((r) => r.id);
    if (driver.length <= MAX_MERGED_SCANS) {
      const parts = sql.join(
        driver.map((term) => sql`(${newest([term])})`),
        sql` UNION `,
      );
      const [rows] = (await executor.execute(sql`${parts} ORDER BY 1 DESC LIMIT ${opts.limit}`)) as unknown as [Array<Record<string, unknown>>];
      return rows.map((r) => Number(Object.values(r)[0]));
    }
    const rows = await scan(driver).groupBy(p0.messageId).orderBy(desc(p0.messageId)).limit(opts.limit);
    return rows.map((r) => r.id);
  }

  /**
   * How many of the owner's postings have one of `terms`, counted up to `cap`: enough to tell
   * a rare term from a common one, so the rarest drives the scan.
   */
  async countUpTo(ownerId: number, terms: string[], cap: number, executor: Database = this.db): Promise<number> {
    const inner = executor
      .select({ one: sql`1` })
      .from(searchTerms)
      .where(and(eq(searchTerms.ownerId, ownerId), inArray(searchTerms.term, terms)))
      .limit(cap)
      .as('capped');
    const [row] = await executor.select({ n: sql<number>`COUNT(*)` }).from(inner);
    return Number(row?.n ?? 0);
  }

  /** The messages with these ids and the owner's receipt of each (null where the owner only sent it), in the order of `ids`. */
  async hits(ownerId: number, ids: readonly number[], executor: Database = this.db): Promise<Array<{ message: MessageRow; receipt: Receipt | null }>> {
    if (ids.length === 0) return [];
    const rows = await executor
      .select({ message: messages, receipt: receiptColumns })
      .from(messages)
      .leftJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), eq(messageRecipients.recipientId, ownerId)))
      .where(inArray(messages.id, [...ids]));
    const byId = new Map(rows.map((r) => [r.message.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    });
  }

  // ---- the reindex (scripts/search-reindex.ts) ---------------------------------------------

  /** Messages with ids above `afterId`, in id order, with their recipients; recalled ones are skipped. */
  async sourcesAfter(afterId: number, limit: number): Promise<IndexSource[]> {
    const rows = await this.db
      .select({ id: messages.id, senderId: messages.senderId, content: messages.content, forwardComment: messages.forwardComment })
      .from(messages)
      .where(and(gt(messages.id, afterId), isNull(messages.recalledAt)))
      .orderBy(messages.id)
      .limit(limit);
    if (rows.length === 0) return [];
    const recipients = await this.db
      .select({ messageId: messageRecipients.messageId, recipientId: messageRecipients.recipientId })
      .from(messageRecipients)
      .where(inArray(messageRecipients.messageId, rows.map((r) => r.id)));
    const byMessage = new Map<number, number[]>();
    for (const r of recipients) {
      const list = byMessage.get(r.messageId) ?? [];
      list.push(r.recipientId);
      byMessage.set(r.messageId, list);
    }
    return rows.map((r) => ({ ...r, recipientIds: byMessage.get(r.id) ?? [] }));
  }

  /** How many messages a rebuild indexes (those not recalled). */
  async messageCount(): Promise<{ count: number }> {
    const [row] = await this.db.select({ count: sql<number>`COUNT(*)` }).from(messages).where(isNull(messages.recalledAt));
    return { count: Number(row?.count ?? 0) };
  }

  /** An empty table shaped like the index, for a rebuild that replaces it in one step. */
  async createNext(): Promise<string> {
    await this.db.execute(sql.raw(`DROP TABLE IF EXISTS \`${NEXT}\``));
    await this.db.execute(sql.raw(`CREATE TABLE \`${NEXT}\` LIKE \`${LIVE}\``));
    return NEXT;
  }

  /** Puts the rebuilt table in place of the live one (one atomic RENAME) and drops the old one. */
  async swapInNext(): Promise<void> {
    await this.db.execute(sql.raw(`DROP TABLE IF EXISTS \`${OLD}\``));
    await this.db.execute(sql.raw(`RENAME TABLE \`${LIVE}\` TO \`${OLD}\`, \`${NEXT}\` TO \`${LIVE}\``));
    await this.db.execute(sql.raw(`DROP TABLE \`${OLD}\``));
  }
}
