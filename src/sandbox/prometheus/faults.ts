/**
 * @module sandbox/prometheus/faults
 * Faults the emulated Prometheus can be told to inject, per endpoint (`query`, `query_range` or `*`)
 * and optionally per query: slow answers, 5xx, the query engine's `timeout` (503) and `execution`
 * (422) errors, and a connection cut before the answer. Being down (connection refused) is not a
 * fault of one call: see `PrometheusEmulator.setDown`.
 */

export type Endpoint = 'query' | 'query_range';

export type PrometheusFault =
  /** Answer as usual, only after `delayMs` (a `timeout=` shorter than that gets the timeout error). */
  | { kind: 'slow'; delayMs: number }
  /** 500 (the API's `internal`), 503 (not ready), 502/504 (the proxy in front). */
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504; delayMs?: number }
  /** 503 `timeout`, after the parameters and the query were accepted. */
  | { kind: 'timeout'; message?: string; delayMs?: number }
  /** 422 `execution`, after the parameters and the query were accepted. */
  | { kind: 'execution'; message?: string; delayMs?: number }
  /** The connection is destroyed without an answer (a crash or a proxy reset). */
  | { kind: 'reset'; delayMs?: number };

export type PrometheusFaultRule = PrometheusFault & {
  /** Which endpoint (default `*`: both). */
  endpoint?: Endpoint | '*';
  /** Only calls with this query (compared as `series` compares them). */
  query?: string;
  /** How many matching calls to affect (unlimited when absent). */
  times?: number;
};

export class PrometheusFaults {
  private rules: { rule: PrometheusFaultRule; remaining: number }[] = [];

  constructor(private readonly normalize: (query: string) => string) {}

  add(rule: PrometheusFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this call, if a rule matches; each use counts against the rule's `times`. */
  take(endpoint: Endpoint, query: string): PrometheusFault | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (rule.endpoint !== undefined && rule.endpoint !== '*' && rule.endpoint !== endpoint) continue;
      if (rule.query !== undefined && this.normalize(rule.query) !== this.normalize(query)) continue;
      entry.remaining -= 1;
      return rule;
    }
    return undefined;
  }
}
