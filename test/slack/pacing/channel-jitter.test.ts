/**
 * @module test/slack/pacing/channel-jitter — warroom's pace for one channel's posts leaves Slack's per-channel limit
 * (one a second after a burst of 3, as the emulator enforces it: src/sandbox/rate-tiers.ts) room for posts that reach
 * Slack late. A post leaves when warroom's budget gives it a token; it reaches Slack after whatever the network and a
 * busy process add. Posts that leave evenly can arrive bunched: the first late, the next on time.
 */
import { describe, expect, it } from 'vitest';
import { RateTiers } from '../../../src/sandbox/rate-tiers.js';
import { bucketsFor } from '../../../src/slack/pacing/tiers.js';

const CHANNEL = 'C0INCIDENTS';

/** A pseudo-random sequence in [0, 1), the same on every run (a 32-bit LCG). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * When `count` posts to one channel leave warroom, paced by its channel bucket (bucketsFor): the burst at once, then
 * one each refill, as the budget spaces one caller kept waiting (ms from the first).
 */
function departures(count: number): number[] {
  const channel = bucketsFor('chat.postMessage', { channel: CHANNEL }).find((b) => b.name.endsWith(`:${CHANNEL}`));
  if (!channel) throw new Error('chat.postMessage has no channel bucket');
  const spacing = 60_000 / channel.perMinute;
  return Array.from({ length: count }, (_, i) => Math.max(0, i - channel.burst + 1) * spacing);
}

/** How many of the posts Slack refuses when each reaches it up to `lateMs` after it left. */
function refusedWithJitter(count: number, lateMs: number, seed: number): number {
  const random = seeded(seed);
  const arrivals = departures(count)
    .map((at) => at + random() * lateMs)
    .sort((a, b) => a - b);
  let now = 0;
  const slack = new RateTiers({ now: () => now });
  slack.setEnabled(true);
  let refused = 0;
  for (const at of arrivals) {
    now = 1_000_000 + at;
    if (slack.admit('chat.postMessage', { channel: CHANNEL })) refused += 1;
  }
  expect(slack.count().total).toBe(refused);
  return refused;
}

describe("one channel's posts, paced by warroom, reaching Slack late", () => {
  it('should draw no 429 from Slack when every post arrives on time', () => {
    expect(refusedWithJitter(600, 0, 1)).toBe(0);
  });

  it('should draw no 429 when posts reach Slack up to 2.5 s late, even out of order', () => {
    // 3000 posts: 50 minutes of one busy channel (the incidents feed in a bad hour), ten different runs of luck.
    // Paced at exactly Slack's one a second, a lateness of 2.5 s draws about a hundred 429s in each.
    for (let seed = 1; seed <= 10; seed += 1) expect(refusedWithJitter(3000, 2500, seed)).toBe(0);
  });
});
