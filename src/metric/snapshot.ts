/**
 * @module metric/snapshot
 * What warroom last saw of an incident's key metric: written by the poller, read by the board and the
 * brief. Not part of the log (it changes every 30 s); what matters is recorded as events.
 */

export interface MetricSnapshot {
  service: string;
  label: string;
  unit: string | undefined;
  /** The healthy threshold as written in the catalog: "< 0.01". */
  healthy: string;
  /** When the value was read (epoch ms). */
  at: number;
  /** The value now, when the last poll had one. */
  value: number | undefined;
  /** Whether `value` is healthy. */
  isHealthy: boolean | undefined;
  /** The last 30 minutes as a one-line sparkline. */
  sparkline: string;
  /** The dashboard, for the window of the incident. */
  graph: string | undefined;
  /** Since when Prometheus could not be read (epoch ms), while it cannot. */
  unavailableSince: number | undefined;
  /** What it answered, for the logs and the board ("timeout", "bad_data: parse error …"). */
  unavailableReason: string | undefined;
}
