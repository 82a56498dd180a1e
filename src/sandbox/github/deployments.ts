/**
 * @module sandbox/github/deployments
 * Making deployments and deployment statuses in the state, for the REST routes and for the
 * emulator's own deploys (a test's `deploy()`, a rollback workflow's run) alike.
 */
import {
  type Deployment,
  type DeploymentStatus,
  type GitHubState,
  type GitHubUser,
  isoSeconds,
  type Repo,
  type WorkflowRun,
} from './model.js';

export interface NewDeployment {
  sha: string;
  ref: string;
  task?: string;
  payload?: Record<string, unknown>;
  environment: string;
  description?: string | null;
  creator: GitHubUser;
  transient?: boolean;
  /** Default: true for the environment named `production`. */
  production?: boolean;
  run?: WorkflowRun;
}

export function addDeployment(state: GitHubState, repo: Repo, fields: NewDeployment): Deployment {
  const at = isoSeconds();
  const deployment: Deployment = {
    id: state.id(),
    repo,
    sha: fields.sha,
    ref: fields.ref,
    task: fields.task ?? 'deploy',
    payload: fields.payload ?? {},
    environment: fields.environment,
    originalEnvironment: fields.environment,
    description: fields.description ?? null,
    creator: fields.creator,
    transient: fields.transient ?? false,
    production: fields.production ?? fields.environment === 'production',
    createdAt: at,
    updatedAt: at,
    statuses: [],
    ...(fields.run ? { run: fields.run } : {}),
  };
  repo.deployments.push(deployment);
  return deployment;
}

export interface NewStatus {
  state: DeploymentStatus['state'];
  creator: GitHubUser;
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
  /** Change the deployment's environment with this status. */
  environment?: string;
  /** Mark earlier successful deployments to the same non-production environment inactive (default true). */
  autoInactive?: boolean;
}

function status(state: GitHubState, deployment: Deployment, fields: NewStatus): DeploymentStatus {
  return {
    id: state.id(),
    state: fields.state,
    creator: fields.creator,
    description: fields.description ?? '',
    environment: deployment.environment,
    targetUrl: fields.logUrl ?? '',
    logUrl: fields.logUrl ?? '',
    environmentUrl: fields.environmentUrl ?? '',
    createdAt: isoSeconds(),
  };
}

export function addStatus(state: GitHubState, deployment: Deployment, fields: NewStatus): DeploymentStatus {
  if (fields.environment) deployment.environment = fields.environment;
  const made = status(state, deployment, fields);
  deployment.statuses.push(made);
  deployment.updatedAt = made.createdAt;
  if (made.state !== 'success' || fields.autoInactive === false) return made;
  for (const other of deployment.repo.deployments) {
    if (other === deployment || other.environment !== deployment.environment) continue;
    if (other.transient || other.production || other.statuses.at(-1)?.state !== 'success') continue;
    other.statuses.push(status(state, other, { state: 'inactive', creator: fields.creator }));
  }
  return made;
}
