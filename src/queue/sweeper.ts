/**
 * @module queue/sweeper
 * Finds recorded events whose effects were never applied (the process died between append and
 * enqueue, or a drain failed for good while Slack was down) and asks for their incident's drain
 * again; and keeps the boards' elapsed time current. Safe to run anywhere and often: drains are
 * deduplicated per incident and follow the applied cursor, so a sweep never doubles work.
 */
import type { EffectContext } from './context.js';
import { shownAt } from './rendered.js';

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

/** A board nobody changed is re-rendered this often, so its elapsed time does not go stale. */
export const BOARD_TICK_MS = 5 * 60_000;

/** Asks for a re-render of every open incident's board that has not been rendered for a while. */
export async function tickBoards(ctx: EffectContext, now = Date.now()): Promise<number> {
  let ticked = 0;
  for (const incidentId of await ctx.store.openIncidentIds(200)) {
    const last = await shownAt(ctx, incidentId, 'board');
    if (now - last < BOARD_TICK_MS) continue;
    await ctx.effects.refresh(incidentId, 'board');
    ticked += 1;
  }
  return ticked;
}
