/**
 * @module sandbox/github/emulator
 * The local GitHub that warroom's tests and `npm run demo` run against: a REST API on loopback held
 * to ../shared/contracts/github (dispatch, runs, deployments, statuses, issues, rate limit), with
 * injectable faults and every call recorded, and GitHub's webhook sender pointed at the app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lowerHeaders, readBody } from '../http-body.js';
import { addDeployment, addStatus } from './deployments.js';
import type { GitHubFaultRule } from './faults.js';
import { type DeliverOptions, Hookshot, type RecordedDelivery } from './hookshot.js';
import { closeIssue } from './issues.js';
import {
  type Deployment,
  type DeploymentStatus,
  GitHubState,
  type GitHubUser,
  type Repo,
  type RepoSpec,
  type WorkflowRun,
  type WorkflowSpec,
} from './model.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import type { Hosts } from './representations.js';
import { type Outcome, type RecordedGitHubCall, RestApi } from './rest-api.js';
import { Router } from './routes/index.js';
import { RunEngine } from './runs.js';
import { deploymentStatusPayload, issuesPayload, workflowRunPayload } from './webhook-payloads.js';

export type { GitHubFaultRule } from './faults.js';
export type { DeliverOptions, RecordedDelivery } from './hookshot.js';
export type { DispatchBehaviour, RepoSpec, WorkflowInputSpec, WorkflowSpec } from './model.js';
export type { RecordedGitHubCall } from './rest-api.js';

export type HookEvent = 'deployment_status' | 'workflow_run' | 'issues';

export interface GitHubEmulatorOptions {
  /** The webhook's secret: what signs every delivery. */
  webhookSecret: string;
  /** The one token the API accepts (as `Bearer <token>` or `token <token>`). */
  token: string;
  /** The login of the token's user: the creator of what the app makes (default `warroom-bot`). */
  tokenUser?: string;
  /** Where deliveries go; also settable later with `connectWebhook`. */
  webhookUrl?: string;
  /** The events the hook subscribes to (default deployment_status and workflow_run; issues only when listed). */
  events?: readonly HookEvent[];
  hookId?: number;
  /** Put `/api/v3` in the URLs of answers and payloads, as GitHub Enterprise does (both are served). */
  enterprise?: boolean;
  rateLimit?: RateLimitOptions;
  /** How long a new run stays out of `GET …/actions/runs`, as on GitHub (default 0). */
  runListDelayMs?: number;
  repos?: readonly RepoSpec[];
}

export interface DeployArgs {
  /** `owner/name`. */
  repo: string;
  environment: string;
  sha: string;
  ref: string;
  /** Kept in `deployment.payload.version`; a client should fall back to `ref`, then `sha`. */
  version?: string;
  /** Login of who deployed. */
  creator: string;
  state: 'success' | 'failure' | 'in_progress' | 'error';
  description?: string;
  deliverOptions?: DeliverOptions;
}

export class GitHubEmulator {
  readonly state = new GitHubState();
  /** What went wrong in the background (a run's lifecycle, a delivery): tests should expect none. */
  readonly problems: string[] = [];
  readonly rateLimit: RateLimiter;
  private readonly api: RestApi;
  private readonly hookshot: Hookshot;
  private readonly engine: RunEngine;
  private readonly server: Server;
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();
  private queue: Promise<unknown> = Promise.resolve();
  private down = false;
  private port = 0;
  private stopped = false;

