/**
 * @module sandbox/rate-tiers
 * Slack's Web API rate-limit tiers, for the emulator: an opt-in mode in which a call over its method's
 * limit answers as Slack does, HTTP 429 with `Retry-After: <seconds>` and `{"ok":false,"error":"ratelimited"}`.
 *
 * The knob (tests, the bench and drills; the product never imports src/sandbox):
 * - `SlackEmulator.start({ ..., rateTiers: true })`, or `emulator.setRateTiers(true | false)` at run time
 *   (turning it on starts every method with a full bucket). Off by default.
 * - `rateTierTimeScale` (or `setRateTiers(true, scale)`): for drills, Slack's minute runs `scale` times
 *   faster: every rate × scale, every wait ÷ scale, bursts unchanged (10: the per-minute limits apply
 *   per 6 s). `Retry-After` stays whole seconds, at least 1, as Slack sends it. 1 by default.
 * - `emulator.rateLimited()` → `{ total, byMethod }`: how many 429s the tiers drew. Injected faults
 *   (`injectFault({ status: 429 })`) are not counted here; they are recorded calls like any other.
 *
 * Limits, per method and per workspace (the emulator is one workspace, so per method), from
 * /work/shared/slack-contract/INDEX.md: Tier 1 1/min, Tier 2 ≈ 20/min, Tier 3 ≈ 50/min, Tier 4 ≈ 100/min;
 * chat.postMessage about 1 message per second per channel. The method → tier table below is generated
 * from java-sdk-rate_limit_tiers.json (slackapi/java-slack-sdk metadata/web-api) for the methods the
 * emulator serves plus every special one; test/sandbox/rate-tiers.test.ts checks it against that file.
 * A method not in it gets Tier 3 (our default: Slack publishes no tier for it).
 *
 * Burst model: a token bucket per method (per method and channel for the per-channel limits), holding
 * `burst` calls and refilled continuously at `perMinute / 60` per second; a call takes one token, a call
 * finding less than one is refused and takes none. For the numbered tiers `burst = perMinute`, so a
 * quiet app may spend a minute's worth at once (Slack: "20+ per minute … occasional bursts of more"),
 * then one call per `60 / perMinute` seconds. `Retry-After` is the time until one token is back,
 * rounded up, at least 1 second. Calls refused earlier (unknown method, bad token, missing scope, an
 * injected fault) use no allowance; calls the method then refuses (channel_not_found, …) do, as on Slack.
 *
 * Special tiers (java-slack-sdk's MethodsRateLimitTier gives 600/min for auth.test and chat.getPermalink,
 * 60/min per channel for chat.postMessage and per DM for assistant.threads.setStatus):
 * - chat.postMessage: per channel 1/s with a burst of 3, and for the whole workspace 300/min (Slack:
 *   "several hundred messages per minute"); a call must fit both and takes from both.
 * - assistant.threads.setStatus: per channel (`channel_id`) 1/s with a burst of 3.
 * - auth.test, chat.getPermalink: 600/min.
 * - chat.postEphemeral is Tier 4 in Slack's table and here (no per-channel rule is published for it).
 */
import type { Args } from './methods/types.js';

/** A tier name as java-slack-sdk's table spells it. */
export type SlackTier =
  | 'Tier1'
  | 'Tier2'
  | 'Tier3'
  | 'Tier4'
  | 'SpecialTier_auth_test'
  | 'SpecialTier_chat_getPermalink'
  | 'SpecialTier_chat_postMessage'
  | 'SpecialTier_assistant_threads_setStatus';

/** Generated from java-sdk-rate_limit_tiers.json; do not edit by hand (the test compares the two). */
export const SLACK_TIERS: Readonly<Record<string, SlackTier>> = {
  'apps.connections.open': 'Tier1',
  'assistant.threads.setStatus': 'SpecialTier_assistant_threads_setStatus',
  'auth.test': 'SpecialTier_auth_test',
  'bookmarks.add': 'Tier2',
  'bookmarks.edit': 'Tier2',
  'chat.delete': 'Tier3',
  'chat.getPermalink': 'SpecialTier_chat_getPermalink',
  'chat.postEphemeral': 'Tier4',
  'chat.postMessage': 'SpecialTier_chat_postMessage',
  'chat.update': 'Tier3',
  'conversations.create': 'Tier2',
  'conversations.history': 'Tier3',
  'conversations.info': 'Tier3',
  'conversations.invite': 'Tier3',
  'conversations.join': 'Tier3',
  'conversations.replies': 'Tier3',
  'conversations.setPurpose': 'Tier2',
  'conversations.setTopic': 'Tier2',
  'files.completeUploadExternal': 'Tier4',
  'files.getUploadURLExternal': 'Tier4',
  'pins.add': 'Tier2',
  'pins.remove': 'Tier2',
  'reactions.add': 'Tier3',
  'users.info': 'Tier4',
  'users.lookupByEmail': 'Tier3',
  'views.open': 'Tier4',
  'views.publish': 'Tier4',
  'views.push': 'Tier4',
  'views.update': 'Tier4',
};

