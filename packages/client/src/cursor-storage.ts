/**
 * Where the kit keeps the last cursor each inbox subscription handed to the app, so that the
 * next start (a reload, a new process) resumes from it. Reconnects within one session resume
 * from the position held in memory; storage is read once, when a subscription starts.
 */
export interface CursorStorage {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, cursor: string): void | Promise<void>;
}

/** Kept in memory only: a new process starts from the app's own `since` (or the unread messages). */
export function memoryCursorStorage(): CursorStorage {
  const cursors = new Map<string, string>();
  return { get: (key) => cursors.get(key) ?? null, set: (key, cursor) => void cursors.set(key, cursor) };
}

/** The part of the Web Storage API the kit uses (localStorage, sessionStorage). */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Web Storage (localStorage by default): survives reloads; a full or blocked storage is ignored. */
export function webCursorStorage(storage: WebStorageLike): CursorStorage {
  return {
    get: (key) => {
      try {
        return storage.getItem(key);
      } catch {
        return null; // storage blocked (privacy mode): start like a new device
      }
    },
    set: (key, cursor) => {
      try {
        storage.setItem(key, cursor);
      } catch {
        /* quota exceeded or blocked: the cursor in memory still serves reconnects */
      }
    },
  };
}

/** localStorage where there is one (browsers), memory elsewhere. */
export function defaultCursorStorage(): CursorStorage {
  const storage = (globalThis as { localStorage?: WebStorageLike }).localStorage;
  return storage ? webCursorStorage(storage) : memoryCursorStorage();
}
