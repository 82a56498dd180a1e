/**
 * @module bench/region-down
 * A region goes down: hundreds of incidents declared within a minute, in a workspace that throttles as
 * Slack does. How long until every incident has its channel, its pinned board and its announcement,
 * against the floor Slack's Tier 2 sets for creating that many channels, and how many 429s warroom drew.
 *
 * Slack's minute can run faster (`rateTierScale`: the emulator's tiers and warroom's budget alike, see
 * docs/performance.md), so that 200 incidents, ~10 minutes at Slack's pace, take about one here. Times
 * are reported in Slack's time (wall time × scale) next to the wall time they took.
 */
import type { RecordedCall } from '../src/sandbox/web-api.js';
import { countByMethod } from './api-calls.js';
import { type LatencySummary, summarize } from './latency-summary.js';
import { declare, poll, settle, sleep, startUnderTest } from './under-test.js';

export interface RegionOptions {
  redisUrl: string;
  incidents: number;
  /** Slack's minute runs this many times faster for the emulator's tiers and warroom's budget. */
  rateTierScale: number;
  /** Over how long (Slack's time) the declares are sent, evenly spaced. */
  declareOverMs?: number;
}

/** conversations.create: Tier 2, 20 a minute; the bursts a quiet workspace allows at once. */
const CREATE_PER_MINUTE = 20;
const BUDGET_BURST = 10;
const SLACK_BURST = 20;

export interface RegionResult {
  incidents: number;
  rateTierScale: number;
  declareOverMs: number;
  acked: number;
  made: { channels: number; boards: number; pinnedBoards: number; announcements: number };
  /** Each appears once per incident: no channel, board, pin or announcement made twice. */
  check: { ok: boolean; detail: string };
  rateLimited: { total: number; byMethod: Record<string, number> };
  /** From the first declare sent, in Slack's time (wall × scale). */
  lastChannelMs: number;
  lastBoardPostedMs: number;
  lastBoardPinnedMs: number;
  lastAnnouncementMs: number;
  /** Until warroom had nothing left to do for them (topics, checklists, timers armed). */
  settledMs: number;
  /** Wall time the section took until every board was pinned. */
  wallMs: number;
  /** Declare sent → its board pinned, Slack's time. */
  declareToPinnedMs: LatencySummary;
  /**
   * The least time `incidents` channels can take at Tier 2 (ms, Slack's time): (incidents − burst) / 20
   * a minute, with warroom's budget burst (10) and with the burst the emulator allows a quiet app (20).
   */
  floorMs: { budgetBurst: number; slackBurst: number };
  /** lastBoardPinnedMs / floorMs.budgetBurst. */
  ratio: number;
  calls: Record<string, number>;
  /** Effects jobs: how many ran, and how many attempts they took (a refused or throttled call is retried). */
  jobs: { count: number; attempts: number; maxAttempts: number };
}

/**
 * Declares `incidents` incidents evenly over `declareOverMs` (a minute of Slack's time), then waits until
 * each has a channel, a pinned board and an announcement in the feed, timing each from the first declare.
 */
