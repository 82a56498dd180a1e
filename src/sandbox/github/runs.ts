/**
 * @module sandbox/github/runs
 * What a dispatched workflow run does over time: queued, then in_progress, then completed with its
 * conclusion, each step a `workflow_run` delivery (requested, in_progress, completed). A workflow
 * that `deploys` plays a rollback pipeline: when it starts it makes a deployment of the dispatched
 * version (status in_progress), and before it completes it marks it success, each status its own
 * `deployment_status` delivery. A version it cannot find fails the run, as a real pipeline would.
 */
import { addDeployment, addStatus } from './deployments.js';
import {
  type Deployment,
  type GitHubState,
  type GitHubUser,
  isoSeconds,
  type Repo,
  type WorkflowRun,
} from './model.js';

export interface RunEngineHost {
  state: GitHubState;
  /** Queues a workflow_run delivery for the run as it is now, if the hook subscribes to it. */
  runChanged(run: WorkflowRun): void;
  /** Queues a deployment_status delivery for the deployment's newest status. */
  statusCreated(deployment: Deployment, sender: GitHubUser): void;
  /** Waits `ms`, unless the emulator stops first (then rejects). */
  sleep(ms: number): Promise<void>;
}

/** The bot that Actions-made deployments are created by. */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The commit and ref of `version` in `environment`: an earlier deployment with that
 * `payload.version` (or ref), else a tag or branch of that name, else a known sha.
 */
export function findVersion(state: GitHubState, repo: Repo, environment: string, version: string) {
  const earlier = [...repo.deployments]
    .reverse()
    .find((d) => d.environment === environment && (d.payload.version === version || d.ref === version));
  if (earlier) return { sha: earlier.sha, ref: earlier.ref };
  const resolved = state.resolveRef(repo, version, true);
  return resolved ? { sha: resolved.sha, ref: version } : undefined;
}

export class RunEngine {
  constructor(private readonly host: RunEngineHost) {}

  /**
   * Plays the run's lifecycle; resolves when it has completed. Deliveries are queued, not awaited: a
   * slow app does not hold the run back, as on GitHub.
   */
  async play(run: WorkflowRun): Promise<void> {
    const behaviour = run.workflow.onDispatch ?? {};
    this.host.runChanged(run);
    await this.host.sleep(behaviour.queuedMs ?? 20);
    this.advance(run, 'in_progress');
    run.runStartedAt = run.updatedAt;
    this.host.runChanged(run);

    let conclusion = behaviour.conclusion ?? 'success';
    let deployment: Deployment | undefined;
    const deploys = behaviour.deploys;
    if (deploys && conclusion === 'success') {
      const version = String(run.inputs[deploys.versionInput] ?? '');
      const found = version ? findVersion(this.host.state, run.repo, deploys.environment, version) : undefined;
      if (found) {
        deployment = await this.startDeployment(run, deploys.environment, version, found);
      } else {
        conclusion = 'failure';
      }
    }
    await this.host.sleep(behaviour.runMs ?? 50);
    if (deployment) {
      addStatus(this.host.state, deployment, { state: 'success', creator: this.bot(), description: 'Deployed' });
      this.host.statusCreated(deployment, this.bot());
    }
    this.advance(run, 'completed');
    run.conclusion = conclusion;
    this.host.runChanged(run);
  }

  private async startDeployment(
    run: WorkflowRun,
    environment: string,
    version: string,
    target: { sha: string; ref: string },
  ): Promise<Deployment> {
    const deployment = addDeployment(this.host.state, run.repo, {
      ...target,
      environment,
      payload: { version },
      description: run.displayTitle,
      creator: this.bot(),
      run,
    });
    addStatus(this.host.state, deployment, { state: 'in_progress', creator: this.bot(), description: 'Deploying' });
    this.host.statusCreated(deployment, this.bot());
    return deployment;
  }

  private advance(run: WorkflowRun, status: WorkflowRun['status']): void {
    run.status = status;
    run.updatedAt = isoSeconds();
  }

  private bot(): GitHubUser {
    return this.host.state.user(ACTIONS_BOT);
  }
}
