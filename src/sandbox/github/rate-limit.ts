/**
 * @module sandbox/github/rate-limit
 * The primary rate limit: an hourly budget per token that every counted request spends, reported in
 * `x-ratelimit-*` headers on every answer. When it is spent, requests get 403 (or 429, which GitHub
 * may also send) with remaining 0 until the reset time, in epoch seconds.
 */
import { type Answer, primaryRateLimitBody } from './errors.js';

export interface RateLimitOptions {
  /** Requests per hour (a personal or installation token: 5000). */
  limit?: number;
  /** What is left of this hour's budget at start (default: all of it). */
  remaining?: number;
  /** Seconds until the window resets (default 3600). */
  resetInSeconds?: number;
  /** The status of an answer past the limit: GitHub sends 403 or 429 (default 403). */
  exceededStatus?: 403 | 429;
}

export class RateLimiter {
  limit: number;
  remaining: number;
  /** When the window resets, in epoch seconds. */
  reset: number;
  readonly exceededStatus: 403 | 429;
  private readonly windowSeconds: number;

  constructor(
    options: RateLimitOptions = {},
    private readonly resource = 'core',
    private readonly now: () => number = Date.now,
  ) {
    this.limit = options.limit ?? 5000;
    this.remaining = options.remaining ?? this.limit;
    this.windowSeconds = options.resetInSeconds ?? 3600;
    this.reset = Math.floor(this.now() / 1000) + this.windowSeconds;
    this.exceededStatus = options.exceededStatus ?? 403;
  }

  get used(): number {
    return this.limit - this.remaining;
  }

  /** Spends one request; false when none is left (the request must then be refused). */
  consume(): boolean {
    this.roll();
    if (this.remaining <= 0) return false;
    this.remaining -= 1;
    return true;
  }

  /** Uses up the rest of this window's budget, e.g. to test what a client does at the limit. */
  exhaust(): void {
    this.roll();
    this.remaining = 0;
  }

  headers(): Record<string, string> {
    this.roll();
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': String(this.reset),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-resource': this.resource,
    };
  }

  /** The answer past the limit: GitHub's body, remaining 0, and no Retry-After (wait for the reset). */
  exceeded(userId: number): Answer {
    return { status: this.exceededStatus, json: primaryRateLimitBody(userId), headers: this.headers() };
  }

  snapshot(): { limit: number; remaining: number; reset: number; used: number } {
    this.roll();
    return { limit: this.limit, remaining: this.remaining, reset: this.reset, used: this.used };
  }

  private roll(): void {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (nowSeconds < this.reset) return;
    this.remaining = this.limit;
    this.reset = nowSeconds + this.windowSeconds;
  }
}
