/**
 * @module metric/assess
 * What one look at an incident's key metric means: the value now and whether it is healthy, the
 * sparkline, the baseline still to record, a breach that began before the declare, a recovery that has
 * settled, a rollback that has not helped. Pure: the poller does the reading and the recording.
 */
import type { KeyMetric } from '../catalog/schema.js';
import type { IncidentState } from '../incident/state.js';
import { breachStartedAt, median, type Point, settledRecovery, sparkline } from './series.js';
import { isHealthy } from './threshold.js';

/** One point a minute ("the first healthy minute"), or one per poll when polls are more often. */
export const METRIC_STEP_MS = 60_000;

export function metricStep(pollMs: number): number {
  return Math.min(METRIC_STEP_MS, pollMs);
}
/** The sparkline's window. */
export const SPARKLINE_MS = 30 * 60_000;
/** The baseline: the median of the hour before the impact start. */
export const BASELINE_MS = 60 * 60_000;
/** After the rollback deployed, how long the metric may stay unhealthy before the commander is told. */
export const ROLLBACK_NO_EFFECT_MS = 10 * 60_000;
/** A breach must begin at least this long before the declare to be offered as the impact start. */
const EARLIER_BY_MS = 60_000;
/** Prometheus answers at most 11,000 points per series. */
const MAX_POINTS = 11_000;

/** The window to read: the hour before the impact start (or the declare) up to now. */
export function windowFor(state: IncidentState, now: number, stepMs: number): { from: number; until: number } {
  const start = Math.min(state.impactStartedAt ?? state.declaredAt, state.declaredAt);
  const until = Math.floor(now / stepMs) * stepMs;
  const from = Math.max(Math.floor((start - BASELINE_MS) / stepMs) * stepMs, until - (MAX_POINTS - 1) * stepMs);
  return { from, until };
}

/** The rollback that deployed first, and when. */
function firstDeployedRollback(state: IncidentState): { at: number; id: string } | undefined {
  const deployed = Object.values(state.rollbacks)
    .filter((r) => r.status === 'deployed' && r.deployedAt !== undefined)
    .sort((a, b) => (a.deployedAt as number) - (b.deployedAt as number));
  const first = deployed[0];
  return first ? { at: first.deployedAt as number, id: first.rollbackId } : undefined;
}

/** Whether recovery is being watched for: a rollback has deployed, or the incident is mitigating or beyond. */
export function watchingForRecovery(state: IncidentState): boolean {
  return firstDeployedRollback(state) !== undefined || state.status === 'mitigating' || state.status === 'monitoring';
}

export interface Assessment {
  value: number | undefined;
  healthy: boolean | undefined;
  sparkline: string;
  /** A baseline to record (none yet for this service and impact start). */
  baseline: { value: number; from: number; to: number } | undefined;
  /** The breach began before the declare, and no earlier impact start is recorded. */
  breachStart: number | undefined;
  /** The metric has been healthy for its settle time since `at`: recovery to record. */
  recovery: { at: number; value: number } | undefined;
  /** A rollback deployed 10 minutes ago or more and the metric is still unhealthy: tell the commander. */
  rollbackNoEffect: { rollbackId: string; deployedAt: number } | undefined;
}

export function assess(
  state: IncidentState,
  service: string,
  metric: KeyMetric,
  points: readonly Point[],
  now: number,
  stepMs = METRIC_STEP_MS,
): Assessment {
  const last = [...points].reverse().find(([, v]) => Number.isFinite(v));
  const value = last?.[1];
  const healthy = value === undefined ? undefined : isHealthy(metric.healthy, value);
  const recent = points.filter(([at]) => at > now - SPARKLINE_MS);

  const impactStart = state.impactStartedAt ?? state.declaredAt;
  const known = state.metricBaseline;
  let baseline: Assessment['baseline'];
  if (!known || known.service !== service || known.to !== impactStart) {
    const before = points.filter(([at]) => at >= impactStart - BASELINE_MS && at < impactStart);
    const value = median(before);
    if (value !== undefined) baseline = { value, from: impactStart - BASELINE_MS, to: impactStart };
  }

  const started = breachStartedAt(points, metric.healthy, state.declaredAt);
  const breachStart =
    started !== undefined &&
    started <= state.declaredAt - Math.min(EARLIER_BY_MS, stepMs) &&
    (state.impactStartedAt === undefined || started < state.impactStartedAt)
      ? started
      : undefined;

  let recovery: Assessment['recovery'];
  if (!state.recovery && watchingForRecovery(state)) {
    const since = points.filter(([at]) => at >= impactStart - stepMs);
    recovery = settledRecovery(since, metric.healthy, metric.settleMs);
  }

  const deployed = firstDeployedRollback(state);
  const rollbackNoEffect =
    deployed && !state.recovery && !recovery && healthy === false && now - deployed.at >= ROLLBACK_NO_EFFECT_MS
      ? { rollbackId: deployed.id, deployedAt: deployed.at }
      : undefined;

  return { value, healthy, sparkline: sparkline(recent), baseline, breachStart, recovery, rollbackNoEffect };
}

/** The dashboard link for the incident's window: `{{from}}`, `{{to}}` (epoch ms), `{{service}}`. */
export function graphLink(template: string | undefined, service: string, from: number, to: number): string | undefined {
  if (!template) return undefined;
  return template
    .replaceAll('{{from}}', String(from))
    .replaceAll('{{to}}', String(to))
    .replaceAll('{{service}}', encodeURIComponent(service));
}