  constructor(readonly options: GitHubEmulatorOptions) {
    this.rateLimit = new RateLimiter(options.rateLimit);
    for (const repo of options.repos ?? []) this.state.addRepo(repo);
    this.hookshot = new Hookshot(
      {
        secret: options.webhookSecret,
        hookId: options.hookId ?? 424_242_424,
      },
      () => this.changed(),
    );
    this.hookshot.url = options.webhookUrl;
    this.engine = new RunEngine({
      state: this.state,
      runChanged: (run) => this.emit('workflow_run', workflowRunPayload(this.hosts, run)),
      statusCreated: (deployment, sender) => this.emitStatus(deployment, deployment.statuses.at(-1), sender),
      sleep: (ms) => this.sleep(ms),
    });
    this.api = new RestApi(
      this.state,
      new Router(this.rateLimit),
      this.rateLimit,
      {
        token: options.token,
        tokenUser: options.tokenUser ?? 'warroom-bot',
        hosts: () => this.hosts,
        effects: {
          runListDelayMs: options.runListDelayMs ?? 0,
          runCreated: (run) => this.track(this.engine.play(run)),
          deploymentStatusCreated: (deployment, status) => this.emitStatus(deployment, status, status.creator),
          issueChanged: (repo, issue, action, sender) =>
            this.emit('issues', issuesPayload(this.hosts, repo, issue, action, sender)),
        },
      },
      () => this.changed(),
    );
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  }

