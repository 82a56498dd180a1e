/**
 * @module slack/pacing/budget
 * The Slack rate budget every warroom process shares, in Redis: a token bucket per Web API method (and
 * per channel for chat.postMessage) per workspace, taken atomically by one Lua script, with headroom
 * kept for the calls that matter most when it runs short.
 *
 * Keys: `<prefix>:{<prefix>:slack-budget}:<workspace>:<method>` and `…:chat.postMessage:<channel>`. One
 * hash tag for every bucket, so the script that takes a chat.postMessage's workspace and channel tokens
 * together (both or neither, so a refused post spends nothing) runs in one Cluster slot. The price is
 * that the whole budget lives in one slot; it is a few small hashes, written at most as often as Slack
 * lets warroom call it (a few hundred times a minute), so that slot is never hot. The keys start with
 * the prefix like every other key of the deployment and expire once their bucket would be full again.
 *
 * Priorities are reserved headroom: a `normal` call takes a token only while the bucket keeps a fifth
 * of its burst after it, a `low` one two fifths, a `high` one whatever is left. A call that finds its
 * bucket short waits until it would refill, at most `maxWaitMs` (30 s; 2 s for `low`, which gives its
 * worker slot back instead), else it is refused with the time to come back. Callers of one priority
 * that are kept waiting are handed retry times one refill apart, so they come back one at a time
 * instead of all at once.
 */
import { createHash } from 'node:crypto';
import { ErrorCode } from '@slack/web-api';
import type { SlackPriority } from './priority.js';
import { type Bucket, type SlackTier, tierOf } from './tiers.js';

/** What the budget needs of a Redis connection (a single server's, Sentinel's or a Cluster's). */
export interface ScriptRunner {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * Takes one token from every bucket of one Web API call, or none.
 * Input:
 *   KEYS[1..n] the call's buckets (hash: tokens, at = when tokens was computed, in ms of Redis's TIME;
 *              q_high, q_normal, q_low = when the next caller of that priority kept waiting may come back)
 *   ARGV[1]    the priority: 'high', 'normal' or 'low'
 *   ARGV[2..]  three per bucket: tokens per ms, burst, reserve (tokens this priority must leave)
 * Output: { 0, tokens left in KEYS[1] } when the call may go now: a token taken from each bucket;
 *         { ms, 0 } when it may not: nothing taken; ask again in ms (the caller's place among the
 *         callers of its priority waiting on the same short buckets).
 * Clock: Redis's TIME, so every process agrees. A bucket never seen (or expired) is full.
 */
export const TAKE_TOKENS = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local horizon = 'q_' .. ARGV[1]
local n = #KEYS
local rate, burst, level, short = {}, {}, {}, {}
local wait = 0
for i = 1, n do
  local a = 2 + (i - 1) * 3
  rate[i] = tonumber(ARGV[a])
  burst[i] = tonumber(ARGV[a + 1])
  local reserve = tonumber(ARGV[a + 2])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil then
    tokens = burst[i]
  elseif at ~= nil and now > at then
    tokens = math.min(burst[i], tokens + (now - at) * rate[i])
  end
  level[i] = tokens
  local missing = 1 + reserve - tokens
  short[i] = missing > 0
  if missing > 0 and missing / rate[i] > wait then wait = missing / rate[i] end
end
if wait == 0 then
  for i = 1, n do
    redis.call('HSET', KEYS[i], 'tokens', level[i] - 1, 'at', now)
    redis.call('PEXPIRE', KEYS[i], math.ceil(burst[i] / rate[i]) + 1000)
  end
  return { 0, math.floor(level[1] - 1) }
end
local retry = now + wait
for i = 1, n do
  if short[i] then
    local queued = tonumber(redis.call('HGET', KEYS[i], horizon))
    if queued ~= nil and queued > retry then retry = queued end
  end
end
for i = 1, n do
  redis.call('HSET', KEYS[i], 'tokens', level[i], 'at', now)
  if short[i] then redis.call('HSET', KEYS[i], horizon, retry + 1 / rate[i]) end
  local keep = math.max(burst[i] / rate[i], retry + 1 / rate[i] - now)
  redis.call('PEXPIRE', KEYS[i], math.ceil(keep) + 1000)
