/**
 * @module metric/format
 * A metric's value as responders read it. With unit `%` the query gives a ratio (0.041) and it shows as
 * a percentage (4.1%); any other unit follows the number as written (`230 ms`, `12 req/s`). Three
 * significant digits at most; pure.
 */

function number(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/**
 * @example
 * formatMetric(0.0412, '%') // '4.12%'
 * formatMetric(231.4, 'ms') // '231 ms'
 */
export function formatMetric(value: number, unit: string | undefined): string {
  if (unit === '%') return `${number(value * 100)}%`;
  return unit ? `${number(value)} ${unit}` : number(value);
}
