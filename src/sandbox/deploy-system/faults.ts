/**
 * @module sandbox/deploy-system/faults
 * Faults the stand-in deploy system can be told to inject into its rollback webhook: a 5xx or 429
 * instead of the work (with an optional Retry-After, seconds or an HTTP date), a 4xx refusal with
 * a body, a slow answer (the work is done, the answer waits), and a crash after the work (the
 * connection is cut before the answer, so the caller cannot know).
 */

export type DeploySystemFault =
  /** Answer with a 5xx instead of doing the rollback. */
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504; retryAfter?: string }
  /** Answer 429 instead of doing the rollback. */
  | { kind: 'rate-limit'; retryAfter?: string }
  /** Answer a 4xx with this body instead of doing the rollback (e.g. an unknown service). */
  | { kind: 'refuse'; status: 400 | 403 | 404 | 409 | 422; body: string }
  /** Do the rollback, then answer after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Do the rollback, then destroy the connection without answering. */
  | { kind: 'crash-after' };

export type DeploySystemFaultRule = DeploySystemFault & {
  /** How many calls to affect (unlimited when absent). */
  times?: number;
};

export class DeploySystemFaults {
  private rules: { rule: DeploySystemFaultRule; remaining: number }[] = [];

  add(rule: DeploySystemFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for the next signed call, if any; each use counts against its rule's `times`. */
  take(): DeploySystemFault | undefined {
    const entry = this.rules.find((r) => r.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.rule;
  }
}
