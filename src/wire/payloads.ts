import type { MessagePriority } from '../db/schema.js';
import type { InboxEvent } from '../inbox/inbox-events.js';
import type { InboxItem, MessageRow } from '../inbox/inbox.store.js';
import type { SegmentRow } from '../meetings/meetings.store.js';
import type { TagRow } from '../organizing/organizing.store.js';
import type { LinkPreview } from '../previews/link-preview.js';

/**
 * Every payload that crosses Redis — channel messages, the broadcast, queue entries, the
 * meeting transcript, cached inbox items — is named, encoded and decoded here, and nowhere
 * else. One convention for dates: **milliseconds since the epoch, as a JSON number** (null
 * when absent). Payloads are JSON text; keys are short because every push carries them.
 * Channel and key names are the product's (docs/architecture.md); RedisService adds the
 * deployment's prefix.
 */

// ---- channels ----------------------------------------------------------------------------

/** A user's inbox events, subscribed by each instance that holds one of the user's sockets. */
export const userChannel = (userId: number) => `user:${userId}:messages`;
/** Fan-outs to many users: one payload, each instance picks its own users. */
export const BROADCAST_CHANNEL = 'broadcast:all';
export const transcriptChannel = (meetingId: number) => `meeting:${meetingId}:transcript`;
/** Instances tell each other that a user's profile changed; the payload is the user id. */
export const PROFILE_INVALIDATION_CHANNEL = 'cache:profiles:invalidate';
/** A user saved new notification rules: every instance reads them again (src/notifications/settings.ts). */
export const RULES_INVALIDATION_CHANNEL = 'cache:notification-rules:invalidate';
/** A socket of the user opened or closed somewhere; empty payload (watchers read presence again). */
export const presenceChannel = (userId: number) => `presence:${userId}`;

// ---- dates -------------------------------------------------------------------------------

const toMs = (date: Date | null): number | null => (date === null ? null : date.getTime());
const fromMs = (ms: unknown): Date | null => (typeof ms === 'number' ? new Date(ms) : null);

// ---- messages ----------------------------------------------------------------------------

type WireMessage = Omit<MessageRow, 'createdAt' | 'recalledAt'> & { createdAt: number; recalledAt: number | null };

/** A message row as JSON text; encoded once per message however many recipients it has. */
export function encodeMessage(message: MessageRow): string {
  const wire: WireMessage = { ...message, createdAt: message.createdAt.getTime(), recalledAt: toMs(message.recalledAt) };
  return JSON.stringify(wire);
}

function decodeMessage(raw: WireMessage): MessageRow {
  return { ...raw, createdAt: new Date(raw.createdAt), recalledAt: fromMs(raw.recalledAt) };
}

// ---- user channel: inbox events ----------------------------------------------------------

type WireInboxEvent =
  | { k: 'M'; s: number; m: WireMessage }
  | { k: 'C'; s: number; m: WireMessage }
  | { k: 'R'; f: number; s: number; ids: number[]; at: number }
  | { k: 'U'; s: number; m: WireMessage }
  | { k: 'L'; s: number; id: number; st: number | null; ar: number | null; t: number[] }
  | { k: 'T'; s: number; id: number; tag: WireTag | null }
  | { k: 'H'; r: Array<[seq: number, message: WireMessage]> };

type WireTag = Omit<TagRow, 'createdAt'> & { createdAt: number };

/**
 * A new message at inbox position `seq`, around the message's text from `encodeMessage`;
 * `held` marks a push the recipient's notification rules hold (the stream moves past it).
 */
export function encodeMessageEvent(seq: number, messageJson: string, held = false): string {
  return held ? `{"k":"M","s":${seq},"h":1,"m":${messageJson}}` : `{"k":"M","s":${seq},"m":${messageJson}}`;
}

/** Held pushes released together, in inbox order (src/notifications/push-holds.ts). */
export function encodeReleaseEvent(messages: Array<{ seq: number; message: MessageRow }>): string {
  return `{"k":"H","r":[${messages.map((m) => `[${m.seq},${encodeMessage(m.message)}]`).join(',')}]}`;
}

