/**
 * @module ops/process-metrics
 * How runtime.ts gives a process its metrics: one {@link WarroomMetrics} per process, watching its Redis
 * connections and the effects queue, attached to what its listeners and job processors are handed so
 * that {@link metricsOf} finds it there.
 */
import type { Redis } from 'ioredis';
import type { EffectContext } from '../queue/context.js';
import type { Services } from '../services.js';
import { attachMetrics, WarroomMetrics } from './metrics.js';

/**
 * The process's metrics, attached to `services` and its store; `redis` (the commands connection) is
 * the one PINGed for `warroom_redis_up`, `queueRedis` the effects queue's.
 * @example
 * const metrics = processMetrics(role, services, queueRedis);
 * metricsOf(services) === metrics; // true
 */
export function processMetrics(role: string, services: Services, queueRedis: Redis): WarroomMetrics {
  const metrics = new WarroomMetrics({ role });
  metrics.watchRedis(services.redis, 'commands', { probe: true });
  metrics.watchRedis(queueRedis, 'queue');
  metrics.watchQueue(services.effects.queue);
  attachMetrics(metrics, services, services.store);
  return metrics;
}

/** Attaches `metrics` to the workers' contexts (and their store) and counts `workerRedis`'s reconnects. */
export function attachWorkerMetrics(
  metrics: WarroomMetrics,
  workerRedis: Redis,
  ...contexts: Pick<EffectContext, 'store'>[]
): void {
  metrics.watchRedis(workerRedis, 'workers');
  for (const ctx of contexts) attachMetrics(metrics, ctx, ctx.store);
}
