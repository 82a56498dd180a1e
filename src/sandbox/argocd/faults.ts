/**
 * @module sandbox/argocd/faults
 * Faults the emulated Argo CD API can be told to inject, per operation (the swagger's operationId,
 * e.g. `ApplicationService_Rollback`, or `*`): 5xx answers (503 as gRPC Unavailable, 502/504 as the
 * ingress in front would send them), slow answers, and being down (the connection is cut unanswered).
 */
import { type ArgoAnswer, GRPC, grpcError } from './errors.js';

export type ArgoFault =
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504 }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'down' };

export type ArgoFaultRule = ArgoFault & {
  /** `ApplicationService_List`, `_Get`, `_Rollback`, `_Sync`, or `*`. */
  operation: string;
  /** How many matching calls to affect (unlimited when absent). */
  times?: number;
};

export class ArgoFaults {
  private rules: { rule: ArgoFaultRule; remaining: number }[] = [];

  add(rule: ArgoFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  take(operation: string): ArgoFault | undefined {
    for (const entry of this.rules) {
      if (entry.remaining <= 0 || (entry.rule.operation !== '*' && entry.rule.operation !== operation)) continue;
      entry.remaining -= 1;
      return entry.rule;
    }
    return undefined;
  }
}

export function faultAnswer(fault: ArgoFault): ArgoAnswer | undefined {
  if (fault.kind !== 'server-error') return undefined;
  if (fault.status === 500) return grpcError(GRPC.Internal, 'internal error');
  if (fault.status === 503)
    return grpcError(
      GRPC.Unavailable,
      'connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.12:8081: connect: connection refused"',
    );
  const title = fault.status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return {
    status: fault.status,
    headers: { 'content-type': 'text/html' },
    text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}
