import type { MessageRow } from '../messages/messages.store.js';

/**
 * One change to a user's inbox, as it travels on `user:{id}:messages` and as streams and
 * `sync` hand it out. `seq` is the last inbox position the event covers; a READ event made
 * by one markRead covers the consecutive positions firstSeq..seq, one per message id.
 */
export type InboxEvent =
  | { kind: 'MESSAGE'; firstSeq: number; seq: number; message: MessageRow; isRead: boolean; readAt: Date | null }
  | { kind: 'READ'; firstSeq: number; seq: number; messageIds: number[]; readAt: Date };

const DATE_FIELDS = ['createdAt', 'recalledAt'] as const;

/** The message part of a payload, serialized once per message however many recipients it has. */
export function serializeMessage(message: MessageRow): string {
  return JSON.stringify(message);
}

export function messageEventPayload(seq: number, messageJson: string): string {
  return `{"k":"M","s":${seq},"m":${messageJson}}`;
}

export function readEventPayload(firstSeq: number, messageIds: number[], readAt: Date): string {
  return JSON.stringify({ k: 'R', f: firstSeq, s: firstSeq + messageIds.length - 1, ids: messageIds, at: readAt.toISOString() });
}

/** A message row back from JSON: its dates were strings on the wire. */
export function reviveMessage(raw: Record<string, unknown>): MessageRow {
  const message = { ...raw } as Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    const value = raw[field];
    message[field] = typeof value === 'string' ? new Date(value) : null;
  }
  return message as unknown as MessageRow;
}

export function parseEventPayload(payload: string): InboxEvent {
  const raw = JSON.parse(payload) as
    | { k: 'M'; s: number; m: Record<string, unknown> }
    | { k: 'R'; f: number; s: number; ids: number[]; at: string };
  if (raw.k === 'M') {
    return { kind: 'MESSAGE', firstSeq: raw.s, seq: raw.s, message: reviveMessage(raw.m), isRead: false, readAt: null };
  }
  return { kind: 'READ', firstSeq: raw.f, seq: raw.s, messageIds: raw.ids, readAt: new Date(raw.at) };
}

/** The part of an event after position `after` (a READ group may be half seen), or null. */
export function eventAfter(event: InboxEvent, after: number): InboxEvent | null {
  if (event.seq <= after) return null;
  if (event.firstSeq > after || event.kind === 'MESSAGE') return event;
  const skip = after - event.firstSeq + 1;
  return { ...event, firstSeq: after + 1, messageIds: event.messageIds.slice(skip) };
}

export function userChannel(userId: number): string {
  return `user:${userId}:messages`;
}

export const BROADCAST_CHANNEL = 'broadcast:all';
