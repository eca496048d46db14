import mysql from 'mysql2/promise';

/**
 * The write every peer does per message, the same rows the product writes: lock the
 * recipients' users rows in id order, advance their inbox sequence, insert the message, one
 * recipient row and one inbox event per recipient, commit. One transaction per message (no
 * group commit: that is the product's own optimisation, not the peers').
 */
export interface WrittenMessage {
  id: number;
  createdAt: string;
  /** recipient id → that recipient's new inbox sequence number */
  seqs: Map<number, number>;
}

export function openPeerPool(url: string, size = 10): mysql.Pool {
  const pool = mysql.createPool({ uri: url, connectionLimit: size, timezone: 'Z', supportBigNumbers: true });
  pool.on('connection', (conn) => {
    // The pool hands out its callback-style connection (its typings say the promise one): the
    // result is a Query, not a promise, and must not be awaited.
    void conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}

const RETRYABLE = new Set([1213, 1205]);

export async function writeMessage(
  pool: mysql.Pool,
  tenantId: string,
  senderId: number,
  recipientIds: number[],
  content: string,
): Promise<WrittenMessage> {
  const ids = [...new Set(recipientIds)].sort((a, b) => a - b);
  for (let attempt = 1; ; attempt++) {
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const [locked] = await conn.query('SELECT id, inbox_seq FROM users WHERE tenant_id = ? AND id IN (?) ORDER BY id FOR UPDATE', [
        tenantId,
        ids,
      ]);
      const rows = locked as Array<{ id: number; inbox_seq: number }>;
      if (rows.length !== ids.length) throw new Error('unknown recipients');
      const seqs = new Map(rows.map((r) => [Number(r.id), Number(r.inbox_seq) + 1]));
      const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
      const caseArgs = rows.flatMap((r) => [r.id, Number(r.inbox_seq) + 1]);
      await conn.query(`UPDATE users SET inbox_seq = CASE id ${cases} END WHERE id IN (?)`, [...caseArgs, ids]);
      const createdAt = new Date();
      const [inserted] = await conn.query(
        'INSERT INTO messages (tenant_id, sender_id, type, priority, content, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [tenantId, senderId, 'TEXT', 'NORMAL', content, createdAt],
      );
      const messageId = (inserted as mysql.ResultSetHeader).insertId;
      await conn.query('INSERT INTO message_recipients (message_id, recipient_id, seq, created_at) VALUES ?', [
        ids.map((id) => [messageId, id, seqs.get(id), createdAt]),
      ]);
      await conn.query('INSERT INTO inbox_events (user_id, seq, kind, message_id, created_at) VALUES ?', [
        ids.map((id) => [id, seqs.get(id), 'MESSAGE', messageId, createdAt]),
      ]);
      await conn.commit();
      return { id: messageId, createdAt: createdAt.toISOString(), seqs };
    } catch (error) {
      await conn.rollback().catch(() => undefined);
      const errno = (error as { errno?: number }).errno;
      if (attempt < 5 && errno !== undefined && RETRYABLE.has(errno)) continue;
      throw error;
    } finally {
      conn.release();
    }
  }
}
