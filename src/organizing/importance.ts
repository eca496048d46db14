import type { MessagePriority, MessageType } from '../db/schema.js';
import type { InboxItem } from '../inbox/inbox.store.js';
import type { BehaviourRow } from './importance.store.js';

/** An unread message with its importance for this user and why, in words (null with the ordering off). */
export interface RankedMessage extends InboxItem {
  score: number;
  reason: string | null;
}

interface Stats {
  received: number;
  quick: number;
  read: number;
  starred: number;
  replies: number;
}

const none: Stats = { received: 0, quick: 0, read: 0, starred: 0, replies: 0 };

/**
 * How much the user acts on messages like these, smoothed so that no history gives 0.5:
 * (quick + 0.5·slow + replies + stars + 0.5) / (received + 1). A sender whose every message
 * is read at once scores about 1; one who is also answered and starred, up to 3; one whose
 * messages are ignored, towards 0.
 */
export function engagement(s: Stats): number {
  const slow = Math.max(0, s.read - s.quick);
  return (s.quick + 0.5 * slow + s.replies + s.starred + 0.5) / (s.received + 1);
}

export const WEIGHTS = { sender: 3, type: 1, cap: 2 } as const;
export const PRIORITY_BONUS: Readonly<Record<MessagePriority, number>> = { URGENT: 2, NORMAL: 0, LOW: -0.5 };
export const TYPE_BONUS: Readonly<Record<MessageType, number>> = { MEETING_INVITE: 1.5, REMINDER: 0.5, MEETING_SUMMARY: 0.5, TEXT: 0, SYSTEM: 0 };
/** The history needed before a sender's habits are named as the reason. */
const MIN_HISTORY = 3;

const TYPE_WORDS: Readonly<Record<MessageType, string>> = {
  TEXT: 'messages',
  SYSTEM: 'announcements',
  MEETING_INVITE: 'meeting invitations',
  MEETING_SUMMARY: 'meeting summaries',
  REMINDER: 'reminders',
};

function add(into: Stats, row: BehaviourRow): Stats {
  return {
    received: into.received + row.received,
    quick: into.quick + row.quick,
    read: into.read + row.read,
    starred: into.starred + row.starred,
    replies: into.replies + row.replies,
  };
}

/**
 * Scores and orders unread messages (docs/organizing.md, "Important first"):
 *   score = 3·min(E(sender), 2) + 1·min(E(type), 2) + priority bonus + type bonus + recency,
 * recency = 0.5·2^(−age in hours / 24). The reason names the term that lifts the message most.
 */
export function rankImportant(candidates: InboxItem[], history: BehaviourRow[], names: Map<number, string>, now: Date): RankedMessage[] {
  const bySender = new Map<number, Stats>();
  const byType = new Map<MessageType, Stats>();
  for (const row of history) {
    bySender.set(row.senderId, add(bySender.get(row.senderId) ?? none, row));
    byType.set(row.type, add(byType.get(row.type) ?? none, row));
  }
  const ranked = candidates.map((item) => {
    const { message } = item;
    const sender = bySender.get(message.senderId) ?? none;
    const type = byType.get(message.type) ?? none;
    const senderTerm = WEIGHTS.sender * Math.min(engagement(sender), WEIGHTS.cap);
    const typeTerm = WEIGHTS.type * Math.min(engagement(type), WEIGHTS.cap);
    const priority = PRIORITY_BONUS[message.priority];
    const typeBonus = message.meetingId !== null ? Math.max(TYPE_BONUS[message.type], 1) : TYPE_BONUS[message.type];
    const ageHours = Math.max(0, now.getTime() - message.createdAt.getTime()) / 3_600_000;
    const recency = 0.5 * 2 ** (-ageHours / 24);
    const score = senderTerm + typeTerm + priority + typeBonus + recency;
    const name = names.get(message.senderId) ?? 'this sender';
    // Each term's lift over what a message with no history and no flags gets.
    const lifts: Array<[number, string]> = [
      [sender.received >= MIN_HISTORY ? senderTerm - WEIGHTS.sender * 0.5 : 0, senderReason(sender, name)],
      [type.received >= MIN_HISTORY ? typeTerm - WEIGHTS.type * 0.5 : 0, `You usually read ${TYPE_WORDS[message.type]} soon after they arrive`],
      [priority, 'Marked urgent'],
      [typeBonus, message.type === 'MEETING_INVITE' ? 'A meeting invitation' : message.type === 'REMINDER' ? 'A reminder' : 'About a meeting'],
    ];
    const [lift, words] = lifts.reduce((best, next) => (next[0] > best[0] ? next : best));
    return { ...item, score, reason: lift > 0.1 ? words : `New from ${name}` };
  });
  return ranked.sort((a, b) => b.score - a.score || b.receipt.seq - a.receipt.seq);
}

function senderReason(s: Stats, name: string): string {
  if (s.replies / Math.max(1, s.received) >= 0.3) return `You often reply to ${name}`;
  if (s.starred / Math.max(1, s.received) >= 0.3) return `You often star ${name}'s messages`;
  if (s.quick / Math.max(1, s.received) >= 0.5) return `You usually read ${name}'s messages within minutes`;
  return `You usually read ${name}'s messages`;
}
