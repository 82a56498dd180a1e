/**
 * @module sandbox/statuspage/api
 * One Statuspage REST call from arrival to answer, in this order: the API key (`Authorization: OAuth
 * <key>` or `?api_key=`, else 401), the route (a `.json` suffix is accepted, as the spec's examples
 * use it; unknown paths 404, methods not emulated 405), the page (another page's id is 404), injected
 * faults, the rate limit, the body (see request-body), the handler. Every call is recorded with its
 * answer; the key itself never is.
 */
import { type Answer, couldNotAuthenticate, errorEntity, notFound, rateLimited } from './errors.js';
import { faultAnswer, type StatuspageFault, StatuspageFaults } from './faults.js';
import type { StatuspagePage } from './model.js';
import type { RollingWindowLimiter } from './rate-limit.js';
import { decodeBody, type Encoding } from './request-body.js';
import { matchRoute, runRoute } from './routes.js';

/** Where the key came from: the Authorization header, the `api_key` query parameter, or nowhere. */
export type KeySource = 'header' | 'query' | 'none';

/** One call as the emulator saw it. */
export interface RecordedStatuspageCall {
  seq: number;
  /** The spec's operationId, when the call reached a route. */
  operation?: string;
  method: string;
  /** The path as sent, without the query. */
  path: string;
  /** The query, with `api_key` shown as `[redacted]`. */
  query: Record<string, string>;
  /** How the key was sent (never the key): from where, the header's scheme word, and whether it was right. */
  auth: { source: KeySource; scheme?: string; valid: boolean };
  /** Request headers, lower-case, without Authorization. */
  headers: Record<string, string>;
  contentType?: string;
  /** The body as decoded (JSON or form), or the raw text when it could not be. */
  body: unknown;
  encoding?: Encoding;
  status: number;
  response: unknown;
  fault?: StatuspageFault['kind'];
  /** True when the connection was destroyed instead of answered. */
  crashed: boolean;
  at: number;
}

/** What the HTTP layer must do: send `answer` after `delayMs`, or destroy the connection. */
export interface StatuspageOutcome {
  answer: Answer;
  delayMs: number;
  cut: boolean;
}

function credentials(
  headers: Record<string, string | undefined>,
  query: URLSearchParams,
): { source: KeySource; scheme?: string; key?: string } {
  const header = headers.authorization;
  if (header !== undefined) {
    const scheme = header.trim().split(/\s+/)[0] ?? '';
    return { source: 'header', scheme, key: header.match(/^OAuth\s+(\S+)\s*$/i)?.[1] ?? '' };
  }
  const key = query.get('api_key');
  if (key !== null) return { source: 'query', key };
  return { source: 'none' };
}

function rawForRecord(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export class StatuspageApi {
  readonly calls: RecordedStatuspageCall[] = [];
  readonly faults = new StatuspageFaults();

  constructor(
    private readonly page: StatuspagePage,
    private readonly apiKey: string,
    private readonly limiter: RollingWindowLimiter,
    private readonly onCall: () => void,
  ) {}

  handle(method: string, url: URL, headers: Record<string, string | undefined>, raw: string): StatuspageOutcome {
    const query = Object.fromEntries(url.searchParams);
    if ('api_key' in query) query.api_key = '[redacted]';
    const record: RecordedStatuspageCall = {
      seq: this.calls.length + 1,
      method,
      path: url.pathname,
      query,
      auth: { source: 'none', valid: false },
      headers: Object.fromEntries(
        Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'authorization'),
      ),
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
      body: rawForRecord(raw),
      status: 0,
      response: undefined,
      crashed: false,
      at: this.page.now(),
    };
    const outcome = this.outcome(method, url, headers, raw, record);
    // The answer shows the page as it is now, even if it is sent later (a slow fault).
    if (outcome.answer.json !== undefined) outcome.answer.json = structuredClone(outcome.answer.json);
    record.status = outcome.cut ? 0 : outcome.answer.status;
    record.response = outcome.answer.json;
    record.crashed = outcome.cut;
    this.calls.push(record);
    this.onCall();
    return outcome;
  }

  private outcome(
    method: string,
    url: URL,
    headers: Record<string, string | undefined>,
    raw: string,
    record: RecordedStatuspageCall,
  ): StatuspageOutcome {
    const plain = (answer: Answer): StatuspageOutcome => ({ answer, delayMs: 0, cut: false });
    const given = credentials(headers, url.searchParams);
    record.auth = {
      source: given.source,
      ...(given.scheme ? { scheme: given.scheme } : {}),
      valid: given.key === this.apiKey,
    };
    if (given.key !== this.apiKey) return plain(couldNotAuthenticate());
    const path = url.pathname.replace(/\.json$/, '');
    const matched = matchRoute(method, path);
    if (!matched) return plain(notFound());
    if ('methodNotAllowed' in matched)
      return plain(errorEntity(405, `${method} ${path} is not served by the Statuspage emulator`));
    const { route, params } = matched;
    record.operation = route.operation;
    if (params.page_id !== this.page.pageId) return plain(notFound());

    const fault = this.faults.take(route.operation);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'down') return { answer: { status: 0 }, delayMs: 0, cut: true };
    const refused = fault && faultAnswer(fault);
    if (refused) return plain(refused);
    const rate = this.limiter.consume(this.apiKey);
    if (!rate.ok) return plain(rateLimited(rate.status, rate.retryAfterSeconds));

    let body: Record<string, unknown> = {};
    let encoding: Encoding = 'json';
    if (method !== 'GET') {
      const decoded = decodeBody(raw, headers['content-type']);
      if ('answer' in decoded) return plain(decoded.answer);
      ({ body, encoding } = decoded);
      record.body = body;
      record.encoding = encoding;
    }
    const answer = runRoute(route, { page: this.page, params, query: url.searchParams, body, encoding });
    return {
      answer,
      delayMs: fault?.kind === 'slow' ? fault.delayMs : 0,
      cut: fault?.kind === 'crash-after',
    };
  }
}
