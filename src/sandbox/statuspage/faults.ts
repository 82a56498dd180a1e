/**
 * @module sandbox/statuspage/faults
 * Faults the emulated Statuspage can be told to inject, per operation (the spec's operationId, e.g.
 * `postPagesPageIdIncidents`, or `*`), for the next `times` calls: a 5xx instead of the work, a
 * 420/429 with Retry-After instead of the work, a slow answer, no answer at all (the work not done),
 * and a crash after the work (the incident is made, then the connection is destroyed unanswered, so
 * the client cannot tell whether it went through).
 */
import { type Answer, errorEntity } from './errors.js';

export type StatuspageFault =
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504 }
  | { kind: 'rate-limited'; status?: 420 | 429; retryAfter?: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'down' }
  | { kind: 'crash-after' };

export type StatuspageFaultRule = StatuspageFault & {
  /** An operationId from openapi-v1.json, or `*`. */
  operation: string;
  /** How many matching calls to affect (unlimited when absent). */
  times?: number;
};

const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export class StatuspageFaults {
  private rules: { rule: StatuspageFaultRule; remaining: number }[] = [];

  add(rule: StatuspageFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  take(operation: string): StatuspageFault | undefined {
    for (const entry of this.rules) {
      if (entry.remaining <= 0 || (entry.rule.operation !== '*' && entry.rule.operation !== operation)) continue;
      entry.remaining -= 1;
      return entry.rule;
    }
    return undefined;
  }
}

/** The answer that replaces the work, for the faults that do. */
export function faultAnswer(fault: StatuspageFault): Answer | undefined {
  if (fault.kind === 'server-error') return errorEntity(fault.status, SERVER_ERROR_MESSAGES[fault.status] ?? 'Error');
  if (fault.kind === 'rate-limited')
    return errorEntity(fault.status ?? 429, 'Rate limit exceeded', { 'retry-after': String(fault.retryAfter ?? 1) });
  return undefined;
}
