/**
 * @module queue/context
 * What job processors work with, and `once`: run an effect at most once per key (its result is kept
 * in Redis), turning Slack errors that no retry can fix into an `EffectFailed` event on the timeline.
 */
import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Command } from '../incident/decide.js';
import { type RecordedEvent, SYSTEM_ACTOR } from '../incident/events.js';
import type { Logger } from '../log.js';
import type { DeployStore } from '../store/deploy-store.js';
import type { IncidentStore } from '../store/incident-store.js';
import { recordCommand } from '../store/record-command.js';
import { writeReplicated } from '../store/replicated.js';
import type { Templates } from '../templates/index.js';
import type { EffectsProducer } from './producer.js';
import { classifySlackError } from './slack-errors.js';

export interface EffectContext {
  config: Config;
  logger: Logger;
  store: IncidentStore;
  deploys: DeployStore;
  slack: WebClient;
  redis: Redis;
  effects: EffectsProducer;
  templates: Templates;
}

/** What `once` returns when the effect failed for good (and was recorded as such). */
export const FAILED = Symbol('failed');

/**
 * Runs `effect` unless it already ran for this incident and key; stores and returns its result.
 * Before running, it marks the effect as attempted: if a process dies after Slack did it but before
 * its result was stored, the next run finds the mark and asks `recover` (e.g. "is the message with
 * this marker already in the channel?") instead of doing it twice.
 * A transient Slack failure is thrown (the job retries); a permanent one is recorded on the incident's
 * timeline as `EffectFailed` and returns FAILED, so later effects still happen.
 */
export async function once<T>(
  ctx: EffectContext,
  incidentId: string,
  key: string,
  effect: () => Promise<T>,
  recover?: (attemptedAt: number) => Promise<T | undefined>,
): Promise<T | typeof FAILED> {
  const resultsKey = ctx.store.keys.effectResults(incidentId);
  const [previous, attempted] = await ctx.redis.hmget(resultsKey, key, `attempted.${key}`);
  if (previous !== null && previous !== undefined) {
    const parsed = JSON.parse(previous) as { value?: T; failed?: string };
    return parsed.failed !== undefined ? FAILED : (parsed.value as T);
  }
  if (attempted && recover) {
    const found = await recover(Number(attempted));
    if (found !== undefined) {
      await ctx.redis.hset(resultsKey, key, JSON.stringify({ value: found }));
      ctx.logger.info({ incidentId, effect: key }, 'effect had happened before a crash; not repeated');
      return found;
    }
  }
  try {
    if (recover) {
      // The mark must outlive a failover to a replica, or a new primary would not know to look first.
      await writeReplicated(ctx.redis, ctx.store.durability, (p) =>
        p.hset(resultsKey, `attempted.${key}`, String(Date.now())),
      );
    }
    const value = await effect();
    await writeReplicated(ctx.redis, ctx.store.durability, (p) =>
      p.hset(resultsKey, key, JSON.stringify({ value: value ?? null })),
    );
    return value;
  } catch (error) {
    const failure = classifySlackError(error);
    // Slack says it did nothing (a 429, or an ok:false answer): no lookup is needed before trying again.
    if (recover && failure.definite) await ctx.redis.hdel(resultsKey, `attempted.${key}`);
    if (failure.retry) throw error;
    ctx.logger.warn(
      { incidentId, effect: key, error: failure.error },
      'effect failed for good; recorded on the timeline',
    );
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordEffectFailure', effect: key, error: failure.error },
      `sys:failed:${key}`,
    );
    await ctx.redis.hset(resultsKey, key, JSON.stringify({ failed: failure.error }));
    return FAILED;
  }
}

/** What an effect that already ran returned (undefined when it has not run, or failed). */
export async function effectResult<T>(ctx: EffectContext, incidentId: string, key: string): Promise<T | undefined> {
  const raw = await ctx.redis.hget(ctx.store.keys.effectResults(incidentId), key);
  if (raw === null) return undefined;
  const parsed = JSON.parse(raw) as { value?: T; failed?: string };
  return parsed.failed !== undefined ? undefined : (parsed.value ?? undefined);
}

/**
 * Records what warroom itself did (a channel created, a message posted) and dispatches its effects.
 * `meta` says who and when, for what a job finishes on a person's behalf (a 📌 looked up).
 */
export async function recordSystem(
  ctx: EffectContext,
  incidentId: string,
  command: Command,
  key: string,
  meta: { actor: string; at: number } = { actor: SYSTEM_ACTOR, at: Date.now() },
): Promise<RecordedEvent[]> {
  const recorded = await recordCommand(ctx.store, incidentId, command, meta, key, ctx.templates);
  if (!recorded.ok) throw new Error(`warroom could not record ${command.type}: ${recorded.error.message}`);
  await ctx.effects.dispatch(recorded.dispatches);
  // A retry whose command was recorded before gets nothing back (the events are the first attempt's).
  return recorded.events;
}
