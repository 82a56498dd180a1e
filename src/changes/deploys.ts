/**
 * @module changes/deploys
 * Deploys as warroom knows them: every status a deploy system reported (GitHub deployment statuses,
 * Argo CD notifications, any CI through the deploy webhook or the CLI), folded into one deploy per
 * deploy id, and the questions an incident asks of them: what changed before the impact, what was
 * live before the suspect, what landed after it. Pure: no clock, no Redis.
 */

/** The states a deploy can be reported in (GitHub's deployment status states). */
export const DEPLOY_STATES = ['queued', 'pending', 'in_progress', 'success', 'failure', 'error', 'inactive'] as const;
export type DeployState = (typeof DEPLOY_STATES)[number];

export type DeploySource = 'github' | 'argocd' | 'webhook' | 'cli';

/** One report about a deploy, as received: immutable, recorded once under its idempotency key. */
export interface DeployReport {
  /** Unique per report (e.g. `github:status:123`), so two reports are never one. */
  id: string;
  /** The deploy this report is about; reports of one deploy share it (e.g. `github:acme/payments-api:4567`). */
  deployId: string;
  service: string;
  environment: string;
  /** What people call the release: `2026.11.28-3` (GitHub: `payload.version`, else the ref, else the sha). */
  version: string;
  commit?: string | undefined;
  ref?: string | undefined;
  /** Where to look at it (the workflow run, the Argo CD app, the pipeline). */
  url?: string | undefined;
  author?: string | undefined;
  description?: string | undefined;
  state: DeployState;
  /** When the deploy system says this state was reached (epoch ms). */
  at: number;
  source: DeploySource;
  /** When warroom recorded it (Redis TIME, epoch ms). */
  recordedAt?: number;
}

/** A deploy: the reports of one deploy id folded together. */
export interface Deploy {
  deployId: string;
  service: string;
  environment: string;
  version: string;
  commit: string | undefined;
  ref: string | undefined;
  url: string | undefined;
  author: string | undefined;
  description: string | undefined;
  source: DeploySource;
  /** The latest state reported. */
  state: DeployState;
  /** When it reached its latest state; for a successful deploy, when it went live. */
  at: number;
  /** When the first report about it was made. */
  startedAt: number;
  /** When warroom recorded its latest report (orders deploys reported within the same second). */
  recordedAt: number;
}

/** Whether `a` went out before `b`: by the time reported, then (the same second) by the order received. */
export function wentOutBefore(a: Pick<Deploy, 'at' | 'recordedAt'>, b: Pick<Deploy, 'at' | 'recordedAt'>): boolean {
  return a.at < b.at || (a.at === b.at && a.recordedAt < b.recordedAt);
}

/** Folds reports into deploys (by deploy id), the latest state winning; newest deploy first. */
export function foldDeploys(reports: readonly DeployReport[]): Deploy[] {
  const byId = new Map<string, Deploy>();
  const ordered = [...reports].sort((a, b) => a.at - b.at || (a.recordedAt ?? 0) - (b.recordedAt ?? 0));
  for (const report of ordered) {
    const known = byId.get(report.deployId);
    byId.set(report.deployId, {
      deployId: report.deployId,
      service: report.service,
      environment: report.environment,
      version: report.version,
      commit: report.commit ?? known?.commit,
      ref: report.ref ?? known?.ref,
      url: report.url ?? known?.url,
      author: report.author ?? known?.author,
      description: report.description ?? known?.description,
      source: report.source,
      state: report.state,
      at: report.at,
      startedAt: known?.startedAt ?? report.at,
      recordedAt: report.recordedAt ?? 0,
    });
  }
  return [...byId.values()].sort((a, b) => b.at - a.at || b.recordedAt - a.recordedAt);
}

/** Deploys that went live (`success`), newest first. */
export function liveDeploys(deploys: readonly Deploy[]): Deploy[] {
  return deploys.filter((d) => d.state === 'success');
}

/**
 * The changes an incident shows: deploys that went live from `from` up to `until`, the affected
 * service's first, each group newest first.
 */
export function changesBefore(
  deploys: readonly Deploy[],
  window: { from: number; until: number; service?: string | undefined },
): Deploy[] {
  const inWindow = liveDeploys(deploys).filter((d) => d.at >= window.from && d.at <= window.until);
  const affected = inWindow.filter((d) => d.service === window.service);
  const others = inWindow.filter((d) => d.service !== window.service);
  return [...affected, ...others];
}

/** What was live before the suspect went out: the last successful deploy of its service and environment. */
export function rollbackTarget(deploys: readonly Deploy[], suspect: Deploy): Deploy | undefined {
  return liveDeploys(deploys).find(
    (d) =>
      d.service === suspect.service &&
      d.environment === suspect.environment &&
      wentOutBefore(d, suspect) &&
      d.version !== suspect.version,
  );
}

/** Deploys of the suspect's service and environment that went live after it (they would be rolled back too). */
export function landedAfter(deploys: readonly Deploy[], suspect: Deploy): Deploy[] {
  return liveDeploys(deploys).filter(
    (d) => d.service === suspect.service && d.environment === suspect.environment && wentOutBefore(suspect, d),
  );
}

/** What is live now for a service and environment: its latest successful deploy. */
export function liveVersion(deploys: readonly Deploy[], service: string, environment: string): Deploy | undefined {
  return liveDeploys(deploys).find((d) => d.service === service && d.environment === environment);
}
