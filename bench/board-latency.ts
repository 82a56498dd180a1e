/**
 * @module bench/board-latency
 * From a click on the board's status menu to the board showing the new status in Slack (the emulator),
 * across many incidents at once; and the Web API calls warroom makes per declare, per protocol step and
 * per status change, with their peak rates in that busy period.
 */

import { type Status, statusLabel } from '../src/incident/status.js';
import type { RecordedCall } from '../src/sandbox/web-api.js';
import { Actions } from '../src/slack/ids.js';
import { countByMethod, type MethodPeak, peakRates, perOccurrence } from './api-calls.js';
import { type LatencySummary, summarize } from './latency-summary.js';
import { declare, readLog, settle, sleep, startUnderTest, type UnderTest, waitForBoard } from './under-test.js';

export interface BoardOptions {
  redisUrl: string;
  incidents: number;
  rounds: number;
  /** An incident's next click waits until this long after its board was last rendered (warroom renders ≤ 1/s). */
  gapMs: number;
  /** The emulator enforces Slack's rate tiers (429 + Retry-After), as a real workspace does. */
  rateTiers?: boolean;
  /** With the tiers: Slack's minute runs this many times faster, for the emulator and warroom's budget (1: real time). */
  rateTierScale?: number;
  /**
   * Clicks spread evenly, this many a Slack minute across all incidents, each board in turn (round 1 is
   * every board once, then round 2 …), instead of every board at once each round.
   */
  clicksPerMinute?: number;
}

export interface BoardResult {
  /** Whether the emulator enforced Slack's rate tiers during the run. */
  rateTiers: boolean;
  /** How many times faster than Slack's the tiers' (and warroom's budget's) minute ran. */
  rateTierScale: number;
  /** The 429s the tiers drew (none without them), in all and by method. */
  rateLimited: { total: number; byMethod: Record<string, number> };
  incidents: number;
  rounds: number;
  gapMs: number;
  /** Clicks a Slack minute across the incidents, when they were spread out (else every board at once). */
  clicksPerMinute?: number;
  /** `/incident declare` sent → pins.add of its board recorded by the emulator, for the concurrent declares. */
  declareToPinnedBoardMs: LatencySummary;
  /** How long the concurrent declares took until every incident was fully set up. */
  declarePhaseMs: number;
  /** Status menu click sent → the app's HTTP answer. */
  clickAckMs: LatencySummary;
  /** Status menu click sent → the emulator recorded the chat.update that put the new status in that board's header. */
  clickToBoardMs: LatencySummary;
  /**
   * Status menu click sent → the drain's "Status → …" post in the incident channel (the drain edits the
   * board, announcement and topic first, then posts).
   */
  clickToStatusPostMs: LatencySummary;
  /** click → board per round (round 1: every incident clicks at the same moment). */
  clickToBoardByRoundMs: LatencySummary[];
  /**
   * The effects jobs that completed during the click rounds, by job name: how long each waited in the
   * queue after it was due (processedOn − timestamp − delay) and how long it ran (finishedOn − processedOn).
   */
  jobs: Record<string, { count: number; waitMs: LatencySummary; runMs: LatencySummary }>;
  /** Clicks whose board did not show the new status within the timeout (not in clickToBoardMs). */
  boardNeverUpdated: number;
  /** Every acked click is one StatusChanged in its incident's log, in click order. */
  check: {
    clicks: number;
    acked: number;
    recorded: number;
    missing: number;
    duplicated: number;
    /** Incidents whose recorded statuses are not the acked ones in click order. */
    outOfOrder: number;
    ok: boolean;
  };
  calls: {
    /** One declare on a quiet warroom, until the incident is fully set up (board pinned, topic set, timers). */
    perDeclare: Record<string, number>;
    /** One checklist step marked Done with its button (a step without inputs and without a status). */
    perStep: Record<string, number>;
    /** Average per status change from the board menu, over the click rounds. */
    perStatusChange: Record<string, number>;
    /** From the first concurrent declare to the end of the last click round: peak rate per method. */
    busyPeriodMs: number;
    peaks: MethodPeak[];
  };
}

/** The statuses the clicks go through (never `resolved`: that one asks for a resolution). */
interface Waiter {
  label: string;
  resolve: (at: number) => void;
  /** Resolves when the drain's "Status → …" post reached the incident channel. */
  posted: (at: number) => void;
}

const CYCLE: readonly Status[] = ['identified', 'mitigating', 'monitoring', 'investigating'];
const BOARD_TIMEOUT_MS = 15_000;
/** With Slack's tiers, a board waits its turn among the others' edits: up to minutes of Slack's time. */
const TIERED_TIMEOUT_MS = 300_000;

function headerOf(ut: UnderTest, channel: string, ts: string): string {
  const blocks = ut.emulator.workspace.findMessage(channel, ts)?.blocks as
    | { type?: string; text?: { text?: string } }[]
    | undefined;
  const header = blocks?.find((b) => b.type === 'header');
  return header?.text?.text ?? '';
}

