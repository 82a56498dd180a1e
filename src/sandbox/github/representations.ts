/**
 * @module sandbox/github/representations
 * The JSON GitHub answers with and delivers: users, repositories, workflows, workflow runs,
 * deployments, deployment statuses and issues, shaped as in the REST description and octokit's
 * example payloads. URLs point at the emulator (`api`), so a client that follows one reaches it.
 */
import { examplePayload } from './contract.js';
import {
  type Deployment,
  type DeploymentStatus,
  type GitHubUser,
  type Issue,
  nodeId,
  type Repo,
  type Workflow,
  type WorkflowRun,
} from './model.js';

/** Where API URLs and web (html) URLs point. */
export interface Hosts {
  /** e.g. `http://127.0.0.1:4321` or, Enterprise-style, `http://127.0.0.1:4321/api/v3`. */
  api: string;
  web: string;
}

type Json = Record<string, unknown>;

export function userJson(hosts: Hosts, user: GitHubUser): Json {
  const api = `${hosts.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${hosts.web}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    site_admin: false,
  };
}

/** Moves an example object from github.com and its example repository onto the emulator and `repo`. */
function rehost(example: unknown, fromRepo: string, hosts: Hosts, repo: Repo): Json {
  const webHost = new URL(hosts.web).host;
  const text = JSON.stringify(example)
    .replaceAll('https://api.github.com', hosts.api)
    .replaceAll('https://github.com', hosts.web)
    .replaceAll('git://github.com', `git://${webHost}`)
    .replaceAll('git@github.com:', `git@${webHost}:`)
    .replaceAll(`/${fromRepo}`, `/${repo.fullName}`)
    .replaceAll(`:${fromRepo}`, `:${repo.fullName}`);
  return JSON.parse(text) as Json;
}

/** The full repository object of webhook payloads (and of REST answers that embed a repository). */
export function repositoryJson(hosts: Hosts, repo: Repo): Json {
  const example = examplePayload('deployment_status.payload.json').repository as Json;
  return {
    ...rehost(example, String(example.full_name), hosts, repo),
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: true,
    visibility: 'private',
    owner: userJson(hosts, repo.owner),
    description: null,
    language: null,
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    forks_count: 0,
    forks: 0,
    open_issues_count: repo.issues.filter((i) => i.state === 'open').length,
    open_issues: repo.issues.filter((i) => i.state === 'open').length,
  };
}

/** The short repository form that workflow_run payloads carry (their schema allows no other key). */
export function repositoryLiteJson(hosts: Hosts, repo: Repo): Json {
  const liteKeys = Object.keys(
    (examplePayload('workflow_run.completed.payload.json').workflow_run as Json).repository as Json,
  );
  const full = repositoryJson(hosts, repo);
  return Object.fromEntries(liteKeys.filter((key) => key in full).map((key) => [key, full[key]]));
}

