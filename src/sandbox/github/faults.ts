/**
 * @module sandbox/github/faults
 * Faults the emulated GitHub REST API can be told to inject, per operation (GitHub's operationId,
 * e.g. `actions/create-workflow-dispatch`, or `*`): server errors, secondary rate limits with
 * Retry-After, slow answers, and a crash after the work is done (the effect happens, the connection
 * is cut before the answer, so the client cannot know).
 */
import { type Answer, githubError, SECONDARY_RATE_LIMIT_BODY } from './errors.js';

export type GitHubFault =
  /** Answer with a 5xx instead of doing the work. */
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504 }
  /** A secondary rate limit: 403 or 429 with `retry-after` seconds, instead of doing the work. */
  | { kind: 'secondary-rate-limit'; status?: 403 | 429; retryAfter?: number }
  /** Do the work and answer, but only after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Do the work, then destroy the connection without answering. */
  | { kind: 'crash-after' };

export type GitHubFaultRule = GitHubFault & {
  /** A GitHub operationId such as `actions/create-workflow-dispatch`, or `*`. */
  operation: string;
  /** Only calls on this repository (`owner/name`). */
  repo?: string;
  /** How many matching calls to affect (unlimited when absent). */
  times?: number;
};

export class GitHubFaults {
  private rules: { rule: GitHubFaultRule; remaining: number }[] = [];

  add(rule: GitHubFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this call, if a rule matches; each use counts against the rule's `times`. */
  take(operation: string, repo: string | undefined): GitHubFault | undefined {
    for (const entry of this.rules) {
      if (entry.remaining <= 0) continue;
      const { rule } = entry;
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.repo && rule.repo.toLowerCase() !== repo?.toLowerCase()) continue;
      entry.remaining -= 1;
      return rule;
    }
    return undefined;
  }
}

/** The answer a fault gives in place of the real one (undefined for faults that still do the work). */
export function faultAnswer(fault: GitHubFault): Answer | undefined {
  if (fault.kind === 'server-error') {
    if (fault.status === 503)
      return {
        status: 503,
        json: {
          code: 'unavailable',
          message: 'Service Unavailable',
          documentation_url: 'https://docs.github.com/rest',
        },
      };
    return githubError(fault.status, 'Server Error');
  }
  if (fault.kind === 'secondary-rate-limit') {
    return {
      status: fault.status ?? 403,
      json: SECONDARY_RATE_LIMIT_BODY,
      headers: { 'retry-after': String(fault.retryAfter ?? 60) },
    };
  }
  return undefined;
}
