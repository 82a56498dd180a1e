/**
 * @module hooks/github-payloads
 * What a GitHub webhook delivery (already verified) means to warroom: a `deployment_status` is a
 * report about a deploy of a catalogued (or uncatalogued) repo, a `workflow_run` is news of a run
 * (a rollback workflow warroom dispatched, say), an `issues` delivery is news of an issue (a follow-up
 * opened, closed or reopened, in any repo), `ping` is GitHub checking the hook, and anything else is
 * ignored. Pure: the idempotency key is the route's (`X-GitHub-Delivery`); a report's own id comes
 * from the deployment status id, which GitHub never reuses.
 */
import { z } from 'zod';
import { repoIsCatalogued, serviceForRepo } from '../catalog/lookup.js';
import type { Catalog } from '../catalog/schema.js';
import type { DeployReport, DeployState } from '../changes/deploys.js';
import { isFullSha, serviceNameFrom, shortSha } from './names.js';
import { describeValue, problemText } from './problems.js';

/** A workflow run, as warroom follows it (times in epoch ms). */
export interface GitHubWorkflowRun {
  repo: string;
  id: number;
  workflowPath: string;
  name: string;
  status: string;
  conclusion: string | null;
  htmlUrl: string;
  headSha: string;
  displayTitle: string;
  event: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * An issue as an `issues` delivery left it. `repo` is `owner/name`; `body` is '' when the issue has
 * none; `closedBy` is the sender's login on a `closed` delivery (undefined on every other action).
 */
export interface GitHubIssueHook {
  kind: 'issue';
  action: string;
  repo: string;
  number: number;
  state: 'open' | 'closed';
  stateReason: string | undefined;
  htmlUrl: string;
  body: string;
  closedBy: string | undefined;
}

export type GitHubHook =
  | { kind: 'deploy'; report: DeployReport }
  | { kind: 'workflow_run'; run: GitHubWorkflowRun }
  | GitHubIssueHook
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; problem: string };

/** The events warroom reads; every other one is answered 2xx and ignored. */
export const GITHUB_EVENTS = ['deployment_status', 'workflow_run', 'issues', 'ping'] as const;

const WORKFLOW_RUN_ACTIONS = ['requested', 'in_progress', 'completed'];

const ISSUE_ACTIONS = ['opened', 'closed', 'reopened', 'edited'];

/** GitHub's deployment status states as warroom's: `waiting` (on a protection rule) is still pending. */
const GITHUB_STATES: Record<string, DeployState> = {
  queued: 'queued',
  pending: 'pending',
  waiting: 'pending',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'error',
  inactive: 'inactive',
};

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), {
  error: 'expected an ISO 8601 time, e.g. 2019-05-15T15:20:55Z',
});
const id = z.number().int();
const optionalText = z.string().nullish();
const fullName = z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: 'expected owner/name, e.g. acme/payments-api' });

/** Only the fields warroom reads; GitHub adds fields often, so everything else passes untouched. */
const deploymentStatusDelivery = z.looseObject({
  action: z.string().optional(),
  deployment_status: z.looseObject({
    id,
    state: z.string(),
    environment: z.string().optional(),
    created_at: isoTime,
    updated_at: isoTime,
    target_url: optionalText,
    environment_url: optionalText,
    log_url: optionalText,
    description: optionalText,
  }),
  deployment: z.looseObject({
    id,
    sha: z.string().regex(/^[0-9a-f]{7,64}$/i, { error: 'expected a commit sha (40 hex digits)' }),
    ref: z.string(),
    environment: z.string().min(1, { error: 'expected an environment name, got ""' }),
    // The REST API takes the payload as an object or as a JSON string.
    payload: z.union([z.record(z.string(), z.unknown()), z.string()], { error: 'expected a JSON object' }).nullish(),
    creator: z.looseObject({ login: z.string() }).nullish(),
  }),
  repository: z.looseObject({ full_name: fullName }),
  workflow_run: z.looseObject({ html_url: z.string() }).nullish(),
});

