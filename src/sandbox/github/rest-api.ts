/**
 * @module sandbox/github/rest-api
 * One REST call from arrival to answer, in GitHub's order: User-Agent, API version and credentials;
 * the route (unknown paths, and private repositories for anonymous calls, are 404); injected faults;
 * the primary rate limit; the JSON body; the handler. Every call is recorded with its answer.
 * Paths are accepted bare, under `/api/v3` (Enterprise) and in the `/repositories/{id}/…` form that
 * GitHub's own Link headers use.
 */
import { randomBytes } from 'node:crypto';
import { type Answer, DOCS_ROOT, notFound } from './errors.js';
import { faultAnswer, type GitHubFault, GitHubFaults } from './faults.js';
import type { GitHubState } from './model.js';
import type { RateLimiter } from './rate-limit.js';
import type { Hosts } from './representations.js';
import { type Credentials, parseBody, precheck, recordableHeaders } from './request.js';
import type { RouteEffects, Router } from './routes/index.js';

/** One REST call as the emulator saw it. */
export interface RecordedGitHubCall {
  seq: number;
  /** GitHub's operationId, when the call reached a route. */
  operation?: string;
  method: string;
  /** The path as sent, without the query. */
  path: string;
  query: Record<string, string>;
  /** Request headers, lower-case, without Authorization or Cookie. */
  headers: Record<string, string>;
  credentials?: Credentials | 'bad';
  /** The parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
  status: number;
  response: unknown;
  fault?: GitHubFault['kind'];
  /** True when the connection was destroyed instead of answered. */
  crashed: boolean;
  at: number;
}

/** What the HTTP layer must do: send `answer`, after `delayMs`, or destroy the connection. */
export interface Outcome {
  answer: Answer;
  delayMs: number;
  crash: boolean;
}

export interface RestApiOptions {
  token: string;
  tokenUser: string;
  hosts: () => Hosts;
  effects: RouteEffects;
}

function parsedForRecord(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export class RestApi {
  readonly calls: RecordedGitHubCall[] = [];
  readonly faults = new GitHubFaults();

  constructor(
    private readonly state: GitHubState,
    private readonly router: Router,
    private readonly limiter: RateLimiter,
    private readonly options: RestApiOptions,
    private readonly onCall: () => void,
  ) {}

  handle(method: string, url: URL, headers: Record<string, string | undefined>, rawBody: string): Outcome {
    const record: RecordedGitHubCall = {
      seq: this.calls.length + 1,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: recordableHeaders(headers),
      body: parsedForRecord(rawBody),
      status: 0,
      response: undefined,
      crashed: false,
      at: Date.now(),
    };
    const outcome = this.answer(method, url, headers, rawBody, record);
    outcome.answer.headers = { ...this.commonHeaders(record.headers), ...outcome.answer.headers };
    record.status = outcome.answer.status;
    record.response = outcome.answer.json ?? outcome.answer.text;
    record.crashed = outcome.crash;
    this.calls.push(record);
    this.onCall();
    return outcome;
  }

  private answer(
    method: string,
    url: URL,
    headers: Record<string, string | undefined>,
    rawBody: string,
    record: RecordedGitHubCall,
  ): Outcome {
    const plain = (answer: Answer): Outcome => ({ answer, delayMs: 0, crash: false });
    const checked = precheck(headers, this.options.token);
    if ('answer' in checked) {
      if (checked.answer.status === 401) record.credentials = 'bad';
      return plain(checked.answer);
    }
    record.credentials = checked.credentials;
    const path = this.canonicalPath(url.pathname);
    const matched = path === undefined ? undefined : this.router.match(method, path);
    if (!matched) return plain(notFound(DOCS_ROOT));
    const { route, params } = matched;
    record.operation = route.operation;
    const repo = route.scope === 'repo' ? this.state.repo(params.owner ?? '', params.repo ?? '') : undefined;
    if (route.scope === 'repo' && (!repo || checked.credentials === 'anonymous')) return plain(notFound(route.docs));

    const fault = this.faults.take(route.operation, repo?.fullName);
    if (fault) record.fault = fault.kind;
    const refused = fault && faultAnswer(fault);
    if (refused) return plain(refused);
    const caller = this.state.user(this.options.tokenUser);
    if (!route.free && checked.credentials === 'token' && !this.limiter.consume())
      return plain(this.limiter.exceeded(caller.id));

    let answer: Answer;
    const parsed = method === 'GET' ? { body: {} } : parseBody(rawBody, route.docs);
    if ('answer' in parsed) {
      answer = parsed.answer;
    } else {
      const ctx = {
        state: this.state,
        hosts: this.options.hosts(),
        params,
        query: url.searchParams,
        body: parsed.body,
        caller,
        effects: this.options.effects,
      };
      if (route.scope === 'global') answer = route.handle(ctx);
      else if (repo) answer = route.handle({ ...ctx, repo });
      else answer = notFound(route.docs);
    }
    return {
      answer,
      delayMs: fault?.kind === 'slow' ? fault.delayMs : 0,
      crash: fault?.kind === 'crash-after',
    };
  }

  /** The path without `/api/v3`, with `/repositories/{id}` turned into `/repos/{owner}/{name}`. */
  private canonicalPath(raw: string): string | undefined {
    const path = raw.startsWith('/api/v3/') ? raw.slice(7) : raw;
    const byId = path.match(/^\/repositories\/(\d+)(\/.*)?$/);
    if (!byId) return path;
    const repo = this.state.repoById(Number(byId[1]));
    return repo ? `/repos/${repo.fullName}${byId[2] ?? ''}` : undefined;
  }

  private commonHeaders(request: Record<string, string>): Record<string, string> {
    return {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': request['x-github-api-version'] ?? '2022-11-28',
      'x-github-request-id': randomBytes(8)
        .toString('hex')
        .toUpperCase()
        .replace(/(.{4})(?!$)/g, '$1:'),
      ...this.limiter.headers(),
    };
  }
}