  /** Starts listening on loopback (an ephemeral port unless one is given). */
  static async start(options: GitHubEmulatorOptions, port = 0): Promise<GitHubEmulator> {
    const emulator = new GitHubEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(port, '127.0.0.1', () => resolve());
    });
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The API base a client is configured with (`…/api/v3` when `enterprise`). */
  get apiUrl(): string {
    return this.options.enterprise ? `${this.baseUrl}/api/v3` : this.baseUrl;
  }

  get calls(): readonly RecordedGitHubCall[] {
    return this.api.calls;
  }

  get deliveries(): readonly RecordedDelivery[] {
    return this.hookshot.deliveries;
  }

  addRepo(spec: RepoSpec): Repo {
    return this.state.addRepo(spec);
  }

  addWorkflow(fullName: string, spec: WorkflowSpec): void {
    this.state.addWorkflow(this.repo(fullName), spec);
  }

  /** The runs of a repository, newest first, including those not yet listed. */
  runs(fullName: string): readonly WorkflowRun[] {
    return [...this.repo(fullName).runs].reverse();
  }

  /** Points the webhook at the app, e.g. `http://127.0.0.1:3000/hooks/github`. */
  connectWebhook(url: string): void {
    this.hookshot.url = url;
  }

  injectFault(rule: GitHubFaultRule): void {
    this.api.faults.add(rule);
  }

  clearFaults(): void {
    this.api.faults.clear();
  }

  /** While down, every connection is cut unanswered and nothing is recorded, as with an outage. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Sends one signed delivery of `event` and resolves with its record (the app's answer included). */
  deliver(event: string, payload: Record<string, unknown>, options?: DeliverOptions): Promise<RecordedDelivery> {
    return this.track(this.hookshot.deliver(event, payload, options));
  }

  /** Redelivers delivery `id`: the same bytes under the same `X-GitHub-Delivery`. */
  redeliver(id: string): Promise<RecordedDelivery> {
    return this.track(this.hookshot.redeliver(id));
  }

  /**
   * Records a deployment with one status and delivers its `deployment_status`, as a deploy pipeline
   * calling the Deployments API would (GitHub sends one delivery per status).
   * @example
   * await github.deploy({ repo: 'acme/checkout', environment: 'production', sha, ref: 'v1.4.3',
   *   version: 'v1.4.3', creator: 'dana', state: 'success' });
   */
  async deploy(args: DeployArgs): Promise<{ deployment: Deployment; delivery: RecordedDelivery }> {
    const creator = this.state.user(args.creator);
    const deployment = addDeployment(this.state, this.repo(args.repo), {
      sha: args.sha,
      ref: args.ref,
      environment: args.environment,
      payload: args.version === undefined ? {} : { version: args.version },
      description: args.description ?? null,
      creator,
    });
    const delivery = await this.addDeploymentStatus(deployment, args.state, args.creator, args.deliverOptions);
    return { deployment, delivery };
  }

  /** Adds a status to a deployment and delivers its `deployment_status`. */
  addDeploymentStatus(
    deployment: Deployment,
    state: DeploymentStatus['state'],
    by: string,
    options?: DeliverOptions,
  ): Promise<RecordedDelivery> {
    const creator = this.state.user(by);
    const status = addStatus(this.state, deployment, { state, creator });
    return this.deliver('deployment_status', deploymentStatusPayload(this.hosts, deployment, status, creator), options);
  }

  /**
   * Closes issue `number` of `repo` as someone would in GitHub's web UI (`by`, default its author;
   * `reason` default completed) and, when the hook subscribes to `issues`, delivers `closed`;
   * resolves with that delivery once the app has answered (undefined when none is sent).
   * @example
   * await github.closeIssue('acme/checkout', 1, { by: 'dana', reason: 'not_planned' });
   */
  async closeIssue(
    repo: string,
    number: number,
    options: { by?: string; reason?: 'completed' | 'not_planned' } = {},
  ): Promise<RecordedDelivery | undefined> {
    const target = this.repo(repo);
    const issue = target.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number} in ${repo} in the GitHub emulator`);
    if (issue.state === 'closed') throw new Error(`issue #${number} of ${repo} is already closed`);
    const by = options.by === undefined ? issue.user : this.state.user(options.by);
    closeIssue(issue, by, options.reason ?? 'completed');
    this.changed();
    return this.emit('issues', issuesPayload(this.hosts, target, issue, 'closed', by));
  }

  /**
   * Resolves when `check` returns something other than undefined/false, re-checking after every call
   * and delivery; rejects after `timeoutMs` naming the last calls.
   */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const first = check();
    if (first !== undefined && first !== false) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        const recent = this.calls.slice(-6).map((c) => `${c.method} ${c.path} → ${c.status}`);
        const problems = this.problems.length > 0 ? `; problems: ${this.problems.join(' | ')}` : '';
        reject(
          new Error(`condition not met within ${timeoutMs} ms; last calls: ${recent.join(', ') || 'none'}${problems}`),
        );
      }, timeoutMs);
      const poll = setInterval(listener, 25);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves when no run is playing and no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer, reject } of this.timers) {
      clearTimeout(timer);
      reject(new Error('emulator stopped'));
    }
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get hosts(): Hosts {
    return { api: this.apiUrl, web: this.baseUrl };
  }

  private repo(fullName: string): Repo {
    const [owner, name] = fullName.split('/');
    const repo = this.state.repo(owner ?? '', name ?? '');
    if (!repo) throw new Error(`no repo ${fullName} in the GitHub emulator`);
    return repo;
  }

  private subscribes(event: HookEvent): boolean {
    return (this.options.events ?? ['deployment_status', 'workflow_run']).includes(event);
  }

  /**
   * Queues a delivery of `payload` (built now, so it shows the moment it describes) when the hook
   * subscribes to the event. Queued deliveries go one at a time, in order.
   */
  private emit(event: HookEvent, payload: Record<string, unknown>): Promise<RecordedDelivery> | undefined {
    if (!this.subscribes(event) || this.stopped) return undefined;
    const delivery = this.queue.then(() => this.hookshot.deliver(event, payload));
    this.queue = delivery.catch(() => undefined);
    return this.track(delivery);
  }

  private emitStatus(deployment: Deployment, status: DeploymentStatus | undefined, sender: GitHubUser): void {
    if (status) this.emit('deployment_status', deploymentStatusPayload(this.hosts, deployment, status, sender));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('emulator stopped'));
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      this.timers.add(entry);
    });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    promise.then(
      () => this.inFlight.delete(promise),
      (error: unknown) => {
        this.inFlight.delete(promise);
        const message = error instanceof Error ? error.message : String(error);
        if (!this.stopped) this.problems.push(message);
        this.changed();
      },
    );
    return promise;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.baseUrl);
    const outcome = this.api.handle(req.method ?? 'GET', url, lowerHeaders(req), body);
    await this.respond(res, outcome);
  }

  private async respond(res: ServerResponse, { answer, delayMs, crash }: Outcome): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (crash) {
      res.socket?.destroy();
      return;
    }
    const headers = { ...answer.headers };
    let text = answer.text;
    if (text === undefined && answer.json !== undefined) text = JSON.stringify(answer.json);
    if (text === undefined) delete headers['content-type'];
    res.writeHead(answer.status, headers);
    res.end(text);
  }
}
