/**
 * @module bench/api-calls
 * Web API calls as the emulator recorded them: counts by method, and the peak rate of each method
 * against the rate-limit tier Slack gives it (per method, per workspace).
 */
import type { RecordedCall } from '../src/sandbox/web-api.js';

/**
 * Tiers of the methods warroom calls, from Slack's Java SDK metadata (java-slack-sdk
 * metadata/web-api/rate_limit_tiers.json). Tier 1 ≈ 1/min, 2 ≈ 20/min, 3 ≈ 50/min, 4 ≈ 100/min;
 * chat.postMessage is "special": about one message per second per channel.
 */
const TIERS: Record<string, 1 | 2 | 3 | 4 | 'postMessage' | 'special'> = {
  'auth.test': 'special',
  'bookmarks.add': 2,
  'chat.delete': 3,
  'chat.postEphemeral': 4,
  'chat.postMessage': 'postMessage',
  'chat.update': 3,
  'conversations.create': 2,
  'conversations.history': 3,
  'conversations.info': 3,
  'conversations.invite': 3,
  'conversations.join': 3,
  'conversations.replies': 3,
  'conversations.setPurpose': 2,
  'conversations.setTopic': 2,
  'files.completeUploadExternal': 4,
  'files.getUploadURLExternal': 4,
  'pins.add': 2,
  'reactions.add': 3,
  'users.info': 4,
  'views.open': 4,
  'views.push': 4,
  'views.update': 4,
};

const PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
const WINDOW_MS = 60_000;

export interface MethodPeak {
  method: string;
  /** Calls in the measured period. */
  calls: number;
  /** The most calls that fell in any 60 s window of the period (a true count, not scaled). */
  busiest60s: number;
  /** The most calls in any 1 s window, × 60: how fast the bursts go, as a rate per minute. */
  peak1sPerMinute: number;
  tier: string;
  /** Slack's allowance per minute (per workspace; for chat.postMessage per channel), when it has a number. */
  limitPerMinute: number | undefined;
  /** busiest60s above the allowance (chat.postMessage: in the busiest channel). */
  over: boolean;
  /** chat.postMessage only: the channel with the most posts in a 60 s window, and its counts. */
  busiestChannel?: { channel: string; busiest60s: number; peak1s: number };
}

export function countByMethod(calls: readonly RecordedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

/** The most of `times` (ms, any order) that fall within any window [t, t + windowMs). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function tierOf(method: string): { tier: string; limitPerMinute: number | undefined } {
  const tier = TIERS[method];
  if (tier === undefined) return { tier: 'unknown', limitPerMinute: undefined };
  if (tier === 'postMessage') return { tier: '1/s per channel', limitPerMinute: 60 };
  if (tier === 'special') return { tier: 'special', limitPerMinute: undefined };
  return { tier: `Tier ${tier}`, limitPerMinute: PER_MINUTE[tier] };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Peak rate of every method in `calls` (the calls of one period, as if from one workspace). */
export function peakRates(calls: readonly RecordedCall[]): MethodPeak[] {
  const byMethod = groupBy(calls, (c) => c.method);
  const peaks = [...byMethod].map(([method, list]): MethodPeak => {
    const times = list.map((c) => c.at);
    const { tier, limitPerMinute } = tierOf(method);
    const peak: MethodPeak = {
      method,
      calls: list.length,
      busiest60s: busiestWindow(times, WINDOW_MS),
      peak1sPerMinute: busiestWindow(times, 1000) * 60,
      tier,
      limitPerMinute,
      over: false,
    };
    if (method === 'chat.postMessage') {
      const byChannel = groupBy(list, (c) => String(c.args.channel ?? '?'));
      const busiest = [...byChannel]
        .map(([channel, posts]) => ({
          channel,
          busiest60s: busiestWindow(
            posts.map((c) => c.at),
            WINDOW_MS,
          ),
          peak1s: busiestWindow(
            posts.map((c) => c.at),
            1000,
          ),
        }))
        .sort((a, b) => b.busiest60s - a.busiest60s || b.peak1s - a.peak1s)[0];
      if (busiest) peak.busiestChannel = busiest;
      peak.over = (busiest?.busiest60s ?? 0) > 60;
    } else {
      peak.over = limitPerMinute !== undefined && peak.busiest60s > limitPerMinute;
    }
    return peak;
  });
  return peaks.sort((a, b) => b.busiest60s - a.busiest60s);
}

/** Average calls per occurrence: counts divided by `n`, to two decimals. */
export function perOccurrence(counts: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).map(([method, count]) => [method, Math.round((count / n) * 100) / 100]),
  );
}