const workflowRunDelivery = z.looseObject({
  action: z.string(),
  repository: z.looseObject({ full_name: fullName }),
  workflow: z.looseObject({ name: z.string().nullish() }).nullish(),
  workflow_run: z.looseObject({
    id,
    path: z.string(),
    name: z.string().nullish(),
    status: z.string(),
    conclusion: z.string().nullish(),
    html_url: z.string(),
    head_sha: z.string(),
    // Required by the current schema; payloads from before GitHub added it still parse (the name stands in).
    display_title: z.string().optional(),
    event: z.string(),
    created_at: isoTime,
    updated_at: isoTime,
  }),
});

const issuesDelivery = z.looseObject({
  action: z.string(),
  issue: z.looseObject({
    number: z.number().int().positive(),
    state: z.enum(['open', 'closed']),
    state_reason: optionalText,
    html_url: z.string(),
    body: optionalText,
  }),
  repository: z.looseObject({ full_name: fullName }),
  sender: z.looseObject({ login: z.string() }),
});

const withAction = z.looseObject({ action: z.string().optional() });

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function httpUrl(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** `deployment.payload.version` when the deployer sent one: what people call the release. */
function payloadVersion(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const version = (value as Record<string, unknown>).version;
  if (typeof version !== 'string') return undefined;
  const trimmed = version.trim();
  return trimmed.length > 0 && trimmed.length <= 100 ? trimmed : undefined;
}

function parseDeploymentStatus(body: unknown, catalog: Catalog): GitHubHook {
  const parsed = deploymentStatusDelivery.safeParse(body, { reportInput: true });
  if (!parsed.success) return { kind: 'invalid', problem: problemText(parsed.error.issues) };
  const { action, deployment_status: status, deployment, repository, workflow_run: run } = parsed.data;
  if (action !== undefined && action !== 'created')
    return { kind: 'ignored', reason: `deployment_status action "${action}" is not one warroom reads (only created)` };

  const state = GITHUB_STATES[status.state];
  if (!state)
    return {
      kind: 'ignored',
      reason: `deployment status state "${status.state}" is not one warroom knows (${Object.keys(GITHUB_STATES).join(', ')})`,
    };

  const repo = repository.full_name;
  // A status may move the deployment to another environment; what it says is the newer word.
  const environment = status.environment || deployment.environment;
  const catalogued = serviceForRepo(catalog, repo, environment);
  if (!catalogued && repoIsCatalogued(catalog, repo)) {
    const followed = [
      ...new Set(
        Object.values(catalog.services).flatMap((s) =>
          s.github && s.github.repo.toLowerCase() === repo.toLowerCase() ? [s.github.environment] : [],
        ),
      ),
    ];
    return {
      kind: 'ignored',
      reason: `deploy to ${environment} of ${repo}, which the catalog follows in ${listed(followed)}`,
    };
  }
  const repoName = repo.slice(repo.indexOf('/') + 1);
  const service = catalogued?.name ?? serviceNameFrom(repoName, serviceNameFrom(repo, 'github'));

  const version =
    payloadVersion(deployment.payload) ??
    (deployment.ref && !isFullSha(deployment.ref) ? deployment.ref : shortSha(deployment.sha));
  const url = [status.target_url, status.log_url, status.environment_url, run?.html_url]
    .map(httpUrl)
    .find((u) => u !== undefined);
  const report: DeployReport = {
    id: `github:status:${status.id}`,
    deployId: `github:${repo}:${deployment.id}`,
    service,
    environment,
    version,
    commit: deployment.sha,
    ref: deployment.ref || undefined,
    url,
    author: deployment.creator?.login || undefined,
    description: status.description || undefined,
    state,
    at: Date.parse(status.created_at),
    source: 'github',
  };
  return { kind: 'deploy', report };
}

function parseWorkflowRun(body: unknown): GitHubHook {
  const head = withAction.safeParse(body, { reportInput: true });
  if (!head.success) return { kind: 'invalid', problem: problemText(head.error.issues) };
  const action = head.data.action;
  if (action !== undefined && !WORKFLOW_RUN_ACTIONS.includes(action))
    return {
      kind: 'ignored',
      reason: `workflow_run action "${action}" is not one warroom reads (${WORKFLOW_RUN_ACTIONS.join(', ')})`,
    };
  const parsed = workflowRunDelivery.safeParse(body, { reportInput: true });
  if (!parsed.success) return { kind: 'invalid', problem: problemText(parsed.error.issues) };
  const { repository, workflow, workflow_run: run } = parsed.data;
  // A run's own name is often empty in deliveries; the workflow's name is what the Actions tab shows.
  const name = run.name || workflow?.name || run.path;
  return {
    kind: 'workflow_run',
    run: {
      repo: repository.full_name,
      id: run.id,
      workflowPath: run.path,
      name,
      status: run.status,
      conclusion: run.conclusion ?? null,
      htmlUrl: run.html_url,
      headSha: run.head_sha,
      displayTitle: run.display_title ?? name,
      event: run.event,
      createdAt: Date.parse(run.created_at),
      updatedAt: Date.parse(run.updated_at),
    },
  };
}

/**
 * An `issues` delivery, from any repo: follow-ups may be filed where no catalogued service lives.
 * GitHub names the action in every one; a body without one is not a delivery warroom reads.
 */
function parseIssue(body: unknown): GitHubHook {
  const head = withAction.safeParse(body, { reportInput: true });
  if (!head.success) return { kind: 'invalid', problem: problemText(head.error.issues) };
  const action = head.data.action;
  if (action === undefined)
    return {
      kind: 'ignored',
      reason: `an "issues" delivery without an action is not one warroom reads (${ISSUE_ACTIONS.join(', ')})`,
    };
  if (!ISSUE_ACTIONS.includes(action))
    return {
      kind: 'ignored',
      reason: `issues action "${action.slice(0, 60)}" is not one warroom reads (${ISSUE_ACTIONS.join(', ')})`,
    };
  const parsed = issuesDelivery.safeParse(body, { reportInput: true });
  if (!parsed.success) return { kind: 'invalid', problem: problemText(parsed.error.issues) };
  const { issue, repository, sender } = parsed.data;
  return {
    kind: 'issue',
    action: parsed.data.action,
    repo: repository.full_name,
    number: issue.number,
    state: issue.state,
    stateReason: issue.state_reason ?? undefined,
    htmlUrl: issue.html_url,
    body: issue.body ?? '',
    closedBy: parsed.data.action === 'closed' ? sender.login : undefined,
  };
}

/**
 * What a verified GitHub delivery means. Never throws: a body that is not what GitHub sends for the
 * event is `invalid` (answer 400 with the problem), an event or action warroom does not read is
 * `ignored` (answer 2xx, record nothing).
 * @example
 * const hook = parseGitHubDelivery(req.headers['x-github-event'] ?? '', JSON.parse(raw), catalog);
 * if (hook.kind === 'deploy') recordDeploy(hook.report, req.headers['x-github-delivery']);
 */
export function parseGitHubDelivery(event: string, body: unknown, catalog: Catalog): GitHubHook {
  const name = typeof event === 'string' ? event.trim() : '';
  if (!name)
    return {
      kind: 'invalid',
      problem: `X-GitHub-Event: expected the event name (e.g. deployment_status), got ${describeValue(event || undefined)}`,
    };
  switch (name) {
    case 'ping':
      return { kind: 'ping' };
    case 'deployment_status':
      return parseDeploymentStatus(body, catalog);
    case 'workflow_run':
      return parseWorkflowRun(body);
    case 'issues':
      return parseIssue(body);
    default:
      return {
        kind: 'ignored',
        reason: `GitHub event "${name.slice(0, 60)}" is not one warroom reads (it reads deployment_status, workflow_run and issues)`,
      };
  }
}
