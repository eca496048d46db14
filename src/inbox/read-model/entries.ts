import { MESSAGE_PRIORITIES, MESSAGE_TYPES, type MessagePriority, type MessageType } from '../../db/schema.js';
import { userTag } from '../../redis/key-slot.js';
import { decodeInboxItem, encodeInboxItem } from '../../wire/payloads.js';
import type { InboxItem } from '../inbox.store.js';

/**
 * Key names of the product (docs/architecture.md); RedisService.key adds the deployment's
 * prefix. Tagged with the user id: both entries, the user's presence and limits share a slot.
 */
export const pageKey = (userId: number) => `messages:user:${userTag(userId)}`;
export const countsKey = (userId: number) => `unread_count:user:${userTag(userId)}`;

export type { InboxItem };

export interface UnreadCounts {
  total: number;
  byType: Array<{ type: MessageType; count: number }>;
  byPriority: Array<{ priority: MessagePriority; count: number }>;
  /** Unread messages per tag of the user's (src/organizing/); tags with none may be absent. */
  byTag: Array<{ tagId: number; count: number }>;
}

export interface CachedPage {
  /** Newest first. */
  items: InboxItem[];
  /** Whether the inbox holds messages older than the last cached one. */
  older: boolean;
  /** Whether one of those is known not to be archived (false: unknown, or none). */
  olderVisible: boolean;
}

/** A change to one user's entries: the inbox seqs (from, to] of one committed transaction. */
export interface EntryChange {
  userId: number;
  from: number;
  to: number;
}

const typeField = (type: MessageType) => `type:${type}`;
const priorityField = (priority: MessagePriority) => `priority:${priority}`;
const tagField = (tagId: number) => `tag:${tagId}`;
const TAG_FIELD = /^tag:(\d+)$/;

/**
 * The entry's data when it is servable: written by this Redis process (run) and with no
 * change missing between its fill and its newest update. Otherwise null.
 */
function servable(hash: Record<string, string>, run: string): Record<string, string> | null {
  if (hash._run !== run || hash._base === undefined) return null;
  const base = Number(hash._base);
  const top = Number(hash._top);
  const applied = Number(hash._applied);
  return base + applied === top ? hash : null;
}

/** The immutable part of a page item (src/wire/payloads.ts); read state lives in its own field so reads can change it. */
export const encodeItem = encodeInboxItem;

export function pageFillFields(rows: InboxItem[], pageSize: number): Array<string | number> {
  const kept = rows.slice(0, pageSize);
  // _oldervis: an older message is known not to be archived (the default inbox has a next page).
  const next = rows[pageSize];
  const fields: Array<string | number> = ['_count', kept.length, '_older', next ? 1 : 0, '_oldervis', next && next.receipt.archivedAt === null ? 1 : 0];
  for (const row of kept) {
    fields.push(`m:${row.message.id}`, `${row.receipt.seq}|${encodeItem(row)}`);
    if (row.receipt.isRead) fields.push(`r:${row.message.id}`, row.receipt.readAt?.getTime() ?? '');
    // Organizing: a star or an archive empties the page (InboxCache.apply), so these only come from fills.
    if (row.receipt.starredAt) fields.push(`s:${row.message.id}`, row.receipt.starredAt.getTime());
    if (row.receipt.archivedAt) fields.push(`a:${row.message.id}`, row.receipt.archivedAt.getTime());
  }
  return fields;
}

export function decodePage(hash: Record<string, string>, run: string, userId: number): CachedPage | null {
  const data = servable(hash, run);
  if (!data) return null;
  const items: InboxItem[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (!field.startsWith('m:')) continue;
    const bar = value.indexOf('|');
    const seq = Number(value.slice(0, bar));
    const { message, deliveredAt } = decodeInboxItem(value.slice(bar + 1));
    const readAt = data[`r:${message.id}`];
    const starredAt = data[`s:${message.id}`];
    const archivedAt = data[`a:${message.id}`];
    items.push({
      message,
      receipt: {
        messageId: message.id,
        recipientId: userId,
        seq,
        isRead: readAt !== undefined,
        readAt: readAt === undefined || readAt === '' ? null : new Date(Number(readAt)),
        deliveredAt,
        starredAt: starredAt === undefined ? null : new Date(Number(starredAt)),
        archivedAt: archivedAt === undefined ? null : new Date(Number(archivedAt)),
      },
    });
  }
  items.sort((a, b) => b.receipt.seq - a.receipt.seq);
  return { items, older: data._older === '1', olderVisible: data._oldervis === '1' };
}

