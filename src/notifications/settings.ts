import { LRUCache } from 'lru-cache';
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

/** How the resolver keeps users' rules between sends (src/app.ts wires it). */
export interface RulesMemory {
  /** How long a user's rules (or their having none) are kept; 0: read on every send. */
  ttlMs: number;
  /** Tells every instance that a user's rules changed; `listen` hears the others'. */
  announce(userId: number): Promise<void>;
  listen(forget: (userId: number) => void): void;
  /** Whether announcements reach this instance now (false while Redis is away: nothing is kept then). */
  hearsOthers(): boolean;
  /** Called when announcements may have been missed (Redis lost): everything kept is dropped. */
  onMissedAnnouncements(drop: () => void): void;
}

/**
 * Reads preferences for the rules. Users who never saved any have the defaults, under which
 * nothing is ever held: `customRules` returns only users with a row.
 *
 * Every committed send asks for its recipients' rules (held pushes, the offline fallback),
 * which was one statement of every send. They are kept per user for `ttlMs` — a user with
 * no rules as well — and dropped on every instance when the user saves new ones (`invalidate`,
 * over the bus). While announcements cannot arrive (Redis away) nothing is kept, and what was
 * kept is dropped when Redis goes, so a save on another instance is never missed for longer
 * than the moment the bus takes.
 */
export class SettingsResolver {
  /**
   * Reads of users' rules in flight. Both reactions to a committed send (held pushes and the
   * offline fallback) ask for the recipients' rules in the same turn; they share one read
   * instead of a statement each. A read only ever serves requests made while it is in
   * flight, and a save drops the user's, so a request after a save reads what was saved.
   */
  private readonly reading = new Map<number, Promise<Map<number, SettingsRow>>>();
  /** Each user's row, or null for none, for `ttlMs`. */
  private readonly kept: LRUCache<number, SettingsRow | typeof NO_ROW> | null;
  /** Bumped by every forget: a read that began before one does not keep its result. */
  private generation = 0;

  constructor(
    private readonly store: NotificationsStore,
    private readonly defaults: PreferenceDefaults,
    private readonly memory: RulesMemory | null = null,
  ) {
    this.kept = memory && memory.ttlMs > 0 ? new LRUCache({ max: KEPT_USERS, ttl: memory.ttlMs }) : null;
    if (this.kept) {
      memory!.listen((userId) => this.forget(userId));
      memory!.onMissedAnnouncements(() => {
        this.generation += 1;
        this.kept!.clear();
      });
    }
  }

  async customRules(userIds: readonly number[]): Promise<Map<number, NotificationPreferences>> {
    const rows = new Map<number, SettingsRow>();
    const unknown: number[] = [];
    for (const id of userIds) {
      const row = this.kept?.get(id);
      if (row === undefined) unknown.push(id);
      else if (row !== NO_ROW) rows.set(id, row);
    }
    if (unknown.length > 0) for (const [id, row] of await this.read(unknown)) rows.set(id, row);
    const rules = new Map<number, NotificationPreferences>();
    for (const id of userIds) {
      const row = rows.get(id);
      if (row) rules.set(id, preferencesOf(id, row, this.defaults));
    }
    return rules;
  }

  /**
   * Starts reading the rules of users not kept and not being read, without waiting: a send
   * asks for its recipients' rules while its transaction runs, so that the read after the
   * commit (which stands between the commit and the push) finds them kept or in flight. A
   * failure is not reported here: the read after the commit shares it while it is in flight
   * and reports it, or reads again.
   */
  prefetch(userIds: readonly number[]): void {
    // Nothing would be kept (ttlMs 0, or Redis away): a read that lands before the commit
    // would only be read again after it.
    if (!this.kept || !this.memory!.hearsOthers()) return;
    const kept = this.kept;
    const unknown = userIds.filter((id) => kept.get(id) === undefined && !this.reading.has(id));
    if (unknown.length > 0) this.read(unknown).catch(() => undefined);
  }

  /** A user's rules changed here: this instance and every other read them again. */
  async invalidate(userId: number): Promise<void> {
    this.forget(userId);
    if (this.kept) await this.memory!.announce(userId);
  }

  async of(userIds: readonly number[]): Promise<Map<number, NotificationPreferences>> {
    const rows = await this.store.settingsOf(userIds);
    return new Map(userIds.map((id) => [id, preferencesOf(id, rows.get(id), this.defaults)]));
  }

  private forget(userId: number): void {
    this.generation += 1;
    this.reading.delete(userId);
    this.kept?.delete(userId);
  }

  /** The rows of these users, one read shared with requests for them already in flight; kept when nothing changed meanwhile. */
  private async read(userIds: number[]): Promise<Map<number, SettingsRow>> {
    const missing = userIds.filter((id) => !this.reading.has(id));
    if (missing.length > 0) {
      const generation = this.generation;
      const read = this.store.settingsOf(missing);
      for (const id of missing) this.reading.set(id, read);
      const done = () => {
        for (const id of missing) if (this.reading.get(id) === read) this.reading.delete(id);
      };
      read.then((found) => {
        done();
        if (this.kept && generation === this.generation && this.memory!.hearsOthers()) {
          for (const id of missing) this.kept.set(id, found.get(id) ?? NO_ROW);
        }
      }, done);
    }
    const rows = new Map<number, SettingsRow>();
    for (const read of await Promise.all(new Set(userIds.map((id) => this.reading.get(id)!)))) for (const [id, row] of read) rows.set(id, row);
    return rows;
  }
}

/** A user kept as having no rules of their own. */
const NO_ROW = 'none' as const;
const KEPT_USERS = 200_000;
