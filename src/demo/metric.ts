/**
 * @module demo/metric
 * The key metric of the demo: payments-api's checkout error rate, served by the local Prometheus
 * emulator on the scripted clock. It sits near 0.3% until the bad release's errors begin, climbs to
 * about 4%, stays there until the rollback lands, and falls back under the 1% threshold at the minute
 * the script says the impact ended.
 */
import { PrometheusEmulator } from '../sandbox/prometheus/emulator.js';

export const ERROR_RATE_QUERY =
  'sum(rate(http_requests_total{service="payments-api",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="payments-api"}[5m]))';

/** The catalog's `metric:` for payments-api (indented for its place under the service). */
export const METRIC_YAML = `    metric:
      query: '${ERROR_RATE_QUERY}'
      healthy: "< 0.01"
      label: checkout error rate
      unit: "%"
      settle: 5m
      graph: https://grafana.example.com/d/checkout?from={{from}}&to={{to}}
`;

/** When the series changes course, in epoch ms. */
export interface ErrorRateScript {
  /** The first unhealthy minute. */
  errorsFrom: number;
  /** When the climb tops out. */
  peakAt: number;
  /** When the rolled-back version has taken the traffic and the rate starts to fall. */
  fallFrom: number;
  /** The first healthy minute again. */
  healthyFrom: number;
}

const BASELINE = 0.003;
const PEAK = 0.041;
/** Just over the threshold (healthy is < 0.01): the last unhealthy minute still reads unhealthy. */
const LAST_UNHEALTHY = 0.0112;

/** Between a and b as x goes from x0 to x1 (clamped). */
function lerp(x: number, x0: number, x1: number, a: number, b: number): number {
  const f = Math.min(1, Math.max(0, (x - x0) / (x1 - x0)));
  return a + (b - a) * f;
}

/**
 * The checkout error rate (a ratio: 0.041 is 4.1%) at `t`, Unix seconds: a small deterministic wobble
 * on each stretch, so the sparkline looks like traffic and the run is the same every time.
 */
export function errorRate(script: ErrorRateScript): (t: number) => number {
  return (t) => {
    const ms = t * 1000;
    const wobble = Math.sin(t / 97) * 0.06 + Math.sin(t / 23) * 0.03;
    if (ms < script.errorsFrom) return BASELINE * (1 + wobble);
    if (ms < script.peakAt) return lerp(ms, script.errorsFrom, script.peakAt, 0.013, PEAK) * (1 + wobble / 3);
    if (ms < script.fallFrom) return PEAK * (1 + wobble / 3);
    if (ms < script.healthyFrom) return lerp(ms, script.fallFrom, script.healthyFrom - 60_000, PEAK, LAST_UNHEALTHY);
    return lerp(ms, script.healthyFrom, script.healthyFrom + 4 * 60_000, 0.0068, BASELINE) * (1 + wobble);
  };
}

/** The local Prometheus with the error-rate series; its clock is the process's (scripted) Date. */
export async function startPrometheus(script: ErrorRateScript): Promise<PrometheusEmulator> {
  const prometheus = await PrometheusEmulator.start({ clock: () => Date.now() });
  prometheus.series(ERROR_RATE_QUERY, errorRate(script));
  return prometheus;
}
