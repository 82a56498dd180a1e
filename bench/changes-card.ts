/**
 * @module bench/changes-card
 * From `/incident declare` sent to the changes card posted in the new channel, with `deploys` deploy
 * reports already stored (spread over services and the last 30 days, some in the 6 h window): what a
 * commander waits for before [Suspect] can be clicked. Declares run one after another on a quiet
 * warroom; the card is the chat.postMessage whose text starts "Changes before the impact".
 */
import type { DeployReport } from '../src/changes/deploys.js';
import { DeployStore } from '../src/store/deploy-store.js';
import { type LatencySummary, summarize } from './latency-summary.js';
import { declare, settle, startUnderTest } from './under-test.js';

export interface ChangesCardResult {
  deploys: number;
  /** The emulator's latency on every Web API call. */
  latencyMs: number;
  declares: number;
  /** How many deploys the cards listed (the 6 h before each declare). */
  listed: number;
  declareToCardMs: LatencySummary;
  declareToBoardMs: LatencySummary;
}

const DAY = 86_400_000;

export async function measureChangesCard(options: {
  redisUrl: string;
  deploys: number;
  declares: number;
  /** Every Web API answer this late. */
  latencyMs: number;
}): Promise<ChangesCardResult> {
  const ut = await startUnderTest(options.redisUrl, { latency: options.latencyMs });
  try {
    const store = new DeployStore(ut.redis, ut.prefix, 30 * DAY);
    const now = Date.now();
    for (let i = 0; i < options.deploys; i += 1) {
      const service = `service-${i % 25}`;
      // One in ten in the last 6 hours, the rest spread evenly over the 30 days.
      const at =
        i % 10 === 0 ? now - ((i * 7919) % (6 * 3_600_000)) : now - Math.floor((i / options.deploys) * 30 * DAY);
      const report: DeployReport = {
        id: `bench:${i}`,
        deployId: `bench:${service}:${i}`,
        service,
        environment: 'production',
        version: `2026.11.${(i % 28) + 1}-${i}`,
        commit: (i * 2_654_435_761).toString(16).padStart(12, '0').slice(0, 12),
        author: 'bench',
        state: 'success',
        at,
        source: 'webhook',
      };
      await store.record(report, report.id);
    }
    const toCard: number[] = [];
    const toBoard: number[] = [];
    let listed = 0;
    for (let n = 0; n < options.declares; n += 1) {
      const before = ut.emulator.calls.length;
      const started = Date.now();
      const id = await declare(ut, `Changes bench ${n} service-${n % 25} failing`);
      const card = await ut.emulator.waitFor(
        () =>
          ut.emulator.calls
            .slice(before)
            .find(
              (c) =>
                c.method === 'chat.postMessage' &&
                c.ok &&
                String(c.args.text ?? '').startsWith('Changes before the impact'),
            ),
        30_000,
      );
      const board = ut.emulator.calls.slice(before).find((c) => c.method === 'pins.add' && c.ok);
      toCard.push((card.answeredAt ?? card.at) - started);
      if (board) toBoard.push((board.answeredAt ?? board.at) - started);
      listed += Number(/(\d+) deploys?/.exec(String(card.args.text))?.[1] ?? 0);
      await settle(ut, [id]);
    }
    return {
      deploys: options.deploys,
      latencyMs: options.latencyMs,
      declares: options.declares,
      listed: Math.round(listed / Math.max(1, options.declares)),
      declareToCardMs: summarize(toCard),
      declareToBoardMs: summarize(toBoard),
    };
  } finally {
    await ut.stop();
  }
}
