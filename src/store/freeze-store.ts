/**
 * @module store/freeze-store
 * The workspace's deploy freeze in Redis: who holds it (hash: incident id → holder JSON), changed by
 * one script per incident change so that two incidents resolving at the same moment lift it exactly
 * once. Both keys share the `{freeze}` hash tag (one cluster slot); no script touches an incident's
 * own keys.
 */
import type { Redis, Result } from 'ioredis';
import { type FreezeChange, type FreezeHolder, freezeChange } from '../changes/freeze.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    warroomFreezeChange(...args: string[]): Result<string, Context>;
  }
}

/**
 * Holds or releases the freeze for one incident, once per change id.
 * Input:
 *   KEYS[1] holders (hash: incident id → holder JSON)   KEYS[2] changes (hash: change id → result JSON)
 *   ARGV[1] incident id   ARGV[2] change id (incident and seq)   ARGV[3] holder JSON to hold, '' to release
 * Output: JSON {before: [id, holder, …], after: [id, holder, …]}: who held the freeze around this change.
 * Safe to run twice: the second run with the same change id returns the first run's result, changes nothing.
 * A holder that already holds keeps its `since`.
 */
export const FREEZE_CHANGE = `
local done = redis.call('HGET', KEYS[2], ARGV[2])
if done then return done end
local before = redis.call('HGETALL', KEYS[1])
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
elseif current then
  local holder = cjson.decode(ARGV[3])
  holder.since = cjson.decode(current).since
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(holder))
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
local after = redis.call('HGETALL', KEYS[1])
local result = cjson.encode({ before = before, after = after })
redis.call('HSET', KEYS[2], ARGV[2], result)
return result
`;

function holdersOf(flat: unknown): Record<string, FreezeHolder> {
  const out: Record<string, FreezeHolder> = {};
  // cjson encodes an empty Lua table as {}, a filled one as [id, json, id, json, …].
  if (!Array.isArray(flat)) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = JSON.parse(String(flat[i + 1])) as FreezeHolder;
  return out;
}

const defined = new WeakSet<Redis>();

/** A rollback warroom is running: the deploy it makes is never held back by the freeze. */
export interface RunningRollback {
  incidentId: string;
  rollbackId: string;
  service: string;
  version: string;
}

/** A version warroom rolled back while its incident is open: deploying it again is held back. */
export interface RolledBack {
  incidentId: string;
  service: string;
  version: string;
  private: boolean;
}

export class FreezeStore {
  readonly holdersKey: string;
  private readonly changesKey: string;
  private readonly rollbacksKey: string;
  private readonly rolledBackKey: string;
  private readonly claimedKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.holdersKey = `${prefix}:{freeze}:holders`;
    this.changesKey = `${prefix}:{freeze}:changes`;
    this.rollbacksKey = `${prefix}:{freeze}:rollbacks`;
    this.rolledBackKey = `${prefix}:{freeze}:rolled-back`;
    this.claimedKey = `${prefix}:{freeze}:claimed-remotes`;
    if (!defined.has(redis)) {
      redis.defineCommand('warroomFreezeChange', { numberOfKeys: 2, lua: FREEZE_CHANGE });
      defined.add(redis);
    }
  }

  /** Holds (holder given) or releases (undefined) the freeze for an incident, once per change id. */
  async change(
    incidentId: string,
    changeId: string,
    holder: FreezeHolder | undefined,
  ): Promise<FreezeChange | undefined> {
    const raw = await this.redis.warroomFreezeChange(
      this.holdersKey,
      this.changesKey,
      incidentId,
      changeId,
      holder ? JSON.stringify(holder) : '',
    );
    const parsed = JSON.parse(raw) as { before: unknown; after: unknown };
    const change = freezeChange(holdersOf(parsed.before), holdersOf(parsed.after), incidentId);
    return change.holder ? { ...change, holder: change.holder } : undefined;
  }

  /** Everyone holding the freeze now, oldest first. */
  async holders(): Promise<FreezeHolder[]> {
    const all = await this.redis.hgetall(this.holdersKey);
    return Object.values(all)
      .map((raw) => JSON.parse(raw) as FreezeHolder)
      .sort((a, b) => a.since - b.since);
  }

  async rollbackStarted(rollback: RunningRollback): Promise<void> {
    await this.redis.hset(this.rollbacksKey, rollback.rollbackId, JSON.stringify(rollback));
  }

  async rollbackEnded(rollbackId: string): Promise<void> {
    await this.redis.hdel(this.rollbacksKey, rollbackId);
  }

  async runningRollbacks(): Promise<RunningRollback[]> {
    return Object.values(await this.redis.hgetall(this.rollbacksKey)).map((raw) => JSON.parse(raw) as RunningRollback);
  }

  async markRolledBack(entry: RolledBack): Promise<void> {
    await this.redis.hset(this.rolledBackKey, `${entry.service}@${entry.version}`, JSON.stringify(entry));
  }

  /** The incident is over: the versions it rolled back may be deployed again. */
  async clearRolledBack(incidentId: string): Promise<void> {
    const all = await this.redis.hgetall(this.rolledBackKey);
    const mine = Object.entries(all)
      .filter(([, raw]) => (JSON.parse(raw) as RolledBack).incidentId === incidentId)
      .map(([field]) => field);
    if (mine.length > 0) await this.redis.hdel(this.rolledBackKey, ...mine);
  }

  async rolledBack(): Promise<RolledBack[]> {
    return Object.values(await this.redis.hgetall(this.rolledBackKey)).map((raw) => JSON.parse(raw) as RolledBack);
  }

  /**
   * Claims a remote object (a workflow run) for one rollback; false when another rollback has it. A
   * rollback that looks for the run it may have started never takes one another rollback started.
   */
  async claimRemote(remote: string, rollbackId: string): Promise<boolean> {
    const set = await this.redis.hsetnx(this.claimedKey, remote, rollbackId);
    if (set === 1) return true;
    return (await this.redis.hget(this.claimedKey, remote)) === rollbackId;
  }

  /** Remotes claimed by rollbacks other than `rollbackId`. */
  async claimedByOthers(rollbackId: string): Promise<Set<string>> {
    const all = await this.redis.hgetall(this.claimedKey);
    return new Set(
      Object.entries(all)
        .filter(([, owner]) => owner !== rollbackId)
        .map(([remote]) => remote),
    );
  }
}
