import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../../redis/redis.service.js';

/*
 * Every write to a cached entry runs as one Lua script, so each is atomic in Redis.
 *
 * An entry is a hash. Besides its data it holds:
 *   _run      the run_id of the Redis process that holds the data (a restarted Redis,
 *             which may have reloaded an old dump, never serves what an earlier one wrote)
 *   _base     the user's inbox seq the fill read from the database (a consistent snapshot)
 *   _top      the highest inbox seq applied (or, in an entry with no data, the floor)
 *   _applied  how many seqs above _base were applied
 * Every inbox change has its own seq and a transaction's seqs for one user are contiguous,
 * so a change is the range (from, to] and it is inside a fill exactly when to <= _base.
 * Changes are applied in any order (counters add, page items merge); the entry is servable
 * only when _base + _applied == _top, i.e. no seq between the fill and the newest change is
 * missing. A fill lands only when its seq is >= _top, so a fill that read the database before
 * a commit never overwrites what that commit's update wrote.
 *   _fill     the ticket of a fill on its way (MARK_FILL, written before the fill reads the
 *             database). A fill lands only while its ticket is still there: an update that
 *             empties the entry, an eviction or an expiry takes the ticket with it, and with it
 *             the _top that would have refused a fill read before that update's commit.
 */
const PRELUDE = `
local key = KEYS[1]
local run = ARGV[1]
local ttl = tonumber(ARGV[2])

local function keep_floor(floor)
  local top = tonumber(redis.call('HGET', key, '_top')) or 0
  if floor > top then top = floor end
  redis.call('DEL', key)
  redis.call('HSET', key, '_top', top)
  redis.call('EXPIRE', key, ttl)
end

local function live_entry()
  local meta = redis.call('HMGET', key, '_run', '_base', '_top', '_applied')
  if meta[1] ~= run or not meta[2] then return nil end
  return tonumber(meta[2]), tonumber(meta[3]), tonumber(meta[4])
end

local function sweep_orphans()
  local fields = redis.call('HKEYS', key)
  local items = {}
  for _, f in ipairs(fields) do
    if string.sub(f, 1, 2) == 'm:' then items[string.sub(f, 3)] = true end
  end
  for _, f in ipairs(fields) do
    if string.sub(f, 1, 2) == 'r:' and not items[string.sub(f, 3)] then redis.call('HDEL', key, f) end
  end
  redis.call('HSET', key, '_orphans', 0)
end

local function settle(base, top, applied, from, to)
  applied = applied + (to - from)
  if to > top then top = to end
  redis.call('HSET', key, '_top', top, '_applied', applied)
  if base + applied == top and (tonumber(redis.call('HGET', key, '_orphans')) or 0) > 0 then sweep_orphans() end
  return base + applied == top
end

-- Returns the entry's base, top and applied when the change (from, to] must be applied to
-- it; otherwise handles the change (floor, or nothing) and returns nil.
local function entry_for(from, to)
  local base, top, applied = live_entry()
  if not base then keep_floor(to) return nil end
  if to <= base then return nil end
  if from < base then keep_floor(to) return nil end
  return base, top, applied
end

-- Adds the deltas {field, delta, ...} to the counters of \`key\`.
local function apply_counts(from, to, deltas)
  local base, top, applied = entry_for(from, to)
  if not base then return 0 end
  for i = 1, #deltas, 2 do redis.call('HINCRBY', key, deltas[i], deltas[i + 1]) end
  settle(base, top, applied, from, to)
  return 1
end

-- Adds the items {messageId, seq, json, ...} to the page of \`key\`, keeping the size newest.
local function apply_page_sent(from, to, size, items)
  local base, top, applied = entry_for(from, to)
  if not base then return 0 end
  for i = 1, #items, 3 do redis.call('HSET', key, 'm:' .. items[i], items[i + 1] .. '|' .. items[i + 2]) end
  local count = redis.call('HINCRBY', key, '_count', #items / 3)
  if count > size then
    local all = redis.call('HGETALL', key)
    local kept = {}
    for i = 1, #all, 2 do
      if string.sub(all[i], 1, 2) == 'm:' then
        kept[#kept + 1] = { tonumber(string.match(all[i + 1], '^(%d+)|')), string.sub(all[i], 3) }
      end
    end
    table.sort(kept, function(a, b) return a[1] < b[1] end)
    local visible = false
    for i = 1, #kept - size do
      local id = kept[i][2]
      if redis.call('HEXISTS', key, 'a:' .. id) == 0 then visible = true end
      redis.call('HDEL', key, 'm:' .. id, 'r:' .. id, 's:' .. id, 'a:' .. id)
    end
    redis.call('HSET', key, '_count', size, '_older', 1)
    if visible then redis.call('HSET', key, '_oldervis', 1) end
  end
  settle(base, top, applied, from, to)
  return 1
end

local function argv_from(first)
  local list = {}
  for i = first, #ARGV do list[#list + 1] = ARGV[i] end
  return list
end
`;

/** ARGV: run, ttl, ticket — a fill is about to read the database (see _fill above). */
const MARK_FILL = `${PRELUDE}
redis.call('HSET', key, '_fill', ARGV[3])
if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ttl) end
return 1
`;

