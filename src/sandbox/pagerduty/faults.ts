/**
 * @module sandbox/pagerduty/faults
 * Faults the emulated PagerDuty can be told to inject, per operation (the specs' operationIds:
 * `createV2Event`, `createChangeEvent`, `listOnCalls`, `updateIncident`, …, or `*`), for the next
 * `times` calls: a 5xx instead of the work, a 429 instead of the work, a slow answer, no answer at all
 * (nothing done), and a crash after the work (done, then the connection destroyed unanswered).
 */
import { type EventsAnswer, eventsError } from './events-errors.js';
import { type PdAnswer, rateLimitExceeded, restError } from './rest-errors.js';

export type PagerDutyFault =
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504 }
  | { kind: 'rate-limited' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'down' }
  | { kind: 'crash-after' };

export type PagerDutyFaultRule = PagerDutyFault & {
  operation: string;
  times?: number;
};

export class PagerDutyFaults {
  private rules: { rule: PagerDutyFaultRule; remaining: number }[] = [];

  add(rule: PagerDutyFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  take(operation: string): PagerDutyFault | undefined {
    for (const entry of this.rules) {
      if (entry.remaining <= 0 || (entry.rule.operation !== '*' && entry.rule.operation !== operation)) continue;
      entry.remaining -= 1;
      return entry.rule;
    }
    return undefined;
  }
}

/** The REST answer that replaces the work, for the faults that do. */
export function restFaultAnswer(fault: PagerDutyFault): PdAnswer | undefined {
  if (fault.kind === 'server-error')
    return restError(fault.status, 'An internal error has occurred. PagerDuty team has been notified.', 2000);
  if (fault.kind === 'rate-limited') return rateLimitExceeded();
  return undefined;
}

/** The Events API answer that replaces the work, for the faults that do. */
export function eventsFaultAnswer(fault: PagerDutyFault): EventsAnswer | undefined {
  if (fault.kind === 'server-error') return eventsError(fault.status, 'error', 'Internal Server Error');
  if (fault.kind === 'rate-limited') return eventsError(429, 'throttle event', 'Request Limit Exceeded');
  return undefined;
}
