/**
 * @module connectors/pagerduty/errors
 * PagerDuty's answers turned into ConnectorErrors, and the one exchange both PagerDuty clients make
 * (fetch under a time limit, a failure mapped here, a 2xx body read with zod, keys taken out of every
 * detail). Per ../shared/contracts/pagerduty: the Events API v2 answers errors as `{status, message,
 * errors[]}` (events-v2-openapiv3.json), the REST API as `{error: {message, code, errors[]}}`
 * (docs/REST-API-14-Errors.md).
 *
 * | answer                  | retryable | retryAfterMs                                    | detail                                                        |
 * |-------------------------|-----------|-------------------------------------------------|---------------------------------------------------------------|
 * | 401, 403                | no        |                                                 | `PagerDuty refused warroom's REST API token: 401 Authentication failed (code 2006)` (or the routing key) |
 * | 400 naming routing_key  | no        |                                                 | `PagerDuty refused the routing key: 400 Event object is invalid: Invalid routing key` |
 * | 404                     | no        |                                                 | `PagerDuty has no incident PT4KHLK: 404 Not Found (code 2100)` |
 * | 400, 402, other 4xx     | no        |                                                 | `PagerDuty answered 400 to <what>: <message>: <errors>`       |
 * | 408                     | yes       |                                                 | "The request took too long to process. Please try again."    |
 * | 429 from the REST API   | yes       | `ratelimit-reset` (s), else Retry-After, else 60 000 | `PagerDuty is limiting warroom's requests: 429 …; retry in 20 s` |
 * | 429 from the Events API | yes       | Retry-After, else 30 000                        | as above                                                      |
 * | 5xx                     | yes       | Retry-After, when given                         | `PagerDuty answered 503 to <what>: …` (+ what a retry does)   |
 * | no answer, our timeout  | yes       |                                                 | `No answer from PagerDuty at <host> to <what> (…)`            |
 * | 2xx warroom cannot read | yes       |                                                 | `PagerDuty answered 202 to <what> with an answer warroom cannot read (…)` |
 *
 * The REST window is a minute (960 requests per minute per key, REST-API-04-Rate-Limits.md); for the
 * Events API, docs/events-API-v2-05-Rate-Limits.md suggests "retrying 3 times with each request being
 * 30 seconds apart", and its 429 carries no header saying when.
 */
import type { z } from 'zod';
import { oneLine, plainAnswer, withoutSecrets } from '../answer-text.js';
import { ConnectorError, isConnectorError } from '../errors.js';
import { deadline, networkReason } from '../network.js';
import { retryAfterMs, waitInWords } from '../retry-after.js';

/** The wait after an Events API 429 without Retry-After (the rate-limit page's 30 s apart). */
export const EVENTS_RATE_LIMIT_WAIT_MS = 30_000;
/** The wait after a REST 429 without `ratelimit-reset`: the whole one-minute window. */
export const REST_RATE_LIMIT_WAIT_MS = 60_000;

export interface PagerDutyAnswer {
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  text: string;
}

export interface PagerDutyCall {
  api: 'events' | 'rest';
  /** What was asked, for a detail: `the trigger with dedup key warroom/INC-42`, `incident PT4KHLK`. */
  what: string;
  /** What a 404 means, when it means the thing is not there: `PagerDuty has no incident PT4KHLK`. */
  notFound?: string;
  /** Said after a 5xx, a lost answer or an unreadable one: whether the work may be done, and what a retry does. */
  again?: string;
}

export interface PagerDutyRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** Taken out of every detail (the token, the routing key). */
  secrets: readonly string[];
}

type Json = Record<string, unknown>;

/** PagerDuty's words: `message` (with `code`) and `errors[]`, top-level (Events API) or under `error` (REST). */
function said(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trim() === '' ? '' : plainAnswer(text);
  }
  const outer = (body !== null && typeof body === 'object' ? body : {}) as Json;
  if (typeof outer.error === 'string') return oneLine(outer.error);
  const inner = (outer.error !== null && typeof outer.error === 'object' ? outer.error : outer) as Json;
  const message = typeof inner.message === 'string' ? inner.message.trim() : '';
  const code = typeof inner.code === 'number' ? ` (code ${inner.code})` : '';
  const errors = (Array.isArray(inner.errors) ? inner.errors : [])
    .filter((e): e is string => typeof e === 'string' && e.trim() !== '' && e.trim() !== message)
    .map((e) => e.trim());
  const head = message ? `${message}${code}` : '';
  return oneLine([head, errors.join('; ')].filter(Boolean).join(': '));
}

