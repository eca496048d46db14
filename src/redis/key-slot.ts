import calculateSlot from 'cluster-key-slot';

/**
 * Redis Cluster places a key by its hash tag, the part between the first `{` and the next
 * `}`: keys with the same tag share a slot, so one command, script or MULTI may touch them
 * together. A user's keys are tagged with the user id (`messages:user:{42}`,
 * `unread_count:user:{42}`, `online_users:{42}`, `rl:send:{42}`): its cache entries,
 * counters, presence and limits live on one node. On a single node tags change nothing.
 */
export const userTag = (userId: number | string): string => `{${userId}}`;

/** The hash slot of a key or channel (the same function ioredis routes with). */
export const slotOf = (key: string): number => calculateSlot(key);

/** Groups names by hash slot, keeping their order within each group. */
export function groupBySlot(names: Iterable<string>): string[][] {
  const groups = new Map<number, string[]>();
  for (const name of names) {
    const slot = slotOf(name);
    const group = groups.get(slot);
    if (group) group.push(name);
    else groups.set(slot, [name]);
  }
  return [...groups.values()];
}
