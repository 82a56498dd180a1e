import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysFor } from '../../../src/store/keys.js';
import { type Harness, startHarness } from '../../support/harness.js';
import { waitForValue } from '../../support/incident.js';
import { freePort, runWarroom, type WarroomProcess } from '../../support/process.js';

/**
 * Slack's minute in 20 s for the emulator and warroom's budget alike (a drill, as the bench runs it). The
 * 30 announcements go to the feed channel at once, one every 1.2 Slack seconds after a burst of two; a post
 * that reaches Slack a Slack second or two late then bunches with the next ones and draws a 429 (see
 * slack/pacing/tiers.ts). A drill shrinks that margin with the minute: at 5× (0.2-0.4 s of real lateness) a
 * CI run on a loaded machine drew one 429 on the feed; at 20× a granted call was routinely late past the
 * next one's turn. At 3× the margin is 0.3-0.7 s of real time, and the burst takes about 25 s.
 */
const SCALE = '3';
const INCIDENTS = 30;

describe('a burst of declares worked by two warroom processes on one Redis, with Slack throttling', () => {
  let h: Harness;
  let worker: WarroomProcess;

  beforeAll(async () => {
    h = await startHarness({ env: { WARROOM_DRILL_RATE_SCALE: SCALE } });
    h.emulator.setRateTiers(true, Number(SCALE));
    // A second process of its own, taking jobs from the same queue and spending the same budget.
    worker = runWarroom(['worker'], { ...h.env, PORT: String(await freePort()), LOG_LEVEL: 'info' });
    await worker.waitForOutput(/warroom is up/);
  }, 30_000);

  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await h?.stop();
  });

  it('should set up every incident (channel, pinned board, announcement) without drawing a 429', async () => {
    const dana = h.emulator.user('dana');
    const answers = await Promise.all(
      Array.from({ length: INCIDENTS }, (_, i) => dana.command(`declare sev1 Region down ${i + 1}`)),
    );
    const ids = answers.map((a) => /INC-\d+/.exec(a.ackText ?? '')?.[0] as string);
    expect(ids.every(Boolean)).toBe(true);
    const keys = keysFor(h.prefix);
    await waitForValue(async () => {
      for (const id of ids) {
        const log = (await h.redis.lrange(keys.log(id), 0, -1)).map((e) => JSON.parse(e));
        const channel = log.find((e) => e.type === 'ChannelCreated')?.data.channelId;
        const board = log.find((e) => e.type === 'BoardPosted')?.data.ts;
        if (!log.some((e) => e.type === 'AnnouncementPosted')) return false;
        if (!channel || !board || !h.emulator.workspace.findMessage(channel, board)?.pinned) return false;
      }
      return true;
    }, 75_000);
    // Slack's Tier 2 would have refused a third of these creates had they come at once.
    expect(h.emulator.calls.filter((c) => c.method === 'conversations.create' && c.ok)).toHaveLength(INCIDENTS);
    expect(h.emulator.rateLimited()).toEqual({ total: 0, byMethod: {} });
  }, 90_000);
});
