/**
 * @module queue/sweeper
 * Finds recorded events whose effects were never dispatched (the process died between append and
 * enqueue, or a dispatch job failed for good while Slack was down) and puts them back on the queue.
 * Safe to run anywhere and often: job ids come from the log, so a sweep never doubles work.
 */
import type { EffectContext } from './context.js';
import { dispatchJobId } from './names.js';

/** Events younger than this are left to the request that recorded them. */
export const SWEEP_GRACE_MS = 5000;

export async function sweep(ctx: EffectContext, now = Date.now()): Promise<number> {
  const pending = await ctx.store.pendingEffects(now - SWEEP_GRACE_MS);
  let requeued = 0;
  for (const dispatch of pending) {
    const job = await ctx.effects.queue.getJob(dispatchJobId(dispatch.incidentId, dispatch.seq));
    if (!job) {
      await ctx.effects.dispatch([dispatch]);
      requeued += 1;
    } else if (await job.isFailed()) {
      await job.retry();
      requeued += 1;
    }
  }
  if (requeued > 0) ctx.logger.info({ requeued }, 'sweeper re-dispatched events whose effects were missing');
  return requeued;
}
