/**
 * @module sandbox/github/model
 * What the emulated GitHub holds in memory: users, repositories with their refs and workflows, and
 * the workflow runs, deployments (with statuses) and issues made in them. Ids come from counters so a
 * test run is reproducible; names are matched without regard to case, as GitHub does.
 */
import { createHash } from 'node:crypto';

export interface GitHubUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

/** One `on.workflow_dispatch.inputs` entry of a workflow file. */
export interface WorkflowInputSpec {
  name: string;
  required?: boolean;
  type?: 'string' | 'boolean' | 'choice' | 'number' | 'environment';
  /** The allowed values of a `choice` input. */
  options?: readonly string[];
  default?: string | number | boolean;
}

export type RunConclusion = 'success' | 'failure' | 'cancelled' | 'timed_out';

/** What a dispatched run does, in place of the jobs of a real workflow. */
export interface DispatchBehaviour {
  /**
   * On success, the run deploys the dispatched version: a deployment in `environment` with the
   * version from input `versionInput`, statuses in_progress then success, each a deployment_status
   * delivery, as a real rollback pipeline calling the Deployments API would.
   */
  deploys?: { environment: string; versionInput: string };
  /** How the run ends (default success). Anything else deploys nothing. */
  conclusion?: RunConclusion;
  /** How long the run stays queued, then in_progress (defaults 20 ms and 50 ms). */
  queuedMs?: number;
  runMs?: number;
}

export interface WorkflowSpec {
  /** The file name under .github/workflows/, e.g. `rollback.yml`: what dispatch URLs name. */
  file: string;
  /** The workflow's `name:` (default: the file name without extension). */
  name?: string;
  /** The workflow's `run-name:`; `${{ inputs.x }}` and `${{ github.actor }}` are filled in. */
  runName?: string;
  inputs?: readonly WorkflowInputSpec[];
  /** False for a workflow without an `on: workflow_dispatch` trigger (default true). */
  dispatchable?: boolean;
  onDispatch?: DispatchBehaviour;
}

export interface Workflow extends WorkflowSpec {
  id: number;
  name: string;
  path: string;
  createdAt: string;
}

export type RunStatus = 'queued' | 'in_progress' | 'completed';

export interface WorkflowRun {
  id: number;
  runNumber: number;
  checkSuiteId: number;
  workflow: Workflow;
  repo: Repo;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  headBranch: string;
  headSha: string;
  displayTitle: string;
  inputs: Record<string, unknown>;
  actor: GitHubUser;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  /** When (ms since the epoch) the run shows in the runs list: GitHub lists a new run a moment late. */
  listedFrom: number;
}

export interface DeploymentStatus {
  id: number;
  state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
  creator: GitHubUser;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
}

export interface Deployment {
  id: number;
  repo: Repo;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown>;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: GitHubUser;
  transient: boolean;
  production: boolean;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatus[];
  /** The workflow run that made it, for deployments made from Actions. */
  run?: WorkflowRun;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  assignees: GitHubUser[];
  user: GitHubUser;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: GitHubUser | null;
}

export interface RepoSpec {
  /** `owner/name`. */
  fullName: string;
  defaultBranch?: string;
  /** Branch name → head commit sha (default: the default branch at a made-up sha). */
  branches?: Record<string, string>;
  /** Tag name → commit sha. */
  tags?: Record<string, string>;
  workflows?: readonly WorkflowSpec[];
}

export interface Repo {
  id: number;
  owner: GitHubUser;
  name: string;
  fullName: string;
  defaultBranch: string;
  branches: Map<string, string>;
  tags: Map<string, string>;
  workflows: Workflow[];
  runs: WorkflowRun[];
  deployments: Deployment[];
  issues: Issue[];
  createdAt: string;
}

