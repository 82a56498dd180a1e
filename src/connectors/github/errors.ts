/**
 * @module connectors/github/errors
 * GitHub's answers turned into ConnectorErrors, per ../shared/contracts/github/rest-errors-and-rate-limits.json:
 * 401 is a bad token; 403/429 is a rate limit when `retry-after` is set (wait that long), when
 * `x-ratelimit-remaining` is 0 (wait for `x-ratelimit-reset`) or when the message says so (wait a
 * minute), and otherwise a permission refusal; 404 may be a private repository the token cannot
 * see; 422 carries GitHub's message and `errors[]`; 5xx and lost connections are worth a retry.
 */
import { oneLine, plainAnswer } from '../answer-text.js';
import { ConnectorError } from '../errors.js';
import { retryAfterMs, untilEpochSeconds, waitInWords } from '../retry-after.js';

/** GitHub's advice when a secondary limit gives neither retry-after nor a spent budget. */
export const SECONDARY_LIMIT_WAIT_MS = 60_000;

export interface GitHubAnswer {
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, or the text when it was not JSON. */
  body: unknown;
}

export interface GitHubCallSubject {
  /** What was asked for, for a 404: `workflow rollback.yml in acme/checkout`. */
  what: string;
  /** True when the call creates something, so a lost answer leaves it unknown whether it did. */
  creates?: boolean;
}

interface ValidationItem {
  resource?: unknown;
  field?: unknown;
  code?: unknown;
  message?: unknown;
}

function bodyMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim() === '' ? '' : plainAnswer(body);
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string')
    return oneLine((body as { message: string }).message);
  return '';
}

function validationErrors(body: unknown): string {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return '';
  const items = errors.map((item: ValidationItem | string) => {
    if (typeof item === 'string') return item;
    if (typeof item.message === 'string' && item.message) return item.message;
    const where = [item.resource, item.field].filter((p) => typeof p === 'string' && p).join('.');
    return [where, typeof item.code === 'string' ? item.code : ''].filter(Boolean).join(' ');
  });
  return ` (${oneLine(items.filter(Boolean).join('; '), 200)})`;
}

function rateLimitWait(answer: GitHubAnswer, message: string, now: number): number | undefined {
  const after = retryAfterMs(answer.headers['retry-after'], now);
  if (after !== undefined) return after;
  if (answer.headers['x-ratelimit-remaining']?.trim() === '0')
    return untilEpochSeconds(answer.headers['x-ratelimit-reset'], now) ?? SECONDARY_LIMIT_WAIT_MS;
  if (answer.status === 429 || /rate limit|abuse detection/i.test(message)) return SECONDARY_LIMIT_WAIT_MS;
  return undefined;
}

const MAYBE_DONE = ': the workflow may have been dispatched all the same';

/**
 * The ConnectorError for an answer GitHub gave with status ≥ 400.
 * @example
 * gitHubAnswerError({ status: 422, headers: {}, body: { message: "Required input 'version' not provided" } },
 *   { what: 'workflow rollback.yml in acme/checkout' }).detail
 * // "GitHub answered 422: Required input 'version' not provided"
 */
export function gitHubAnswerError(
  answer: GitHubAnswer,
  subject: GitHubCallSubject,
  now: number = Date.now(),
): ConnectorError {
  const { status } = answer;
  const message = bodyMessage(answer.body) || `HTTP ${status}`;
  const make = (retryable: boolean, detail: string, wait?: number) =>
    new ConnectorError({ system: 'github', status, retryable, retryAfterMs: wait, detail });

  if (status === 401) return make(false, `GitHub refused GITHUB_TOKEN: ${message}`);
  if (status === 403 || status === 429) {
    const wait = rateLimitWait(answer, message, now);
    if (wait !== undefined)
      return make(true, `GitHub answered ${status}: ${message} Retry in ${waitInWords(wait)}.`, wait);
    const needed = answer.headers['x-accepted-github-permissions'];
    const hint = needed ? ` (GITHUB_TOKEN needs ${needed})` : '';
    return make(false, `GitHub answered 403: ${message}${hint}`);
  }
  if (status === 404)
    return make(
      false,
      `GitHub answered 404 for ${subject.what}: it does not exist, or it is private and GITHUB_TOKEN cannot see it (GitHub answers 404 for both)`,
    );
  if (status === 422) return make(false, `GitHub answered 422: ${message}${validationErrors(answer.body)}`);
  if (status >= 500) {
    const wait = retryAfterMs(answer.headers['retry-after'], now);
    return make(true, `GitHub answered ${status}: ${message}${subject.creates ? MAYBE_DONE : ''}`, wait);
  }
  return make(false, `GitHub answered ${status}: ${message}`);
}

/** The ConnectorError for a call that got no answer: a refused or dropped connection, or our timeout. */
export function gitHubNetworkError(
  host: string,
  reason: { timedOutAfterMs?: number; message: string },
  subject: GitHubCallSubject,
  cause?: unknown,
): ConnectorError {
  const what =
    reason.timedOutAfterMs !== undefined
      ? `GitHub at ${host} did not answer within ${waitInWords(reason.timedOutAfterMs)}`
      : `No answer from GitHub at ${host} (${oneLine(reason.message, 200)})`;
  return new ConnectorError({
    system: 'github',
    status: undefined,
    retryable: true,
    detail: `${what}${subject.creates ? MAYBE_DONE : ''}`,
    cause,
  });
}