export async function measureRegionDown(options: RegionOptions): Promise<RegionResult> {
  const scale = options.rateTierScale;
  const declareOverMs = options.declareOverMs ?? 60_000;
  const ut = await startUnderTest(options.redisUrl, { rateTiers: true, rateTierScale: scale });
  const { emulator } = ut;
  const from = emulator.calls.length;
  const created = new Map<string, number>();
  const boards = new Map<string, { ts: string; at: number }>();
  const pinned = new Map<string, number>();
  const announced: number[] = [];
  const stopListening = emulator.webApi.onCall((call: RecordedCall) => {
    if (!call.ok) return;
    const now = performance.now();
    const channel = String(call.args.channel ?? '');
    if (call.method === 'conversations.create') {
      created.set(String((call.response?.channel as { id?: string } | undefined)?.id), now);
    } else if (call.method === 'chat.postMessage' && channel === 'C0INCIDENTS' && !call.args.thread_ts) {
      announced.push(now);
    } else if (call.method === 'chat.postMessage' && created.has(channel) && !boards.has(channel)) {
      // The board is the first message warroom posts in an incident channel.
      boards.set(channel, { ts: String(call.response?.ts), at: now });
    } else if (call.method === 'pins.add' && boards.get(channel)?.ts === String(call.args.timestamp)) {
      pinned.set(channel, now);
    }
  });
  try {
    const started = performance.now();
    const gapMs = declareOverMs / scale / options.incidents;
    const sentAt: number[] = [];
    const ids = await Promise.all(
      Array.from({ length: options.incidents }, async (_, i) => {
        await sleep(i * gapMs);
        sentAt[i] = performance.now();
        return declare(ut, `Region down ${i + 1}`);
      }),
    );
    const timeoutMs = Math.max(120_000, (4 * 60 * 60_000) / scale);
    await poll(
      'every channel, pinned board and announcement',
      () => (pinned.size >= options.incidents && announced.length >= options.incidents ? true : undefined),
      timeoutMs,
      100,
    );
    const wallMs = performance.now() - started;
    await settle(ut, ids, timeoutMs);
    const settledMs = performance.now() - started;
    const slack = (wall: number) => Math.round(wall * scale);
    const last = (times: Iterable<number>) => slack(Math.max(...times) - started);
    // Declare i made channel c: the log says which; here the order of creation is enough for the spread.
    const channelOf = new Map<string, string>();
    for (const id of ids) {
      const raw = await ut.redis.lrange(ut.keys.log(id), 0, -1);
      const channelId = raw.map((line) => JSON.parse(line)).find((e) => e.type === 'ChannelCreated')?.data.channelId;
      if (typeof channelId === 'string') channelOf.set(id, channelId);
    }
    const declareToPinned = ids.map((id, i) => {
      const at = pinned.get(channelOf.get(id) ?? '');
      return at === undefined ? Number.NaN : slack(at - (sentAt[i] as number));
    });
    const calls = countByMethod(emulator.calls.slice(from));
    const okCreates = emulator.calls.slice(from).filter((c) => c.method === 'conversations.create' && c.ok).length;
    const made = {
      channels: okCreates,
      boards: boards.size,
      pinnedBoards: pinned.size,
      announcements: announced.length,
    };
    const ok =
      ids.length === options.incidents &&
      channelOf.size === options.incidents &&
      okCreates === options.incidents &&
      pinned.size === options.incidents &&
      announced.length === options.incidents;
    const jobs = await ut.queue.getJobs(['completed'], 0, -1);
    const attempts = jobs.map((job) => job.attemptsMade);
    const floor = (burst: number) => ((options.incidents - burst) / CREATE_PER_MINUTE) * 60_000;
    const lastBoardPinnedMs = last(pinned.values());
    return {
      incidents: options.incidents,
      rateTierScale: scale,
      declareOverMs,
      acked: ids.length,
      made,
      check: {
        ok,
        detail: `${okCreates} channels, ${pinned.size} boards pinned, ${announced.length} announcements for ${ids.length} declares`,
      },
      rateLimited: emulator.rateLimited(),
      lastChannelMs: last(created.values()),
      lastBoardPostedMs: last([...boards.values()].map((b) => b.at)),
      lastBoardPinnedMs,
      lastAnnouncementMs: last(announced),
      settledMs: slack(settledMs),
      wallMs: Math.round(wallMs),
      declareToPinnedMs: summarize(declareToPinned),
      floorMs: { budgetBurst: floor(BUDGET_BURST), slackBurst: floor(SLACK_BURST) },
      ratio: Math.round((lastBoardPinnedMs / floor(BUDGET_BURST)) * 1000) / 1000,
      calls,
      jobs: {
        count: jobs.length,
        attempts: attempts.reduce((a, n) => a + n, 0),
        maxAttempts: Math.max(0, ...attempts),
      },
    };
  } finally {
    stopListening();
    await ut.stop();
  }
}
