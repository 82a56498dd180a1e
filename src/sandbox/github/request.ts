/**
 * @module sandbox/github/request
 * The checks GitHub makes before routing a REST call, in its order: a User-Agent (else 403, plain
 * text), a served `X-GitHub-Api-Version` (else 400), and credentials: `Authorization: Bearer <t>` or
 * `token <t>` (a wrong one is 401 "Bad credentials"; none makes an anonymous call, which sees no
 * private repository). Then the JSON body, which must be an object.
 */
import {
  type Answer,
  badCredentials,
  bodyNotObject,
  problemsParsingJson,
  unsupportedApiVersion,
  userAgentRequired,
} from './errors.js';

/** The REST API versions GitHub serves today (rest-current-deltas.json). */
export const API_VERSIONS = ['2022-11-28', '2026-03-10'] as const;
export const DEFAULT_API_VERSION = '2022-11-28';

export type Credentials = 'token' | 'anonymous';

export type Precheck = { answer: Answer } | { credentials: Credentials; apiVersion: string };

/** Runs GitHub's checks on the headers; `answer` is set when the call is refused. */
export function precheck(headers: Record<string, string | undefined>, token: string): Precheck {
  if (!headers['user-agent']?.trim()) return { answer: userAgentRequired() };
  const apiVersion = headers['x-github-api-version'] ?? DEFAULT_API_VERSION;
  if (!(API_VERSIONS as readonly string[]).includes(apiVersion))
    return { answer: unsupportedApiVersion(apiVersion, API_VERSIONS) };
  const authorization = headers.authorization;
  if (authorization === undefined) return { credentials: 'anonymous', apiVersion };
  const given = authorization.match(/^(?:bearer|token)\s+(\S+)\s*$/i)?.[1];
  if (given !== token) return { answer: badCredentials() };
  return { credentials: 'token', apiVersion };
}

export type ParsedBody = { body: Record<string, unknown> } | { answer: Answer };

/** The request body as GitHub reads it: empty means `{}`; bad JSON or a non-object is 400. */
export function parseBody(raw: string, documentationUrl: string): ParsedBody {
  if (raw.trim() === '') return { body: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { answer: problemsParsingJson(documentationUrl) };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { answer: bodyNotObject(documentationUrl) };
  return { body: parsed as Record<string, unknown> };
}

/** The request's headers as recorded: lower-case names, credentials left out. */
export function recordableHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'authorization' || name === 'cookie') continue;
    out[name] = value;
  }
  return out;
}
