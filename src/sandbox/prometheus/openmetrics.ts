/**
 * @module sandbox/prometheus/openmetrics
 * The OpenMetrics text that `promtool tsdb create-blocks-from openmetrics` turns into TSDB blocks:
 * one family per metric name (families not interleaved), no TYPE lines (every family is `unknown`,
 * which PromQL does not care about), each sample with its timestamp, `# EOF` last.
 *
 * promtool 2.42 reads a timestamp as `int64(seconds * 1000)`, truncating, so `1.001` is stored at
 * 1000 ms; a timestamp with milliseconds is therefore written half a millisecond late, which
 * truncates to the intended millisecond. promtool also drops, silently, a sample at a time its
 * series already has; two such points are refused here instead.
 */
import { type Point, pointsInMs } from './series.js';
import type { Labels } from './wire.js';

export interface BackfillSeries {
  /** The metric name (`__name__`). */
  name: string;
  labels?: Labels;
  /** [Unix seconds, value]; NaN and ±Infinity are stored as such. */
  points: readonly Point[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function value(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

function timestamp(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : String((ms + Math.sign(ms) * 0.5) / 1000);
}

function seriesKey(name: string, labels: Labels): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

export function openMetricsText(series: readonly BackfillSeries[]): string {
  const families = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const { name, labels = {}, points } of series) {
    if (!METRIC_NAME.test(name)) throw new Error(`"${name}" is not a valid metric name`);
    for (const label of Object.keys(labels))
      if (!LABEL_NAME.test(label) || label === '__name__') throw new Error(`"${label}" is not a label to give`);
    const key = seriesKey(name, labels);
    if (seen.has(key)) throw new Error(`the series ${key} is given twice`);
    seen.add(key);
    const pairs = Object.entries(labels).map(([label, v]) => `${label}="${escapeLabelValue(v)}"`);
    const selector = pairs.length > 0 ? `${name}{${pairs.join(',')}}` : name;
    const lines = families.get(name) ?? [];
    for (const [ms, v] of pointsInMs(points)) lines.push(`${selector} ${value(v)} ${timestamp(ms)}`);
    families.set(name, lines);
  }
  return `${[...families.values()].flat().join('\n')}${families.size > 0 ? '\n' : ''}# EOF\n`;
}
