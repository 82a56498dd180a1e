import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectContext } from '../../src/queue/context.js';
import { tickBoards } from '../../src/queue/sweeper.js';
import { effectContextOf, type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf } from '../support/incident.js';

describe('the board’s clock', () => {
  let h: Harness;
  let ctx: EffectContext;
  let id: string;
  beforeAll(async () => {
    h = await startHarness();
    ctx = effectContextOf(h);
    const answer = await h.emulator.user('dana').command('declare sev2 Quiet incident');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should ask for a board nobody changed for five minutes to be rendered again, and leave fresh ones alone', async () => {
    const now = Date.now();
    expect(await tickBoards(ctx, now)).toBe(0);
    expect(await tickBoards(ctx, now + 5 * 60_000 + 1000)).toBe(1);
  });
});