/** Messages marked read: positions firstSeq… one per id, in the order of `messageIds`. */
export function encodeReadEvent(firstSeq: number, messageIds: number[], readAt: Date): string {
  const wire: WireInboxEvent = { k: 'R', f: firstSeq, s: firstSeq + messageIds.length - 1, ids: messageIds, at: readAt.getTime() };
  return JSON.stringify(wire);
}

/** A recall at inbox position `seq`, around the tombstone's text from `encodeMessage`. */
export function encodeRecallEvent(seq: number, messageJson: string): string {
  return `{"k":"C","s":${seq},"m":${messageJson}}`;
}

/** A message that changed (its link previews arrived) at inbox position `seq`, around `encodeMessage`'s text. */
export function encodeUpdateEvent(seq: number, messageJson: string): string {
  return `{"k":"U","s":${seq},"m":${messageJson}}`;
}

/** Organizing (src/organizing/): a message's star, archive and tags after a change, at inbox position `seq`. */
export function encodeLabelsEvent(event: Extract<InboxEvent, { kind: 'LABELS' }>): string {
  const wire: WireInboxEvent = { k: 'L', s: event.seq, id: event.messageId, st: toMs(event.starredAt), ar: toMs(event.archivedAt), t: event.tagIds };
  return JSON.stringify(wire);
}

/** Organizing: a tag after a change (null: deleted), at inbox position `seq`. */
export function encodeTagEvent(event: Extract<InboxEvent, { kind: 'TAG' }>): string {
  const tag = event.tag && { ...event.tag, createdAt: event.tag.createdAt.getTime() };
  const wire: WireInboxEvent = { k: 'T', s: event.seq, id: event.tagId, tag };
  return JSON.stringify(wire);
}

export function decodeInboxEvent(payload: string): InboxEvent {
  const raw = JSON.parse(payload) as WireInboxEvent;
  if (raw.k === 'L') {
    return { kind: 'LABELS', firstSeq: raw.s, seq: raw.s, messageId: raw.id, starredAt: fromMs(raw.st), archivedAt: fromMs(raw.ar), tagIds: raw.t };
  }
  if (raw.k === 'T') {
    const tag = raw.tag && { ...raw.tag, createdAt: new Date(raw.tag.createdAt) };
    return { kind: 'TAG', firstSeq: raw.s, seq: raw.s, tagId: raw.id, tag };
  }
  if (raw.k === 'M') {
    const event: InboxEvent = { kind: 'MESSAGE', firstSeq: raw.s, seq: raw.s, message: decodeMessage(raw.m), isRead: false, readAt: null };
    return (raw as { h?: number }).h ? { ...event, held: true } : event;
  }
  if (raw.k === 'H') return { kind: 'RELEASED', firstSeq: 0, seq: 0, messages: raw.r.map(([seq, m]) => ({ seq, message: decodeMessage(m) })) };
  if (raw.k === 'C') return { kind: 'RECALL', firstSeq: raw.s, seq: raw.s, message: decodeMessage(raw.m) };
  if (raw.k === 'U') return { kind: 'UPDATE', firstSeq: raw.s, seq: raw.s, message: decodeMessage(raw.m) };
  return { kind: 'READ', firstSeq: raw.f, seq: raw.s, messageIds: raw.ids, readAt: new Date(raw.at) };
}

// ---- broadcast:all -----------------------------------------------------------------------

interface WireBroadcast {
  k: 'B';
  m: WireMessage;
  r: Array<[userId: number, seq: number]>;
  /** Recipients whose push is held (absent when none). */
  h?: number[];
}

function encodeBroadcast(messageJson: string, deliveries: Array<[number, number]>, held: Set<number>): string {
  const heldPart = held.size > 0 ? `,"h":${JSON.stringify([...held])}` : '';
  return `{"k":"B","m":${messageJson},"r":${JSON.stringify(deliveries)}${heldPart}}`;
}

/** The recipients of a broadcast, and its message decoded only when an instance holds one of them. */
export function decodeBroadcast(payload: string): {
  recipients: Array<[userId: number, seq: number]>;
  held: Set<number>;
  message: () => MessageRow;
} {
  const raw = JSON.parse(payload) as WireBroadcast;
  let message: MessageRow | null = null;
  return { recipients: raw.r, held: new Set(raw.h), message: () => (message ??= decodeMessage(raw.m)) };
}

