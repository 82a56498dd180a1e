/**
 * @module sandbox/argocd/operations
 * What happens to an Application after a rollback or sync is accepted, as the application controller
 * does it: the API sets `operation` and clears `status.operationState`; the controller picks it up
 * (phase Running), applies the revision and finishes (Succeeded, with a new history entry, health
 * Progressing then Healthy or Degraded; or Failed/Error), and clears `operation`. Every step is a
 * change the notifications controller sees.
 */
import { type Application, argoTime, type HealthStatus, type Operation } from './application.js';

/** How an operation ends: injected per app, `succeeded` unless told otherwise. */
export type OperationOutcome = 'succeeded' | 'degraded' | 'failed' | 'error';

export interface OperationTiming {
  /** From the API accepting the operation to the controller starting it (default 10 ms). */
  pickupMs: number;
  /** How long the sync runs (default 50 ms). */
  runMs: number;
  /** From the sync finishing to health settling (default 30 ms). */
  healthMs: number;
}

export interface OperationHost {
  timing: OperationTiming;
  sleep(ms: number): Promise<void>;
  /** Called after every change: bumps resourceVersion and lets the notifier look. */
  changed(app: Application): void;
  /** How this app's next operation ends. */
  nextOutcome(app: Application): OperationOutcome;
}

const HISTORY_LIMIT = 10;

function setHealth(app: Application, status: HealthStatus): void {
  if (app.status.health.status === status) return;
  app.status.health = { status, lastTransitionTime: argoTime() };
}

/**
 * Whether an operation is requested or running: `operation` stays set until the controller finishes
 * it, and argo.SetAppOperation refuses a new one while it is ("another operation is already in progress").
 */
export function operationInProgress(app: Application): boolean {
  return app.operation !== undefined;
}

/** The API's half: records the requested operation, as argo.SetAppOperation does. */
export function requestOperation(host: OperationHost, app: Application, operation: Operation): void {
  app.operation = operation;
  delete app.status.operationState;
  host.changed(app);
}

function finishFailed(app: Application, outcome: 'failed' | 'error', startedAt: string, operation: Operation): void {
  const revision = operation.sync.revision;
  const source = operation.sync.source ?? app.spec.source;
  app.status.operationState = {
    operation,
    phase: outcome === 'failed' ? 'Failed' : 'Error',
    message:
      outcome === 'failed'
        ? `one or more objects failed to apply, reason: Deployment.apps "${app.metadata.name}" is invalid: spec.template.spec.containers[0].image: Required value`
        : `rpc error: code = Unknown desc = unable to resolve '${revision}' to a commit SHA`,
    startedAt,
    finishedAt: argoTime(),
    syncResult: {
      revision,
      source,
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: app.spec.destination.namespace,
          name: app.metadata.name,
          status: 'SyncFailed',
          syncPhase: 'Sync',
        },
      ],
    },
  };
}

function finishSucceeded(app: Application, startedAt: string, operation: Operation): void {
  const { revision, dryRun } = operation.sync;
  const source = operation.sync.source ?? app.spec.source;
  const finishedAt = argoTime();
  app.status.operationState = {
    operation,
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    startedAt,
    finishedAt,
    syncResult: {
      revision,
      source,
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: app.spec.destination.namespace,
          name: app.metadata.name,
          status: 'Synced',
          syncPhase: 'Sync',
          message: `deployment.apps/${app.metadata.name} configured`,
        },
      ],
    },
  };
  if (dryRun) return;
  const history = app.status.history;
  history.push({
    id: (history.at(-1)?.id ?? -1) + 1,
    revision,
    deployedAt: finishedAt,
    deployStartedAt: startedAt,
    source,
    initiatedBy: operation.initiatedBy,
  });
  history.splice(0, Math.max(0, history.length - (app.spec.revisionHistoryLimit ?? HISTORY_LIMIT)));
  app.status.sync.status = revision === app.status.sync.revision ? 'Synced' : 'OutOfSync';
  setHealth(app, 'Progressing');
}

/**
 * The controller's half: runs the requested operation to its end.
 * @example
 * requestOperation(host, app, op); void runOperation(host, app, knownRevisions);
 */
export async function runOperation(host: OperationHost, app: Application, known: ReadonlySet<string>): Promise<void> {
  await host.sleep(host.timing.pickupMs);
  const operation = app.operation;
  if (!operation) return;
  const startedAt = argoTime();
  app.status.operationState = { operation, phase: 'Running', message: 'one or more tasks are running', startedAt };
  host.changed(app);
  await host.sleep(host.timing.runMs);
  let outcome = host.nextOutcome(app);
  if (!known.has(operation.sync.revision)) outcome = 'error';
  if (outcome === 'failed' || outcome === 'error') finishFailed(app, outcome, startedAt, operation);
  else finishSucceeded(app, startedAt, operation);
  delete app.operation;
  host.changed(app);
  if (outcome === 'failed' || outcome === 'error' || operation.sync.dryRun) return;
  await host.sleep(host.timing.healthMs);
  setHealth(app, outcome === 'degraded' ? 'Degraded' : 'Healthy');
  host.changed(app);
}
