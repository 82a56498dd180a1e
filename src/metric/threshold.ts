/**
 * @module metric/threshold
 * What "healthy" means for a key metric, as the catalog writes it: `"< 0.01"`, `"<= 250"`, `"> 0.995"`.
 * Parsing and checking; pure.
 */

export type Comparison = '<' | '<=' | '>' | '>=';

export interface Threshold {
  op: Comparison;
  value: number;
}

const PATTERN = /^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

/** The threshold written `text`, or undefined when it is not `<op> <number>`. */
export function parseThreshold(text: string): Threshold | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const value = Number(match[2]);
  return Number.isFinite(value) ? { op: match[1] as Comparison, value } : undefined;
}

/** Whether `value` is healthy by the threshold; NaN (a gap in the series) is never healthy. */
export function isHealthy(threshold: Threshold, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (threshold.op) {
    case '<':
      return value < threshold.value;
    case '<=':
      return value <= threshold.value;
    case '>':
      return value > threshold.value;
    case '>=':
      return value >= threshold.value;
  }
}

/** The threshold as people read it, in the metric's unit: "< 1%". */
export function describeThreshold(threshold: Threshold, show: (value: number) => string): string {
  const op = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' }[threshold.op];
  return `${op} ${show(threshold.value)}`;
}