// ---- the delivery queue (message_delivery_queue:{lane}) ----------------------------------

/** One committed message to push: encoded once, with each recipient's inbox position. */
export interface DeliveryJob {
  messageId: number;
  priority: MessagePriority;
  /** `encodeMessage` of the message. */
  messageJson: string;
  deliveries: Array<[recipientId: number, seq: number]>;
  /** Recipients whose live push is held by their notification rules (src/notifications/). */
  held?: number[];
}

/** The fields of a stream entry (XADD … field value …). */
export function encodeQueueEntry(job: DeliveryJob): string[] {
  const fields = ['id', String(job.messageId), 'p', job.priority, 'm', job.messageJson, 'r', JSON.stringify(job.deliveries)];
  if (job.held && job.held.length > 0) fields.push('h', JSON.stringify(job.held));
  return fields;
}

/** The message of a queued job (what a dead-lettered job tells the `message.failed` webhook). */
export function messageOfJob(job: DeliveryJob): MessageRow {
  return decodeMessage(JSON.parse(job.messageJson) as WireMessage);
}

export function decodeQueueEntry(fields: string[]): DeliveryJob {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  return {
    messageId: Number(f.id),
    priority: f.p as MessagePriority,
    messageJson: f.m!,
    deliveries: JSON.parse(f.r!) as Array<[number, number]>,
    ...(f.h ? { held: JSON.parse(f.h) as number[] } : {}),
  };
}

/**
 * What jobs publish, as (channel, payload) pairs: one event per recipient on their channel,
 * or, for a fan-out to at least `broadcastThreshold` users, one broadcast:all payload.
 */
export function publicationsOf(jobs: DeliveryJob[], broadcastThreshold: number): Array<[channel: string, payload: string]> {
  const items: Array<[string, string]> = [];
  for (const job of jobs) {
    const held = new Set(job.held);
    if (job.deliveries.length >= broadcastThreshold) {
      items.push([BROADCAST_CHANNEL, encodeBroadcast(job.messageJson, job.deliveries, held)]);
      continue;
    }
    for (const [recipientId, seq] of job.deliveries) {
      items.push([userChannel(recipientId), encodeMessageEvent(seq, job.messageJson, held.has(recipientId))]);
    }
  }
  return items;
}

// ---- meeting transcripts -----------------------------------------------------------------

type WireSegment = Omit<SegmentRow, 'createdAt'> & { createdAt: number };

export function encodeSegment(segment: SegmentRow): string {
  const wire: WireSegment = { ...segment, createdAt: segment.createdAt.getTime() };
  return JSON.stringify(wire);
}

export function decodeSegment(payload: string): SegmentRow {
  const raw = JSON.parse(payload) as WireSegment;
  return { ...raw, createdAt: new Date(raw.createdAt) };
}

// ---- cached inbox items (messages:user:{id}) ---------------------------------------------

/** The part of a cached page item that never changes; read state is kept in its own field. */
export function encodeInboxItem(item: InboxItem): string {
  return `{"m":${encodeMessage(item.message)},"d":${toMs(item.receipt.deliveredAt)}}`;
}

export function decodeInboxItem(text: string): { message: MessageRow; deliveredAt: Date | null } {
  const raw = JSON.parse(text) as { m: WireMessage; d: number | null };
  return { message: decodeMessage(raw.m), deliveredAt: fromMs(raw.d) };
}

// ---- link_preview:{sha} -----------------------------------------------------------------

/** A cached preview of one URL; `null` remembers that the URL has none (for a shorter time). */
export function encodeLinkPreviewEntry(preview: LinkPreview | null): string {
  return JSON.stringify({ p: preview });
}

export function decodeLinkPreviewEntry(text: string): { preview: LinkPreview | null } {
  const raw = JSON.parse(text) as { p?: LinkPreview | null };
  return { preview: raw.p ?? null };
}

// ---- sync_status:{id} --------------------------------------------------------------------

/** A user's last `sync`: when, and up to which inbox position (for support and metrics). */
export function encodeSyncStatus(seq: number, at: Date): string {
  return JSON.stringify({ at: at.getTime(), seq });
}
