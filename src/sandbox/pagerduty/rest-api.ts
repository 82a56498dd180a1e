/**
 * @module sandbox/pagerduty/rest-api
 * One REST call from arrival to answer, in this order: the key (`Authorization: Token token=<key>`,
 * account-level or user-level; else 401 code 2006), the versioned `Accept` header the extract marks
 * required (`application/vnd.pagerduty+json;version=2`; else 400), the route (404 code 2100),
 * injected faults, the rate limit (429 code 2020; `ratelimit-*` headers on every answer past the
 * key check), the `From` header where the extract requires it (400 code 2016 when missing, 1008 when
 * it names nobody in the account), a JSON body with `Content-Type: application/json` for writes, then
 * the handler.
 */
import type { PagerDutyAccount } from './account.js';
import { type PagerDutyFault, type PagerDutyFaults, restFaultAnswer } from './faults.js';
import { QueryError } from './query.js';
import type { RestRateLimiter } from './rate-limit.js';
import type { View } from './representations.js';
import {
  authenticationFailed,
  fromHeaderRequired,
  invalidInput,
  notFound,
  type PdAnswer,
  rateLimitExceeded,
  requesterNotFound,
} from './rest-errors.js';
import { type Caller, matchRestRoute } from './routes/index.js';

export const ACCEPT = 'application/vnd.pagerduty+json;version=2';

export interface RestOutcome {
  answer: PdAnswer;
  operation?: string;
  auth: { scheme: 'token' | 'bearer' | 'none' | 'other'; valid: boolean; kind?: 'account' | 'user' };
  fault?: PagerDutyFault['kind'];
  body?: unknown;
  delayMs: number;
  cut: boolean;
}

export interface RestApiOptions {
  token: string;
  /** User-level keys: key → user id. */
  userTokens: Record<string, string>;
  /** Refuse a call without the versioned Accept header (default true, as the extract marks it required). */
  requireAccept: boolean;
}

function caller(
  authorization: string | undefined,
  options: RestApiOptions,
): { outcome: RestOutcome['auth']; caller?: Caller } {
  if (authorization === undefined) return { outcome: { scheme: 'none', valid: false } };
  if (/^bearer\s/i.test(authorization)) return { outcome: { scheme: 'bearer', valid: false } };
  const key = authorization.match(/^Token token=(\S+)\s*$/)?.[1];
  if (key === undefined) return { outcome: { scheme: 'other', valid: false } };
  if (key === options.token)
    return { outcome: { scheme: 'token', valid: true, kind: 'account' }, caller: { kind: 'account' } };
  const userId = options.userTokens[key];
  if (userId !== undefined)
    return { outcome: { scheme: 'token', valid: true, kind: 'user' }, caller: { kind: 'user', userId } };
  return { outcome: { scheme: 'token', valid: false } };
}

function acceptsV2(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.replace(/\s+/g, '').toLowerCase() === ACCEPT);
}

export class RestApi {
  constructor(
    private readonly account: PagerDutyAccount,
    private readonly view: () => View,
    private readonly faults: PagerDutyFaults,
    private readonly limiter: RestRateLimiter,
    private readonly options: RestApiOptions,
    private readonly now: () => number,
  ) {}

  handle(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string | undefined>,
    raw: string,
  ): RestOutcome {
    const who = caller(headers.authorization, this.options);
    const plain = (answer: PdAnswer, extra: Partial<RestOutcome> = {}): RestOutcome => ({
      answer,
      auth: who.outcome,
      delayMs: 0,
      cut: false,
      ...extra,
    });
    if (!who.caller) return plain(authenticationFailed());
    if (this.options.requireAccept && !acceptsV2(headers.accept))
      return plain(invalidInput(`The Accept header must be ${ACCEPT}`));
    const matched = matchRestRoute(method, path);
    if (!matched) return plain(notFound());
    const { route, params } = matched;
    const fault = this.faults.take(route.operation);
    const base: Partial<RestOutcome> = { operation: route.operation, ...(fault ? { fault: fault.kind } : {}) };
    if (fault?.kind === 'down') return plain({ status: 0 }, { ...base, cut: true });
    const refused = fault && restFaultAnswer(fault);
    const rate = this.limiter.consume(headers.authorization ?? '');
    const withRate = (answer: PdAnswer): PdAnswer => ({ ...answer, headers: { ...rate.headers, ...answer.headers } });
    if (refused) return plain(withRate(refused), base);
    if (!rate.ok) return plain(withRate(rateLimitExceeded()), base);
    const timing = { ...base, delayMs: fault?.kind === 'slow' ? fault.delayMs : 0, cut: fault?.kind === 'crash-after' };

    const from = headers.from?.trim();
    const user = from ? this.account.userByEmail(from) : undefined;
    if (route.needsFrom && !from) return plain(withRate(fromHeaderRequired()), timing);
    if (route.needsFrom && from && !user) return plain(withRate(requesterNotFound(from)), timing);
    let body: Record<string, unknown> = {};
    if (route.hasBody) {
      const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json')
        return plain(withRate(invalidInput('Content-Type must be application/json')), timing);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return plain(withRate(invalidInput('The body is not valid JSON')), timing);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return plain(withRate(invalidInput('The body must be a JSON object')), { ...timing, body: parsed });
      body = parsed as Record<string, unknown>;
    }
    try {
      const answer = route.handle({
        view: this.view(),
        params,
        query,
        body,
        caller: who.caller,
        ...(user ? { from: user } : {}),
        now: this.now(),
      });
      return plain(withRate(answer), { ...timing, body });
    } catch (error) {
      if (error instanceof QueryError) return plain(withRate(error.answer), timing);
      throw error;
    }
  }
}
