/**
 * @module sandbox/argocd/emulator
 * The local Argo CD that warroom's tests and `npm run demo` run against: Applications in memory, the
 * REST API on loopback held to ../shared/contracts/argocd (list, get, rollback, sync), operations
 * that run and finish over time, and the notifications controller that sends warroom the webhook
 * documented in docs/integrations/argocd-notifications.yaml, rendered from that very file.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lowerHeaders, readBody } from '../http-body.js';
import { ArgoApi, type ArgoOutcome, type RecordedArgoCall } from './api.js';
import { type Application, type ApplicationSpec, application, argoTime, historyOf } from './application.js';
import type { ArgoFaultRule } from './faults.js';
import { DOCUMENTED_CONFIG, loadNotificationsConfig } from './notifications-config.js';
import { type NotifiedBefore, Notifier, type RecordedNotification } from './notifier.js';
import { type OperationOutcome, type OperationTiming, requestOperation, runOperation } from './operations.js';
import { ARGO_CD_RETRY, type RetryPolicy } from './retryable-http.js';

export type { RecordedArgoCall } from './api.js';
export type { Application, ApplicationSpec } from './application.js';
export type { ArgoFaultRule } from './faults.js';
export type { RecordedNotification } from './notifier.js';
export type { OperationOutcome } from './operations.js';

export interface ArgoCdEmulatorOptions {
  /** The one API token accepted (`Authorization: Bearer …` or the `argocd.token` cookie). */
  token: string;
  /** Who the token is: `operation.initiatedBy.username` of what it starts (default `warroom`). */
  username?: string;
  applications?: readonly (ApplicationSpec & { notifiedBefore?: NotifiedBefore })[];
  timing?: Partial<OperationTiming>;
  notifications?: {
    /** argocd-notifications-secret's keys the service config names (`warroom-url`, `warroom-argocd-secret`). */
    secrets: Record<string, string>;
    /** The ConfigMap file (default: docs/integrations/argocd-notifications.yaml). */
    configFile?: string;
    /** The service name in `service.webhook.<name>` (default `warroom`). */
    service?: string;
    /** Retries, as in the service config (default Argo CD's: 3, 1 s–5 s); shorten for tests. */
    retry?: Partial<RetryPolicy>;
    /** Give up on one try after this long (default 30 s). */
    attemptTimeoutMs?: number;
    context?: Record<string, string>;
  };
}

export class ArgoCdEmulator {
  readonly applications: Application[] = [];
  /** What went wrong in the background: tests should expect none. */
  readonly problems: string[] = [];
  private readonly api: ArgoApi;
  private readonly notifier: Notifier | undefined;
  private readonly server: Server;
  private readonly timing: OperationTiming;
  private readonly outcomes = new Map<string, OperationOutcome[]>();
  private readonly known = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();
  private down = false;
  private stopped = false;
  private port = 0;
  private version = 1;

  constructor(readonly options: ArgoCdEmulatorOptions) {
    this.timing = { pickupMs: 10, runMs: 50, healthMs: 30, ...options.timing };
    const notifications = options.notifications;
    if (notifications) {
      const config = loadNotificationsConfig(
        notifications.configFile ?? DOCUMENTED_CONFIG,
        notifications.service ?? 'warroom',
        notifications.secrets,
      );
      this.notifier = new Notifier(config, {
        retry: { ...ARGO_CD_RETRY, ...notifications.retry },
        attemptTimeoutMs: notifications.attemptTimeoutMs ?? 30_000,
        context: notifications.context ?? { argocdUrl: 'https://argocd.example.com' },
        sleep: (ms) => this.sleep(ms),
        track: (work) => this.track(work),
        changed: () => this.changed(),
      });
    }
    this.api = new ArgoApi(
      {
        token: options.token,
        apps: () => this.applications,
        rollback: (app, id, dryRun, prune) => this.startRollback(app, id, dryRun, prune),
        sync: (app, revision, dryRun, prune) => this.startSync(app, revision, dryRun, prune),
      },
      () => this.changed(),
    );
    for (const spec of options.applications ?? []) this.addApplication(spec);
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  }

