import DataLoader from 'dataloader';
import type { Viewer } from '../auth/auth.service.js';
import type { UserRow } from '../auth/users.store.js';
import type { MessageRow, Receipt } from '../messages/messages.store.js';
import type { Services } from './context.js';

/** Per-request batching, so a page of messages costs a fixed number of queries. */
export interface Loaders {
  user: DataLoader<number, UserRow | null>;
  message: DataLoader<number, MessageRow | null>;
  /** The viewer's own receipt of a message (null when the viewer is not a recipient). */
  receipt: DataLoader<number, Receipt | null>;
  recipientIds: DataLoader<number, number[]>;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

export function createLoaders(services: Services, viewer: Viewer | null): Loaders {
  const { usersStore, messagesStore } = services;
  return {
    user: new DataLoader(async (ids) => byKey(ids, await usersStore.findByIds(ids), (u) => u.id)),
    message: new DataLoader(async (ids) => byKey(ids, await messagesStore.findByIds(ids), (m) => m.id)),
    receipt: new DataLoader(async (ids) =>
      viewer ? byKey(ids, await messagesStore.receiptsOf(viewer.id, ids), (r) => r.messageId) : ids.map(() => null),
    ),
    recipientIds: new DataLoader(async (ids) => {
      const grouped = new Map<number, number[]>(ids.map((id) => [id, []]));
      for (const row of await messagesStore.recipientIdsOf(ids)) grouped.get(row.messageId)?.push(row.recipientId);
      return ids.map((id) => grouped.get(id)!);
    }),
  };
}
