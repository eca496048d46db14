import DataLoader from 'dataloader';
import type { AttachmentRow, AttachmentsStore } from '../attachments/attachments.store.js';
import type { Viewer } from '../auth/auth.service.js';
import type { UserRow, UsersStore } from '../auth/users.store.js';
import type { InboxStore, MessageRow, Receipt } from '../inbox/inbox.store.js';
import type { OrganizingStore, TagRow } from '../organizing/organizing.store.js';

/** Per-request batching, so a page of messages costs a fixed number of queries. */
export interface Loaders {
  user: DataLoader<number, UserRow | null>;
  message: DataLoader<number, MessageRow | null>;
  /** The viewer's own receipt of a message (null when the viewer is not a recipient). */
  receipt: DataLoader<number, Receipt | null>;
  recipientIds: DataLoader<number, number[]>;
  /** A message's attachments in order; none for a recalled message (src/attachments/). */
  attachments: DataLoader<number, AttachmentRow[]>;
  /** The viewer's tag ids on a message, and the viewer's tags by id (src/organizing/; others' tags load as null). */
  messageTagIds: DataLoader<number, number[]>;
  tag: DataLoader<number, TagRow | null>;
  /** Drops what the message-scoped loaders hold (a long subscription calls it per event). */
  forgetMessages(): void;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * Dispatches a request's batches in waves: while any batch of the request is in flight, new
 * batches wait, and the loads that its answer makes known (a message's recipients, a reply's
 * sender) join them. Without this, each query that answers on its own I/O turn starts its own
 * follow-up batches, and the number of statements of an operation depends on which query
 * happened to answer first instead of on the operation's shape.
 */
class WaveScheduler {
  private inFlight = 0;
  private waiting: Array<() => void> = [];
  private readonly dispatch = () => {
    if (this.inFlight > 0) return;
    const ready = this.waiting;
    this.waiting = [];
    for (const callback of ready) callback();
  };

  // setImmediate runs after every promise job of this turn, so all the loads they make join.
  schedule(callback: () => void): void {
    this.waiting.push(callback);
    setImmediate(this.dispatch);
  }

  track<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): (keys: readonly K[]) => Promise<V[]> {
    return async (keys) => {
      this.inFlight++;
      try {
        return await batch(keys);
      } finally {
        this.inFlight--;
        setImmediate(this.dispatch);
      }
    };
  }
}

type Stores = { users: UsersStore; inbox: InboxStore; attachments: AttachmentsStore; organizing: OrganizingStore };

/**
 * The loaders of one context, each made on first use: a subscription that never needs one
 * (most) holds none for its life. A class, so that an unused context is one small object:
 * the getters live on the prototype (a closure per getter and per loader kind, made for
 * every context, was about 1.5 KB of every open subscription).
 */
class LazyLoaders implements Loaders {
  private waves: WaveScheduler | null = null;
  private made: { [K in LoaderKind]?: Loaders[K] } = {};

  constructor(
    private readonly stores: Stores,
    private readonly viewer: Viewer | null,
  ) {}

  get user() {
    return (this.made.user ??= this.loader(async (ids: readonly number[]) => byKey(ids, await this.stores.users.findByIds(ids), (u) => u.id)));
  }

  get message() {
    return (this.made.message ??= this.loader(async (ids: readonly number[]) => byKey(ids, await this.stores.inbox.findByIds(ids), (m) => m.id)));
  }

  get receipt() {
    const viewer = this.viewer;
    return (this.made.receipt ??= this.loader(async (ids: readonly number[]) =>
      viewer ? byKey(ids, await this.stores.inbox.receiptsOf(viewer.id, ids), (r) => r.messageId) : ids.map(() => null),
    ));
  }

  get recipientIds() {
    return (this.made.recipientIds ??= this.loader(async (ids: readonly number[]) => {
      const grouped = new Map<number, number[]>(ids.map((id) => [id, []]));
      for (const row of await this.stores.inbox.recipientIdsOf(ids)) grouped.get(row.messageId)?.push(row.recipientId);
      return ids.map((id) => grouped.get(id)!);
    }));
  }

  get attachments() {
    return (this.made.attachments ??= this.loader(async (ids: readonly number[]) => {
      const grouped = new Map<number, AttachmentRow[]>(ids.map((id) => [id, []]));
      for (const row of await this.stores.attachments.ofMessages(ids)) grouped.get(row.messageId)?.push(row.attachment);
      return ids.map((id) => grouped.get(id)!);
    }));
  }

  get messageTagIds() {
    const viewer = this.viewer;
    return (this.made.messageTagIds ??= this.loader(async (ids: readonly number[]) => {
      const tags = viewer ? await this.stores.organizing.tagIdsOf(viewer.id, ids) : new Map<number, number[]>();
      return ids.map((id) => tags.get(id) ?? []);
    }));
  }

  get tag() {
    const viewer = this.viewer;
    return (this.made.tag ??= this.loader(async (ids: readonly number[]) =>
      byKey(ids, viewer ? (await this.stores.organizing.tagsByIds(ids)).filter((t) => t.userId === viewer.id) : [], (t) => t.id),
    ));
  }

  forgetMessages(): void {
    const made = this.made;
    made.message?.clearAll();
    made.recipientIds?.clearAll();
    made.receipt?.clearAll();
    made.attachments?.clearAll();
    made.messageTagIds?.clearAll();
    made.tag?.clearAll();
  }

  private loader<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    const waves = (this.waves ??= new WaveScheduler());
    return new DataLoader<K, V>(waves.track(batch), { batchScheduleFn: (callback) => waves.schedule(callback) });
  }
}

type LoaderKind = Exclude<keyof Loaders, 'forgetMessages'>;

export function createLoaders(stores: Stores, viewer: Viewer | null): Loaders {
  return new LazyLoaders(stores, viewer);
}
