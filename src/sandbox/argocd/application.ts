/**
 * @module sandbox/argocd/application
 * The Argo CD Application as the emulator holds it: the JSON object the API answers with, shaped like
 * ../shared/contracts/argocd/samples/application-synced-with-history.yaml (metadata, spec.source,
 * spec.syncPolicy, status.sync, status.health, status.history, status.operationState), and a builder
 * that makes one from a few facts.
 */
import { createHash } from 'node:crypto';

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type OperationPhase = 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';
export type TriggerName = 'on-deployed' | 'on-sync-failed' | 'on-health-degraded';

export interface Source {
  repoURL: string;
  path: string;
  targetRevision: string;
}

export interface Initiator {
  username?: string;
  automated?: boolean;
}

export interface HistoryEntry {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt: string;
  source: Source;
  initiatedBy?: Initiator;
}

export interface Operation {
  sync: {
    revision: string;
    dryRun?: boolean;
    prune?: boolean;
    source?: Source;
    syncStrategy?: Record<string, unknown>;
  };
  initiatedBy: Initiator;
  retry: Record<string, unknown>;
}

export interface OperationState {
  operation: Operation;
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt?: string;
  syncResult?: { revision: string; source: Source; resources: Record<string, unknown>[] };
}

export interface Application {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: {
    project: string;
    source: Source;
    destination: { server: string; namespace: string };
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean; enabled?: boolean }; syncOptions?: string[] };
    revisionHistoryLimit?: number;
  };
  /** Set while an operation is requested or running; cleared when it completes. */
  operation?: Operation;
  status: {
    sync: { status: SyncStatus; revision: string; comparedTo: { source: Source; destination: Record<string, string> } };
    health: { status: HealthStatus; lastTransitionTime: string };
    history: HistoryEntry[];
    operationState?: OperationState;
    reconciledAt: string;
    sourceType: string;
    summary: Record<string, unknown>;
    resources: Record<string, unknown>[];
  };
}

export interface ApplicationSpec {
  name: string;
  /** The namespace the Application lives in (default `argocd`). */
  namespace?: string;
  project?: string;
  repoURL?: string;
  path?: string;
  /** What the app tracks (default `HEAD`). */
  targetRevision?: string;
  /** `spec.syncPolicy.automated` on: Argo CD then refuses rollbacks. */
  autoSync?: boolean;
  /** Revisions deployed so far, oldest first; the last is live. History ids count from 0. */
  history: readonly (string | { revision: string; deployedAt?: string; initiatedBy?: Initiator })[];
  /** What `targetRevision` resolves to now (default: the live revision). */
  headRevision?: string;
  health?: HealthStatus;
  /** Triggers the app subscribes the `warroom` service to (default all three). */
  subscriptions?: readonly TriggerName[];
  labels?: Record<string, string>;
}

/** Argo CD's timestamps: RFC 3339, UTC, whole seconds. */
export function argoTime(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const SUBSCRIBE_PREFIX = 'notifications.argoproj.io/subscribe.';

/** The history entry with this id, or undefined. */
export function historyOf(app: Application, id: number): HistoryEntry | undefined {
  return app.status.history.find((h) => h.id === id);
}

/**
 * An Application as Argo CD would hold it after the given deploys, all synced and healthy.
 * @example
 * application({ name: 'checkout', history: ['a1b2…', 'c3d4…'] })
 */
export function application(spec: ApplicationSpec): Application {
  const namespace = spec.namespace ?? 'argocd';
  const source: Source = {
    repoURL: spec.repoURL ?? `https://github.com/acme/${spec.name}-deploy.git`,
    path: spec.path ?? `apps/${spec.name}`,
    targetRevision: spec.targetRevision ?? 'HEAD',
  };
  const start = Date.now() - spec.history.length * 3_600_000;
  const history: HistoryEntry[] = spec.history.map((entry, id) => {
    const given = typeof entry === 'string' ? { revision: entry } : entry;
    const deployedAt = given.deployedAt ?? argoTime(start + id * 3_600_000);
    return {
      id,
      revision: given.revision,
      deployedAt,
      deployStartedAt: deployedAt,
      source,
      ...(given.initiatedBy ? { initiatedBy: given.initiatedBy } : {}),
    };
  });
  const live = history.at(-1);
  const head = spec.headRevision ?? live?.revision ?? '';
  const at = live?.deployedAt ?? argoTime();
  const subscriptions = spec.subscriptions ?? ['on-deployed', 'on-sync-failed', 'on-health-degraded'];
  const destination = { server: 'https://kubernetes.default.svc', namespace: spec.name };
  return {
    metadata: {
      name: spec.name,
      namespace,
      uid: createHash('sha1')
        .update(`${namespace}/${spec.name}`)
        .digest('hex')
        .slice(0, 32)
        .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: history[0]?.deployedAt ?? at,
      labels: spec.labels ?? {},
      annotations: Object.fromEntries(subscriptions.map((t) => [`${SUBSCRIBE_PREFIX}${t}.warroom`, ''])),
    },
    spec: {
      project: spec.project ?? 'default',
      source,
      destination,
      syncPolicy: spec.autoSync ? { automated: { prune: true, selfHeal: true } } : {},
    },
    status: {
      sync: {
        status: live && head === live.revision ? 'Synced' : 'OutOfSync',
        revision: head,
        comparedTo: { source, destination },
      },
      health: { status: spec.health ?? 'Healthy', lastTransitionTime: at },
      history,
      ...(live
        ? {
            operationState: {
              operation: { sync: { revision: live.revision }, initiatedBy: { automated: true }, retry: {} },
              phase: 'Succeeded' as const,
              message: 'successfully synced (all tasks run)',
              startedAt: live.deployStartedAt,
              finishedAt: live.deployedAt,
              syncResult: { revision: live.revision, source, resources: [] },
            },
          }
        : {}),
      reconciledAt: at,
      sourceType: 'Directory',
      summary: {},
      resources: [],
    },
  };
}
