/**
 * @module sandbox/pagerduty/rate-limit
 * PagerDuty's two limits. REST: 960 requests per minute per API key (docs/REST-API-04-Rate-Limits.md),
 * a window that starts with its first request; every answer carries `ratelimit-limit`,
 * `ratelimit-remaining` and `ratelimit-reset` (seconds until the window resets), and a request past
 * the limit is 429. Events API v2: about 120 events per minute per integration key, "calculated over
 * a 60 second window looking back from the current time" (docs/events-API-v2-05-Rate-Limits.md);
 * on by default, since a test rarely comes near it. Refused requests do not count.
 */

export interface RestRateLimitOptions {
  /** Requests per window (default 960). */
  limit?: number;
  windowSeconds?: number;
}

export class RestRateLimiter {
  limit: number;
  windowSeconds: number;
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    options: RestRateLimitOptions,
    private readonly now: () => number,
  ) {
    this.limit = options.limit ?? 960;
    this.windowSeconds = options.windowSeconds ?? 60;
  }

  configure(options: RestRateLimitOptions): void {
    if (options.limit !== undefined) this.limit = options.limit;
    if (options.windowSeconds !== undefined) this.windowSeconds = options.windowSeconds;
    this.windows.clear();
  }

  /** Counts one request for `key`; `ok` false when it is past the limit. Headers for the answer either way. */
  consume(key: string): { ok: boolean; headers: Record<string, string> } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.windowSeconds * 1000) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    const ok = window.used < this.limit;
    if (ok) window.used += 1;
    const reset = Math.max(1, Math.ceil((window.start + this.windowSeconds * 1000 - now) / 1000));
    return {
      ok,
      headers: {
        'ratelimit-limit': String(this.limit),
        'ratelimit-remaining': String(Math.max(0, this.limit - window.used)),
        'ratelimit-reset': String(reset),
      },
    };
  }
}

export interface EventsRateLimitOptions {
  enabled?: boolean;
  /** Events per rolling minute per integration key (default 120). */
  perMinute?: number;
}

export class EventsRateLimiter {
  enabled: boolean;
  perMinute: number;
  private readonly seen = new Map<string, number[]>();

  constructor(
    options: EventsRateLimitOptions,
    private readonly now: () => number,
  ) {
    this.enabled = options.enabled ?? true;
    this.perMinute = options.perMinute ?? 120;
  }

  configure(options: EventsRateLimitOptions): void {
    if (options.enabled !== undefined) this.enabled = options.enabled;
    if (options.perMinute !== undefined) this.perMinute = options.perMinute;
    this.seen.clear();
  }

  consume(routingKey: string): boolean {
    if (!this.enabled) return true;
    const now = this.now();
    const recent = (this.seen.get(routingKey) ?? []).filter((t) => t > now - 60_000);
    this.seen.set(routingKey, recent);
    if (recent.length >= this.perMinute) return false;
    recent.push(now);
    return true;
  }
}
