/**
 * @module slack/pacing/tiers
 * What warroom may spend of Slack's Web API rate limits: each method's tier (Slack's own table) and the
 * buckets a call takes from, with the rate and the burst warroom allows itself.
 *
 * Slack's limits are per method and per workspace (Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4
 * 100+/min), plus chat.postMessage's own: about one message a second per channel, and several hundred a
 * minute for the workspace. The tier of each method warroom calls comes from java-sdk-rate_limit_tiers.json
 * (slackapi/java-slack-sdk, in the project's Slack contract; the test compares the two). A method not
 * in the table is paced as Tier 3, Slack's most common tier.
 *
 * Bursts: Slack allows "occasional bursts" without saying how large. warroom allows itself half a minute's
 * allowance at once (Tier 2: 10, Tier 3: 25, Tier 4: 50; Tier 1: 1), then the per-minute rate, refilled
 * continuously; in a channel, 2 messages at once, then one every 1.2 s. Starting with half of what a quiet
 * Slack would take leaves the other half as slack for calls that arrive late or bunched (a slow network,
 * another process's call in flight) and for callers that do not use this budget (Bolt's own `views.open`).
 * A channel's steady rate is kept under Slack's one a second for the same reason: at exactly Slack's rate, Slack's
 * bucket for the channel never gains on what warroom takes from it, so posts that reach Slack bunched by 2 s or more
 * (a fifth of that in a drill at 5×) draw 429s; one every 1.2 s gives a fifth of a message back with every post, and
 * 2.5 s of lateness draws none (test/slack/pacing/channel-jitter.test.ts: 99 429s in 3000 posts at one a second).
 */

/** A tier as java-slack-sdk's table spells it. */
export type SlackTier =
  | 'Tier1'
  | 'Tier2'
  | 'Tier3'
  | 'Tier4'
  | 'SpecialTier_auth_test'
  | 'SpecialTier_chat_getPermalink'
  | 'SpecialTier_chat_postMessage';

/** The methods warroom calls (and those Slack gives a special tier), with the tier Slack's table gives them. */
export const METHOD_TIERS: Readonly<Record<string, SlackTier>> = {
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
  'views.update': 'Tier4',
};

/** How a bucket fills: `perMinute` tokens a minute, continuously, holding at most `burst`. */
export interface Rate {
  perMinute: number;
  burst: number;
}

/** One bucket a call takes a token from: its name within the workspace, and its rate. */
export interface Bucket extends Rate {
  name: string;
}

/** Messages one channel takes at once before the one-a-second rule applies. */
export const CHANNEL_BURST = 2;
/** Messages warroom posts to one channel a minute after its burst: Slack allows about 60. */
export const CHANNEL_POSTS_PER_MINUTE = 50;
/** chat.postMessage across the workspace (Slack: "several hundred messages per minute"). */
export const WORKSPACE_POSTS_PER_MINUTE = 300;

const TIER_RATES: Readonly<Record<SlackTier, Rate>> = {
  Tier1: { perMinute: 1, burst: 1 },
  Tier2: { perMinute: 20, burst: 10 },
  Tier3: { perMinute: 50, burst: 25 },
  Tier4: { perMinute: 100, burst: 50 },
  SpecialTier_auth_test: { perMinute: 600, burst: 300 },
  SpecialTier_chat_getPermalink: { perMinute: 600, burst: 300 },
  SpecialTier_chat_postMessage: { perMinute: WORKSPACE_POSTS_PER_MINUTE, burst: WORKSPACE_POSTS_PER_MINUTE / 2 },
};

const CHANNEL_RATE: Rate = { perMinute: CHANNEL_POSTS_PER_MINUTE, burst: CHANNEL_BURST };

/** The method's tier: Slack's, or Tier 3 for a method Slack's table does not list. */
export function tierOf(method: string): SlackTier {
  return METHOD_TIERS[method] ?? 'Tier3';
}

/**
 * The buckets a call takes from: the method's, and for chat.postMessage the channel's as well.
 * @example
 * bucketsFor('chat.postMessage', { channel: 'C1' });
 * // [{ name: 'chat.postMessage', perMinute: 300, burst: 150 }, { name: 'chat.postMessage:C1', perMinute: 50, burst: 2 }]
 */
export function bucketsFor(method: string, args: Record<string, unknown>): Bucket[] {
  const tier = tierOf(method);
  const buckets: Bucket[] = [{ name: method, ...TIER_RATES[tier] }];
  const channel = tier === 'SpecialTier_chat_postMessage' ? args.channel : undefined;
  if (typeof channel === 'string' && channel !== '') buckets.push({ name: `${method}:${channel}`, ...CHANNEL_RATE });
  return buckets;
}
