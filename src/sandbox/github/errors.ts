/**
 * @module sandbox/github/errors
 * GitHub's error answers, with the bodies it really sends: `{message, documentation_url, status}`
 * (the `status` string is in today's bodies), the 422 "Validation Failed" body with `errors[]`, the
 * primary and secondary rate-limit bodies quoted in rest-errors-and-rate-limits.json, and the plain
 * text 403 for a request without a User-Agent.
 */

/** One HTTP answer: a JSON body, a text body, or none (204). */
export interface Answer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export const DOCS_ROOT = 'https://docs.github.com/rest';

export function githubError(status: number, message: string, documentationUrl = DOCS_ROOT): Answer {
  return { status, json: { message, documentation_url: documentationUrl, status: String(status) } };
}

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  message?: string;
  value?: unknown;
}

/** 422 with GitHub's `Validation Failed` body, as recorded from api.github.com. */
export function validationFailed(errors: ValidationErrorItem[], documentationUrl: string): Answer {
  return {
    status: 422,
    json: { message: 'Validation Failed', errors, documentation_url: documentationUrl, status: '422' },
  };
}

export const badCredentials = (): Answer => githubError(401, 'Bad credentials');

export const notFound = (documentationUrl: string): Answer => githubError(404, 'Not Found', documentationUrl);

/** GitHub's answer to a request without a User-Agent: 403, plain text, before anything else is read. */
export function userAgentRequired(): Answer {
  return {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    text:
      'Request forbidden by administrative rules. Please make sure your request has a User-Agent header ' +
      '(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). ' +
      'Check https://developer.github.com for other possible causes.\n',
  };
}

/** 400 for an `X-GitHub-Api-Version` GitHub does not serve (wording as GitHub answers a bad version). */
export function unsupportedApiVersion(version: string, supported: readonly string[]): Answer {
  const newest = supported.at(-1);
  const list = [...supported]
    .reverse()
    .map((v) => (v === newest ? `"${v}" (most recent)` : `"${v}"`))
    .join(', ');
  return githubError(
    400,
    `The version you specified in the "X-GitHub-API-Version" request header, "${version}", is not a supported version. The following versions are currently supported: ${list}.`,
  );
}

export const problemsParsingJson = (documentationUrl: string): Answer =>
  githubError(400, 'Problems parsing JSON', documentationUrl);

export const bodyNotObject = (documentationUrl: string): Answer =>
  githubError(400, 'Body should be a JSON object', documentationUrl);

/** The primary limit's body for an authenticated user (quoted from a real answer; docs link current). */
export function primaryRateLimitBody(userId: number): Record<string, string> {
  return {
    message: `API rate limit exceeded for user ID ${userId}.`,
    documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
  };
}

/** The secondary limit's body, verbatim from apache/devlake#1322. */
export const SECONDARY_RATE_LIMIT_BODY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url:
    'https://docs.github.com/en/free-pro-team@latest/rest/overview/resources-in-the-rest-api#secondary-rate-limits',
};
