import type { CommittedSend, MessageRow } from './inbox.store.js';

/**
 * One change to a user's inbox, as streams and `sync` hand it out (src/wire/payloads.ts
 * encodes it for `user:{id}:messages`). `seq` is the last inbox position the event covers; a
 * READ event made by one markRead covers the consecutive positions firstSeq..seq, one per
 * message id.
 */
export type InboxEvent =
  | { kind: 'MESSAGE'; firstSeq: number; seq: number; message: MessageRow; isRead: boolean; readAt: Date | null }
  | { kind: 'READ'; firstSeq: number; seq: number; messageIds: number[]; readAt: Date }
  /** A message in the inbox changed (its link previews arrived): `message` is its new state. */
  | { kind: 'UPDATE'; firstSeq: number; seq: number; message: MessageRow };

/**
 * What a committed transaction changed in users' inboxes, told to every reaction in
 * src/reactions.ts after the commit and before the mutation returns.
 */
export type InboxChange =
  | { kind: 'sent'; results: CommittedSend[] }
  | { kind: 'read'; userId: number; events: Array<{ messageId: number; seq: number }>; readAt: Date }
  /** A message changed after its send (link previews): one UPDATE position in each recipient's inbox. */
  | { kind: 'update'; message: MessageRow; deliveries: Array<{ recipientId: number; seq: number }> };

/** The part of an event after position `after` (a READ group may be half seen), or null. */
export function eventAfter(event: InboxEvent, after: number): InboxEvent | null {
  if (event.seq <= after) return null;
  if (event.firstSeq > after || event.kind !== 'READ') return event;
  const skip = after - event.firstSeq + 1;
  return { ...event, firstSeq: after + 1, messageIds: event.messageIds.slice(skip) };
}