/**
 * The ConnectorError for an answer with status ≥ 400 (the table above).
 * @example
 * pagerDutyAnswerError({ status: 429, headers: { 'ratelimit-reset': '20' }, text: '{"error":{"message":"Rate Limit Exceeded","code":2020}}' },
 *   { api: 'rest', what: 'incident PT4KHLK' }).retryAfterMs // 20000
 */
export function pagerDutyAnswerError(
  answer: PagerDutyAnswer,
  call: PagerDutyCall,
  now: number = Date.now(),
): ConnectorError {
  const { status, headers } = answer;
  const message = said(answer.text) || `HTTP ${status}`;
  const words = `${status} ${message}`;
  const make = (retryable: boolean, detail: string, wait?: number) =>
    new ConnectorError({ system: 'pagerduty', status, retryable, retryAfterMs: wait, detail });
  const key = call.api === 'events' ? 'the routing key' : "warroom's REST API token";

  if (status === 401 || status === 403) return make(false, `PagerDuty refused ${key}: ${words}`);
  if (status === 400 && call.api === 'events' && /routing.?key/i.test(words))
    return make(false, `PagerDuty refused the routing key: ${words}`);
  if (status === 404)
    return make(false, `${call.notFound ?? `PagerDuty answered 404 to ${call.what}; check its URL`}: ${words}`);
  if (status === 429) {
    const wait =
      call.api === 'rest'
        ? (retryAfterMs(headers['ratelimit-reset'], now) ??
          retryAfterMs(headers['retry-after'], now) ??
          REST_RATE_LIMIT_WAIT_MS)
        : (retryAfterMs(headers['retry-after'], now) ?? EVENTS_RATE_LIMIT_WAIT_MS);
    return make(true, `PagerDuty is limiting warroom's requests: ${words}; retry in ${waitInWords(wait)}`, wait);
  }
  if (status === 408 || status >= 500)
    return make(
      true,
      `PagerDuty answered ${status} to ${call.what}: ${message}${call.again ?? ''}`,
      retryAfterMs(headers['retry-after'], now),
    );
  return make(false, `PagerDuty answered ${status} to ${call.what}: ${message}`);
}

/** The ConnectorError for a call that got no answer: a refused or dropped connection, or our timeout. */
export function pagerDutyNetworkError(
  host: string,
  reason: { timedOutAfterMs?: number; message: string },
  call: PagerDutyCall,
  cause?: unknown,
): ConnectorError {
  const what =
    reason.timedOutAfterMs !== undefined
      ? `PagerDuty at ${host} did not answer ${call.what} within ${waitInWords(reason.timedOutAfterMs)}`
      : `No answer from PagerDuty at ${host} to ${call.what} (${oneLine(reason.message, 200)})`;
  return new ConnectorError({
    system: 'pagerduty',
    status: undefined,
    retryable: true,
    detail: `${what}${call.again ?? ''}`,
    cause,
  });
}

/** A 2xx whose body warroom cannot read: retryable, since PagerDuty answers such calls the same way again. */
export function pagerDutyUnreadableError(status: number, call: PagerDutyCall, why: string): ConnectorError {
  return new ConnectorError({
    system: 'pagerduty',
    status,
    retryable: true,
    detail: `PagerDuty answered ${status} to ${call.what} with an answer warroom cannot read (${why})${call.again ?? ''}`,
  });
}

/** One call: its 2xx body per `schema`, or a ConnectorError (the table above) with no secret in it. */
export async function exchange<T>(request: PagerDutyRequest, call: PagerDutyCall, schema: z.ZodType<T>): Promise<T> {
  try {
    return await exchangeOnce(request, call, schema);
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    const detail = withoutSecrets(error.detail, ...request.secrets);
    if (detail === error.detail) throw error;
    const { system, status, retryable, retryAfterMs, cause } = error;
    throw new ConnectorError({ system, status, retryable, retryAfterMs, detail, cause });
  }
}

async function exchangeOnce<T>(request: PagerDutyRequest, call: PagerDutyCall, schema: z.ZodType<T>): Promise<T> {
  const { signal, expired } = deadline(request.timeoutMs);
  let answer: PagerDutyAnswer;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal,
    });
    answer = { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  } catch (error) {
    const reason = expired()
      ? { timedOutAfterMs: request.timeoutMs, message: 'timeout' }
      : { message: networkReason(error) };
    throw pagerDutyNetworkError(new URL(request.url).host, reason, call, error);
  }
  if (answer.status >= 400) throw pagerDutyAnswerError(answer, call);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw pagerDutyUnreadableError(answer.status, call, answer.text.trim() === '' ? 'no body' : 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw pagerDutyUnreadableError(answer.status, call, `${where}${issue?.message ?? 'unexpected shape'}`);
}
