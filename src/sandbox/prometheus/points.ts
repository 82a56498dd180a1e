/**
 * @module sandbox/prometheus/points
 * Turning a story told as functions of time ("0.2 % until 03:06, 12 % until 03:41, then 0.3 %") into
 * the points a real Prometheus stores, the way a scrape every `everySeconds` would have: a gauge
 * sampled as it is, or a counter whose rate is the story.
 */
import type { Point, ValueAt } from './series.js';

export interface SampleRange {
  /** First sample, Unix seconds. */
  from: number;
  /** Last sample at or before this, Unix seconds. */
  to: number;
  /** The scrape interval (default 15 s). */
  everySeconds?: number;
}

/**
 * A gauge scraped every `everySeconds` from `from` to `to`; a time at which `valueAt` gives
 * undefined or null is a scrape that found no series.
 * @example
 * const points = sampled((t) => (t < spike ? 0.002 : t < recovery ? 0.12 : 0.003), { from: spike - 7200, to: now + 3600 });
 */
export function sampled(valueAt: ValueAt, { from, to, everySeconds = 15 }: SampleRange): Point[] {
  const points: Point[] = [];
  for (let t = from; t <= to; t += everySeconds) {
    const v = valueAt(t);
    if (v !== undefined && v !== null) points.push([t, v]);
  }
  return points;
}

/**
 * A counter scraped every `everySeconds` whose increase over each interval is `perSecond` at the
 * interval's start times its length, so `rate(counter[5m])` reads `perSecond` back wherever it has
 * held for the last five minutes.
 * @example
 * const requests = counter(() => 50, range);
 * const errors = counter((t) => 50 * errorRatio(t), range);
 */
export function counter(perSecond: (t: number) => number, { from, to, everySeconds = 15 }: SampleRange): Point[] {
  const points: Point[] = [];
  let total = 0;
  for (let t = from; t <= to; t += everySeconds) {
    points.push([t, total]);
    total += perSecond(t) * everySeconds;
  }
  return points;
}