export function workflowJson(hosts: Hosts, repo: Repo, workflow: Workflow): Json {
  return {
    id: workflow.id,
    node_id: nodeId('Workflow', workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: 'active',
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${hosts.api}/repos/${repo.fullName}/actions/workflows/${workflow.id}`,
    html_url: `${hosts.web}/${repo.fullName}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `${hosts.web}/${repo.fullName}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

function runUrls(hosts: Hosts, run: WorkflowRun): Json {
  const url = `${hosts.api}/repos/${run.repo.fullName}/actions/runs/${run.id}`;
  return {
    url,
    html_url: `${hosts.web}/${run.repo.fullName}/actions/runs/${run.id}`,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${hosts.api}/repos/${run.repo.fullName}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${hosts.api}/repos/${run.repo.fullName}/actions/workflows/${run.workflow.id}`,
  };
}

/** The fields a run has everywhere it appears (REST, workflow_run and deployment_status payloads). */
function runCore(hosts: Hosts, run: WorkflowRun): Json {
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: nodeId('WorkflowRun', run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId('CheckSuite', run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflow.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow.id,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userJson(hosts, run.actor),
    triggering_actor: userJson(hosts, run.actor),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    ...runUrls(hosts, run),
  };
}

function headCommit(run: WorkflowRun): Json {
  const who = { name: run.actor.login, email: `${run.actor.id}+${run.actor.login}@users.noreply.github.com` };
  return {
    id: run.headSha,
    tree_id: run.headSha.split('').reverse().join(''),
    message: `Head of ${run.headBranch}`,
    timestamp: run.repo.createdAt,
    author: who,
    committer: who,
  };
}

/** A run as `GET /actions/runs/{id}` answers it (schema `workflow-run`, plus today's `display_title`). */
export function workflowRunJson(hosts: Hosts, run: WorkflowRun): Json {
  return {
    ...runCore(hosts, run),
    previous_attempt_url: null,
    head_commit: headCommit(run),
    repository: repositoryJson(hosts, run.repo),
    head_repository: repositoryJson(hosts, run.repo),
    head_repository_id: run.repo.id,
  };
}

/** A run inside a workflow_run delivery (schema common/workflow-run). */
export function workflowRunPayloadJson(hosts: Hosts, run: WorkflowRun): Json {
  return {
    ...runCore(hosts, run),
    previous_attempt_url: null,
    head_commit: headCommit(run),
    repository: repositoryLiteJson(hosts, run.repo),
    head_repository: repositoryLiteJson(hosts, run.repo),
  };
}

/** The keys of a run inside a deployment_status delivery (schema common/deployment-workflow-run). */
const DEPLOYMENT_RUN_KEYS = [
  'id',
  'name',
  'path',
  'display_title',
  'node_id',
  'head_branch',
  'head_sha',
  'run_number',
  'event',
  'status',
  'conclusion',
  'workflow_id',
  'check_suite_id',
  'check_suite_node_id',
  'url',
  'html_url',
  'pull_requests',
  'created_at',
  'updated_at',
  'actor',
  'triggering_actor',
  'run_attempt',
  'run_started_at',
  'referenced_workflows',
];

/** A run inside a deployment_status delivery. */
export function deploymentWorkflowRunJson(hosts: Hosts, run: WorkflowRun): Json {
  const core = runCore(hosts, run);
  return Object.fromEntries(DEPLOYMENT_RUN_KEYS.map((key) => [key, core[key]]));
}

export function deploymentJson(hosts: Hosts, deployment: Deployment): Json {
  const url = `${hosts.api}/repos/${deployment.repo.fullName}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: nodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(hosts, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: `${hosts.api}/repos/${deployment.repo.fullName}`,
    transient_environment: deployment.transient,
    production_environment: deployment.production,
    performed_via_github_app: null,
  };
}

export function deploymentStatusJson(hosts: Hosts, deployment: Deployment, status: DeploymentStatus): Json {
  const deploymentUrl = `${hosts.api}/repos/${deployment.repo.fullName}/deployments/${deployment.id}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: userJson(hosts, status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.targetUrl,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: deploymentUrl,
    repository_url: `${hosts.api}/repos/${deployment.repo.fullName}`,
    // GitHub leaves these out when the status has none (the schema allows no empty log_url).
    ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
    ...(status.logUrl ? { log_url: status.logUrl } : {}),
    performed_via_github_app: null,
  };
}

export function issueJson(hosts: Hosts, repo: Repo, issue: Issue): Json {
  const url = `${hosts.api}/repos/${repo.fullName}/issues/${issue.number}`;
  return {
    url,
    repository_url: `${hosts.api}/repos/${repo.fullName}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${hosts.web}/${repo.fullName}/issues/${issue.number}`,
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(hosts, issue.user),
    labels: issue.labels.map((name) => labelJson(hosts, repo, name)),
    state: issue.state,
    locked: false,
    assignee: issue.assignees[0] ? userJson(hosts, issue.assignees[0]) : null,
    assignees: issue.assignees.map((user) => userJson(hosts, user)),
    milestone: null,
    comments: 0,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: 'MEMBER',
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.closedBy ? userJson(hosts, issue.closedBy) : null,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
}

function labelJson(hosts: Hosts, repo: Repo, name: string): Json {
  const id = [...name].reduce((sum, ch) => sum * 31 + ch.charCodeAt(0), 7) % 1_000_000_000;
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${hosts.api}/repos/${repo.fullName}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null,
  };
}
