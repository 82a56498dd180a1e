/**
 * @module store/scripts
 * The Lua scripts that make the incident log exactly-once and ordered. Each states its contract.
 * They are registered on a connection with {@link defineScripts} and run by SHA (EVALSHA).
 */
import type { Redis, Result } from 'ioredis';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    warroomReserveIncidentId(...args: string[]): Result<[string, string], Context>;
    warroomAppendEvents(...args: string[]): Result<[string, number, ...number[]], Context>;
    warroomAdvanceCursor(...args: string[]): Result<number, Context>;
    warroomLockExtend(...args: string[]): Result<number, Context>;
    warroomLockRelease(...args: string[]): Result<number, Context>;
    warroomLogUserIds(...args: string[]): Result<[number, string[]], Context>;
  }
}

/**
 * Input:
 *   KEYS[1] declare-keys (hash: idempotency key → incident id)
 *   KEYS[2] incident-counter (string)
 *   KEYS[3] active incidents (zset: the sweeper looks for pending effects there)
 *   ARGV[1] idempotency key of the declare request   ARGV[2] now (ms)
 * Output: { id, '1' } when this key already declared an incident (a retry), { id, '0' } when new.
 * Safe to run twice: the second run with the same key returns the same id.
 */
export const RESERVE_INCIDENT_ID = `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return { existing, '1' } end
local id = 'INC-' .. redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('ZADD', KEYS[3], tonumber(ARGV[2]), id)
return { id, '0' }
`;

/**
 * Appends events to one incident's log, once per idempotency key, and only at the expected length
 * when one is given (optimistic concurrency: a command decided on a stale state loses and retries).
 * Events with effects are chained (each names the effectful event before it) and put in the
 * incident's outbox, so that their effects are dispatched in log order; quiet events (timeline only)
 * are neither (an append of quiet events only does not touch the chain). Every key is the incident's
 * own (one hash slot): the workspace-wide indexes are written by the caller around it (see
 * incident-store.ts).
 * Input:
 *   KEYS[1] log (list of event JSON)     KEYS[2] event keys (hash: idempotency key → first seq)
 *   KEYS[3] the incident's outbox (zset: 'seq:after' → recordedAt)
 *   KEYS[4] effect chain (hash: seq → next effectful seq; 'last' → the last effectful seq)
 *   ARGV[1] incident id                   ARGV[2] expected log length, or -1
 *   ARGV[3] idempotency key               ARGV[4] one character per event: '1' quiet, '0' with effects
 *   ARGV[5..] event bodies: JSON objects, without incidentId/seq/key/recordedAt
 * Output: { 'dup', firstSeq } if the key was seen, { 'conflict', length } if the log moved on,
 *         { 'ok', firstSeq, recordedAtMs, after_1 … after_n } once appended (after_i = -1 for quiet events).
 * Safe to run twice: the second run with the same key answers 'dup' and writes nothing.
 */
export const APPEND_EVENTS = `
local seen = redis.call('HGET', KEYS[2], ARGV[3])
if seen then return { 'dup', tonumber(seen) } end
local length = redis.call('LLEN', KEYS[1])
local expected = tonumber(ARGV[2])
if expected >= 0 and expected ~= length then return { 'conflict', length } end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local first = length + 1
local count = #ARGV - 4
local quiet = not string.find(ARGV[4], '0', 1, true)
local last = 0
if not quiet then last = tonumber(redis.call('HGET', KEYS[4], 'last') or '0') end
local reply = { 'ok', first, now }
for i = 1, count do
  local seq = length + i
  local key = ARGV[3]
  if count > 1 then key = key .. '#' .. i end
  local body = ARGV[4 + i]
  local json = '{"incidentId":' .. cjson.encode(ARGV[1]) .. ',"seq":' .. seq .. ',"key":' .. cjson.encode(key)
    .. ',"recordedAt":' .. now .. ',' .. string.sub(body, 2)
  redis.call('RPUSH', KEYS[1], json)
  if string.sub(ARGV[4], i, i) == '0' then
    redis.call('HSET', KEYS[4], tostring(last), seq)
    redis.call('ZADD', KEYS[3], now, seq .. ':' .. last)
    reply[#reply + 1] = last
    last = seq
  else
    reply[#reply + 1] = -1
  end
end
if not quiet then redis.call('HSET', KEYS[4], 'last', last) end
redis.call('HSET', KEYS[2], ARGV[3], first)
return reply
`;

/**
 * Moves an incident's applied-effects cursor along the effect chain: from `after` (the effectful event
 * before this one) to `seq`. Input: KEYS[1] cursor, KEYS[2] the incident's outbox; ARGV[1] seq;
 * ARGV[2] after; ARGV[3] outbox member ('seq:after'). Output: 1 if moved (or already at/after seq), 0
 * if the event before is still pending. Safe to run twice. Both keys are the incident's own.
 */
export const ADVANCE_CURSOR = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local seq = tonumber(ARGV[1])
if current >= seq then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return 1
end
if current ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], seq)
redis.call('ZREM', KEYS[2], ARGV[3])
return 1
`;

/** Input: KEYS[1] lock; ARGV[1] token; ARGV[2] ttl ms. Output: 1 if still ours (and extended), else 0. */
export const LOCK_EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Input: KEYS[1] lock; ARGV[1] token. Output: 1 if released. */
export const LOCK_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * The Slack user ids in a stretch of an incident's log, found in Redis so that the entries' text never travels.
 * Input: KEYS[1] log; ARGV[1] first index; ARGV[2] last index. Output: {entries in the stretch, [distinct user
 * ids]}. A user id is a JSON string that is one whole (`"U0DANA0001"`: an actor, a value or a key); each is
 * looked for where a plain search finds `"U` or `"W`, which is as fast as Node's regular expressions. Reads only.
 */
export const LOG_USER_IDS = `
local entries = redis.call('LRANGE', KEYS[1], ARGV[1], ARGV[2])
local leads = { '"U', '"W' }
local seen, ids = {}, {}
for _, entry in ipairs(entries) do
  for _, lead in ipairs(leads) do
    local at = string.find(entry, lead, 1, true)
    while at do
      local id = string.match(entry, '^"([UW][A-Z0-9][A-Z0-9]+)"', at)
      if id and not seen[id] then
        seen[id] = true
        ids[#ids + 1] = id
      end
      at = string.find(entry, lead, at + 2, true)
    end
  end
end
return { #entries, ids }
`;

const defined = new WeakSet<Redis>();

/** Registers the scripts on a connection (once). */
export function defineScripts(redis: Redis): void {
  if (defined.has(redis)) return;
  redis.defineCommand('warroomReserveIncidentId', { numberOfKeys: 3, lua: RESERVE_INCIDENT_ID });
  redis.defineCommand('warroomAppendEvents', { numberOfKeys: 4, lua: APPEND_EVENTS });
  redis.defineCommand('warroomAdvanceCursor', { numberOfKeys: 2, lua: ADVANCE_CURSOR });
  redis.defineCommand('warroomLockExtend', { numberOfKeys: 1, lua: LOCK_EXTEND });
  redis.defineCommand('warroomLockRelease', { numberOfKeys: 1, lua: LOCK_RELEASE });
  redis.defineCommand('warroomLogUserIds', { numberOfKeys: 1, lua: LOG_USER_IDS });
  defined.add(redis);
}
