/**
 * @module queue/slack-errors
 * Which Slack failures are worth retrying (rate limits, 5xx, network) and which are not (an `ok:false`
 * that no retry can fix), and how long to wait: Slack's Retry-After when given, else exponential
 * backoff with jitter.
 */
import { ErrorCode as SlackErrorCode } from '@slack/web-api';

/** `ok:false` errors that mean "try again later" rather than "this call is wrong". */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
  'team_added_to_org',
]);

export interface SlackFailure {
  retry: boolean;
  /** Slack's error code (`channel_not_found`) or a short description of the transport failure. */
  error: string;
  /** Seconds Slack asked us to wait (429 Retry-After). */
  retryAfter?: number;
  /**
   * Slack answered, and the answer says the call did nothing (a 429, or `ok: false`); a 5xx or a
   * network failure leaves it unknown whether the call took effect.
   */
  definite: boolean;
}

export function classifySlackError(error: unknown): SlackFailure {
  const e = error as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    statusCode?: number;
    message?: string;
  };
  switch (e?.code) {
    case SlackErrorCode.RateLimitedError:
      return { retry: true, error: 'ratelimited', retryAfter: e.retryAfter ?? 1, definite: true };
    case SlackErrorCode.HTTPError:
      return { retry: true, error: `http_${e.statusCode ?? 'error'}`, definite: false };
    case SlackErrorCode.RequestError:
      return { retry: true, error: 'request_failed', definite: false };
    case SlackErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return { retry: TRANSIENT_PLATFORM_ERRORS.has(code), error: code, definite: true };
    }
    default:
      return { retry: true, error: e?.message ?? String(error), definite: false };
  }
}

const BASE_MS = 500;
const CAP_MS = 60_000;

/**
 * Milliseconds before attempt `attemptsMade + 1`: Retry-After (plus a little jitter) for rate limits
 * (Slack's, or a connector's `retryAfterMs`),
 * else exponential from 0.5 s, capped at a minute, with ±25% jitter.
 */
export function backoffDelay(attemptsMade: number, error: unknown, random: () => number = Math.random): number {
  const jitter = (ms: number) => Math.round(ms * (0.75 + random() * 0.5));
  // Another system's wait (GitHub's rate-limit reset, Argo CD's operation in progress) is honoured too.
  const waitMs = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof waitMs === 'number' && Number.isFinite(waitMs) && waitMs >= 0) return waitMs + Math.round(random() * 250);
  const failure = classifySlackError(error);
  if (failure.retryAfter !== undefined) return failure.retryAfter * 1000 + Math.round(random() * 250);
  return jitter(Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attemptsMade - 1)));
}

/**
 * How long to wait before trying again when `error` is a Slack rate limit (Slack's 429 with its
 * Retry-After, or warroom's own budget refusing the call, which reads the same); undefined for any
 * other failure. A rate limit says nothing was done, so the job is put off rather than failed.
 */
export function rateLimitWaitMs(error: unknown, random: () => number = Math.random): number | undefined {
  if ((error as { code?: unknown } | undefined)?.code !== SlackErrorCode.RateLimitedError) return undefined;
  const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
  const seconds = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1;
  return Math.round(seconds * 1000) + Math.round(random() * 250);
}
