/**
 * @module connectors/argocd/application
 * An Argo CD Application as warroom needs it (`ArgoApp`): auto-sync on or off, sync and health,
 * the operation requested or last run, and the deploy history that rollbacks name by id. Read from
 * the API's `v1alpha1Application` with a lenient schema (Kubernetes omits empty fields).
 */
import { z } from 'zod';

export interface ArgoOperation {
  /**
   * Argo CD's phase (`Running`, `Terminating`, `Failed`, `Error`, `Succeeded`), or `Requested` while
   * an accepted operation waits for the application controller to pick it up.
   */
  phase: string;
  /** ms since the epoch. */
  startedAt: number | undefined;
  finishedAt: number | undefined;
  revision: string | undefined;
  /** The user (or token account) that started it, or `automated` for Argo CD's own auto-sync. */
  initiatedBy: string | undefined;
  /** Argo CD's message, e.g. why a sync failed. */
  message: string | undefined;
}

export interface ArgoHistoryEntry {
  /** What `rollback` takes. */
  id: number;
  revision: string;
  /** ms since the epoch. */
  deployedAt: number;
}

export interface ArgoApp {
  name: string;
  project: string;
  /** Argo CD refuses a rollback while this is on. */
  autoSync: boolean;
  sync: { status: string; revision: string };
  health: string;
  operation: ArgoOperation | undefined;
  /** Oldest first, as Argo CD keeps it (the last `revisionHistoryLimit` syncs, 10 by default). */
  history: ArgoHistoryEntry[];
}

const text = z.string().nullish();
const initiator = z.object({ username: text, automated: z.boolean().nullish() }).nullish();
const requested = z
  .object({
    sync: z.object({ revision: text, revisions: z.array(z.string()).nullish() }).nullish(),
    initiatedBy: initiator,
  })
  .nullish();

export const applicationSchema = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    project: text,
    syncPolicy: z.object({ automated: z.object({ enabled: z.boolean().nullish() }).nullish() }).nullish(),
  }),
  operation: requested,
  status: z
    .object({
      sync: z.object({ status: text, revision: text, revisions: z.array(z.string()).nullish() }).nullish(),
      health: z.object({ status: text }).nullish(),
      history: z
        .array(z.object({ id: z.number(), revision: text, revisions: z.array(z.string()).nullish(), deployedAt: text }))
        .nullish(),
      operationState: z
        .object({
          phase: z.string(),
          message: text,
          startedAt: text,
          finishedAt: text,
          operation: requested,
          syncResult: z.object({ revision: text, revisions: z.array(z.string()).nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

type ApplicationJson = z.infer<typeof applicationSchema>;
type Requested = z.infer<typeof requested>;

const TERMINAL = new Set(['Failed', 'Error', 'Succeeded']);

const ms = (value: string | null | undefined) => {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
};

/** A multi-source app keeps `revisions`; its first source's revision stands for it here. */
const firstRevision = (r: { revision?: string | null; revisions?: string[] | null } | null | undefined) =>
  r?.revision || r?.revisions?.[0] || undefined;

function initiatedBy(operation: Requested): string | undefined {
  const who = operation?.initiatedBy;
  return who?.username || (who?.automated ? 'automated' : undefined);
}

function operationOf(app: ApplicationJson): ArgoOperation | undefined {
  const state = app.status?.operationState;
  // Argo CD clears operationState when it accepts an operation; a terminal state beside a set
  // `operation` is the previous one's, so the new request is what counts.
  if (app.operation && (!state || TERMINAL.has(state.phase)))
    return {
      phase: 'Requested',
      startedAt: undefined,
      finishedAt: undefined,
      revision: firstRevision(app.operation.sync),
      initiatedBy: initiatedBy(app.operation),
      message: undefined,
    };
  if (!state) return undefined;
  return {
    phase: state.phase,
    startedAt: ms(state.startedAt),
    finishedAt: ms(state.finishedAt),
    revision: firstRevision(state.syncResult) ?? firstRevision(state.operation?.sync),
    initiatedBy: initiatedBy(state.operation),
    message: state.message || undefined,
  };
}

export function toArgoApp(app: ApplicationJson): ArgoApp {
  const automated = app.spec.syncPolicy?.automated;
  return {
    name: app.metadata.name,
    project: app.spec.project || 'default',
    autoSync: Boolean(automated) && automated?.enabled !== false,
    sync: { status: app.status?.sync?.status || 'Unknown', revision: firstRevision(app.status?.sync) ?? '' },
    health: app.status?.health?.status || 'Unknown',
    operation: operationOf(app),
    history: (app.status?.history ?? []).map((entry) => ({
      id: entry.id,
      revision: firstRevision(entry) ?? '',
      deployedAt: ms(entry.deployedAt) ?? 0,
    })),
  };
}

/**
 * The history id to roll back to for `revision`: the newest entry deployed at exactly that revision,
 * else (for 7+ characters) the newest whose revision starts with it, as a short sha would.
 * Undefined when Argo CD no longer keeps it.
 * @example
 * historyIdFor(app, 'a1b2c3d') // 7
 */
export function historyIdFor(app: ArgoApp, revision: string): number | undefined {
  const wanted = revision.trim().toLowerCase();
  if (!wanted) return undefined;
  const newestFirst = [...app.history].sort((a, b) => b.id - a.id);
  const exact = newestFirst.find((entry) => entry.revision.toLowerCase() === wanted);
  if (exact) return exact.id;
  if (wanted.length < 7) return undefined;
  return newestFirst.find((entry) => entry.revision.toLowerCase().startsWith(wanted))?.id;
}
