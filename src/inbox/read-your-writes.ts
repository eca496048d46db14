import { LRUCache } from 'lru-cache';
import type { Database } from '../db/client.js';
import type { ReadReplicas } from '../db/replicas.js';
import { topSeqs, type InboxChange } from './inbox-events.js';
import type { InboxLogStore } from './inbox-log.store.js';

/** Users whose positions an instance remembers; the oldest is forgotten first. */
const REMEMBERED_USERS = 100_000;

/** Runs a read of one user's inbox, sent messages or search where it may run (ReadYourWrites, or primaryReads). */
export interface UserReads {
  run<T>(userId: number, read: (db: Database) => Promise<T>, since?: number): Promise<T>;
}

/** Every read on the database given (no replicas: scripts, benchmarks, tests that build a service alone). */
export function primaryReads(db: Database): UserReads {
  return { run: (_userId, read) => read(db) };
}

/** What else knows a user's latest inbox position. */
export interface KnownPositions {
  /** The furthest position the user's open streams on this instance handed on (StreamRegistry). */
  streams(userId: number): number;
  /** The highest position any instance's commit applied to the read model in Redis (InboxCache); 0 when unknown. */
  readModel(userId: number): Promise<number>;
}

/**
 * Read-your-writes over read replicas (docs/read-replicas.md), decided by the inbox sequence.
 *
 * Every change takes the next seq of each user whose inbox it changes, and the replica applies
 * the primary's transactions in commit order, so "the replica holds position N of user U"
 * (its `users.inbox_seq` of U is at least N) means it holds that change and every change
 * committed before it. A read for a user names the positions it must include:
 * - the user's own inbox position as far as it is known: the highest seq a change committed
 *   on this instance gave the user (their markRead, tags, a message to them), the highest seq
 *   the user's open streams here handed on (a push), and the read model's `_top` in Redis,
 *   which every instance's commits raise before their mutation returns (so a write through
 *   one instance and a read through another, with no sticky sessions, still agree);
 * - the position that proves the user's last write that moved someone else's inbox: a send or
 *   recall is in the replica once its first recipient's new seq is (one transaction);
 * - the client's own cursor, for `sync(since:)`.
 * The read runs on a replica once one holds them all (one primary-key lookup of `users` on the
 * replica, asked again every 10 ms for up to DATABASE_REPLICA_WAIT_MS), and on the primary
 * otherwise. A user this instance knows nothing about reads from a replica without a check.
 */
export class ReadYourWrites implements UserReads {
  /** userId → the highest seq of the user's inbox that a change committed on this instance took. */
  private readonly positions: LRUCache<number, number>;
  /** userId → one position that proves the user's last send or recall (another user's inbox). */
  private readonly writes: LRUCache<number, { userId: number; seq: number }>;

  constructor(
    private readonly replicas: ReadReplicas,
    private readonly log: InboxLogStore,
    private readonly known: KnownPositions,
    /** DATABASE_REPLICA_MAX_LAG_SECONDS (0: no bound). */
    maxLagSeconds: number,
  ) {
    // A position is remembered a minute, or twice the lag bound: a replica further behind
    // takes no reads, so an older position cannot matter. With no bound: until evicted.
    const ttl = maxLagSeconds > 0 ? { ttl: Math.max(60_000, 2000 * maxLagSeconds) } : {};
    this.positions = new LRUCache({ max: REMEMBERED_USERS, ...ttl });
    this.writes = new LRUCache({ max: REMEMBERED_USERS, ...ttl });
  }

  /** A reaction to every commit (src/reactions.ts): remembers the positions it gave. */
  react(change: InboxChange): Promise<void> {
    if (!this.replicas.enabled) return Promise.resolve();
    for (const [userId, seq] of topSeqs(change)) {
      if (seq > (this.positions.get(userId) ?? 0)) this.positions.set(userId, seq);
    }
    if (change.kind === 'sent') {
      for (const result of change.results) {
        const proof = result.deliveries[0];
        if (proof) this.writes.set(result.message.senderId, { userId: proof.recipientId, seq: proof.seq });
      }
    } else if (change.kind === 'recall' && change.message.recalledBy !== null) {
      const proof = change.recipients[0];
      if (proof) this.writes.set(change.message.recalledBy, { userId: proof.recipientId, seq: proof.seq });
    }
    return Promise.resolve();
  }

  /**
   * Runs `read` (of `userId`'s inbox, sent messages or search) on a replica that holds every
   * position the user must see, `since` (the client's cursor) among them; on the primary
   * otherwise.
   */
  async run<T>(userId: number, read: (db: Database) => Promise<T>, since = 0): Promise<T> {
    if (!this.replicas.enabled) return this.replicas.run(null, read);
    const needed = new Map<number, number>();
    const need = (user: number, seq: number) => {
      if (seq > (needed.get(user) ?? 0)) needed.set(user, seq);
    };
    const shared = await this.known.readModel(userId);
    need(userId, Math.max(since, shared, this.positions.get(userId) ?? 0, this.known.streams(userId)));
    const write = this.writes.get(userId);
    if (write) need(write.userId, write.seq);
    return this.replicas.run(needed.size === 0 ? null : (replica) => this.holds(replica, needed), read);
  }

  /** Whether the replica's inbox positions reach every needed one. */
  private async holds(replica: Database, needed: Map<number, number>): Promise<boolean> {
    const seqs = await this.log.currentSeqs([...needed.keys()], replica);
    for (const [userId, seq] of needed) if ((seqs.get(userId) ?? 0) < seq) return false;
    return true;
  }
}
