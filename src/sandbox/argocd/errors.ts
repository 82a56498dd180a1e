/**
 * @module sandbox/argocd/errors
 * Argo CD's REST errors as grpc-gateway v1 writes them: HTTP status from the gRPC code, body
 * `{"error": msg, "code": <gRPC code>, "message": msg}` (details dropped when empty).
 */

export interface ArgoAnswer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export const GRPC = {
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  FailedPrecondition: 9,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

const HTTP_STATUS: Record<number, number> = { 3: 400, 5: 404, 7: 403, 9: 400, 13: 500, 14: 503, 16: 401 };

export function grpcError(code: (typeof GRPC)[keyof typeof GRPC], message: string): ArgoAnswer {
  return { status: HTTP_STATUS[code] ?? 500, json: { error: message, code, message } };
}

/** Since Argo CD 2.7 a missing app is "permission denied" unless the caller names a project. */
export function appNotFound(name: string, projectGiven: boolean): ArgoAnswer {
  return projectGiven
    ? grpcError(GRPC.NotFound, `applications.argoproj.io "${name}" not found`)
    : grpcError(GRPC.PermissionDenied, 'permission denied');
}