end
return { math.max(1, math.ceil(retry - now)), 0 }
`;

const TAKE_TOKENS_SHA = createHash('sha1').update(TAKE_TOKENS).digest('hex');

/** How each priority may spend a bucket: the share of its burst it must leave, and how long it may wait. */
export const PRIORITY_RULES: Readonly<Record<SlackPriority, { leaveShare: number; maxWaitMs: number }>> = {
  high: { leaveShare: 0, maxWaitMs: 30_000 },
  normal: { leaveShare: 0.2, maxWaitMs: 30_000 },
  low: { leaveShare: 0.4, maxWaitMs: 2_000 },
};

/** Tokens a call of this priority must leave in a bucket of this burst (never the whole bucket). */
export function reserveOf(priority: SlackPriority, burst: number): number {
  return Math.max(0, Math.min(burst - 1, Math.floor(burst * PRIORITY_RULES[priority].leaveShare)));
}

/**
 * Thrown instead of calling Slack when the budget would keep the call waiting too long. It reads as
 * Slack's own rate-limit error (`code`, `retryAfter` in seconds), so queue/slack-errors.ts classifies
 * it as "retry after that long, nothing was done" and BullMQ retries the job then.
 */
export class SlackBudgetExhaustedError extends Error {
  readonly code = ErrorCode.RateLimitedError;
  /** Seconds until the budget expects to have room for this call (Slack's errors give whole seconds). */
  readonly retryAfter: number;

  constructor(
    readonly method: string,
    readonly tier: SlackTier,
    readonly retryAfterMs: number,
  ) {
    super(`warroom's Slack budget for ${method} (${tier}) has no room for ${retryAfterMs} ms; not called`);
    this.name = 'SlackBudgetExhaustedError';
    this.retryAfter = retryAfterMs / 1000;
  }
}

export interface SlackBudgetOptions {
  keyPrefix: string;
  /** Whose limits these are: the workspace the token belongs to. */
  workspace: string;
  /**
   * Slack's minute, for drills against the emulator (`WARROOM_DRILL_RATE_SCALE`): 10 means ten times the
   * rates and a tenth of the waits, as the emulator's `rateTierTimeScale` does. 1 for Slack itself.
   */
  timeScale?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** What `take` reports: how long the call waited for its token, and its tier. */
export interface Taken {
  waitedMs: number;
  tier: SlackTier;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackBudget {
  private readonly scale: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly redis: ScriptRunner,
    private readonly options: SlackBudgetOptions,
  ) {
    this.scale = options.timeScale ?? 1;
    this.sleep = options.sleep ?? pause;
  }

  /** The Redis key of one bucket. */
  keyOf(bucket: Pick<Bucket, 'name'>): string {
    const { keyPrefix, workspace } = this.options;
    return `${keyPrefix}:{${keyPrefix}:slack-budget}:${workspace}:${bucket.name}`;
  }

  /**
   * Takes a token for one call from each of its buckets, waiting while they are short (at most the
   * priority's `maxWaitMs`); throws {@link SlackBudgetExhaustedError} when the wait would be longer.
   * @example
   * await budget.take('conversations.create', bucketsFor('conversations.create', args), 'normal');
   */
  async take(method: string, buckets: readonly Bucket[], priority: SlackPriority): Promise<Taken> {
    const tier = tierOf(method);
    const maxWaitMs = PRIORITY_RULES[priority].maxWaitMs / this.scale;
    const started = Date.now();
    for (let slept = false; ; slept = true) {
      const waitMs = await this.tryTake(buckets, priority);
      // A call that got its token at the first try did not wait (the round trip to Redis is not a wait).
      const waitedMs = slept ? Date.now() - started : 0;
      if (waitMs === 0) return { waitedMs, tier };
      if (waitedMs + waitMs > maxWaitMs) throw new SlackBudgetExhaustedError(method, tier, waitMs);
      await this.sleep(waitMs);
    }
  }

  /** One attempt: 0 when the tokens were taken, else the ms after which to try again (nothing taken). */
  async tryTake(buckets: readonly Bucket[], priority: SlackPriority): Promise<number> {
    const keys = buckets.map((b) => this.keyOf(b));
    const args = [
      priority,
      ...buckets.flatMap((b) => [
        String((b.perMinute * this.scale) / 60_000),
        String(b.burst),
        String(reserveOf(priority, b.burst)),
      ]),
    ];
    return this.run(keys, args);
  }

  private async run(keys: string[], args: string[]): Promise<number> {
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(TAKE_TOKENS_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      reply = await this.redis.eval(TAKE_TOKENS, keys.length, ...keys, ...args);
    }
    return Number((reply as [number, number])[0]);
  }
}
