/**
 * @module queue/sweeper
 * Finds recorded events whose effects were never dispatched (the process died between append and
 * enqueue, or a dispatch job failed for good while Slack was down) and puts them back on the queue.
 * Safe to run anywhere and often: job ids come from the log, so a sweep never doubles work.
 */
import type { EffectContext } from './context.js';

/** Events younger than this are left to the request that recorded them. */
export const SWEEP_GRACE_MS = 5000;

export async function sweep(ctx: EffectContext, now = Date.now()): Promise<number> {
  const pending = await ctx.store.pendingEffects(now - SWEEP_GRACE_MS);
  const incidents = [...new Set(pending.map((p) => p.incidentId))];
  for (const incidentId of incidents) await ctx.effects.drain(incidentId);
  if (incidents.length > 0) {
    ctx.logger.info(
      { incidents: incidents.length, events: pending.length },
      'sweeper asked for effects still to apply',
    );
  }
  return incidents.length;
}
