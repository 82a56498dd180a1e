/**
 * @module queue/metric-poll
 * The `metric-poll` job: every 30 s while an incident is open and its service has a key metric, read
 * the metric's last hours from Prometheus (one range query, a point a minute), keep the snapshot the
 * board shows, and record what it means: the baseline, the recovery at its first healthy minute. It
 * offers what a person decides (an earlier impact start) and tells the commander when a rollback has
 * not helped, each once.
 *
 * One poller per incident across every process: each poll is a job whose id is the incident and the
 * 30-s slot, and each poll asks for the next slot's job first, so a crash leaves at most one slot
 * unpolled; the sweeper re-asks for the current slot of every polled incident once a minute, so a
 * chain that broke (or a restart) is picked up again. A resolved incident's poller stops.
 *
 * Prometheus down, slow or refusing the query: the snapshot says since when, the board shows it, the
 * logs say it once; nothing is recorded and nobody is pinged.
 */
import type { Job } from 'bullmq';
import { serviceOfIncident } from '../catalog/lookup.js';
import type { KeyMetric } from '../catalog/schema.js';
import { isConnectorError } from '../connectors/errors.js';
import { PrometheusClient } from '../connectors/prometheus/client.js';
import { SYSTEM_ACTOR } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { assess, graphLink, metricStep, windowFor } from '../metric/assess.js';
import { onGrid } from '../metric/series.js';
import type { MetricSnapshot } from '../metric/snapshot.js';
import { MetricStore } from '../store/metric-store.js';
import { type EffectContext, recordSystem } from './context.js';
import { offerImpactStart, tellRollbackNoEffect } from './metric-effects.js';

const PROMETHEUS_TIMEOUT_MS = 10_000;

export interface MetricPollJob {
  incidentId: string;
  slot: number;
}

export function metricJobId(incidentId: string, slot: number): string {
  return `metric.${incidentId}.${slot}`;
}

/** The service and key metric an incident's poller reads, when it has one and Prometheus is configured. */
export function keyMetricOf(
  ctx: Pick<EffectContext, 'config' | 'templates'>,
  state: IncidentState,
): { service: string; metric: KeyMetric } | undefined {
  if (!ctx.config.prometheus) return undefined;
  const service = serviceOfIncident(ctx.templates.catalog, state);
  const metric = service ? ctx.templates.catalog.services[service]?.metric : undefined;
  return service && metric ? { service, metric } : undefined;
}

/** Asks for the poll of `slot` (default: the current one); a slot already asked for is not asked twice. */
export async function armMetricPoll(ctx: EffectContext, incidentId: string, slot?: number): Promise<void> {
  const pollMs = ctx.config.prometheus?.pollMs;
  if (!pollMs) return;
  const now = Date.now();
  const at = slot ?? Math.floor(now / pollMs);
  await new MetricStore(ctx.redis, ctx.config.keyPrefix).markPolled(incidentId);
  await ctx.effects.queue.add('metric-poll', { incidentId, slot: at } satisfies MetricPollJob, {
    jobId: metricJobId(incidentId, at),
    delay: Math.max(0, at * pollMs - now),
    attempts: 1,
    // Kept an hour so that asking for a slot again (the sweeper, a stalled poll) never polls it twice.
    removeOnComplete: { age: 3600 },
    removeOnFail: { age: 3600 },
  });
}

/** The sweeper's part: every polled incident's poller asked for again (a no-op while its chain runs). */
export async function rearmMetricPolls(ctx: EffectContext): Promise<number> {
  const ids = await new MetricStore(ctx.redis, ctx.config.keyPrefix).polled();
  for (const id of ids) await armMetricPoll(ctx, id);
  return ids.length;
}

/** The snapshot's parts the board shows: when they change, the board is refreshed. */
function shown(snapshot: MetricSnapshot): string {
  return [
    snapshot.value === undefined ? '' : snapshot.value.toPrecision(3),
    snapshot.isHealthy,
    snapshot.unavailableSince,
    snapshot.sparkline,
    snapshot.graph,
  ].join('|');
}

