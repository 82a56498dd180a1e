/**
 * @module connectors/errors
 * The one error every outbound client throws: which system, what it answered (in words an incident
 * commander can read in Slack), and whether a retry can help and when. Clients never retry or sleep
 * themselves; the BullMQ job that called them reads `retryable` and `retryAfterMs`.
 */

export type ConnectorSystem = 'github' | 'argocd' | 'webhook' | 'statuspage' | 'prometheus' | 'pagerduty';

export interface ConnectorErrorInit {
  system: ConnectorSystem;
  /** The HTTP status, or undefined when no answer came (network failure, timeout). */
  status: number | undefined;
  retryable: boolean;
  /** How long to wait before the retry, when the system said (Retry-After, a rate-limit reset). */
  retryAfterMs?: number;
  /** What the system answered, in words fit for Slack; never a token. */
  detail: string;
  cause?: unknown;
}

/**
 * A call to GitHub, Argo CD or a rollback webhook that did not do what was asked.
 * @example
 * try { await github.dispatchWorkflow(repo, 'rollback.yml', 'main', { version }) }
 * catch (error) { if (isConnectorError(error) && !error.retryable) throw new UnrecoverableError(error.detail) }
 */
export class ConnectorError extends Error {
  readonly system: ConnectorSystem;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly detail: string;

  constructor(init: ConnectorErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ConnectorError';
    this.system = init.system;
    this.status = init.status;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.detail = init.detail;
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}
