/**
 * @module slack/blocks/metric
 * The key metric's line on the board: its label, the value now against the baseline and the healthy
 * threshold, the last 30 minutes as a sparkline, the recovery when it was seen, the dashboard; or, while
 * Prometheus cannot be read, since when.
 */
import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../incident/durations.js';
import type { RecordedEvent } from '../../incident/events.js';
import type { IncidentState } from '../../incident/state.js';
import { formatMetric } from '../../metric/format.js';
import type { MetricSnapshot } from '../../metric/snapshot.js';
import { describeThreshold, parseThreshold } from '../../metric/threshold.js';
import { mention, mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';

export function metricLine(state: IncidentState, metric: MetricSnapshot, timeZone: string): string {
  const show = (value: number) => formatMetric(value, metric.unit);
  const label = `*${mrkdwnWithin(metric.label.charAt(0).toUpperCase() + metric.label.slice(1), 100)}*`;
  const threshold = parseThreshold(metric.healthy);
  const healthyText = threshold ? `healthy ${describeThreshold(threshold, show)}` : `healthy ${metric.healthy}`;
  const baseline =
    state.metricBaseline?.service === metric.service ? ` · baseline ${show(state.metricBaseline.value)}` : '';
  const recovered =
    state.recovery?.service === metric.service ? ` · recovered from ${clock(state.recovery.at, timeZone)}` : '';
  const graph = metric.graph && /^https?:\/\//.test(metric.graph) ? ` · <${metric.graph}|graph>` : '';
  if (metric.unavailableSince !== undefined) {
    const why = metric.unavailableReason ? ` (${mrkdwnWithin(metric.unavailableReason, 200)})` : '';
    return `${label} metric unavailable since ${clock(metric.unavailableSince, timeZone)}${why}${baseline}${recovered}${graph}`;
  }
  if (metric.value === undefined) {
    return `${label} no value: the query matches no series now${baseline} · ${healthyText}${graph}`;
  }
  const mark = metric.isHealthy ? ':large_green_circle: healthy' : ':red_circle: not healthy';
  const spark = metric.sparkline ? `\n\`${metric.sparkline}\` last 30 min` : '';
  return `${label} ${show(metric.value)} now${baseline} · ${healthyText} · ${mark}${recovered}${graph}${spark}`;
}

/** The channel's line for an impact start set (with what showed it) or the service named. */
export function impactOrServicePost(
  event: Extract<RecordedEvent, { type: 'ImpactStarted' | 'ServiceChanged' }>,
  state: IncidentState,
  timeZone: string,
): { text: string; blocks: KnownBlock[] } {
  const by = event.actor.startsWith('U') || event.actor.startsWith('W') ? ` by ${mention(event.actor)}` : '';
  let text: string;
  if (event.type === 'ServiceChanged') {
    const was = event.data.from ? ` (was ${mrkdwnWithin(event.data.from, 150)})` : '';
    text = `Service → *${mrkdwnWithin(event.data.to, 150)}*${was}${by}`;
  } else {
    const gap = formatDuration(Math.abs(state.declaredAt - event.data.startedAt));
    const side = event.data.startedAt <= state.declaredAt ? 'before' : 'after';
    const evidence = event.data.evidence ? `; by the metric: ${mrkdwnWithin(event.data.evidence, 500)}` : '';
    text = `Impact start → *${clock(event.data.startedAt, timeZone)}*, ${gap} ${side} the declare${by}${evidence}. Durations count from it.`;
  }
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
}
