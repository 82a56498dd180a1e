/**
 * @module metric/series
 * Reading a key metric's series: its median (the baseline), where a breach that is still going on began,
 * where the healthy stretch that is still going on began, and a one-line sparkline. Points are
 * `[epoch ms, value]` in time order, one per step; pure.
 */
import { isHealthy, type Threshold } from './threshold.js';

export type Point = readonly [at: number, value: number];

/** The median of the values that are numbers; undefined when there are none. */
export function median(points: readonly Point[]): number | undefined {
  const values = points
    .map(([, v]) => v)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (values.length === 0) return undefined;
  const mid = Math.floor(values.length / 2);
  return values.length % 2 === 1
    ? (values[mid] as number)
    : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/**
 * The time of the first point of the unhealthy run that includes the last point at or before `until`;
 * undefined when that point is healthy (or there is none). A gap (a missing or NaN value) ends a run.
 * @example
 * breachStartedAt(points, { op: '<', value: 0.01 }, declaredAt) // 03:06, when the error rate went over 1%
 */
export function breachStartedAt(points: readonly Point[], threshold: Threshold, until: number): number | undefined {
  let i = points.length - 1;
  while (i >= 0 && (points[i] as Point)[0] > until) i -= 1;
  if (i < 0 || isHealthy(threshold, (points[i] as Point)[1]) || !Number.isFinite((points[i] as Point)[1])) {
    return undefined;
  }
  let start = (points[i] as Point)[0];
  for (let j = i - 1; j >= 0; j -= 1) {
    const [at, value] = points[j] as Point;
    if (!Number.isFinite(value) || isHealthy(threshold, value)) break;
    start = at;
  }
  return start;
}

/**
 * The first point of the healthy run that reaches the last point, and its value, when that run has
 * lasted at least `settleMs` (from its first point to the last); undefined otherwise.
 */
export function settledRecovery(
  points: readonly Point[],
  threshold: Threshold,
  settleMs: number,
): { at: number; value: number } | undefined {
  const last = points.at(-1);
  if (!last || !isHealthy(threshold, last[1])) return undefined;
  let first = points.length - 1;
  while (first > 0 && isHealthy(threshold, (points[first - 1] as Point)[1])) first -= 1;
  const start = points[first] as Point;
  if (last[0] - start[0] < settleMs) return undefined;
  // Before its first point, the series must show the metric unhealthy: a run from the start of the
  // series is no recovery, it was never seen broken in the window asked for.
  return first === 0 ? undefined : { at: start[0], value: start[1] };
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One character per point, from ▁ (the lowest value shown) to █ (the highest); a gap is a space. A
 * flat series is all ▁.
 */
export function sparkline(points: readonly Point[]): string {
  const values = points.map(([, v]) => v).filter(Number.isFinite);
  if (values.length === 0) return '';
  const low = Math.min(...values);
  const high = Math.max(...values);
  return points
    .map(([, v]) => {
      if (!Number.isFinite(v)) return ' ';
      if (high === low) return BLOCKS[0];
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor(((v - low) / (high - low)) * BLOCKS.length))];
    })
    .join('');
}

/**
 * The samples on a regular grid from `from` to `until` (one point every `stepMs`); a step with no sample
 * is NaN (a gap). Samples off the grid go to the step they fall in.
 */
export function onGrid(
  samples: readonly { at: number; value: number }[],
  from: number,
  until: number,
  stepMs: number,
): Point[] {
  const count = Math.max(0, Math.floor((until - from) / stepMs) + 1);
  const values = new Array<number>(count).fill(Number.NaN);
  for (const sample of samples) {
    const index = Math.round((sample.at - from) / stepMs);
    if (index >= 0 && index < count) values[index] = sample.value;
  }
  return values.map((value, i) => [from + i * stepMs, value] as const);
}
