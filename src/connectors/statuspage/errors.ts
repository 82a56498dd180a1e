/**
 * @module connectors/statuspage/errors
 * Statuspage's answers turned into ConnectorErrors, per ../shared/contracts/statuspage/openapi-v1.json
 * (errors are `ErrorEntity {"message"}`; the documented codes are 400, 401, 404 and 422; "Error codes
 * 420 or 429 indicate that you have exceeded the rate limit"; the limit is 1 request/s over a 60 s
 * rolling window):
 *
 * | answer                    | retryable | retryAfterMs               | detail                                                                  |
 * |---------------------------|-----------|----------------------------|-------------------------------------------------------------------------|
 * | 401                       | no        |                            | `Statuspage refused STATUSPAGE_API_KEY: Could not authenticate`         |
 * | 404                       | no        |                            | no page `<page>` (or no incident `<id>` on it): check STATUSPAGE_PAGE_ID |
 * | 420, 429                  | yes       | Retry-After, else 60 000   | `Statuspage is limiting warroom's requests (429: …); retry in 7 s`      |
 * | 422                       | no        |                            | `Statuspage answered 422: <Statuspage's message>`                       |
 * | any other 4xx             | no        |                            | `Statuspage answered 400: <message>`                                    |
 * | 5xx                       | yes       | Retry-After, when given    | `Statuspage answered 502: Bad Gateway` (+ may have been published)      |
 * | no answer, our timeout    | yes       |                            | `No answer from Statuspage at <host> (…)` (+ may have been published)   |
 * | 2xx warroom cannot read   | no        |                            | `Statuspage answered 201 with an incident warroom cannot read (…)`      |
 *
 * For a create or an update, a 5xx or a lost answer adds that the incident (or the update) may have
 * been published all the same: the caller looks for it (`findByMarker`, `getIncident`) before trying
 * again, so subscribers are not told twice.
 */
import { oneLine, plainAnswer } from '../answer-text.js';
import { ConnectorError } from '../errors.js';
import { retryAfterMs, waitInWords } from '../retry-after.js';

/** The wait when a 420/429 gives no Retry-After: the spec's whole rolling window. */
export const RATE_LIMIT_WAIT_MS = 60_000;

export interface StatuspageAnswer {
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  text: string;
}

export interface StatuspageCallSubject {
  /** What was asked: `create` and `update` publish, so a lost answer leaves it unknown whether they did. */
  action: 'create' | 'update' | 'read';
  pageId: string;
  /** The incident asked about, when there is one (for a 404). */
  incidentId?: string;
}

/** Statuspage's words: `message` per the spec; `error`/`errors` (a string or a list) as Rails apps send. */
function said(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['message', 'error', 'errors']) {
      const value = body?.[key];
      if (typeof value === 'string' && value.trim()) return oneLine(value);
      if (Array.isArray(value)) {
        const words = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
        if (words.length > 0) return oneLine(words.join('; '));
      }
    }
    return '';
  } catch {
    return text.trim() === '' ? '' : plainAnswer(text);
  }
}

function maybePublished(subject: StatuspageCallSubject): string {
  if (subject.action === 'create')
    return ': the incident may have been published all the same, so look for it by its marker before creating it again';
  if (subject.action === 'update')
    return `: the update may have been published all the same, so read incident ${subject.incidentId ?? ''} before sending it again`;
  return '';
}

/**
 * The ConnectorError for an answer Statuspage gave with status ≥ 400 (the table above).
 * @example
 * statuspageAnswerError({ status: 422, headers: {}, text: '{"message":"Component abc is not on this page"}' },
 *   { action: 'create', pageId: 'p4g3id' }).detail
 * // "Statuspage answered 422: Component abc is not on this page"
 */
export function statuspageAnswerError(
  answer: StatuspageAnswer,
  subject: StatuspageCallSubject,
  now: number = Date.now(),
): ConnectorError {
  const { status } = answer;
  const message = said(answer.text) || `HTTP ${status}`;
  const make = (retryable: boolean, detail: string, wait?: number) =>
    new ConnectorError({ system: 'statuspage', status, retryable, retryAfterMs: wait, detail });
  const { pageId, incidentId } = subject;

  if (status === 401) return make(false, `Statuspage refused STATUSPAGE_API_KEY: ${message}`);
  if (status === 404)
    return make(
      false,
      incidentId
        ? `Statuspage has no incident ${incidentId} on page ${pageId}, or no page ${pageId} (404: ${message}); check STATUSPAGE_PAGE_ID`
        : `Statuspage has no page ${pageId} (404: ${message}); check STATUSPAGE_PAGE_ID`,
    );
  if (status === 420 || status === 429) {
    const wait = retryAfterMs(answer.headers['retry-after'], now) ?? RATE_LIMIT_WAIT_MS;
    return make(
      true,
      `Statuspage is limiting warroom's requests (${status}: ${message}); retry in ${waitInWords(wait)}`,
      wait,
    );
  }
  if (status >= 500)
    return make(
      true,
      `Statuspage answered ${status}: ${message}${maybePublished(subject)}`,
      retryAfterMs(answer.headers['retry-after'], now),
    );
  return make(false, `Statuspage answered ${status}: ${message}`);
}

/** The ConnectorError for a call that got no answer: a refused or dropped connection, or our timeout. */
export function statuspageNetworkError(
  host: string,
  reason: { timedOutAfterMs?: number; message: string },
  subject: StatuspageCallSubject,
  cause?: unknown,
): ConnectorError {
  const what =
    reason.timedOutAfterMs !== undefined
      ? `Statuspage at ${host} did not answer within ${waitInWords(reason.timedOutAfterMs)}`
      : `No answer from Statuspage at ${host} (${oneLine(reason.message, 200)})`;
  return new ConnectorError({
    system: 'statuspage',
    status: undefined,
    retryable: true,
    detail: `${what}${maybePublished(subject)}`,
    cause,
  });
}
