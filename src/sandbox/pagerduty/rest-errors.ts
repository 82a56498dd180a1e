/**
 * @module sandbox/pagerduty/rest-errors
 * The REST API's errors in the documented shape, `{"error": {"message", "code", "errors": [...]}}`,
 * with the codes of docs/REST-API-14-Errors.md and the rate-limit body of REST-API-04-Rate-Limits.md.
 * Where a real body was found quoted (the missing `From` header, a duplicate incident key) its words
 * are used; the other detail strings are the emulator's.
 */

export interface PdAnswer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export function restError(status: number, message: string, code: number, errors?: string[]): PdAnswer {
  return { status, json: { error: { message, code, ...(errors ? { errors } : {}) } } };
}

/** 400 code 2001 with the details of what was wrong. */
export const invalidInput = (...errors: string[]): PdAnswer => restError(400, 'Invalid Input Provided', 2001, errors);

export const authenticationFailed = (): PdAnswer => restError(401, 'Authentication failed', 2006);

export const notFound = (): PdAnswer => restError(404, 'Not Found', 2100);

export const rateLimitExceeded = (): PdAnswer => restError(429, 'Rate Limit Exceeded', 2020);

/** Quoted from real answers (PagerDuty/pdpyras#78, quintoandar/airflow-pagerduty-plugin#1): code 2016. */
export const fromHeaderRequired = (): PdAnswer =>
  restError(400, 'You must specify a user\'s email address in the "From" header to perform this action', 2016, [
    'You must specify a user\'s email address in the "From" header to perform this action',
  ]);

export const requesterNotFound = (email: string): PdAnswer =>
  restError(400, 'Requester User Not Found', 1008, [`No user with email ${email} in this account`]);

export const alreadyResolved = (): PdAnswer =>
  restError(400, 'Incident Already Resolved', 1001, ['Incident Already Resolved']);

export const alreadyAcknowledged = (): PdAnswer =>
  restError(400, 'Incident Already Acknowledged', 1002, ['Incident Already Acknowledged']);

/** As quoted in real answers to a second `POST /incidents` with an open incident's key. */
export const duplicateIncidentKey = (): PdAnswer =>
  restError(400, 'Arguments Caused Error', 2002, [
    'Open incident with matching dedup key already exists on this service',
  ]);
