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
function createWaveScheduler() {
  let inFlight = 0;
  let waiting: Array<() => void> = [];
  const dispatch = () => {
    if (inFlight > 0) return;
    const ready = waiting;
    waiting = [];
    for (const callback of ready) callback();
  };
  return {
    // setImmediate runs after every promise job of this turn, so all the loads they make join.
    schedule(callback: () => void) {
      waiting.push(callback);
      setImmediate(dispatch);
    },
    track<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): (keys: readonly K[]) => Promise<V[]> {
      return async (keys) => {
        inFlight++;
        try {
          return await batch(keys);
        } finally {
          inFlight--;
          setImmediate(dispatch);
        }
      };
    },
  };
}

export function createLoaders(
  stores: { users: UsersStore; inbox: InboxStore; attachments: AttachmentsStore; organizing: OrganizingStore },
  viewer: Viewer | null,
): Loaders {
  const { users: usersStore, inbox: inboxStore, attachments: attachmentsStore, organizing: organizingStore } = stores;
  const waves = createWaveScheduler();
  const loader = <K, V>(batch: (keys: readonly K[]) => Promise<V[]>) =>
    new DataLoader<K, V>(waves.track(batch), { batchScheduleFn: (callback) => waves.schedule(callback) });
  const make = {
    user: () => loader(async (ids: readonly number[]) => byKey(ids, await usersStore.findByIds(ids), (u) => u.id)),
    message: () => loader(async (ids: readonly number[]) => byKey(ids, await inboxStore.findByIds(ids), (m) => m.id)),
    receipt: () =>
      loader(async (ids: readonly number[]) =>
        viewer ? byKey(ids, await inboxStore.receiptsOf(viewer.id, ids), (r) => r.messageId) : ids.map(() => null),
      ),
    recipientIds: () =>
      loader(async (ids: readonly number[]) => {
        const grouped = new Map<number, number[]>(ids.map((id) => [id, []]));
        for (const row of await inboxStore.recipientIdsOf(ids)) grouped.get(row.messageId)?.push(row.recipientId);
        return ids.map((id) => grouped.get(id)!);
      }),
    attachments: () =>
      loader(async (ids: readonly number[]) => {
        const grouped = new Map<number, AttachmentRow[]>(ids.map((id) => [id, []]));
        for (const row of await attachmentsStore.ofMessages(ids)) grouped.get(row.messageId)?.push(row.attachment);
        return ids.map((id) => grouped.get(id)!);
      }),
    messageTagIds: () =>
      loader(async (ids: readonly number[]) => {
        const tags = viewer ? await organizingStore.tagIdsOf(viewer.id, ids) : new Map<number, number[]>();
        return ids.map((id) => tags.get(id) ?? []);
      }),
    tag: () =>
      loader(async (ids: readonly number[]) =>
        byKey(ids, viewer ? (await organizingStore.tagsByIds(ids)).filter((t) => t.userId === viewer.id) : [], (t) => t.id),
      ),
  };
  // Made on first use: a subscription that never needs one (most) holds none for its life.
  type Kind = keyof typeof make;
  const made: { [K in Kind]?: Loaders[K] } = {};
  const lazy = <K extends Kind>(key: K): Loaders[K] => (made[key] ??= make[key]() as Loaders[K]);
  return {
    get user() {
      return lazy('user');
    },
    get message() {
      return lazy('message');
    },
    get receipt() {
      return lazy('receipt');
    },
    get recipientIds() {
      return lazy('recipientIds');
    },
    get attachments() {
      return lazy('attachments');
    },
    get messageTagIds() {
      return lazy('messageTagIds');
    },
    get tag() {
      return lazy('tag');
    },
    forgetMessages() {
      made.message?.clearAll();
      made.recipientIds?.clearAll();
      made.receipt?.clearAll();
      made.attachments?.clearAll();
      made.messageTagIds?.clearAll();
      made.tag?.clearAll();
    },
  };
}
