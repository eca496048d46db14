import { DateTime } from 'luxon';
import type { MessagePriority, MessageType } from '../db/schema.js';

/** A quiet period that starts on `weekday` (1 = Monday … 7 = Sunday) at `start` local time; an `end` at or before `start` is on the next day. */
export interface QuietWindow {
  weekday: number;
  start: string;
  end: string;
}

export const TYPE_MODES = ['PUSH', 'HOLD', 'MUTE'] as const;
export type TypeMode = (typeof TYPE_MODES)[number];

/** What the rules need of a user's preferences. */
export interface PushRules {
  timeZone: string;
  quietHours: QuietWindow[];
  urgentBypassesQuietHours: boolean;
  holdDuringMeetings: boolean;
  typeModes: Partial<Record<MessageType, TypeMode>>;
}

/** Why a push is not live now, and until when (null: until an event, the end of a meeting). */
export type PushDecision = { push: 'LIVE' } | { push: 'MUTED' } | { push: 'HELD'; until: Date | null };

/** HH:mm, or HH:mm:ss for periods that end at a precise second. */
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function isTimeOfDay(text: string): boolean {
  return HH_MM.test(text);
}

export function isTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

function at(day: DateTime, time: string): DateTime {
  const [, h, m, sec] = HH_MM.exec(time)!;
  return day.set({ hour: Number(h), minute: Number(m), second: Number(sec ?? 0), millisecond: 0 });
}

/**
 * The end of the quiet period `now` falls in (in the user's zone), or null when it falls in
 * none. Periods that touch are followed to the end of the last one.
 */
export function quietUntil(rules: Pick<PushRules, 'timeZone' | 'quietHours'>, now: Date): Date | null {
  let current: DateTime = DateTime.fromJSDate(now, { zone: rules.timeZone });
  let end: DateTime | null = null;
  // A week of touching windows at most; each step moves to the end of the window found.
  for (let step = 0; step < 8; step += 1) {
    const found = windowEndAt(rules.quietHours, current);
    if (!found || (end && found <= end)) break;
    end = found;
    current = found;
  }
  return end ? end.toJSDate() : null;
}

function windowEndAt(windows: QuietWindow[], now: DateTime): DateTime | null {
  let latest: DateTime | null = null;
  for (const dayStart of [now.startOf('day'), now.startOf('day').minus({ days: 1 })]) {
    for (const w of windows) {
      if (w.weekday !== dayStart.weekday) continue;
      const start = at(dayStart, w.start);
      let end = at(dayStart, w.end);
      if (end <= start) end = end.plus({ days: 1 });
      if (start <= now && now < end && (!latest || end > latest)) latest = end;
    }
  }
  return latest;
}

/**
 * Whether a message's live push goes out now, in the order of docs/notifications.md: the
 * type's mode (MUTE never, PUSH always), then quiet hours (URGENT passes unless the user
 * turned that off, or the type is HOLD), then a running meeting.
 */
export function decidePush(
  rules: PushRules,
  message: { type: MessageType; priority: MessagePriority },
  now: Date,
  meeting: { until: Date | null } | null,
): PushDecision {
  const mode = rules.typeModes[message.type];
  if (mode === 'MUTE') return { push: 'MUTED' };
  if (mode === 'PUSH') return { push: 'LIVE' };
  const bypass = mode !== 'HOLD' && message.priority === 'URGENT';
  const quiet = quietUntil(rules, now);
  const inMeeting = rules.holdDuringMeetings ? meeting : null;
  if (quiet && !(bypass && rules.urgentBypassesQuietHours)) {
    // Held to the later of the two ends when a meeting runs past the quiet hours.
    if (inMeeting && !bypass) return { push: 'HELD', until: inMeeting.until === null ? null : inMeeting.until > quiet ? inMeeting.until : quiet };
    return { push: 'HELD', until: quiet };
  }
  if (inMeeting && !bypass) return { push: 'HELD', until: inMeeting.until };
  return { push: 'LIVE' };
}