async function keep(
  ctx: EffectContext,
  store: MetricStore,
  state: IncidentState,
  snapshot: MetricSnapshot,
  before: MetricSnapshot | undefined,
): Promise<void> {
  await store.saveSnapshot(state.id, snapshot);
  if (!before || shown(before) !== shown(snapshot)) await ctx.effects.refresh(state.id, 'board');
}

export async function processMetricPoll(ctx: EffectContext, job: Job<MetricPollJob>): Promise<string> {
  const { incidentId, slot } = job.data;
  const store = new MetricStore(ctx.redis, ctx.config.keyPrefix);
  const { state } = await ctx.store.load(incidentId);
  const found = state && state.status !== 'resolved' ? keyMetricOf(ctx, state) : undefined;
  if (!state || !found) {
    await store.unmarkPolled(incidentId);
    if (state?.status === 'resolved') await store.clearSnapshot(incidentId);
    return state ? 'no key metric to poll' : 'no such incident';
  }
  const { prometheus } = ctx.config;
  if (!prometheus) return 'no Prometheus';
  const now = Date.now();
  // The next poll first: whatever happens to this one, the chain goes on.
  await armMetricPoll(ctx, incidentId, Math.max(slot + 1, Math.floor(now / prometheus.pollMs) + 1));
  const { service, metric } = found;
  const step = metricStep(prometheus.pollMs);
  const before = await store.snapshot(incidentId);
  const window = windowFor(state, now, step);
  const graph = graphLink(
    metric.graph,
    service,
    Math.min(state.impactStartedAt ?? state.declaredAt, state.declaredAt) - 3_600_000,
    now,
  );
  const base = {
    service,
    label: metric.label,
    unit: metric.unit,
    healthy: metric.healthyText,
    at: now,
    graph,
  };
  let samples: Awaited<ReturnType<PrometheusClient['series']>>;
  try {
    const client = new PrometheusClient({
      url: prometheus.url,
      authorization: prometheus.authorization,
      timeoutMs: Math.min(PROMETHEUS_TIMEOUT_MS, prometheus.pollMs),
    });
    samples = await client.series(metric.query, window.from, window.until, step);
  } catch (error) {
    const reason = isConnectorError(error) ? error.detail : String(error);
    if (before?.unavailableSince === undefined) {
      ctx.logger.warn({ incident: incidentId, service, err: error }, 'the key metric cannot be read from Prometheus');
    }
    await keep(
      ctx,
      store,
      state,
      {
        ...base,
        value: before?.value,
        isHealthy: before?.isHealthy,
        sparkline: before?.sparkline ?? '',
        unavailableSince: before?.unavailableSince ?? now,
        unavailableReason: reason,
      },
      before,
    );
    return 'unavailable';
  }
  if (before?.unavailableSince !== undefined) {
    ctx.logger.info(
      { incident: incidentId, service, since: before.unavailableSince },
      'the key metric can be read again',
    );
  }
  const points = onGrid(samples, window.from, window.until, step);
  const seen = assess(state, service, metric, points, now, step);
  await keep(
    ctx,
    store,
    state,
    {
      ...base,
      value: seen.value,
      isHealthy: seen.healthy,
      sparkline: seen.sparkline,
      unavailableSince: undefined,
      unavailableReason: undefined,
    },
    before,
  );
  const common = { service, label: metric.label, unit: metric.unit };
  if (seen.baseline) {
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordBaseline', ...common, ...seen.baseline },
      `sys:metric-baseline:${service}:${seen.baseline.to}`,
    );
  }
  if (seen.recovery) {
    await recordSystem(
      ctx,
      incidentId,
      {
        type: 'observeRecovery',
        ...common,
        value: seen.recovery.value,
        baseline: state.metricBaseline?.service === service ? state.metricBaseline.value : seen.baseline?.value,
        graph,
      },
      `sys:metric-recovery:${service}:${seen.recovery.at}`,
      { actor: SYSTEM_ACTOR, at: seen.recovery.at },
    );
  }
  if (seen.breachStart !== undefined) await offerImpactStart(ctx, state, metric, seen.breachStart, points);
  if (seen.rollbackNoEffect) await tellRollbackNoEffect(ctx, state, metric, seen.value, seen.rollbackNoEffect);
  return seen.recovery ? 'recovery observed' : 'polled';
}
