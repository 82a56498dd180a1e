/**
 * @module connectors/network
 * What went wrong when no answer came: the deepest cause Node's fetch gives (`connect ECONNREFUSED
 * 127.0.0.1:443`, `other side closed`), or that our own time limit ran out.
 */

/** A timeout signal for one call, and whether it was the one that fired. */
export function deadline(timeoutMs: number): { signal: AbortSignal; expired: () => boolean } {
  const signal = AbortSignal.timeout(timeoutMs);
  return { signal, expired: () => signal.aborted };
}

/** The most specific reason in an error's cause chain, e.g. `connect ECONNREFUSED 127.0.0.1:9`. */
export function networkReason(error: unknown): string {
  let reason = 'the connection failed';
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current.message && current.message !== 'fetch failed') reason = current.message;
    current = current.cause;
  }
  return reason;
}
