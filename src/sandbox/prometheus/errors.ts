/**
 * @module sandbox/prometheus/errors
 * What Prometheus 2.42 answers when it does not answer a query: the API's error envelope with the
 * HTTP status of its errorType (response-envelopes.json, `http_2_42`), and the plain-text answers of
 * the HTTP layer around it. Every message below was read from the real 2.42 (Debian 12's
 * 2.42.0+ds-5+deb12u1) answering curl on this machine, unless it says otherwise.
 */
import { errorJson } from './wire.js';

export interface PromAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** response-envelopes.json, error_types.*.http_2_42 (`canceled` is 503 before 3.x). */
export const ERROR_STATUS = {
  bad_data: 400,
  execution: 422,
  canceled: 503,
  timeout: 503,
  internal: 500,
  unavailable: 500,
  not_found: 404,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

export function apiError(errorType: ErrorType, error: string): PromAnswer {
  return {
    status: ERROR_STATUS[errorType],
    headers: { 'content-type': 'application/json' },
    text: errorJson(errorType, error),
  };
}

/** `invalid parameter "<name>": <cause>`, as the API's invalidParamError writes it (always bad_data). */
export function invalidParameter(name: string, cause: string): PromAnswer {
  return apiError('bad_data', `invalid parameter ${JSON.stringify(name)}: ${cause}`);
}

export const MESSAGES = {
  /** `query=` missing or blank. */
  noExpression: '1:1: parse error: no expression found in input',
  /** What the parser says of `sum(rate(x[5m])` and any other expression missing its last `)`. */
  unclosedParenthesis: (query: string) => `1:${query.length + 1}: parse error: unclosed left parenthesis`,
  endBeforeStart: 'end timestamp must not be before start time',
  nonPositiveStep: 'zero or negative query resolution step widths are not accepted. Try a positive integer',
  tooManyPoints:
    'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
  /** `timeout=` shorter than the time the engine took (a slow query). */
  timeoutInEvaluation: 'query timed out in expression evaluation',
  /** `timeout=` already over before the query left the queue (e.g. `timeout=0.000001`). */
  timeoutInQueue: 'query timed out in query queue',
  /** A vector matching error: `sum(x) * on() (two series)`. */
  manyToMany:
    'found duplicate series for the match group {} on the right hand-side of the operation: [{__name__="err_ratio", service="checkout"}, {__name__="err_ratio", service="x"}];many-to-many matching not allowed: matching labels must be unique on one side',
} as const;

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

/** With `basic_auth_users` in --web.config.file: no, another or a wrong Authorization header. */
export function unauthorized(): PromAnswer {
  return { status: 401, headers: { ...TEXT, 'www-authenticate': 'Basic' }, text: 'Unauthorized\n' };
}

export function notFound(): PromAnswer {
  return { status: 404, headers: TEXT, text: '404 page not found\n' };
}

export function methodNotAllowed(): PromAnswer {
  return { status: 405, headers: { ...TEXT, allow: 'GET, OPTIONS, POST' }, text: 'Method Not Allowed\n' };
}

/**
 * A 5xx. 500 is the API's own `internal` envelope (the contract's "TSDB not ready" example); 503 is
 * what web.go's readiness gate writes while the TSDB is still opening (from the 2.42 source, not
 * captured: startup here is too fast to catch); 502 and 504 come from the proxy in front.
 */
export function serverError(status: 500 | 502 | 503 | 504): PromAnswer {
  if (status === 500) return apiError('internal', 'TSDB not ready');
  if (status === 503)
    return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, text: 'Service Unavailable' };
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return {
    status,
    headers: { 'content-type': 'text/html' },
    text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}
