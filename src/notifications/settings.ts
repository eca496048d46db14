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
  /**
   * Reads of users' rules in flight. Both reactions to a committed send (held pushes and the
   * offline fallback) ask for the recipients' rules in the same turn; they share one read
   * instead of a statement each (one of the ten statements of a lone send). A read only
   * ever serves requests made while it is in flight, and a save drops the user's, so a
   * request after a save reads what was saved.
   */
  private readonly reading = new Map<number, Promise<Map<number, SettingsRow>>>();

  constructor(
    private readonly store: NotificationsStore,
    private readonly defaults: PreferenceDefaults,
  ) {}

  async customRules(userIds: readonly number[]): Promise<Map<number, NotificationPreferences>> {
    const missing = userIds.filter((id) => !this.reading.has(id));
    if (missing.length > 0) {
      const read = this.store.settingsOf(missing);
      for (const id of missing) this.reading.set(id, read);
      const done = () => {
        for (const id of missing) if (this.reading.get(id) === read) this.reading.delete(id);
      };
      read.then(done, done);
    }
    const reads = new Set(userIds.map((id) => this.reading.get(id)!));
    const rows = new Map<number, SettingsRow>();
    for (const read of await Promise.all(reads)) for (const [id, row] of read) rows.set(id, row);
    const rules = new Map<number, NotificationPreferences>();
    for (const id of userIds) {
      const row = rows.get(id);
      if (row) rules.set(id, preferencesOf(id, row, this.defaults));
    }
    return rules;
  }

  /** A user's rules changed: later requests read them again. */
  forget(userId: number): void {
    this.reading.delete(userId);
  }

  async of(userIds: readonly number[]): Promise<Map<number, NotificationPreferences>> {
    const rows = await this.store.settingsOf(userIds);
    return new Map(userIds.map((id) => [id, preferencesOf(id, rows.get(id), this.defaults)]));
  }
}
