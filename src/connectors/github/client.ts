/**
 * @module connectors/github/client
 * warroom's GitHub client for rollbacks, on @octokit/request: dispatch a workflow (asking for the
 * run's id, which GitHub gives since 2026-02; older servers answer 204 without it), find the runs it
 * made, read one run, and say who the token is. It never retries or sleeps: every failure is a
 * ConnectorError that says whether the job's retry can help and when (rate limits honoured).
 */
import { z } from 'zod';
import { isConnectorError } from '../errors.js';
import {
  createdSince,
  isRunOf,
  nextPage,
  runListSchema,
  toRunSummary,
  type WorkflowRunSummary,
  workflowRunSchema,
} from './runs.js';

import { type GitHubClientOptions, GitHubTransport, type Reply, splitRepo } from './transport.js';

export type { WorkflowRunSummary } from './runs.js';
export { API_VERSION, answerOf, type GitHubClientOptions, splitRepo } from './transport.js';

export interface DispatchedRun {
  /** Undefined when GitHub answered 204 (a server without `return_run_details`). */
  runId: number | undefined;
  /** The run's API URL. */
  runUrl: string | undefined;
  /** The run's page on GitHub. */
  htmlUrl: string | undefined;
}

/** GitHub returns at most 1,000 runs for a filtered search: 10 pages of 100. */
const MAX_PAGES = 10;

const userSchema = z.object({ login: z.string().min(1) });

/** The run's details in a 200 dispatch answer; what is missing or odd is left undefined, never fatal. */
function dispatchedRun(data: unknown): DispatchedRun {
  const body = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    runId: typeof body.workflow_run_id === 'number' ? body.workflow_run_id : undefined,
    runUrl: text(body.run_url),
    htmlUrl: text(body.html_url),
  };
}

/** True when a server refused the dispatch for `return_run_details` itself (a GitHub without it). */
function refusesRunDetails(error: unknown): boolean {
  return (
    isConnectorError(error) && (error.status === 400 || error.status === 422) && /return_run_details/.test(error.detail)
  );
}

/**
 * @example
 * const github = new GitHubClient({ apiUrl: 'https://api.github.com', token: process.env.GITHUB_TOKEN ?? '' });
 * const { runId } = await github.dispatchWorkflow('acme/checkout', 'rollback.yml', 'main', { version: 'v1.4.2' });
 */
export class GitHubClient {
  private readonly api: GitHubTransport;

  constructor(options: GitHubClientOptions) {
    this.api = new GitHubTransport(options);
  }

  /**
   * Dispatches `workflow` (file name or id) on `ref` with `inputs`, asking for the run's details.
   * A lost answer (retryable error) leaves it unknown whether the run started: look for it with
   * `listDispatchedRuns` before dispatching again.
   */
  async dispatchWorkflow(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<DispatchedRun> {
    const { owner, name } = splitRepo(repo);
    const subject = { what: `workflow ${workflow} in ${repo}`, creates: true };
    const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    const params = { owner, repo: name, workflow_id: workflow, ref, inputs };
    let reply: Reply;
    try {
      reply = await this.api.send(subject, route, { ...params, return_run_details: true });
    } catch (error) {
      // A refusal dispatched nothing, so asking again without the field cannot start a second run.
      if (!refusesRunDetails(error)) throw error;
      reply = await this.api.send(subject, route, params);
    }
    // The dispatch happened: an answer without readable details still returns, with what it has.
    return dispatchedRun(reply.status === 204 ? undefined : reply.data);
  }

  /**
   * The `workflow_dispatch` runs of `workflow` created at or after `since` (to the second), newest
   * first. Uses the repository's runs list (filtered by event and created) and keeps this
   * workflow's runs, following `Link` pages up to GitHub's 1,000-result cap.
   */
  async listDispatchedRuns(
    repo: string,
    workflow: string,
    options: { since: Date; perPage?: number },
  ): Promise<WorkflowRunSummary[]> {
    const { owner, name } = splitRepo(repo);
    const subject = { what: `the workflow runs of ${repo}` };
    const perPage = Math.min(100, Math.max(1, Math.floor(options.perPage ?? 100)));
    const from = Math.floor(options.since.getTime() / 1000) * 1000;
    const found: WorkflowRunSummary[] = [];
    let reply = await this.api.send(subject, 'GET /repos/{owner}/{repo}/actions/runs', {
      owner,
      repo: name,
      event: 'workflow_dispatch',
      created: createdSince(options.since),
      per_page: perPage,
    });
    for (let page = 1; ; page += 1) {
      const list = this.api.read(reply, runListSchema, 'list of workflow runs');
      for (const run of list.workflow_runs)
        if (run.event === 'workflow_dispatch' && isRunOf(run, workflow)) found.push(toRunSummary(run));
      const next = nextPage(reply.headers.link);
      if (!next || page >= MAX_PAGES) break;
      reply = await this.api.send(subject, `GET ${next}`, {});
    }
    return found.filter((run) => run.createdAt >= from).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  }

  async getRun(repo: string, runId: number): Promise<WorkflowRunSummary> {
    const { owner, name } = splitRepo(repo);
    const reply = await this.api.send(
      { what: `workflow run ${runId} in ${repo}` },
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
      {
        owner,
        repo: name,
        run_id: runId,
      },
    );
    return toRunSummary(this.api.read(reply, workflowRunSchema, 'workflow run'));
  }

  /** The login the token acts as: the `actor` of the runs warroom dispatches. */
  async tokenUser(): Promise<string> {
    const reply = await this.api.send({ what: "the token's user" }, 'GET /user', {});
    return this.api.read(reply, userSchema, 'user').login;
  }
}