/** The first message in the channel with a checklist Done button, and that button's value. */
function firstStepButton(ut: UnderTest, channel: string): { ts: string; value: string } {
  for (const message of ut.emulator.workspace.channels.get(channel)?.messages ?? []) {
    for (const block of (message.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
      const done = block.elements?.find((e) => e.action_id === Actions.stepDone);
      if (done?.value) return { ts: message.ts, value: done.value };
    }
  }
  throw new Error(`no checklist Done button in ${channel}`);
}

/** Queue wait and run time of the effects jobs completed since `since` (epoch ms), by job name. */
async function jobTimes(ut: UnderTest, since: number): Promise<BoardResult['jobs']> {
  const completed = await ut.queue.getJobs(['completed'], 0, -1);
  const byName = new Map<string, { wait: number[]; run: number[] }>();
  for (const job of completed) {
    if (job.timestamp < since || job.processedOn === undefined || job.finishedOn === undefined) continue;
    const times = byName.get(job.name) ?? { wait: [], run: [] };
    times.wait.push(job.processedOn - job.timestamp - (job.opts.delay ?? 0));
    times.run.push(job.finishedOn - job.processedOn);
    byName.set(job.name, times);
  }
  return Object.fromEntries(
    [...byName].map(([name, t]) => [
      name,
      { count: t.wait.length, waitMs: summarize(t.wait), runMs: summarize(t.run) },
    ]),
  );
}

/**
 * Declares one incident and completes one step on a quiet warroom (calls per declare and per step), then
 * declares `incidents` at once, waits for every pinned board, and clicks each board's status menu
 * `rounds` times, all incidents concurrently, each click `gapMs` after that board's last render.
 */
export async function measureBoards(options: BoardOptions): Promise<BoardResult> {
  const scale = options.rateTiers ? (options.rateTierScale ?? 1) : 1;
  const ut = await startUnderTest(options.redisUrl, {
    rateTiers: options.rateTiers ?? false,
    rateTierScale: scale,
    // Tiers off: Slack never throttles, so warroom's own pacing is set aside too (its minute 100× faster, the most
    // a drill allows); what is left is warroom's own work.
    ...(options.rateTiers ? {} : { env: { WARROOM_DRILL_RATE_SCALE: '100' } }),
  });
  const { emulator } = ut;
  const boardTimeoutMs = options.rateTiers ? Math.max(BOARD_TIMEOUT_MS, TIERED_TIMEOUT_MS / scale) : BOARD_TIMEOUT_MS;
  const phaseTimeoutMs = options.rateTiers ? Math.max(120_000, (4 * TIERED_TIMEOUT_MS) / scale) : 120_000;
  const dana = emulator.user('dana');
  const renderedAt = new Map<string, number>();
  const pinnedAt = new Map<string, number>();
  const waiting = new Map<string, Waiter>();
  const waitingByChannel = new Map<string, Waiter>();
  const stopListening = emulator.webApi.onCall((call) => {
    const now = performance.now();
    if (!call.ok) return;
    const channel = String(call.args.channel ?? '');
    if (call.method === 'pins.add') pinnedAt.set(`${channel} ${String(call.args.timestamp)}`, now);
    if (call.method === 'chat.postMessage') {
      const waiter = waitingByChannel.get(channel);
      if (waiter && String(call.args.text ?? '').includes(`Status → *${waiter.label}*`)) {
        waitingByChannel.delete(channel);
        waiter.posted(now);
      }
    }
    if (call.method !== 'chat.update') return;
    const key = `${channel} ${String(call.args.ts)}`;
    renderedAt.set(key, now);
    const waiter = waiting.get(key);
    if (waiter && headerOf(ut, channel, String(call.args.ts)).includes(` · ${waiter.label} · `)) {
      waiting.delete(key);
      waiter.resolve(now);
    }
  });
  try {
    let mark = emulator.calls.length;
    const calmId = await declare(ut, 'Bench calm declare');
    const calm = await waitForBoard(ut, calmId);
    await settle(ut, [calmId]);
    const perDeclare = countByMethod(emulator.calls.slice(mark));
    mark = emulator.calls.length;
    const step = firstStepButton(ut, calm.channelId);
    await dana.click({ channel: calm.channelId, ts: step.ts }, Actions.stepDone, { value: step.value });
    await settle(ut, [calmId]);
    const perStep = countByMethod(emulator.calls.slice(mark));

    const busyFrom = emulator.calls.length;
    const busyStarted = performance.now();
    const sentAt: number[] = [];
    const ids = await Promise.all(
      Array.from({ length: options.incidents }, (_, i) => {
        sentAt[i] = performance.now();
        return declare(ut, `Bench board ${i + 1}`);
      }),
    );
    const boards = await Promise.all(ids.map((id) => waitForBoard(ut, id, phaseTimeoutMs)));
    await settle(ut, ids, phaseTimeoutMs);
    const declarePhaseMs = performance.now() - busyStarted;
    const declareToPinned = boards.map(
      (b, i) => (pinnedAt.get(`${b.channelId} ${b.boardTs}`) ?? Number.NaN) - (sentAt[i] as number),
    );

    // Spread clicks start once the declares' calls have had a Slack minute to refill the buckets.
    if (options.clicksPerMinute) await sleep(60_000 / scale);
    const roundsFrom = emulator.calls.length;
    const roundsStartedAt = Date.now();
    const roundsStarted = performance.now();
    const clickEveryMs = options.clicksPerMinute ? 60_000 / (options.clicksPerMinute * scale) : 0;
    const ackMs: number[] = [];
    const toBoardMs: number[] = [];
    const toPostMs: number[] = [];
    const byRound = Array.from({ length: options.rounds }, () => [] as number[]);
    const ackedPerIncident = boards.map(() => [] as Status[]);
    let neverUpdated = 0;
    await Promise.all(
      boards.map(async ({ channelId, boardTs }, i) => {
        const key = `${channelId} ${boardTs}`;
        for (let round = 0; round < options.rounds; round += 1) {
          const status = CYCLE[round % CYCLE.length] as Status;
          if (clickEveryMs > 0)
            await sleep(roundsStarted + (round * boards.length + i) * clickEveryMs - performance.now());
          for (;;) {
            const wait = (renderedAt.get(key) ?? 0) + options.gapMs - performance.now();
            if (wait <= 0) break;
            await sleep(wait);
          }
          const waiter: Waiter = { label: statusLabel(status), resolve: () => undefined, posted: () => undefined };
          const updated = new Promise<number>((resolve) => {
            waiter.resolve = resolve;
          });
          const posted = new Promise<number>((resolve) => {
            waiter.posted = resolve;
          });
          waiting.set(key, waiter);
          waitingByChannel.set(channelId, waiter);
          const sent = performance.now();
          const answer = await dana.click({ channel: channelId, ts: boardTs }, Actions.changeStatus, {
            selected: status,
          });
          ackMs.push(performance.now() - sent);
          if (answer.status === 200) ackedPerIncident[i]?.push(status);
          const timeout = sleep(boardTimeoutMs).then(() => undefined);
          const [at, postedAt] = await Promise.all([Promise.race([updated, timeout]), Promise.race([posted, timeout])]);
          waitingByChannel.delete(channelId);
          if (postedAt !== undefined) toPostMs.push(postedAt - sent);
          if (at === undefined) {
            waiting.delete(key);
            neverUpdated += 1;
          } else {
            toBoardMs.push(at - sent);
            byRound[round]?.push(at - sent);
          }
        }
      }),
    );
    await settle(ut, ids, phaseTimeoutMs);
    const jobs = await jobTimes(ut, roundsStartedAt);
    const roundsCalls = emulator.calls.slice(roundsFrom);
    const busyCalls: readonly RecordedCall[] = emulator.calls.slice(busyFrom);
    const busyPeriodMs = (busyCalls.at(-1)?.at ?? 0) - (busyCalls[0]?.at ?? 0);

    let recorded = 0;
    let missing = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    for (const [i, id] of ids.entries()) {
      const changes = (await readLog(ut, id)).filter((e) => e.type === 'StatusChanged' && e.key.startsWith('act:'));
      const acked = ackedPerIncident[i] ?? [];
      const got = changes.map((e) => String(e.data.to));
      recorded += got.length;
      // Each click picks a status other than the current one, so the log must hold exactly the acked sequence.
      missing += Math.max(0, acked.length - got.length);
      duplicated += Math.max(0, got.length - acked.length);
      if (got.length === acked.length && got.some((status, n) => status !== acked[n])) outOfOrder += 1;
    }
    const clicks = options.incidents * options.rounds;
    const ackedCount = ackedPerIncident.reduce((n, list) => n + list.length, 0);
    return {
      rateTiers: options.rateTiers ?? false,
      rateTierScale: scale,
      rateLimited: emulator.rateLimited(),
      incidents: options.incidents,
      rounds: options.rounds,
      gapMs: options.gapMs,
      ...(options.clicksPerMinute ? { clicksPerMinute: options.clicksPerMinute } : {}),
      declareToPinnedBoardMs: summarize(declareToPinned),
      declarePhaseMs: Math.round(declarePhaseMs),
      clickAckMs: summarize(ackMs),
      clickToBoardMs: summarize(toBoardMs),
      clickToStatusPostMs: summarize(toPostMs),
      clickToBoardByRoundMs: byRound.map((samples) => summarize(samples)),
      boardNeverUpdated: neverUpdated,
      jobs,
      check: {
        clicks,
        acked: ackedCount,
        recorded,
        missing,
        duplicated,
        outOfOrder,
        ok: missing === 0 && duplicated === 0 && outOfOrder === 0,
      },
      calls: {
        perDeclare,
        perStep,
        perStatusChange: perOccurrence(countByMethod(roundsCalls), Math.max(1, ackedCount)),
        busyPeriodMs,
        peaks: peakRates(busyCalls),
      },
    };
  } finally {
    stopListening();
    await ut.stop();
  }
}
