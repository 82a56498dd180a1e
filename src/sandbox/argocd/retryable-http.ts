/**
 * @module sandbox/argocd/retryable-http
 * hashicorp/go-retryablehttp's default client, which Argo CD's webhook service sends with: retry on a
 * connection error, 429, and any 5xx but 501, up to `retryMax` retries; wait `waitMin·2^n` capped at
 * `waitMax` between tries, or the `Retry-After` seconds of a 429/503; after the last try, give up.
 */
import { type OutgoingWebhook, sendWebhook, type WebhookOutcome } from '../webhook-sender.js';

export interface RetryPolicy {
  /** Retries after the first try (Argo CD's default 3). */
  retryMax: number;
  /** Argo CD's defaults: 1 s and 5 s. */
  waitMinMs: number;
  waitMaxMs: number;
  /** How long one second of `Retry-After` lasts (1000; less in tests). */
  retryAfterUnitMs: number;
}

export const ARGO_CD_RETRY: RetryPolicy = { retryMax: 3, waitMinMs: 1000, waitMaxMs: 5000, retryAfterUnitMs: 1000 };

export interface Attempt {
  at: number;
  outcome: WebhookOutcome;
  /** How long the client waited after this try before the next (absent after the last). */
  waitedMs?: number;
}

export interface RetriedDelivery {
  attempts: Attempt[];
  /** `delivered` on a 2xx; `failed` on another final answer; `gave-up` after the last retryable try. */
  result: 'delivered' | 'failed' | 'gave-up';
}

/** go-retryablehttp DefaultRetryPolicy. */
export function shouldRetry(outcome: WebhookOutcome): boolean {
  if (outcome.kind === 'failed') return true;
  return outcome.status === 429 || outcome.status === 0 || (outcome.status >= 500 && outcome.status !== 501);
}

/** go-retryablehttp DefaultBackoff, attempt counted from 0. */
export function backoffMs(policy: RetryPolicy, attempt: number, outcome: WebhookOutcome): number {
  if (outcome.kind === 'answered' && (outcome.status === 429 || outcome.status === 503)) {
    const retryAfter = outcome.headers['retry-after'];
    if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter) * policy.retryAfterUnitMs;
  }
  return Math.min(policy.waitMinMs * 2 ** attempt, policy.waitMaxMs);
}

/**
 * Sends `hook` with retries and resolves with every attempt; it never rejects.
 * @example
 * const { result, attempts } = await sendWithRetries(hook, ARGO_CD_RETRY, sleep);
 */
export async function sendWithRetries(
  hook: OutgoingWebhook,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
): Promise<RetriedDelivery> {
  const attempts: Attempt[] = [];
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await sendWebhook(hook);
    const record: Attempt = { at: Date.now(), outcome };
    attempts.push(record);
    if (!shouldRetry(outcome)) {
      const ok = outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300;
      return { attempts, result: ok ? 'delivered' : 'failed' };
    }
    if (attempt >= policy.retryMax) return { attempts, result: 'gave-up' };
    record.waitedMs = backoffMs(policy, attempt, outcome);
    await sleep(record.waitedMs);
  }
}
