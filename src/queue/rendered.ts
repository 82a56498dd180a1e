/**
 * @module queue/rendered
 * What each projection (board, announcement, topic, checklist phase) last showed in Slack, as a hash,
 * and since when, so an edit that would change nothing is not sent and edits of one message are spaced:
 * chat.update is rate-limited (Tier 3) and setTopic more (Tier 2).
 */
import { createHash } from 'node:crypto';
import type { EffectContext } from './context.js';

export function hashOf(view: unknown): string {
  return createHash('sha1').update(JSON.stringify(view)).digest('base64');
}

export interface Shown {
  /** Hash of what it shows; undefined if warroom never noted it. */
  hash: string | undefined;
  /** When it was last posted or edited (epoch ms; 0 if never). */
  at: number;
}

/** Notes that `target` now shows `view`, and since when (for spacing and the board clock). */
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

/** What each of `targets` shows, in one read. */
export async function readShown(ctx: EffectContext, incidentId: string, targets: readonly string[]): Promise<Shown[]> {
  if (targets.length === 0) return [];
  const fields = targets.flatMap((target) => [`shown.${target}`, `shownAt.${target}`]);
  const values = await ctx.redis.hmget(ctx.store.keys.effectResults(incidentId), ...fields);
  return targets.map((_, i) => ({ hash: values[2 * i] ?? undefined, at: Number(values[2 * i + 1] ?? 0) }));
}

/** When `target` was last posted or edited (0 if never). */
export async function shownAt(ctx: EffectContext, incidentId: string, target: string): Promise<number> {
  return Number((await ctx.redis.hget(ctx.store.keys.effectResults(incidentId), `shownAt.${target}`)) ?? 0);
}
