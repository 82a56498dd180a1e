/**
 * @module store/migrate-layout
 * Moves a Redis written before the Cluster layout (store/keys.ts) to it, once, at start-up: the
 * workspace-wide indexes get their hash tag (`warroom:incidents:open` → `{warroom}:incidents:open`),
 * the one outbox of every incident becomes each incident's own, and the channel keys become one hash.
 * Only a single Redis or a Sentinel primary can hold the old layout (a Cluster was never supported
 * with it). Several processes starting at once: one migrates under a lock, the others wait for it.
 * Safe to run again: it does nothing once the layout mark is set.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { keysFor } from './keys.js';

export const LAYOUT_VERSION = '2';
const LOCK_MS = 60_000;
const SCAN_COUNT = 500;

/**
 * Moves KEYS[1] to KEYS[2]; when both exist (a process of the new version wrote before this one moved
 * the old data), merges them instead: the higher counter, every hash field (the old one kept), every
 * sorted-set member (the earlier score kept). Returns 1 when there was something to move.
 */
const MOVE_OR_MERGE = `
local kind = redis.call('TYPE', KEYS[1]).ok
if kind == 'none' then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  return 1
end
if kind == 'string' then
  local old = tonumber(redis.call('GET', KEYS[1])) or 0
  local new = tonumber(redis.call('GET', KEYS[2])) or 0
  if old > new then redis.call('SET', KEYS[2], old) end
elseif kind == 'hash' then
  local fields = redis.call('HGETALL', KEYS[1])
  for i = 1, #fields, 2 do redis.call('HSET', KEYS[2], fields[i], fields[i + 1]) end
elseif kind == 'zset' then
  redis.call('ZUNIONSTORE', KEYS[2], 2, KEYS[2], KEYS[1], 'AGGREGATE', 'MIN')
end
redis.call('DEL', KEYS[1])
return 1
`;

function layoutKey(prefix: string): string {
  return `{${prefix}}:layout`;
}

/** Moves the old layout's data, if there is any; returns what it moved. */
export async function migrateLayout(
  redis: Redis,
  prefix: string,
  logger: Logger,
): Promise<{ moved: number; channels: number; pending: number }> {
  const none = { moved: 0, channels: 0, pending: 0 };
  if ((await redis.get(layoutKey(prefix))) === LAYOUT_VERSION) return none;
  const lock = `{${prefix}}:layout-migration`;
  const token = `${process.pid}:${Date.now()}`;
  if ((await redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    // Another process is migrating: wait for its mark.
    for (let i = 0; i < LOCK_MS / 100; i += 1) {
      if ((await redis.get(layoutKey(prefix))) === LAYOUT_VERSION) return none;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('another warroom process began moving the Redis layout and did not finish within a minute');
  }
  const keys = keysFor(prefix);
  const moves: [string, string][] = [
    [`${prefix}:incident-counter`, keys.incidentCounter],
    [`${prefix}:declare-keys`, keys.declareKeys],
    [`${prefix}:incidents:open`, keys.openIncidents],
    [`${prefix}:incidents:all`, keys.allIncidents],
    [`${prefix}:people`, keys.people],
  ];
  let moved = 0;
  for (const [from, to] of moves) moved += Number(await redis.eval(MOVE_OR_MERGE, 2, from, to));
  let channels = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:channel:*`, 'COUNT', SCAN_COUNT);
    cursor = next;
    for (const key of found) {
      const incident = await redis.get(key);
      if (incident) await redis.hset(keys.channels, key.slice(`${prefix}:channel:`.length), incident);
      await redis.del(key);
      channels += 1;
    }
  } while (cursor !== '0');
  let pending = 0;
  const outbox = `${prefix}:outbox`;
  const members = await redis.zrange(outbox, '0', '-1', 'WITHSCORES');
  for (let i = 0; i < members.length; i += 2) {
    const [incident = '', seq = '0', after = '0'] = (members[i] as string).split(':');
    const score = members[i + 1] as string;
    await redis.zadd(keys.outbox(incident), score, `${seq}:${after}`);
    await redis.zadd(keys.activeIncidents, score, incident);
    pending += 1;
  }
  await redis.del(outbox);
  // Every open incident is active: the sweeper looks at its outbox from now on.
  const open = await redis.zrange(keys.openIncidents, '0', '-1', 'WITHSCORES');
  for (let i = 0; i < open.length; i += 2)
    await redis.zadd(keys.activeIncidents, 'NX', open[i + 1] as string, open[i] as string);
  await redis.set(layoutKey(prefix), LAYOUT_VERSION);
  await redis.del(lock);
  if (moved + channels + pending > 0) {
    logger.info({ moved, channels, pending }, 'moved the Redis data to the Cluster-ready layout');
  }
  return { moved, channels, pending };
}
