/**
 * @module queue/rendered
 * What each projection (board, announcement, checklist phase) last showed in Slack, as a hash, so an
 * edit that would change nothing is not sent: chat.update is rate-limited (Tier 3).
 */
import { createHash } from 'node:crypto';
import type { EffectContext } from './context.js';

function hashOf(view: unknown): string {
  return createHash('sha1').update(JSON.stringify(view)).digest('base64');
}

/** Notes that `target` now shows `view`, and since when (for the board clock). */
export async function noteRendered(
  ctx: EffectContext,
  incidentId: string,
  target: string,
  view: unknown,
): Promise<void> {
  await ctx.redis.hset(
    ctx.store.keys.effectResults(incidentId),
    `shown.${target}`,
    hashOf(view),
    `shownAt.${target}`,
    String(Date.now()),
  );
}

/** Whether `target` already shows exactly `view`. */
export async function alreadyShown(
  ctx: EffectContext,
  incidentId: string,
  target: string,
  view: unknown,
): Promise<boolean> {
  return (await ctx.redis.hget(ctx.store.keys.effectResults(incidentId), `shown.${target}`)) === hashOf(view);
}

/** When `target` was last posted or edited (0 if never). */
export async function shownAt(ctx: EffectContext, incidentId: string, target: string): Promise<number> {
  return Number((await ctx.redis.hget(ctx.store.keys.effectResults(incidentId), `shownAt.${target}`)) ?? 0);
}
