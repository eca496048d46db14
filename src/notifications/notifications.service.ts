import type { Viewer } from '../auth/auth.service.js';
import { MESSAGE_TYPES, type FallbackChannel, type MessageType } from '../db/schema.js';
import { badInput } from '../graphql/errors.js';
import type { MeetingsService } from '../meetings/meetings.service.js';
import type { NotificationsStore } from './notifications.store.js';
import type { PushHolds } from './push-holds.js';
import { isTimeOfDay, isTimeZone, type QuietWindow, type TypeMode } from './quiet-hours.js';
import type { NotificationPreferences, SettingsResolver } from './settings.js';

export interface NotificationSettingsInput {
  timeZone?: string | null;
  locale?: string | null;
  quietHours?: QuietWindow[] | null;
  urgentBypassesQuietHours?: boolean | null;
  holdDuringMeetings?: boolean | null;
  typeModes?: Array<{ type: MessageType; mode: TypeMode }> | null;
  fallbackChannels?: FallbackChannel[] | null;
  fallbackAfterSeconds?: number | null;
  fallbackEmail?: string | null;
}

/** Preferences and meeting times: the parts of the notification rules a user changes. */
export class NotificationsService {
  constructor(
    private readonly store: NotificationsStore,
    private readonly settings: SettingsResolver,
    private readonly holds: PushHolds,
    private readonly meetings: MeetingsService,
  ) {}

  async preferences(viewer: Viewer): Promise<NotificationPreferences> {
    return (await this.settings.of([viewer.id])).get(viewer.id)!;
  }

  /** Changes what is given and keeps the rest; the rules apply to messages sent from now on. */
  async update(viewer: Viewer, input: NotificationSettingsInput): Promise<NotificationPreferences> {
    const current = await this.preferences(viewer);
    if (input.timeZone != null && !isTimeZone(input.timeZone)) throw badInput('timeZone is not an IANA time zone', 'timeZone');
    if (input.locale != null && !isLocale(input.locale)) throw badInput('locale is not a BCP 47 language tag', 'locale');
    for (const w of input.quietHours ?? []) {
      if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7) throw badInput('weekday is 1 (Monday) to 7 (Sunday)', 'quietHours');
      if (!isTimeOfDay(w.start) || !isTimeOfDay(w.end)) throw badInput('start and end are HH:mm or HH:mm:ss', 'quietHours');
    }
    if (input.fallbackChannels?.includes('EMAIL') && !(input.fallbackEmail ?? current.fallbackEmail)) {
      throw badInput('the EMAIL fallback needs fallbackEmail', 'fallbackEmail');
    }
    const typeModes = input.typeModes ? Object.fromEntries(input.typeModes.map((t) => [t.type, t.mode])) : current.typeModes;
    for (const type of Object.keys(typeModes)) if (!MESSAGE_TYPES.includes(type as MessageType)) throw badInput('unknown message type', 'typeModes');
    await this.store.saveSettings({
      userId: viewer.id,
      timeZone: input.timeZone ?? current.timeZone,
      locale: input.locale ? canonicalLocale(input.locale) : current.locale,
      quietHours: input.quietHours ?? current.quietHours,
      urgentBypassesQuietHours: input.urgentBypassesQuietHours ?? current.urgentBypassesQuietHours,
      holdDuringMeetings: input.holdDuringMeetings ?? current.holdDuringMeetings,
      typeModes,
      fallbackChannels: input.fallbackChannels ?? current.fallbackChannels,
      fallbackAfterSeconds: input.fallbackAfterSeconds ?? current.fallbackAfterSeconds,
      fallbackEmail: input.fallbackEmail !== undefined ? input.fallbackEmail : current.fallbackEmail,
    });
    await this.settings.invalidate(viewer.id);
    // Quiet hours may have ended with this change: the release timer reads the rules again.
    await this.holds.releaseSoon([viewer.id]);
    return this.preferences(viewer);
  }

  /** Starts a meeting now (a participant): its participants are in a meeting until it ends. */
  async startMeeting(viewer: Viewer, meetingId: number, endsAt: Date | null): Promise<{ startsAt: Date; endsAt: Date | null }> {
    await this.meetings.access(viewer, meetingId);
    const now = new Date();
    if (endsAt && endsAt <= now) throw badInput('endsAt must be in the future', 'endsAt');
    await this.store.setMeetingTimes(meetingId, now, endsAt);
    return { startsAt: now, endsAt };
  }

  /** Ends a meeting now; pushes held for its participants are released (unless other rules still hold them). */
  async endMeeting(viewer: Viewer, meetingId: number): Promise<{ startsAt: Date; endsAt: Date | null }> {
    await this.meetings.access(viewer, meetingId);
    const times = await this.store.meetingTimesOf(meetingId);
    if (!times) throw badInput('the meeting was never started', 'meetingId');
    const now = new Date();
    const endsAt = times.endsAt && times.endsAt <= now ? times.endsAt : now;
    await this.store.setMeetingTimes(meetingId, times.startsAt, endsAt);
    await this.holds.releaseSoon(await this.meetings.participantIds(meetingId));
    return { startsAt: times.startsAt, endsAt };
  }

  async meetingTimes(meetingId: number): Promise<{ startsAt: Date; endsAt: Date | null } | null> {
    return this.store.meetingTimesOf(meetingId);
  }
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

function canonicalLocale(tag: string): string {
  return Intl.getCanonicalLocales(tag)[0]!;
}
