import type mysql from 'mysql2/promise';
import { isDuplicateKeyError, isRetryableTransactionError } from '../db/client.js';
import { messageRow, type CommittedSend, type MessageRow, type PreparedSend } from './inbox.store.js';

/**
 * The common batch of sends (no attachments, no forward) written in one round trip instead
 * of seven: one multi-statement query that starts the transaction, advances the recipients'
 * sequences (their rows locked in id order), inserts the messages, their recipient rows and
 * inbox events, reads the new positions back and commits. On this machine a statement's round
 * trip is a socket write and read on both sides plus drizzle's query building and mysql2's
 * parsing: in the split-link profile (docs/benchmarks.md, "Profiles") the sending instance
 * spent over a third of its time in them at about 8.5 statements per send, and a write
 * syscall on loopback alone was about 130 µs of its CPU.
 *
 * Same transaction, same locks, same rows as InboxStore.commitSends (which writes every other
 * batch). The messages' ids come from one multi-row INSERT, consecutive from LAST_INSERT_ID()
 * (the caller checks that the server allocates them so), and the recipient and event rows
 * refer to them as `@first + k` in the same query. A statement that fails stops the query
 * before `COMMIT`; the transaction is then rolled back. A clientMessageId already used fails
 * the one trip on the unique index: the batch is then written in two trips, the first of
 * which finds the earlier messages (what a client's retry gets back).
 *
 * Its connections allow several statements per query, so they are a pool of their own that
 * only this module uses, and every value in its text is escaped by mysql2 or checked to be an
 * integer, a time or a schema word.
 */
export class SendBatchStore {
  constructor(
    private readonly pool: mysql.Pool,
    /** Messages by id (InboxStore.findByIds), for sends that repeat an earlier clientMessageId. */
    private readonly findMessages: (ids: number[]) => Promise<MessageRow[]>,
  ) {}

  /** Whether this writer can take the batch: plain sends only. */
  static takes(sends: readonly PreparedSend[]): boolean {
    return sends.every((s) => !s.forward && (s.attachmentIds?.length ?? 0) === 0);
  }

