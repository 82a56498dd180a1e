/**
 * @module sandbox/github/webhook-payloads
 * The payloads of the deliveries the emulator sends, each built from octokit's example delivery for
 * the event with the emulated objects put in: `deployment_status` (created) and `workflow_run`
 * (requested, in_progress, completed). A deployment made by a workflow run carries that run and its
 * workflow, as deliveries for Actions-made deployments do. `issues` (opened, closed, reopened) has no
 * example in the contracts; it is built from the emulated issue, repository and sender alone.
 */
import { examplePayload } from './contract.js';
import type { IssueAction } from './issues.js';
import type { Deployment, DeploymentStatus, GitHubUser, Issue, Repo, WorkflowRun } from './model.js';
import {
  deploymentJson,
  deploymentStatusJson,
  deploymentWorkflowRunJson,
  type Hosts,
  issueJson,
  repositoryJson,
  userJson,
  workflowJson,
  workflowRunPayloadJson,
} from './representations.js';

type Json = Record<string, unknown>;

/**
 * A `deployment_status` delivery for `status` of `deployment`.
 *
 * Where a release's version lives: GitHub has no version field on a deployment. The emulator puts it
 * in `deployment.payload.version` (what the deployer chose to send); warroom should read that and fall
 * back to `deployment.ref` (a tag such as v1.4.2, or a branch) and then `deployment.sha`.
 */
export function deploymentStatusPayload(
  hosts: Hosts,
  deployment: Deployment,
  status: DeploymentStatus,
  sender: GitHubUser,
): Json {
  const {
    installation: _installation,
    organization: _organization,
    ...example
  } = examplePayload('deployment_status.payload.json');
  const payload: Json = {
    ...example,
    action: 'created',
    deployment_status: deploymentStatusJson(hosts, deployment, status),
    deployment: deploymentJson(hosts, deployment),
    repository: repositoryJson(hosts, deployment.repo),
    sender: userJson(hosts, sender),
  };
  if (deployment.run) {
    payload.workflow_run = deploymentWorkflowRunJson(hosts, deployment.run);
    payload.workflow = workflowJson(hosts, deployment.repo, deployment.run.workflow);
  }
  return payload;
}

/** A `workflow_run` delivery; the action follows the run's status (queued is delivered as requested). */
export function workflowRunPayload(hosts: Hosts, run: WorkflowRun): Json {
  const {
    organization: _organization,
    installation: _installation,
    ...example
  } = examplePayload('workflow_run.completed.payload.json');
  const action = run.status === 'queued' ? 'requested' : run.status;
  return {
    ...example,
    action,
    repository: repositoryJson(hosts, run.repo),
    sender: userJson(hosts, run.actor),
    workflow: workflowJson(hosts, run.repo, run.workflow),
    workflow_run: workflowRunPayloadJson(hosts, run),
  };
}

/**
 * An `issues` delivery for `action` on `issue`, done by `sender`. The issue is as the REST API
 * answers it, less `closed_by`, which the delivery's issue does not have: who closed it is the
 * `sender` of the `closed` delivery.
 */
export function issuesPayload(hosts: Hosts, repo: Repo, issue: Issue, action: IssueAction, sender: GitHubUser): Json {
  const { closed_by: _closedBy, ...fields } = issueJson(hosts, repo, issue);
  return {
    action,
    issue: fields,
    repository: repositoryJson(hosts, repo),
    sender: userJson(hosts, sender),
  };
}
