/**
 * @module hooks/argocd-payloads
 * What an Argo CD notification means to warroom. The body is the one the templates in
 * docs/integrations/argocd-notifications.yaml render (trigger, app, revision, phase, health, sync,
 * finishedAt, initiatedBy, historyId); Argo CD signs nothing, so the route checks X-Warroom-Token
 * (`sharedSecretMatches`) before this runs. Pure: the report's id is made only of what Argo CD sent,
 * so its retries (up to 3, on 5xx and connection errors) are one report.
 */
import { z } from 'zod';
import { serviceForArgoApp } from '../catalog/lookup.js';
import type { Catalog } from '../catalog/schema.js';
import type { DeployReport, DeployState } from '../changes/deploys.js';
import { isFullSha, serviceNameFrom, shortSha } from './names.js';
import { problemText } from './problems.js';

export type ArgoHook =
  | { kind: 'deploy'; report: DeployReport; trigger: string; historyId: number | null }
  | { kind: 'invalid'; problem: string };

/** The triggers the documented template sends, and the deploy state each one reports. */
export const ARGO_TRIGGERS: Readonly<Record<string, DeployState>> = {
  'on-deployed': 'success',
  'on-sync-failed': 'failure',
  'on-health-degraded': 'error',
};

/** The version shown when Argo CD sent no revision (a multi-source app, or a sync that failed before resolving one). */
export const UNKNOWN_REVISION = 'unknown';

const triggerNames = Object.keys(ARGO_TRIGGERS);

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), {
  error: 'expected an RFC 3339 time, e.g. 2024-03-05T07:33:04Z',
});

/**
 * Every field but trigger and app may be null: the template's toJson renders what the Application
 * lacks (no operation yet, a sync still running) as null.
 */
const notification = z.looseObject({
  trigger: z.string().refine((t) => triggerNames.includes(t), {
    error: `expected one of ${triggerNames.join(', ')} (the triggers in docs/integrations/argocd-notifications.yaml)`,
  }),
  app: z.string().min(1, { error: 'expected the Application name, got ""' }).max(253, {
    error: 'expected an Application name of at most 253 characters',
  }),
  revision: z.string().nullish(),
  phase: z.string().nullish(),
  health: z.string().nullish(),
  sync: z.string().nullish(),
  finishedAt: isoTime.nullish(),
  initiatedBy: z.looseObject({ username: z.string().nullish(), automated: z.boolean().nullish() }).nullish(),
  historyId: z.number().int().nullish(),
});

export interface ArgoParseOptions {
  /**
   * When warroom received the notification (epoch ms; default the clock). It is the report's time for
   * on-health-degraded, whose body says when the last sync finished but not when health changed, and
   * for any notification that has no finishedAt.
   */
  now?: number;
}

/**
 * What a notification from Argo CD means: always a deploy report, or `invalid` (answer 400; Argo CD
 * does not retry a 4xx). Never throws.
 *
 * The version is the synced revision, shortened to 7 characters when it is a git sha. Teams who want
 * release names (`2026.11.28-3`) should put one on the Application, e.g. an annotation
 * `warroom.dev/version` that the pipeline sets with the image tag, add
 * `"version": {{toJson (index .app.metadata.annotations "warroom.dev/version")}}` to the templates, and
 * have this parser prefer it; it does not read one yet.
 * @example
 * const hook = parseArgoNotification(JSON.parse(raw), catalog, { now: receivedAt });
 * if (hook.kind === 'deploy') recordDeploy(hook.report);
 */
export function parseArgoNotification(body: unknown, catalog: Catalog, options: ArgoParseOptions = {}): ArgoHook {
  const parsed = notification.safeParse(body, { reportInput: true });
  if (!parsed.success) return { kind: 'invalid', problem: problemText(parsed.error.issues) };
  const { trigger, app, revision, phase, health, sync, finishedAt, initiatedBy, historyId } = parsed.data;
  const state = ARGO_TRIGGERS[trigger] ?? 'error';
  const now = options.now ?? Date.now();

  const service = serviceForArgoApp(catalog, app);
  const sha = revision && isFullSha(revision) ? revision.toLowerCase() : undefined;
  const version = sha ? shortSha(sha) : revision || UNKNOWN_REVISION;
  const finished = finishedAt ? Date.parse(finishedAt) : undefined;
  const at = trigger === 'on-health-degraded' ? now : (finished ?? now);

  const seen = [phase && `phase ${phase}`, health && `health ${health}`, sync && `sync ${sync}`].filter(Boolean);
  const description = [
    `Argo CD ${trigger}${seen.length > 0 ? ` (${seen.join(', ')})` : ''}`,
    revision ? '' : 'Argo CD sent no revision',
  ]
    .filter(Boolean)
    .join('; ');

  const report: DeployReport = {
    id: `argocd:${app}:${trigger}:${revision || UNKNOWN_REVISION}:${finishedAt ?? '-'}`,
    deployId: `argocd:${app}:${revision || UNKNOWN_REVISION}`,
    service: service?.name ?? serviceNameFrom(app, 'argocd'),
    environment: service?.github?.environment ?? 'production',
    version,
    commit: sha,
    url: undefined,
    author: initiatedBy?.username || 'automated',
    description,
    state,
    at,
    source: 'argocd',
  };
  return { kind: 'deploy', report, trigger, historyId: historyId ?? null };
}
