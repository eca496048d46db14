import type { TagRow } from '../organizing/organizing.store.js';
import type { CommittedSend, MessageRow } from './inbox.store.js';

/**
 * One change to a user's inbox, as streams and `sync` hand it out (src/wire/payloads.ts
 * encodes it for `user:{id}:messages`). `seq` is the last inbox position the event covers; a
 * READ event made by one markRead covers the consecutive positions firstSeq..seq, one per
 * message id.
 */
export type InboxEvent =
  /** `held`: the live push of this message is held (docs/notifications.md); streams hand it on later. */
  | { kind: 'MESSAGE'; firstSeq: number; seq: number; message: MessageRow; isRead: boolean; readAt: Date | null; held?: boolean }
  | { kind: 'READ'; firstSeq: number; seq: number; messageIds: number[]; readAt: Date }
  /** The message was recalled; `message` is its tombstone. */
  | { kind: 'RECALL'; firstSeq: number; seq: number; message: MessageRow }
  /** A message in the inbox changed (its link previews arrived): `message` is its new state. */
  | { kind: 'UPDATE'; firstSeq: number; seq: number; message: MessageRow }
  /** Organizing (src/organizing/): the recipient's star, archive or tags of one message changed; its state after the change. */
  | { kind: 'LABELS'; firstSeq: number; seq: number; messageId: number; starredAt: Date | null; archivedAt: Date | null; tagIds: number[] }
  /** One of the user's tags was created, renamed or recoloured (`tag`), or deleted (`tag` null). */
  | { kind: 'TAG'; firstSeq: number; seq: number; tagId: number; tag: TagRow | null }
  /**
   * Held pushes released (quiet hours or a meeting ended), in inbox order: not a position of
   * the log (`seq` is the stream's position when it arrives); the messages are at their own.
   */
  | { kind: 'RELEASED'; firstSeq: number; seq: number; messages: Array<{ seq: number; message: MessageRow }> };

/** The organizing events (src/organizing/). */
export type OrganizeEvent = Extract<InboxEvent, { kind: 'LABELS' | 'TAG' }>;

/**
 * What a committed transaction changed in users' inboxes, told to every reaction in
 * src/reactions.ts after the commit and before the mutation returns.
 */
export type InboxChange =
  | { kind: 'sent'; results: CommittedSend[] }
  | {
      kind: 'read';
      userId: number;
      events: Array<{ messageId: number; seq: number }>;
      readAt: Date;
      /** How many of the messages read carried each of the reader's tags (read in the transaction). */
      tagCounts?: Array<{ tagId: number; count: number }>;
    }
  | { kind: 'recall'; message: MessageRow; recipients: Array<{ recipientId: number; seq: number; wasUnread: boolean }> }
  /** A message changed after its send (link previews): one UPDATE position in each recipient's inbox. */
  | { kind: 'update'; message: MessageRow; deliveries: Array<{ recipientId: number; seq: number }> }
  /**
   * Organizing changes of one user (src/organizing/): consecutive positions, one per event.
   * `tagDeltas` change the unread counts by tag; `pageChanged` when a star or an archive changed
   * what the first page shows.
   */
  | { kind: 'organize'; userId: number; events: OrganizeEvent[]; tagDeltas: Array<{ tagId: number; delta: number }>; pageChanged: boolean };

/** Each user's highest inbox position a change took (what a cache entry must not be filled below). */
export function topSeqs(change: InboxChange): Map<number, number> {
  const top = new Map<number, number>();
  const raise = (userId: number, seq: number) => top.set(userId, Math.max(top.get(userId) ?? 0, seq));
  if (change.kind === 'sent') for (const r of change.results) for (const d of r.deliveries) raise(d.recipientId, d.seq);
  else if (change.kind === 'read') for (const e of change.events) raise(change.userId, e.seq);
  else if (change.kind === 'recall') for (const r of change.recipients) raise(r.recipientId, r.seq);
  else if (change.kind === 'organize') for (const e of change.events) raise(change.userId, e.seq);
  else for (const d of change.deliveries) raise(d.recipientId, d.seq);
  return top;
}

/** The part of an event after position `after` (a READ group may be half seen), or null. */
export function eventAfter(event: InboxEvent, after: number): InboxEvent | null {
  if (event.seq <= after) return null;
  if (event.firstSeq > after || event.kind !== 'READ') return event;
  const skip = after - event.firstSeq + 1;
  return { ...event, firstSeq: after + 1, messageIds: event.messageIds.slice(skip) };
}
