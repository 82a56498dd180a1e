/**
 * @module sandbox/github/routes/types
 * What a REST route is: GitHub's operationId, method, path template and docs link, and a handler
 * that reads the in-memory state and returns the answer. Repo-scoped routes get the repository.
 */
import type { Answer } from '../errors.js';
import type { IssueAction } from '../issues.js';
import type { Deployment, DeploymentStatus, GitHubState, GitHubUser, Issue, Repo, WorkflowRun } from '../model.js';
import type { Hosts } from '../representations.js';

/** What a route may set off besides its answer. */
export interface RouteEffects {
  /** A dispatch made a run: its lifecycle (and the workflow's behaviour) starts. */
  runCreated(run: WorkflowRun): void;
  /** GitHub delivers deployment_status for every status created. */
  deploymentStatusCreated(deployment: Deployment, status: DeploymentStatus): void;
  /** GitHub delivers `issues` when an issue is opened, closed or reopened (`sender` did it). */
  issueChanged(repo: Repo, issue: Issue, action: IssueAction, sender: GitHubUser): void;
  /** How long a new run stays out of the runs list. */
  readonly runListDelayMs: number;
}

export interface Context {
  state: GitHubState;
  hosts: Hosts;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The token's user. */
  caller: GitHubUser;
  effects: RouteEffects;
}

export interface RepoContext extends Context {
  repo: Repo;
}

interface RouteBase {
  /** GitHub's operationId, e.g. `actions/create-workflow-dispatch`: what faults and records name. */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** e.g. `/repos/{owner}/{repo}/actions/runs/{run_id}`. */
  path: string;
  /** The `documentation_url` of this operation's errors. */
  docs: string;
  /** True for calls that do not spend the rate limit (`GET /rate_limit`). */
  free?: boolean;
}

export type Route =
  | (RouteBase & { scope: 'repo'; handle(ctx: RepoContext): Answer })
  | (RouteBase & { scope: 'global'; handle(ctx: Context): Answer });

/** A JSON answer with the Location of what it made, as GitHub sends with a 201. */
export function created(json: Record<string, unknown>): Answer {
  return { status: 201, json, headers: { location: String(json.url) } };
}