  static async start(options: ArgoCdEmulatorOptions, port = 0): Promise<ArgoCdEmulator> {
    const emulator = new ArgoCdEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(port, '127.0.0.1', () => resolve());
    });
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  /** The Argo CD server URL a client is configured with (the API is under /api/v1). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get calls(): readonly RecordedArgoCall[] {
    return this.api.calls;
  }

  get notifications(): readonly RecordedNotification[] {
    return this.notifier?.notifications ?? [];
  }

  /**
   * Adds an Application. `notifiedBefore` says what the notifications controller already sent for
   * it: `live` (default) what holds now, `all` every revision in its history, `none` nothing.
   */
  addApplication(spec: ApplicationSpec & { notifiedBefore?: NotifiedBefore }): Application {
    const app = application(spec);
    this.applications.push(app);
    this.known.set(
      app.metadata.name,
      new Set([app.status.sync.revision, ...app.status.history.map((h) => h.revision)]),
    );
    this.notifier?.seed(app, spec.notifiedBefore ?? 'live');
    return app;
  }

  app(name: string): Application {
    const app = this.applications.find((a) => a.metadata.name === name);
    if (!app) throw new Error(`no application ${name} in the Argo CD emulator`);
    return app;
  }

  /** Makes the app's next operations end so (each call queues one outcome). */
  nextOperationEnds(name: string, ...outcomes: OperationOutcome[]): void {
    this.outcomes.set(name, [...(this.outcomes.get(name) ?? []), ...outcomes]);
  }

  /** A new commit where the app's target revision points: OutOfSync, or synced at once under auto-sync. */
  commit(name: string, revision: string): void {
    const app = this.app(name);
    this.known.get(name)?.add(revision);
    app.status.sync.revision = revision;
    app.status.sync.status = 'OutOfSync';
    this.changed(app);
    if (app.spec.syncPolicy?.automated && !app.operation)
      this.operate(app, { sync: { revision, prune: true }, initiatedBy: { automated: true }, retry: {} });
  }

  /** Turns auto-sync on or off, as `argocd app set --sync-policy` does. */
  setAutoSync(name: string, on: boolean): void {
    const app = this.app(name);
    app.spec.syncPolicy = on ? { automated: { prune: true, selfHeal: true } } : {};
    this.changed(app);
  }

  injectFault(rule: ArgoFaultRule): void {
    this.api.faults.add(rule);
  }

  clearFaults(): void {
    this.api.faults.clear();
  }

  /** While down, every connection is cut unanswered, as a client of a crashed server sees it. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Resolves when `check` returns something other than undefined/false; rejects after `timeoutMs`. */
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

  /** Resolves when no operation runs and no notification is being sent. */
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

  private startRollback(app: Application, id: number, dryRun: boolean, prune: boolean): void {
    const entry = historyOf(app, id);
    if (!entry) return;
    this.operate(app, {
      sync: { revision: entry.revision, dryRun, prune, source: entry.source, syncStrategy: { apply: {} } },
      initiatedBy: { username: this.options.username ?? 'warroom' },
      retry: {},
    });
  }

  private startSync(app: Application, revision: string | undefined, dryRun: boolean, prune: boolean): void {
    const target = app.spec.source.targetRevision || 'HEAD';
    const resolved = !revision || revision === target ? app.status.sync.revision : revision;
    this.operate(app, {
      sync: { revision: resolved, dryRun, prune },
      initiatedBy: { username: this.options.username ?? 'warroom' },
      retry: {},
    });
  }

  private operate(app: Application, operation: Application['operation'] & object): void {
    const host = {
      timing: this.timing,
      sleep: (ms: number) => this.sleep(ms),
      changed: (changed: Application) => this.changed(changed),
      nextOutcome: (target: Application) => this.outcomes.get(target.metadata.name)?.shift() ?? 'succeeded',
    };
    requestOperation(host, app, operation);
    this.track(runOperation(host, app, this.known.get(app.metadata.name) ?? new Set()));
  }

  private changed(app?: Application): void {
    if (app) {
      this.version += 1;
      app.metadata.resourceVersion = String(this.version);
      app.status.reconciledAt = argoTime();
      this.notifier?.evaluate(app);
    }
    for (const listener of this.listeners) listener();
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

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    work.then(
      () => this.inFlight.delete(work),
      (error: unknown) => {
        this.inFlight.delete(work);
        if (!this.stopped) this.problems.push(error instanceof Error ? error.message : String(error));
        this.changed();
      },
    );
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.baseUrl);
    await this.respond(res, this.api.handle(req.method ?? 'GET', url, lowerHeaders(req), body));
  }

  private async respond(res: ServerResponse, { answer, delayMs, down }: ArgoOutcome): Promise<void> {
    if (down) {
      res.socket?.destroy();
      return;
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const text = answer.text ?? JSON.stringify(answer.json);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(text);
  }
}
