/**
 * @module sandbox/statuspage/rate-limit
 * The spec's limit, "1 request / second as measured on a 60 second rolling window", per API token:
 * any 60 requests in the last 60 s pass (so a burst is allowed), the next is refused with 420 or 429
 * (the spec names both; 429 by default) and `Retry-After` until the oldest leaves the window. Off
 * unless turned on, since most tests make calls faster than one a second. Refused calls do not count.
 */
import { RATE_LIMIT } from './contract.js';

export interface StatuspageRateLimitOptions {
  enabled?: boolean;
  /** Requests allowed in any window (default 60). */
  requests?: number;
  /** The rolling window (default 60 s). */
  windowMs?: number;
  /** The status of a refused call (default 429). */
  status?: 420 | 429;
}

export type RateDecision = { ok: true } | { ok: false; status: 420 | 429; retryAfterSeconds: number };

export class RollingWindowLimiter {
  enabled: boolean;
  requests: number;
  windowMs: number;
  status: 420 | 429;
  private readonly seen = new Map<string, number[]>();

  constructor(
    options: StatuspageRateLimitOptions,
    private readonly now: () => number,
  ) {
    this.enabled = options.enabled ?? false;
    this.requests = options.requests ?? RATE_LIMIT.requests;
    this.windowMs = options.windowMs ?? RATE_LIMIT.windowMs;
    this.status = options.status ?? 429;
  }

  configure(options: StatuspageRateLimitOptions): void {
    if (options.enabled !== undefined) this.enabled = options.enabled;
    if (options.requests !== undefined) this.requests = options.requests;
    if (options.windowMs !== undefined) this.windowMs = options.windowMs;
    if (options.status !== undefined) this.status = options.status;
  }

  /** Counts one request for `token`, or says how long until one would pass. */
  consume(token: string): RateDecision {
    if (!this.enabled) return { ok: true };
    const now = this.now();
    const recent = (this.seen.get(token) ?? []).filter((t) => t > now - this.windowMs);
    this.seen.set(token, recent);
    if (recent.length < this.requests) {
      recent.push(now);
      return { ok: true };
    }
    const oldest = recent[0] ?? now;
    return {
      ok: false,
      status: this.status,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
    };
  }

  reset(): void {
    this.seen.clear();
  }
}
