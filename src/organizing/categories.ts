import { MESSAGE_TYPES, type MessageType } from '../db/schema.js';

/**
 * The system categories of the inbox. They follow the message type, and this map is the only
 * place that says which: a new type is added here (the compiler insists), and a category may
 * gather several types.
 */
export const MESSAGE_CATEGORIES = ['CONVERSATIONS', 'MEETING_INVITES', 'MEETING_SUMMARIES', 'REMINDERS', 'SYSTEM'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export const CATEGORY_OF_TYPE: Readonly<Record<MessageType, MessageCategory>> = {
  TEXT: 'CONVERSATIONS',
  MEETING_INVITE: 'MEETING_INVITES',
  MEETING_SUMMARY: 'MEETING_SUMMARIES',
  REMINDER: 'REMINDERS',
  SYSTEM: 'SYSTEM',
};

/** The message types of a category (what a `category` filter asks for). */
export function typesOf(category: MessageCategory): MessageType[] {
  return MESSAGE_TYPES.filter((type) => CATEGORY_OF_TYPE[type] === category);
}

/** Counts by category from counts by type. */
export function countsByCategory(byType: ReadonlyArray<{ type: MessageType; count: number }>): Array<{ category: MessageCategory; count: number }> {
  const counts = new Map<MessageCategory, number>(MESSAGE_CATEGORIES.map((c) => [c, 0]));
  for (const { type, count } of byType) counts.set(CATEGORY_OF_TYPE[type], counts.get(CATEGORY_OF_TYPE[type])! + count);
  return [...counts].map(([category, count]) => ({ category, count }));
}
