/**
 * @module connectors/github/issues
 * warroom's GitHub Issues client, on @octokit/request as ./client.ts is: file an issue, and find one
 * again by the HTML-comment marker warroom writes in its body (how a create whose answer was lost is
 * told apart from one that never happened). It never retries or sleeps: every failure is a
 * ConnectorError saying whether a retry can help and when, with the token never in it.
 */
import { z } from 'zod';
import { ConnectorError, isConnectorError } from '../errors.js';
import { nextPage } from './runs.js';
import { type GitHubClientOptions, GitHubTransport, type Reply, splitRepo } from './transport.js';

export interface NewIssue {
  title: string;
  /** Markdown; warroom puts its marker (`<!-- warroom:INC-42:fu-abc -->`) in it. */
  body: string;
  /** Label names (GitHub makes missing ones when the token may push; else it drops them silently). */
  labels?: string[];
  /** Logins; one GitHub cannot assign is a 422. */
  assignees?: string[];
}

export interface FiledIssue {
  number: number;
  /** The issue's page on GitHub. */
  htmlUrl: string;
  state: 'open' | 'closed';
}

const PER_PAGE = 100;
/** How far back findByMarker reads: 500 issues, newest first. */
const MAX_PAGES = 5;
const MAY_BE_FILED = ': the issue may have been filed all the same (findByMarker tells)';

const issueSchema = z.object({
  number: z.number(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  body: z.string().nullish(),
  created_at: z.string(),
  /** Present on pull requests, which the issues list includes. */
  pull_request: z.unknown().optional(),
});
type IssueJson = z.infer<typeof issueSchema>;

const filed = (issue: IssueJson): FiledIssue => ({ number: issue.number, htmlUrl: issue.html_url, state: issue.state });

/** GitHub's timestamps are whole seconds: `since` as GitHub writes it, and the second it falls in. */
function wholeSecond(ms: number): { ms: number; iso: string } {
  const floored = Math.floor(ms / 1000) * 1000;
  return { ms: floored, iso: new Date(floored).toISOString().replace('.000Z', 'Z') };
}

/**
 * @example
 * const issues = new GitHubIssues({ apiUrl: 'https://api.github.com', token: process.env.GITHUB_TOKEN ?? '' });
 * const marker = '<!-- warroom:INC-42:fu-abc -->';
 * const found = await issues.findByMarker('acme/checkout', marker, declaredAt);
 * const issue = found ?? (await issues.create('acme/checkout', { title: 'Follow-up', body: `…\n\n${marker}` }));
 */
export class GitHubIssues {
  private readonly api: GitHubTransport;

  constructor(options: GitHubClientOptions) {
    this.api = new GitHubTransport(options);
  }

  /**
   * POST /repos/{owner}/{repo}/issues → 201. `repo` is "owner/name". A lost answer (network failure,
   * 5xx) leaves it unknown whether the issue was filed: look with `findByMarker` before filing again.
   */
  async create(repo: string, issue: NewIssue): Promise<FiledIssue> {
    const { owner, name } = splitRepo(repo);
    const { title, body, labels, assignees } = issue;
    const params = { owner, repo: name, title, body, ...(labels && { labels }), ...(assignees && { assignees }) };
    const reply = await this.send(repo, 'POST /repos/{owner}/{repo}/issues', params, true);
    return filed(this.read(reply, issueSchema, 'filed issue'));
  }

  /**
   * The newest issue (pull requests skipped) created at or after `since` (epoch ms, to the second)
   * whose body contains `marker`; undefined when none. Reads the repository's issues newest first,
   * 100 a page, with GitHub's `since` (which filters by update time) as a pre-filter, and stops at
   * the first issue created before `since`, or after 5 pages.
   */
  async findByMarker(repo: string, marker: string, since: number): Promise<FiledIssue | undefined> {
    const { owner, name } = splitRepo(repo);
    const from = wholeSecond(since);
    let reply = await this.send(repo, 'GET /repos/{owner}/{repo}/issues', {
      owner,
      repo: name,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      since: from.iso,
      per_page: PER_PAGE,
    });
    for (let page = 1; ; page += 1) {
      for (const issue of this.read(reply, z.array(issueSchema), 'list of issues')) {
        if (Date.parse(issue.created_at) < from.ms) return undefined;
        if (issue.pull_request === undefined && issue.body?.includes(marker)) return filed(issue);
      }
      const next = nextPage(reply.headers.link);
      if (!next || page >= MAX_PAGES) return undefined;
      reply = await this.send(repo, `GET ${next}`, {});
    }
  }

  /** One call; `creates` says a lost answer (no answer, 5xx) may hide an issue filed all the same. */
  private async send(repo: string, route: string, params: Record<string, unknown>, creates = false): Promise<Reply> {
    try {
      return await this.api.send({ what: `repository ${repo}` }, route, params);
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      const { status, retryable, retryAfterMs, cause } = error;
      const lost = creates && retryable && (status === undefined || status >= 500);
      if (status !== 410 && !lost) throw error;
      const said =
        status === 410 ? `GitHub answered 410 for ${repo}: issues are turned off on that repository` : error.detail;
      const detail = this.api.clean(said + (lost ? MAY_BE_FILED : ''));
      throw new ConnectorError({ system: 'github', status, retryable, retryAfterMs, detail, cause });
    }
  }

  private read<T>(reply: Reply, schema: z.ZodType<T>, what: string): T {
    return this.api.read(reply, schema, what);
  }
}