  async commitSends(sends: PreparedSend[], now: Date, tries = 8): Promise<CommittedSend[]> {
    // One trip unless a key repeats within the batch; a key that repeats an earlier message
    // fails the one trip's INSERT (the unique index), and the two trips then find that message.
    let oneTrip = !repeatsAKey(sends);
    for (let attempt = 1; ; attempt++) {
      const conn = await this.pool.getConnection();
      let written: Written;
      try {
        written = oneTrip ? await this.writeInOneTrip(conn, sends, now) : await this.writeInTwoTrips(conn, sends, now);
      } catch (error) {
        await rollBackOrDrop(conn);
        if (oneTrip && isDuplicateKeyError(error)) {
          oneTrip = false;
          continue;
        }
        if (attempt >= tries || !isRetryableTransactionError(error)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        continue;
      }
      conn.release();
      return this.withRepeats(written);
    }
  }

  /**
   * Every send new: the sequences advanced, the messages inserted, and each message's recipient
   * rows and inbox events inserted from the recipients' advanced rows (INSERT … SELECT, so the
   * new positions are computed where the rows are locked), the new positions read back, and
   * COMMIT, in one query. A recipient with k messages in the batch takes positions
   * inbox_seq − k + 1 … inbox_seq, in batch order. A recipient whose row is gone (erased
   * between the tenant check and this commit) simply gets no row.
   */
  private async writeInOneTrip(conn: mysql.PoolConnection, sends: PreparedSend[], now: Date): Promise<Written> {
    const at = sqlTime(now);
    const counts = new Map<number, number>();
    for (const s of sends) for (const r of s.recipientIds) counts.set(r, (counts.get(r) ?? 0) + 1);
    const ids = [...counts.keys()].sort((a, b) => a - b);
    const values: unknown[] = [];
    let text = 'START TRANSACTION;';
    if (ids.length > 0) {
      const cases = ids.map((id) => `WHEN ${id} THEN ${integer(counts.get(id)!)}`).join(' ');
      text += `UPDATE users SET inbox_seq = inbox_seq + CASE id ${cases} END WHERE id IN (${integers(ids)});`;
    }
    text += insertMessages(sends, at, values);
    text += 'SET @first = LAST_INSERT_ID();';
    // How many later messages of the batch each recipient has: their position is that far below inbox_seq.
    const later = new Map(counts);
    const backs = sends.map((s) =>
      s.recipientIds.map((r) => {
        const left = later.get(r)! - 1;
        later.set(r, left);
        return left;
      }),
    );
    sends.forEach((s, k) => {
      if (s.recipientIds.length === 0) return;
      const behind = s.recipientIds.flatMap((r, j) => (backs[k]![j]! > 0 ? [`WHEN ${r} THEN ${backs[k]![j]}`] : []));
      const seq = behind.length === 0 ? 'inbox_seq' : `inbox_seq - CASE id ${behind.join(' ')} ELSE 0 END`;
      const of = `FROM users WHERE id IN (${integers(s.recipientIds)})`;
      text += `INSERT INTO message_recipients (message_id, recipient_id, seq, created_at) SELECT @first+${k}, id, ${seq}, ${at} ${of};`;
      text += `INSERT INTO inbox_events (user_id, seq, kind, message_id, created_at) SELECT id, ${seq}, 'MESSAGE', @first+${k}, ${at} ${of};`;
    });
    text += 'SELECT @first AS first_id;';
    if (ids.length > 0) text += `SELECT id, inbox_seq FROM users WHERE id IN (${integers(ids)});`;
    text += 'COMMIT';
    const [answer] = await conn.query(text, values);
    const answers = answer as unknown as unknown[];
    const firstRow = (answers.at(ids.length > 0 ? -3 : -2) as Array<{ first_id: number | string }>)[0]!;
    const firstId = Number(firstRow.first_id);
    const newSeq = new Map(ids.length > 0 ? (answers.at(-2) as Array<{ id: number; inbox_seq: number | string }>).map((r) => [Number(r.id), Number(r.inbox_seq)]) : []);
    const results = sends.map((send, k): CommittedSend => ({
      message: messageRow(send, firstId + k, now),
      deliveries: send.recipientIds.flatMap((recipientId, j) => {
        const last = newSeq.get(recipientId);
        return last === undefined ? [] : [{ recipientId, seq: last - backs[k]![j]! }];
      }),
      duplicate: false,
    }));
    return { results, repeatOf: new Map() };
  }

  private async writeInTwoTrips(conn: mysql.PoolConnection, sends: PreparedSend[], now: Date): Promise<Written> {
    const recipientIds = [...new Set(sends.flatMap((s) => s.recipientIds))].sort((a, b) => a - b);
    const keyed = sends.filter((s) => s.clientMessageId !== null);

    // Trip 1: the transaction, the recipients' rows locked in id order, the earlier sends of these keys.
    let text = 'START TRANSACTION;';
    const values: unknown[] = [];
    if (recipientIds.length > 0) text += `SELECT id, inbox_seq FROM users WHERE id IN (${integers(recipientIds)}) ORDER BY id FOR UPDATE;`;
    if (keyed.length > 0) {
      text += `SELECT id, sender_id, client_message_id FROM messages WHERE ${keyed.map(() => '(sender_id = ? AND client_message_id = ?)').join(' OR ')};`;
      for (const s of keyed) values.push(s.senderId, s.clientMessageId);
    }
    const [first] = await conn.query(text, values);
    const answers = first as unknown as unknown[];
    const locked = recipientIds.length > 0 ? (answers[1] as Array<{ id: number; inbox_seq: number | string }>) : [];
    const earlier = keyed.length > 0 ? (answers.at(-1) as Array<{ id: number; sender_id: number; client_message_id: string }>) : [];
    const lastSeq = new Map(locked.map((r) => [Number(r.id), Number(r.inbox_seq)]));
    const existingIds = new Map(earlier.map((r) => [keyOf(Number(r.sender_id), r.client_message_id), Number(r.id)]));

    // Which sends are new: not an earlier send's key, and not a repeat of one earlier in this batch.
    const fresh: number[] = [];
    const firstOfKey = new Map<string, number>();
    const repeatOf = new Map<number, { index: number } | { id: number }>();
    sends.forEach((send, i) => {
      const key = send.clientMessageId === null ? null : keyOf(send.senderId, send.clientMessageId);
      const existing = key === null ? undefined : existingIds.get(key);
      if (existing !== undefined) repeatOf.set(i, { id: existing });
      else if (key !== null && firstOfKey.has(key)) repeatOf.set(i, { index: firstOfKey.get(key)! });
      else {
        if (key !== null) firstOfKey.set(key, i);
        fresh.push(i);
      }
    });

    // Trip 2: sequences, messages, recipients, inbox events and the commit in one query.
    const at = sqlTime(now);
    const counts = new Map<number, number>();
    for (const i of fresh) for (const r of sends[i]!.recipientIds) counts.set(r, (counts.get(r) ?? 0) + 1);
    const deliveriesOf = new Map<number, Array<{ recipientId: number; seq: number }>>();
    const recipientRows: string[] = [];
    const eventRows: string[] = [];
    const previous = new Map(lastSeq);
    fresh.forEach((i, k) => {
      const deliveries = sends[i]!.recipientIds.map((recipientId) => {
        const seq = lastSeq.get(recipientId)! + 1;
        lastSeq.set(recipientId, seq);
        recipientRows.push(`(@first+${k},${recipientId},${seq},${at})`);
        eventRows.push(`(${recipientId},${seq},'MESSAGE',@first+${k},${at})`);
        return { recipientId, seq };
      });
      deliveriesOf.set(i, deliveries);
    });
    text = '';
    values.length = 0;
    if (fresh.length > 0) {
      const ids = [...counts.keys()];
      const cases = ids.map((id) => `WHEN ${id} THEN ${integer(previous.get(id)! + counts.get(id)!)}`).join(' ');
      text += `UPDATE users SET inbox_seq = CASE id ${cases} END WHERE id IN (${integers(ids)});`;
      text += insertMessages(fresh.map((i) => sends[i]!), at, values);
      text += 'SET @first = LAST_INSERT_ID();';
      if (recipientRows.length > 0) {
        text += `INSERT INTO message_recipients (message_id, recipient_id, seq, created_at) VALUES ${recipientRows.join(',')};`;
        text += `INSERT INTO inbox_events (user_id, seq, kind, message_id, created_at) VALUES ${eventRows.join(',')};`;
      }
      text += 'SELECT @first AS first_id;';
    }
    text += 'COMMIT';
    const [second] = await conn.query(text, values);
    const firstId = fresh.length > 0 ? Number((((second as unknown as unknown[]).at(-2)) as Array<{ first_id: number | string }>)[0]!.first_id) : 0;

    const results = new Array<CommittedSend | undefined>(sends.length);
    fresh.forEach((i, k) => {
      results[i] = { message: messageRow(sends[i]!, firstId + k, now), deliveries: deliveriesOf.get(i)!, duplicate: false };
    });
    return { results, repeatOf };
  }

  /**
   * Fills in the sends that repeated a clientMessageId with the message it stands for: one of
   * this batch, or an earlier one read after the commit (committed before this transaction
   * looked, so it is there; a client's retry, rare).
   */
  private async withRepeats({ results, repeatOf }: Written): Promise<CommittedSend[]> {
    const earlierIds = [...repeatOf.values()].flatMap((of) => ('id' in of ? [of.id] : []));
    const earlier = new Map((earlierIds.length > 0 ? await this.findMessages(earlierIds) : []).map((m) => [m.id, m]));
    for (const [i, of] of repeatOf) {
      const message = 'id' in of ? earlier.get(of.id) : results[of.index]!.message;
      if (!message) throw new Error('the message of a repeated clientMessageId is gone');
      results[i] = { message, deliveries: [], duplicate: true };
    }
    return results as CommittedSend[];
  }
}

/** A batch written: the new sends' results, and which sends repeated a key (an earlier message, or one of the batch). */
interface Written {
  results: Array<CommittedSend | undefined>;
  repeatOf: Map<number, { index: number } | { id: number }>;
}

/** A sender's clientMessageId as one map key. */
function keyOf(senderId: number, clientMessageId: string): string {
  return `${senderId}\u0000${clientMessageId}`;
}

/** The messages' multi-row INSERT; their values are appended to `values` (escaped by mysql2). */
function insertMessages(sends: readonly PreparedSend[], at: string, values: unknown[]): string {
  for (const s of sends) values.push(s.tenantId, s.senderId, s.type, s.priority, s.content, s.replyToId, s.clientMessageId);
  return `INSERT INTO messages (tenant_id, sender_id, type, priority, content, reply_to_id, client_message_id, created_at) VALUES ${sends.map(() => `(?,?,?,?,?,?,?,${at})`).join(',')};`;
}

/** Whether two sends of the batch carry the same clientMessageId. */
function repeatsAKey(sends: readonly PreparedSend[]): boolean {
  const keys = new Set<string>();
  for (const s of sends) {
    if (s.clientMessageId === null) continue;
    const key = keyOf(s.senderId, s.clientMessageId);
    if (keys.has(key)) return true;
    keys.add(key);
  }
  return false;
}

async function rollBackOrDrop(conn: mysql.PoolConnection): Promise<void> {
  try {
    await conn.query('ROLLBACK');
    conn.release();
  } catch {
    conn.destroy(); // the connection itself failed: the server rolls back when it goes
  }
}

function integer(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`not an id or a position: ${value}`);
  return value;
}

function integers(values: readonly number[]): string {
  return values.map(integer).join(',');
}

/** A DATETIME(3) literal in UTC. */
function sqlTime(date: Date): string {
  return `'${date.toISOString().slice(0, 23).replace('T', ' ')}'`;
}
