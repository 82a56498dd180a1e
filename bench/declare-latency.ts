/**
 * @module bench/declare-latency
 * What a responder waits for after `/incident declare`, with Slack as slow as Slack is: the emulator
 * answers every Web API call `fixedMs` late (150 ms by default). Single declares one after another on a
 * quiet warroom: from the command sent to the channel created, the board posted, the board pinned (its
 * `pins.add` answered) and the announcement posted, each as warroom was told by Slack's answer. Then
 * `burst` declares at once with Slack's rate tiers on and a long-tailed latency (median 120 ms, p99
 * 600 ms per call): declare → board pinned, p50/p99, and the 429s drawn.
 */
import type { Latency } from '../src/sandbox/latency.js';
import type { RecordedCall } from '../src/sandbox/web-api.js';
import { type LatencySummary, summarize } from './latency-summary.js';
import { declare, readLog, settle, startUnderTest, type UnderTest, waitForBoard } from './under-test.js';

export interface DeclareOptions {
  redisUrl: string;
  /** Single declares measured one after another. */
  singles: number;
  /** Every Web API answer this late for the single declares. */
  fixedMs: number;
  /** Declares sent at once with the tiers on. */
  burst: number;
  /** Slack's minute this many times faster for the burst (emulator tiers and warroom's budget). */
  burstScale: number;
}

export interface DeclareResult {
  fixedLatencyMs: number;
  singles: {
    count: number;
    toChannelMs: LatencySummary;
    toBoardPostedMs: LatencySummary;
    toBoardPinnedMs: LatencySummary;
    toAnnouncementMs: LatencySummary;
    /** Until warroom had nothing left to do (every call of the declare answered, effects applied). */
    toSettledMs: LatencySummary;
    /** Web API calls per declare, and how many of them came before the pin was answered. */
    callsPerDeclare: number;
    callsBeforePin: number;
  };
  burst: {
    count: number;
    latency: Latency;
    rateTierScale: number;
    toBoardPinnedMs: LatencySummary;
    /** Until every incident of the burst was fully set up. */
    setupMs: number;
    rateLimited: { total: number; byMethod: Record<string, number> };
    allPinned: boolean;
  };
}

const BURST_LATENCY: Latency = { default: { medianMs: 120, p99Ms: 600 } };

interface Milestones {
  channel: number;
  boardPosted: number;
  pinned: number;
  announcement: number;
}

/** When Slack answered the calls that made the incident's channel, board, pin and announcement. */
async function milestones(ut: UnderTest, incidentId: string, calls: readonly RecordedCall[]): Promise<Milestones> {
  const log = await readLog(ut, incidentId);
  const channelId = String(log.find((e) => e.type === 'ChannelCreated')?.data.channelId);
  const boardTs = String(log.find((e) => e.type === 'BoardPosted')?.data.ts);
  const announcementTs = String(log.find((e) => e.type === 'AnnouncementPosted')?.data.ts);
  const answered = (match: (c: RecordedCall) => boolean) => {
    const call = calls.find((c) => c.ok && match(c));
    return call?.answeredAt ?? Number.NaN;
  };
  return {
    channel: answered(
      (c) =>
        c.method === 'conversations.create' && (c.response?.channel as { id?: string } | undefined)?.id === channelId,
    ),
    boardPosted: answered((c) => c.method === 'chat.postMessage' && c.response?.ts === boardTs),
    pinned: answered((c) => c.method === 'pins.add' && c.args.channel === channelId && c.args.timestamp === boardTs),
    announcement: answered((c) => c.method === 'chat.postMessage' && c.response?.ts === announcementTs),
  };
}

async function measureSingles(options: DeclareOptions): Promise<DeclareResult['singles']> {
  const ut = await startUnderTest(options.redisUrl, { latency: options.fixedMs });
  const samples = {
    channel: [] as number[],
    board: [] as number[],
    pinned: [] as number[],
    announcement: [] as number[],
  };
  const settled: number[] = [];
  let callsPerDeclare = 0;
  let callsBeforePin = 0;
  try {
    for (let n = 0; n < options.singles; n += 1) {
      const from = ut.emulator.calls.length;
      const sent = Date.now();
      const id = await declare(ut, `Declare bench ${n + 1}`);
      await waitForBoard(ut, id);
      await settle(ut, [id], 60_000, 2 * options.fixedMs + 300);
      settled.push(Math.max(...ut.emulator.calls.slice(from).map((c) => c.answeredAt ?? c.at)) - sent);
      const calls = ut.emulator.calls.slice(from);
      const m = await milestones(ut, id, calls);
      samples.channel.push(m.channel - sent);
      samples.board.push(m.boardPosted - sent);
      samples.pinned.push(m.pinned - sent);
      samples.announcement.push(m.announcement - sent);
      callsPerDeclare = calls.length;
      callsBeforePin = calls.filter((c) => (c.answeredAt ?? c.at) < m.pinned).length;
    }
  } finally {
    await ut.stop();
  }
  return {
    count: options.singles,
    toChannelMs: summarize(samples.channel),
    toBoardPostedMs: summarize(samples.board),
    toBoardPinnedMs: summarize(samples.pinned),
    toAnnouncementMs: summarize(samples.announcement),
    toSettledMs: summarize(settled),
    callsPerDeclare,
    callsBeforePin,
  };
}

async function measureBurst(options: DeclareOptions): Promise<DeclareResult['burst']> {
  const ut = await startUnderTest(options.redisUrl, {
    latency: BURST_LATENCY,
    rateTiers: true,
    rateTierScale: options.burstScale,
  });
  try {
    const started = Date.now();
    const sentAt: number[] = [];
    const ids = await Promise.all(
      Array.from({ length: options.burst }, (_, i) => {
        sentAt[i] = Date.now();
        return declare(ut, `Declare burst ${i + 1}`);
      }),
    );
    const timeoutMs = Math.max(120_000, 600_000 / options.burstScale);
    await Promise.all(ids.map((id) => waitForBoard(ut, id, timeoutMs)));
    await settle(ut, ids, timeoutMs, 1500);
    const setupMs = Date.now() - started;
    const calls = ut.emulator.calls;
    const pinned: number[] = [];
    for (const [i, id] of ids.entries()) pinned.push((await milestones(ut, id, calls)).pinned - (sentAt[i] as number));
    return {
      count: options.burst,
      latency: BURST_LATENCY,
      rateTierScale: options.burstScale,
      toBoardPinnedMs: summarize(pinned),
      setupMs,
      rateLimited: ut.emulator.rateLimited(),
      allPinned: pinned.every(Number.isFinite),
    };
  } finally {
    await ut.stop();
  }
}

export async function measureDeclares(options: DeclareOptions): Promise<DeclareResult> {
  const singles = await measureSingles(options);
  const burst = await measureBurst(options);
  return { fixedLatencyMs: options.fixedMs, singles, burst };
}
