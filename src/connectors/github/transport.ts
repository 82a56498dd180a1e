/**
 * @module connectors/github/transport
 * One call to GitHub's REST API, as every warroom GitHub client makes it: @octokit/request with the API
 * version, the token and a deadline; a failure as a ConnectorError (./errors.ts) with the token never in
 * it; an answer read with a zod schema, or refused in words.
 */
import { request as octokitRequest } from '@octokit/request';
import type { z } from 'zod';
import { withoutSecrets } from '../answer-text.js';
import { ConnectorError, isConnectorError } from '../errors.js';
import { deadline, networkReason } from '../network.js';
import { type GitHubAnswer, type GitHubCallSubject, gitHubAnswerError, gitHubNetworkError } from './errors.js';

export const API_VERSION = '2022-11-28';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface GitHubClientOptions {
  /** `https://api.github.com`, `https://ghe.example.com/api/v3`, or an emulator's URL. */
  apiUrl: string;
  token: string;
  userAgent?: string;
  /** Give up on one request after this long (default 10 s, GitHub's own limit). */
  timeoutMs?: number;
}

export interface Reply {
  status: number;
  headers: Record<string, string | undefined>;
  data: unknown;
}

/** The answer inside an @octokit/request error, when there was one. */
export function answerOf(error: unknown): GitHubAnswer | undefined {
  const e = error as { status?: unknown; response?: { headers?: Record<string, string>; data?: unknown } };
  if (!e || typeof e.status !== 'number' || !e.response) return undefined;
  return { status: e.status, headers: e.response.headers ?? {}, body: e.response.data };
}

export function splitRepo(repo: string): { owner: string; name: string } {
  const match = repo.match(/^([^/\s]+)\/([^/\s]+)$/);
  if (!match)
    throw new ConnectorError({
      system: 'github',
      status: undefined,
      retryable: false,
      detail: `"${repo}" is not a GitHub repository name (owner/name)`,
    });
  return { owner: match[1] as string, name: match[2] as string };
}

export class GitHubTransport {
  private readonly octokit: typeof octokitRequest;
  private readonly timeoutMs: number;
  private readonly host: string;

  constructor(private readonly options: GitHubClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.host = new URL(options.apiUrl).host;
    this.octokit = octokitRequest.defaults({
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': API_VERSION,
        authorization: `Bearer ${options.token}`,
        'user-agent': options.userAgent ?? 'warroom',
      },
    });
  }

  /** A detail with the token taken out, for a caller that adds words of its own to an error. */
  clean(detail: string): string {
    return withoutSecrets(detail, this.options.token);
  }

  async send(subject: GitHubCallSubject, route: string, params: Record<string, unknown>): Promise<Reply> {
    const { signal, expired } = deadline(this.timeoutMs);
    try {
      const response = await this.octokit(route, { ...params, request: { signal } });
      const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, v?.toString()]));
      return { status: response.status, headers, data: response.data };
    } catch (error) {
      throw this.failure(error, subject, expired());
    }
  }

  private failure(error: unknown, subject: GitHubCallSubject, timedOut: boolean): ConnectorError {
    if (isConnectorError(error)) return error;
    const answer = answerOf(error);
    const made = answer
      ? gitHubAnswerError(answer, subject)
      : gitHubNetworkError(
          this.host,
          timedOut ? { timedOutAfterMs: this.timeoutMs, message: 'timeout' } : { message: networkReason(error) },
          subject,
          // The fetch failure itself, not octokit's wrapper (which holds the request options).
          (error as { cause?: unknown }).cause ?? error,
        );
    const detail = this.clean(made.detail);
    if (detail === made.detail) return made;
    const { status, retryable, retryAfterMs, cause } = made;
    return new ConnectorError({ system: 'github', status, retryable, retryAfterMs, detail, cause });
  }

  read<T>(reply: Reply, schema: z.ZodType<T>, what: string): T {
    const parsed = schema.safeParse(reply.data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ConnectorError({
      system: 'github',
      status: reply.status,
      retryable: false,
      detail: `GitHub answered ${reply.status} with a ${what} warroom cannot read (${where}${issue?.message ?? 'unexpected shape'})`,
    });
  }
}
