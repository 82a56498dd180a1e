/**
 * @module sandbox/prometheus/series
 * What a test says a query answers: one or more labelled series, each either a function of time or
 * a list of points, or a scalar. A function is read at the evaluation time itself; a list of points
 * is read as Prometheus reads stored samples: the latest point at or before the evaluation time, if
 * it is no older than the lookback delta (5 min by default; inclusive, as in 2.x), answered with the
 * evaluation time as its timestamp.
 */
import { compareLabels, type Labels, type WireSeries } from './wire.js';

/** [Unix seconds, value]. */
export type Point = readonly [number, number];

/** The value at `t` (Unix seconds); `undefined` or `null` when the series has no sample then. */
export type ValueAt = (t: number) => number | null | undefined;

export type Values = ValueAt | readonly Point[];

export interface SeriesSpec {
  /** The series' labels in the answer (default none, as for `sum(…)`). */
  labels?: Labels;
  values: Values;
}

interface CompiledSeries {
  labels: Labels;
  at(ms: number): number | undefined;
}

export type Definition =
  | { kind: 'vector'; series: readonly CompiledSeries[]; warnings: readonly string[] }
  | { kind: 'scalar'; value: (t: number) => number; warnings: readonly string[] }
  | { kind: 'bad'; parseError: string };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A query as the emulator compares it: whitespace outside string literals removed, so
 * `sum(rate(x[5m])) / sum(rate(y[5m]))` and `sum(rate(x[5m]))/sum(rate(y[5m]))` are one query.
 */
export function normalizeQuery(query: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i] ?? '';
    if (quote) {
      out += c;
      if (c === '\\' && quote !== '`') {
        out += query[i + 1] ?? '';
        i += 1;
      } else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

function checkLabels(labels: Labels): Labels {
  for (const name of Object.keys(labels))
    if (!LABEL_NAME.test(name)) throw new Error(`"${name}" is not a valid Prometheus label name`);
  return { ...labels };
}

/** Points sorted by time, in milliseconds; two points at the same millisecond are a mistake. */
export function pointsInMs(points: readonly Point[]): [number, number][] {
  const sorted = points.map(([t, v]): [number, number] => [Math.round(t * 1000), v]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i += 1)
    if (sorted[i]?.[0] === sorted[i - 1]?.[0]) throw new Error(`two points at ${(sorted[i]?.[0] ?? 0) / 1000}`);
  for (const [t, v] of sorted)
    if (!Number.isFinite(t) || typeof v !== 'number') throw new Error(`not a point: [${t / 1000}, ${v}]`);
  return sorted;
}

function compileValues(values: Values, lookbackMs: number): (ms: number) => number | undefined {
  if (typeof values === 'function')
    return (ms) => {
      const v = values(ms / 1000);
      return v === null || v === undefined ? undefined : v;
    };
  const points = pointsInMs(values);
  return (ms) => {
    let lo = 0;
    let hi = points.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((points[mid]?.[0] ?? 0) <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const point = points[found];
    return point && point[0] >= ms - lookbackMs ? point[1] : undefined;
  };
}

export function vectorDefinition(
  specs: readonly SeriesSpec[],
  warnings: readonly string[],
  lookbackMs: number,
): Definition {
  return {
    kind: 'vector',
    series: specs.map((spec) => ({
      labels: checkLabels(spec.labels ?? {}),
      at: compileValues(spec.values, lookbackMs),
    })),
    warnings: [...warnings],
  };
}

/** The series with a sample at `ms`, sorted by labels. */
export function evaluateInstant(definition: Definition & { kind: 'vector' }, ms: number): WireSeries[] {
  return definition.series
    .flatMap((s) => {
      const v = s.at(ms);
      return v === undefined ? [] : [{ labels: s.labels, samples: [[ms, v] as const] }];
    })
    .sort((a, b) => compareLabels(a.labels, b.labels));
}

/** The evaluation times of a range query: start, start + step, … up to end inclusive. */
export function rangeSteps(startMs: number, endMs: number, stepMs: number): number[] {
  const steps: number[] = [];
  for (let t = startMs; t <= endMs; t += Math.max(1, stepMs)) steps.push(t);
  return steps;
}

/** Every series that has a sample at one of the steps, with those samples, sorted by labels. */
export function evaluateRange(definition: Definition, steps: readonly number[]): WireSeries[] {
  if (definition.kind === 'bad') return [];
  if (definition.kind === 'scalar')
    return [{ labels: {}, samples: steps.map((ms) => [ms, definition.value(ms / 1000)] as const) }];
  return definition.series
    .map((s) => ({
      labels: s.labels,
      samples: steps.flatMap((ms) => {
        const v = s.at(ms);
        return v === undefined ? [] : [[ms, v] as const];
      }),
    }))
    .filter((s) => s.samples.length > 0)
    .sort((a, b) => compareLabels(a.labels, b.labels));
}
