/**
 * @module sandbox/statuspage/errors
 * Statuspage's error answers in the spec's one error schema, `ErrorEntity {"message": string}`, with
 * the descriptions the spec gives its responses ("Could not authenticate", "The requested resource
 * could not be found."). The spec shows no real error body, so the other messages are the emulator's.
 */

/** One HTTP answer: a JSON body, or none. */
export interface Answer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export function errorEntity(status: number, message: string, headers?: Record<string, string>): Answer {
  return { status, json: { message }, ...(headers ? { headers } : {}) };
}

export const couldNotAuthenticate = (): Answer => errorEntity(401, 'Could not authenticate');

export const notFound = (): Answer => errorEntity(404, 'The requested resource could not be found.');

export const badRequest = (message: string): Answer => errorEntity(400, message);

export const unprocessable = (message: string): Answer => errorEntity(422, message);

/** Past the rate limit: 420 or 429 (the spec names both), with Retry-After in seconds. */
export function rateLimited(status: 420 | 429, retryAfterSeconds: number): Answer {
  return errorEntity(status, 'Rate limit exceeded', { 'retry-after': String(retryAfterSeconds) });
}