/** One bucket's size and refill rate; `perChannel` keys it by the call's channel as well. */
export interface Limit {
  perMinute: number;
  burst: number;
  perChannel?: boolean;
}

/** How many calls of a burst chat.postMessage accepts in one channel before its 1/s applies. */
export const POST_MESSAGE_BURST = 3;
/** chat.postMessage across the whole workspace. */
export const POST_MESSAGE_WORKSPACE_PER_MINUTE = 300;

const perChannelPerSecond: Limit = { perMinute: 60, burst: POST_MESSAGE_BURST, perChannel: true };

export const TIER_LIMITS: Readonly<Record<SlackTier, readonly Limit[]>> = {
  Tier1: [{ perMinute: 1, burst: 1 }],
  Tier2: [{ perMinute: 20, burst: 20 }],
  Tier3: [{ perMinute: 50, burst: 50 }],
  Tier4: [{ perMinute: 100, burst: 100 }],
  SpecialTier_auth_test: [{ perMinute: 600, burst: 600 }],
  SpecialTier_chat_getPermalink: [{ perMinute: 600, burst: 600 }],
  SpecialTier_chat_postMessage: [
    perChannelPerSecond,
    { perMinute: POST_MESSAGE_WORKSPACE_PER_MINUTE, burst: POST_MESSAGE_WORKSPACE_PER_MINUTE },
  ],
  SpecialTier_assistant_threads_setStatus: [perChannelPerSecond],
};

/** The method's tier: Slack's, or Tier 3 for a method Slack's table does not list. */
export function tierOf(method: string): SlackTier {
  return SLACK_TIERS[method] ?? 'Tier3';
}

/** How many 429s the tiers drew since the emulator started. */
export interface RateLimitCount {
  total: number;
  byMethod: Record<string, number>;
}

class TokenBucket {
  private tokens: number;

  constructor(
    private readonly limit: Limit,
    private last: number,
  ) {
    this.tokens = limit.burst;
  }

  /** Milliseconds until one token is available at `now` (0 when one is). */
  waitMs(now: number): number {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) * this.limit.perMinute) / 60_000);
    this.last = now;
    // Tolerates float drift so that exactly 60/perMinute seconds later a token is back.
    const missing = 1 - this.tokens - 1e-9;
    return missing > 0 ? (missing * 60_000) / this.limit.perMinute : 0;
  }

  take(): void {
    this.tokens -= 1;
  }
}

/**
 * Decides, call by call, whether a Web API call fits its method's tier.
 * @example
 * const tiers = new RateTiers({ now: () => clock });
 * tiers.setEnabled(true);
 * tiers.admit('conversations.create', {}); // undefined: served; `{ retryAfter: 3 }`: answer 429
 */
export class RateTiers {
  private enabled = false;
  private scale = 1;
  private buckets = new Map<string, TokenBucket>();
  private readonly refused = new Map<string, number>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? (() => Date.now());
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Turns the tiers on (every bucket full) or off, at `timeScale` (see above); the 429 count is kept. */
  setEnabled(on: boolean, timeScale = 1): void {
    if (!(timeScale >= 1)) throw new RangeError(`timeScale must be at least 1 (got ${timeScale})`);
    this.enabled = on;
    this.scale = timeScale;
    this.buckets = new Map();
  }

  /** Undefined when the call may be served (it then uses its share), else the `Retry-After` seconds. */
  admit(method: string, args: Args): { retryAfter: number } | undefined {
    if (!this.enabled) return undefined;
    // Slack's clock, run `scale` times faster: the buckets refill `scale` times as fast in real time.
    const now = this.now() * this.scale;
    const buckets = TIER_LIMITS[tierOf(method)].map((limit) => this.bucket(method, limit, args, now));
    const waitMs = Math.max(0, ...buckets.map((bucket) => bucket.waitMs(now)));
    if (waitMs > 0) {
      this.refused.set(method, (this.refused.get(method) ?? 0) + 1);
      return { retryAfter: Math.max(1, Math.ceil(waitMs / this.scale / 1000)) };
    }
    for (const bucket of buckets) bucket.take();
    return undefined;
  }

  count(): RateLimitCount {
    const byMethod = Object.fromEntries(this.refused);
    return { total: Object.values(byMethod).reduce((sum, n) => sum + n, 0), byMethod };
  }

  private bucket(method: string, limit: Limit, args: Args, now: number): TokenBucket {
    const key = limit.perChannel ? `${method} channel:${String(args.channel ?? args.channel_id)}` : method;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
