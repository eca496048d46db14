import type { FallbackChannel } from '../db/schema.js';
import type { NotificationsStore, SettingsRow } from './notifications.store.js';
import type { PushRules } from './quiet-hours.js';

/** A user's notification preferences as the API shows them (defaults when never set). */
export interface NotificationPreferences extends PushRules {
  userId: number;
  locale: string;
  fallbackChannels: FallbackChannel[];
  fallbackAfterSeconds: number;
  fallbackEmail: string | null;
  /** False when these are the defaults (the user never saved any). */
  saved: boolean;
}

export interface PreferenceDefaults {
  defaultTimeZone: string;
  defaultLocale: string;
  fallbackAfterSeconds: number;
}

export function preferencesOf(userId: number, row: SettingsRow | undefined, defaults: PreferenceDefaults): NotificationPreferences {
  if (!row) {
    return {
      userId,
      timeZone: defaults.defaultTimeZone,
      locale: defaults.defaultLocale,
      quietHours: [],
      urgentBypassesQuietHours: true,
      holdDuringMeetings: false,
      typeModes: {},
      fallbackChannels: [],
      fallbackAfterSeconds: defaults.fallbackAfterSeconds,
      fallbackEmail: null,
      saved: false,
    };
  }
  return {
    userId,
    timeZone: row.timeZone,
    locale: row.locale,
    quietHours: row.quietHours,
    urgentBypassesQuietHours: row.urgentBypassesQuietHours,
    holdDuringMeetings: row.holdDuringMeetings,
    typeModes: row.typeModes,
    fallbackChannels: row.fallbackChannels as FallbackChannel[],
    fallbackAfterSeconds: row.fallbackAfterSeconds,
    fallbackEmail: row.fallbackEmail,
    saved: true,
  };
}

/**
 * Reads preferences for the rules. Users who never saved any have the defaults, under which
 * nothing is ever held: `customRules` returns only users with a row, so a send to people who
 * never set a rule costs one indexed lookup and nothing else.
 */
export class SettingsResolver {
  constructor(
    private readonly store: NotificationsStore,
    private readonly defaults: PreferenceDefaults,
  ) {}

  async customRules(userIds: readonly number[]): Promise<Map<number, NotificationPreferences>> {
    const rows = await this.store.settingsOf(userIds);
    return new Map([...rows].map(([id, row]) => [id, preferencesOf(id, row, this.defaults)]));
  }

  async of(userIds: readonly number[]): Promise<Map<number, NotificationPreferences>> {
    const rows = await this.store.settingsOf(userIds);
    return new Map(userIds.map((id) => [id, preferencesOf(id, rows.get(id), this.defaults)]));
  }
}