/** GitHub's timestamps: UTC, whole seconds. */
export function isoSeconds(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A made-up but stable 40-hex commit sha. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** GitHub's legacy global node id: base64 of `<len>:<Type><id>`, e.g. `MDQ6VXNlcjE=` for User 1. */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

export class GitHubState {
  readonly repos: Repo[] = [];
  private readonly users = new Map<string, GitHubUser>();
  private nextId = 1000;

  /** A fresh id; all kinds share one counter, which keeps ids distinct across kinds. */
  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  user(login: string): GitHubUser {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { login, id: this.id(), type: login.endsWith('[bot]') ? 'Bot' : 'User' };
      this.users.set(key, user);
    }
    return user;
  }

  addRepo(spec: RepoSpec): Repo {
    const [ownerLogin, name] = spec.fullName.split('/');
    if (!ownerLogin || !name) throw new Error(`a repo is named owner/name, not "${spec.fullName}"`);
    if (this.repo(ownerLogin, name)) throw new Error(`repo ${spec.fullName} already exists`);
    const defaultBranch = spec.defaultBranch ?? 'main';
    const branches = new Map(Object.entries(spec.branches ?? { [defaultBranch]: fakeSha(`${spec.fullName}@head`) }));
    if (!branches.has(defaultBranch))
      throw new Error(`repo ${spec.fullName}: default branch ${defaultBranch} has no sha`);
    const repo: Repo = {
      id: this.id(),
      owner: this.user(ownerLogin),
      name,
      fullName: spec.fullName,
      defaultBranch,
      branches,
      tags: new Map(Object.entries(spec.tags ?? {})),
      workflows: [],
      runs: [],
      deployments: [],
      issues: [],
      createdAt: isoSeconds(),
    };
    this.repos.push(repo);
    for (const workflow of spec.workflows ?? []) this.addWorkflow(repo, workflow);
    return repo;
  }

  addWorkflow(repo: Repo, spec: WorkflowSpec): Workflow {
    if (repo.workflows.some((w) => w.file === spec.file)) throw new Error(`${repo.fullName} already has ${spec.file}`);
    const workflow: Workflow = {
      ...spec,
      id: this.id(),
      name: spec.name ?? spec.file.replace(/\.ya?ml$/, ''),
      path: `.github/workflows/${spec.file}`,
      createdAt: isoSeconds(),
    };
    repo.workflows.push(workflow);
    return workflow;
  }

  repo(owner: string, name: string): Repo | undefined {
    const full = `${owner}/${name}`.toLowerCase();
    return this.repos.find((r) => r.fullName.toLowerCase() === full);
  }

  repoById(id: number): Repo | undefined {
    return this.repos.find((r) => r.id === id);
  }

  /** A workflow by numeric id or by file name, as the dispatch URL's `workflow_id` may be either. */
  workflow(repo: Repo, idOrFile: string): Workflow | undefined {
    return repo.workflows.find((w) => String(w.id) === idOrFile || w.file === idOrFile);
  }

  /**
   * The commit a ref names: a branch or tag (short or `refs/heads/…`/`refs/tags/…`), or, when
   * `allowSha`, a known commit sha (7+ hex digits, as the Deployments API accepts).
   */
  resolveRef(repo: Repo, ref: string, allowSha: boolean): { sha: string; branch: string } | undefined {
    const branch = ref.startsWith('refs/heads/') ? ref.slice(11) : ref;
    const tag = ref.startsWith('refs/tags/') ? ref.slice(10) : ref;
    const onBranch = ref.startsWith('refs/tags/') ? undefined : repo.branches.get(branch);
    if (onBranch) return { sha: onBranch, branch };
    const onTag = ref.startsWith('refs/heads/') ? undefined : repo.tags.get(tag);
    if (onTag) return { sha: onTag, branch: tag };
    if (!allowSha || !/^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
    const known = [...repo.branches.values(), ...repo.tags.values(), ...repo.deployments.map((d) => d.sha)];
    const sha = known.find((s) => s.startsWith(ref.toLowerCase()));
    return sha ? { sha, branch: ref } : undefined;
  }
}