export function emptyCounts(): UnreadCounts {
  return {
    total: 0,
    byType: MESSAGE_TYPES.map((type) => ({ type, count: 0 })),
    byPriority: MESSAGE_PRIORITIES.map((priority) => ({ priority, count: 0 })),
    byTag: [],
  };
}

/** Sums unread rows grouped by (type, priority) into the API's shape. */
export function countsFromBreakdown(
  rows: Array<{ type: MessageType; priority: MessagePriority; count: number }>,
  byTag: Array<{ tagId: number; count: number }> = [],
): UnreadCounts {
  const counts = emptyCounts();
  counts.byTag = byTag.filter((t) => t.count > 0).sort((a, b) => a.tagId - b.tagId);
  for (const row of rows) {
    counts.total += row.count;
    counts.byType.find((c) => c.type === row.type)!.count += row.count;
    counts.byPriority.find((c) => c.priority === row.priority)!.count += row.count;
  }
  return counts;
}

export function countsFillFields(counts: UnreadCounts): Array<string | number> {
  const fields: Array<string | number> = ['total', counts.total];
  for (const { type, count } of counts.byType) fields.push(typeField(type), count);
  for (const { priority, count } of counts.byPriority) fields.push(priorityField(priority), count);
  for (const { tagId, count } of counts.byTag) fields.push(tagField(tagId), count);
  return fields;
}

/**
 * The counters when servable and coherent. The sums must agree and nothing may be negative:
 * anything else means an entry was damaged, and it is treated as a miss.
 */
export function decodeCounts(hash: Record<string, string>, run: string): UnreadCounts | null {
  const data = servable(hash, run);
  if (!data) return null;
  const read = (field: string) => Number(data[field] ?? 0);
  const counts: UnreadCounts = {
    total: read('total'),
    byType: MESSAGE_TYPES.map((type) => ({ type, count: read(typeField(type)) })),
    byPriority: MESSAGE_PRIORITIES.map((priority) => ({ priority, count: read(priorityField(priority)) })),
    byTag: [],
  };
  for (const [field, value] of Object.entries(data)) {
    const tag = TAG_FIELD.exec(field);
    // A deleted tag's counter stays at 0 until the next fill; zeros are not listed.
    if (tag && Number(value) !== 0) counts.byTag.push({ tagId: Number(tag[1]), count: Number(value) });
  }
  counts.byTag.sort((a, b) => a.tagId - b.tagId);
  const sum = (list: Array<{ count: number }>) => list.reduce((n, c) => n + c.count, 0);
  const coherent =
    Number.isSafeInteger(counts.total) &&
    counts.total >= 0 &&
    [...counts.byType, ...counts.byPriority, ...counts.byTag].every((c) => Number.isSafeInteger(c.count) && c.count >= 0) &&
    sum(counts.byType) === counts.total &&
    sum(counts.byPriority) === counts.total &&
    counts.byTag.every((c) => c.count <= counts.total);
  return coherent ? counts : null;
}

/** Counter deltas for a set of messages (+1 or -1 each), as alternating field, delta. */
export function countDeltas(
  rows: Array<{ type: MessageType; priority: MessagePriority; count: number }>,
  sign: 1 | -1,
): Array<string | number> {
  const deltas = new Map<string, number>();
  const add = (field: string, n: number) => deltas.set(field, (deltas.get(field) ?? 0) + sign * n);
  for (const row of rows) {
    add('total', row.count);
    add(typeField(row.type), row.count);
    add(priorityField(row.priority), row.count);
  }
  return [...deltas].flat();
}

/** Counter deltas of unread messages per tag (src/organizing/), as alternating field, delta. */
export function tagDeltaFields(deltas: ReadonlyArray<{ tagId: number; delta: number }>): Array<string | number> {
  const out: Array<string | number> = [];
  for (const { tagId, delta } of deltas) if (delta !== 0) out.push(tagField(tagId), delta);
  return out;
}
