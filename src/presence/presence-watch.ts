import type { Viewer } from '../auth/auth.service.js';
import { streamFailed } from '../graphql/errors.js';
import type { MessageBus } from '../redis/bus.js';
import { PushIterator } from '../shared/push-iterator.js';
import { presenceChannel } from '../wire/payloads.js';
import type { PresenceService, UserPresence } from './presence.service.js';

/** What a watcher compares: online and the devices, not the last-seen times a heartbeat moves. */
function shapeOf(presence: UserPresence): string {
  return JSON.stringify([presence.online, presence.devices.map((d) => [d.label, d.connectedAt.getTime()])]);
}

/**
 * The `presenceChanged` stream: the presence of each asked user as it is, in the order asked,
 * then each change. A user's change is announced on `presence:{id}` by the instance whose
 * socket opened or closed (PresenceService); every `recheckMs` all are read again, which
 * catches what no instance announced (one that died, a lost publish). Ids outside the
 * viewer's tenant get no channel and never change: they read like ids that do not exist.
 */
export function watchPresence(
  presence: PresenceService,
  bus: MessageBus,
  viewer: Viewer,
  ids: readonly number[],
  existing: Promise<Set<number>>,
  recheckMs: number,
): PushIterator<UserPresence> {
  const last = new Map<number, string>();
  const unsubscribes: Array<() => void> = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const stream = new PushIterator<UserPresence>(() => {
    closed = true;
    if (timer) clearInterval(timer);
    for (const unsubscribe of unsubscribes) unsubscribe();
  });

  /** Reads these users again and pushes those whose presence changed. One read at a time. */
  let reading: Promise<void> = Promise.resolve();
  const pending = new Set<number>();
  const reread = (userIds: Iterable<number>) => {
    for (const id of userIds) pending.add(id);
    reading = reading.then(async () => {
      if (closed || pending.size === 0) return;
      const batch = [...pending];
      pending.clear();
      for (const current of await presence.presenceOf(viewer, batch)) {
        const shape = shapeOf(current);
        if (last.get(current.userId) === shape) continue;
        last.set(current.userId, shape);
        await stream.push(current);
      }
    });
    reading.catch(() => stream.fail(streamFailed()));
  };

  reading = (async () => {
    const inTenant = await existing;
    // Subscribed before the first read, so a change between the two is read again, not lost.
    for (const id of inTenant) unsubscribes.push(bus.subscribe(presenceChannel(id), () => reread([id])));
    const first = await presence.presenceOf(viewer, ids);
    for (const current of first) {
      last.set(current.userId, shapeOf(current));
      await stream.push(current);
    }
    if (closed || inTenant.size === 0) return;
    timer = setInterval(() => reread(inTenant), recheckMs);
    timer.unref();
  })();
  reading.catch(() => stream.fail(streamFailed()));
  return stream;
}
