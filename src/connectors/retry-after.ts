/**
 * @module connectors/retry-after
 * How long a system asked us to wait: `Retry-After` in seconds or as an HTTP date, an epoch-seconds
 * reset time, and the wait said in words for Slack.
 */

/**
 * Milliseconds to wait per a `Retry-After` value (delay-seconds or HTTP-date), or undefined when it
 * is absent or unreadable. A date in the past means no wait.
 * @example
 * retryAfterMs('7') // 7000
 * retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:00Z')) // 60000
 */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Milliseconds until an epoch-seconds reset time (GitHub's `x-ratelimit-reset`), never negative. */
export function untilEpochSeconds(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Number(value) * 1000 - now);
}

/** A wait as a responder would say it: `250 ms`, `7 s`, `4 min`, `1 h 5 min`. */
export function waitInWords(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}