/**
 * ARGV: run, ttl, version, ticket, field, value, … — replaces the entry unless a newer change
 * reached it, or the entry lost the fill's ticket since it was marked.
 */
const FILL = `${PRELUDE}
local version = tonumber(ARGV[3])
if redis.call('HGET', key, '_fill') ~= ARGV[4] then return 0 end
local top = tonumber(redis.call('HGET', key, '_top')) or 0
if version < top then return 0 end
redis.call('DEL', key)
redis.call('HSET', key, '_run', run, '_base', version, '_top', version, '_applied', 0, unpack(ARGV, 5))
redis.call('EXPIRE', key, ttl)
return 1
`;

/** ARGV: run, ttl, floor — empties the entry, keeping a floor no older fill may go under. */
const INVALIDATE = `${PRELUDE}
keep_floor(tonumber(ARGV[3]))
return 1
`;

/** ARGV: run, ttl, from, to, field, delta, … — adds the deltas to the counters. */
const APPLY_COUNTS = `${PRELUDE}
return apply_counts(tonumber(ARGV[3]), tonumber(ARGV[4]), argv_from(5))
`;

/**
 * ARGV: run, ttl, from, to, pageSize, (messageId, seq, item)… — adds new messages to the page
 * and keeps the pageSize newest by seq. Item fields are m:<id> = "<seq>|<json>"; a read
 * message also has r:<id> = readAt in ms.
 */
const APPLY_PAGE_SENT = `${PRELUDE}
return apply_page_sent(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), argv_from(6))
`;

/**
 * One new message to many users (a fan-out), in one call: KEYS are each user's counts and
 * page entries, in pairs; ARGV: run, ttl, pageSize, messageId, item, deltaCount,
 * (field, delta)…, then each user's seq of the message. Returns 1/0 (applied or not) per
 * key. The item and the deltas travel once instead of once per recipient.
 */
const APPLY_SENT_MANY = `${PRELUDE}
local size, id, item = tonumber(ARGV[3]), ARGV[4], ARGV[5]
local nd = tonumber(ARGV[6])
local deltas = {}
for i = 7, 6 + nd do deltas[#deltas + 1] = ARGV[i] end
local out = {}
local u = 0
for i = 7 + nd, #ARGV do
  u = u + 1
  local to = tonumber(ARGV[i])
  key = KEYS[2 * u - 1]
  out[#out + 1] = apply_counts(to - 1, to, deltas)
  key = KEYS[2 * u]
  out[#out + 1] = apply_page_sent(to - 1, to, size, { id, ARGV[i], item })
end
return out
`;

/**
 * ARGV: run, ttl, from, to, readAtMs, messageId… — marks page items read. While an earlier
 * change is still missing, a read of a message not in the page may precede that message's
 * own arrival: it is kept (an orphan r:<id>) until the entry is complete again.
 */
const APPLY_PAGE_READ = `${PRELUDE}
local from, to, readAt = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local base, top, applied = entry_for(from, to)
if not base then return 0 end
local gap = base + applied + (to - from) ~= math.max(top, to)
if gap and #ARGV - 5 > 1000 then keep_floor(to) return 0 end
local orphans = 0
for i = 6, #ARGV do
  if redis.call('HEXISTS', key, 'm:' .. ARGV[i]) == 1 then
    redis.call('HSET', key, 'r:' .. ARGV[i], readAt)
  elseif gap then
    redis.call('HSET', key, 'r:' .. ARGV[i], readAt)
    orphans = orphans + 1
  end
end
if orphans > 0 then redis.call('HINCRBY', key, '_orphans', orphans) end
settle(base, top, applied, from, to)
return 1
`;

const SCRIPTS = {
  inboxCacheMarkFill: MARK_FILL,
  inboxCacheFill: FILL,
  inboxCacheInvalidate: INVALIDATE,
  inboxCacheApplyCounts: APPLY_COUNTS,
  inboxCacheApplyPageSent: APPLY_PAGE_SENT,
  inboxCacheApplyPageRead: APPLY_PAGE_READ,
  inboxCacheApplySentMany: APPLY_SENT_MANY,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type Arg = string | number;

/** The scripts as commands of a client or a pipeline (ioredis sends EVALSHA, EVAL on NOSCRIPT). */
export type InboxScriptCommands = { [K in Exclude<ScriptName, 'inboxCacheApplySentMany'>]: (key: string, ...args: Arg[]) => unknown } & {
  /** numberOfKeys, then the keys, then the arguments. */
  inboxCacheApplySentMany(numberOfKeys: number, ...keysAndArgs: Arg[]): unknown;
};

/** Scripts whose first argument is their number of keys (the others take one key). */
const VARIADIC_KEYS: ReadonlySet<ScriptName> = new Set(['inboxCacheApplySentMany']);

export function defineInboxScripts(client: RedisClient): void {
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (name in client) continue;
    client.defineCommand(name, VARIADIC_KEYS.has(name as ScriptName) ? { lua } : { numberOfKeys: 1, lua });
  }
}

export function scriptsOf(target: RedisClient | ChainableCommander): InboxScriptCommands {
  return target as unknown as InboxScriptCommands;
}
