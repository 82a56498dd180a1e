/**
 * @module test/incident/drain-waits — a click that lands while the incident's lock is held (a board refresh, another
 * drain) is applied once the holder lets go, by the same drain: it waits for the lock instead of going back to the
 * queue. Held longer than a drain waits, the click is still applied, by a drain that looked again.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDrainLock, type DrainLock } from '../../src/queue/drain-lock.js';
import { EFFECTS_QUEUE } from '../../src/queue/names.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { effectContextOf, type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a click while the incident is locked', () => {
  let h: Harness;
  let queue: Queue;
  let id: string;
  let channel: EmulatedChannel;

  beforeAll(async () => {
    h = await startHarness();
    queue = new Queue(EFFECTS_QUEUE, { connection: h.redis, prefix: `${h.prefix}:bull` });
    const answer = await h.emulator.user('dana').command('declare sev2 Checkout errors while the board is busy');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await h.emulator.idle();
  });
  afterAll(async () => {
    await queue?.close();
    await h?.stop();
  });

  /** What the drains of this incident queued since `since` (ms) answered so far, oldest first. */
  const drainAnswers = async (since: number) =>
    (await queue.getJobs(['completed']))
      .filter((job) => job.name === 'drain' && job.data.incidentId === id && job.timestamp >= since)
      .sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0))
      .map((job) => String(job.returnvalue));

  /** Holds the incident's lock as a board refresh does, clicks a severity, and lets go once `held` is over. */
  async function clickWhileLocked(severity: string, held: () => Promise<unknown>): Promise<{ boardWhileHeld: string }> {
    // Taken as soon as nothing else holds it (the board's own refresh may, for a moment).
    const key = effectContextOf(h).store.keys.drainLock(id);
    const lock = (await acquireDrainLock(h.redis, key, 5000)) as DrainLock;
    expect(lock).toBeDefined();
    try {
      const board = boardOf(channel);
      if (!board) throw new Error('no board');
      await h.emulator.user('dana').click(board, 'incident.change_severity', { selected: severity });
      await held();
      return { boardWhileHeld: textOf(boardOf(channel)) };
    } finally {
      await lock.release();
    }
  }

  it('should apply it as soon as the holder is done, by the drain that was waiting', async () => {
    const before = Date.now();
    const { boardWhileHeld } = await clickWhileLocked('sev1', () => sleep(300));

    expect(boardWhileHeld).toContain('🟠 SEV2');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('🔴 SEV1'));
    const answers = await waitForValue(async () => {
      const since = await drainAnswers(before);
      return since.some((a) => /^applied [1-9]/.test(a)) && since;
    });
    expect(answers).not.toContain('another drain is running');
  });

  it('should still apply it, once, when the lock is held longer than a drain waits', async () => {
    const before = Date.now();
    // Held until a drain has waited its full second and gone back to the queue.
    const gaveUp = () => waitForValue(async () => (await drainAnswers(before)).includes('another drain is running'));
    const { boardWhileHeld } = await clickWhileLocked('sev3', gaveUp);

    expect(boardWhileHeld).toContain('🔴 SEV1');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV3'));
    const answers = await waitForValue(async () => {
      const since = await drainAnswers(before);
      return since.some((a) => /^applied [1-9]/.test(a)) && since;
    });
    const applied = answers.findIndex((a) => /^applied [1-9]/.test(a));
    expect(answers.indexOf('another drain is running')).toBeLessThan(applied);
    const changes = (await logOf(h, id)).filter((e) => e.type === 'SeverityChanged').map((e) => e.data);
    expect(changes).toEqual([
      { from: 'sev2', to: 'sev1' },
      { from: 'sev1', to: 'sev3' },
    ]);
  });
});
