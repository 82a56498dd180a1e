/**
 * @module sandbox/faults
 * Faults the emulated Web API can be told to inject: rate limiting (429 with Retry-After), server
 * errors (5xx) and `ok:false` answers, for a number of calls or a share of them.
 */

export interface FaultRule {
  /** A Web API method such as `chat.update`, or `*` for every method. */
  method: string;
  /** Only calls whose `channel` (or `channel_id`) argument is this one. */
  channel?: string;
  /** 429 sends `Retry-After`; 5xx sends an error page; 200 sends `{ ok: false, error }`. */
  status: 200 | 429 | 500 | 502 | 503;
  /** Seconds in the `Retry-After` header of a 429 (default 1). */
  retryAfter?: number;
  /** The `error` of an `ok:false` answer (status 200), e.g. `channel_not_found`. */
  error?: string;
  /** How many matching calls to fail; unlimited when absent. */
  times?: number;
  /** Share of matching calls to fail, 0..1 (default 1). */
  ratio?: number;
}

export interface FaultDecision {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Holds the rules and decides, call by call, whether one fires. */
export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to answer this call with, or undefined to serve it normally. */
  decide(method: string, args: Record<string, unknown> = {}): FaultDecision | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (rule.method !== '*' && rule.method !== method) continue;
      if (rule.channel && rule.channel !== (args.channel ?? args.channel_id)) continue;
      if (rule.ratio !== undefined && this.random() >= rule.ratio) continue;
      entry.remaining -= 1;
      return toDecision(rule);
    }
    return undefined;
  }
}

function toDecision(rule: FaultRule): FaultDecision {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  if (rule.status === 429) {
    return {
      status: 429,
      headers: { ...json, 'retry-after': String(rule.retryAfter ?? 1) },
      body: JSON.stringify({ ok: false, error: 'ratelimited' }),
    };
  }
  if (rule.status === 200) {
    return { status: 200, headers: json, body: JSON.stringify({ ok: false, error: rule.error ?? 'internal_error' }) };
  }
  return {
    status: rule.status,
    headers: { 'content-type': 'text/html' },
    body: '<html>Slack is having trouble</html>',
  };
}
