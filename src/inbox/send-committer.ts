import { isDuplicateKeyError, withTransaction, type Database } from '../db/client.js';
import type { CommittedSend, InboxStore, PreparedSend } from './inbox.store.js';
import { SendBatchStore } from './send-batch.store.js';

interface Pending {
  send: PreparedSend;
  resolve(result: CommittedSend): void;
  reject(error: unknown): void;
}

/**
 * Group commit for sendMessage. Sends that arrive while a transaction is in flight wait for
 * it and are then written together in one transaction (one fsync for many messages). A
 * lone send is committed at once, so nothing waits for a timer. Per-user order is kept by
 * the row locks of allocateInboxSeqs; a batch that fails for one bad send is retried one
 * send at a time so only that send fails.
 */
export class SendCommitter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly store: InboxStore,
    private readonly afterCommit: (results: CommittedSend[]) => Promise<void>,
    /** Plain batches in one round trip (null: every batch through the store's transaction). */
    private readonly batches: SendBatchStore | null = null,
    private readonly maxBatch = 200,
    private readonly maxInFlight = 2,
  ) {}

  submit(send: PreparedSend): Promise<CommittedSend> {
    return new Promise((resolve, reject) => {
      this.queue.push({ send, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    let results: CommittedSend[];
    try {
      results = await this.write(batch.map((p) => p.send));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(batch.map((p) => this.commit([p])));
      return;
    }
    // afterCommit hands off to delivery and the cache; it catches its own errors, because the
    // messages are committed whatever happens to their push.
    await this.afterCommit(results);
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  private async write(sends: PreparedSend[]): Promise<CommittedSend[]> {
    // A duplicate key means another transaction committed the same clientMessageId between
    // our check and our insert: run again, and the check now finds it.
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.batches && this.store.allocatesConsecutiveIds && SendBatchStore.takes(sends)) return await this.batches.commitSends(sends, new Date());
        return await withTransaction(this.db, (tx) => this.store.commitSends(tx, sends, new Date()));
      } catch (error) {
        if (attempt >= 3 || !isDuplicateKeyError(error)) throw error;
      }
    }
  }
}
