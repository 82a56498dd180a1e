/**
 * @module queue/rollback-watch
 * The `rollback-watch` job, for Argo CD rollbacks: Argo CD may never notify a revision it already
 * notified once (its triggers fire once per revision), so the application is read every few seconds
 * until the rollback's operation ends. Succeeded and Healthy at the target revision is reported as a
 * deploy (through the deploy store, as if Argo CD had said so); Failed, Error or Degraded fails the
 * rollback. Payload: { incidentId, rollbackId, since }. Safe to run twice: both outcomes are recorded
 * under keys made from the rollback.
 */
import type { Job } from 'bullmq';
import type { DeployReport } from '../changes/deploys.js';
import { ArgoCdClient } from '../connectors/argocd/client.js';
import { isConnectorError } from '../connectors/errors.js';
import { ownEntry } from '../incident/state.js';
import { type EffectContext, recordSystem } from './context.js';
import { takeDeployToIncidents } from './deploy-landed.js';
import type { RollbackWatchJob } from './names.js';

/** How long a rollback is watched before warroom says it does not know how it ended. */
const WATCH_FOR_MS = 15 * 60_000;

export async function processRollbackWatch(ctx: EffectContext, job: Job<RollbackWatchJob>): Promise<string> {
  const { incidentId, rollbackId, since } = job.data;
  const { state } = await ctx.store.load(incidentId);
  const rollback = state ? ownEntry(state.rollbacks, rollbackId) : undefined;
  if (!state || rollback?.status !== 'dispatched') return 'nothing to watch';
  const driver = ctx.templates.catalog.services[rollback.service]?.rollback;
  const { url, token } = ctx.config.argocd;
  if (driver?.kind !== 'argocd' || !url || !token) return 'not an Argo CD rollback';
  const fail = (error: string) =>
    recordSystem(
      ctx,
      incidentId,
      { type: 'recordRollbackFailed', rollbackId, system: 'argocd', error },
      `sys:rollback-failed:${rollbackId}`,
    );
  let app: Awaited<ReturnType<ArgoCdClient['getApplication']>>;
  try {
    app = await new ArgoCdClient({ url, token }).getApplication(driver.app, driver.project);
  } catch (error) {
    if (isConnectorError(error) && !error.retryable) {
      await fail(error.detail);
      return 'failed';
    }
    throw error;
  }
  const op = app.operation;
  const wanted = rollback.target.version.toLowerCase();
  const onTarget = Boolean(op?.revision?.toLowerCase().startsWith(wanted));
  if (onTarget && op?.phase === 'Succeeded' && app.health === 'Healthy') {
    const revision = op.revision ?? rollback.target.version;
    const report: DeployReport = {
      id: `argocd:watch:${rollbackId}`,
      deployId: `argocd:${driver.app}:${revision}`,
      service: rollback.service,
      environment: rollback.environment,
      version: rollback.target.version,
      commit: /^[0-9a-f]{7,40}$/i.test(revision) ? revision : undefined,
      url: `${url}/applications/${encodeURIComponent(driver.app)}`,
      author: op.initiatedBy,
      description: `Argo CD rollback of ${driver.app} (phase Succeeded, health Healthy)`,
      state: 'success',
      at: op.finishedAt ?? Date.now(),
      source: 'argocd',
    };
    const recorded = await ctx.deploys.record(report, report.id);
    if (recorded.status === 'recorded') await takeDeployToIncidents(ctx, recorded.report);
    return 'deployed';
  }
  if (onTarget && (op?.phase === 'Failed' || op?.phase === 'Error' || app.health === 'Degraded')) {
    await fail(
      `Argo CD: operation ${op?.phase ?? ''}, health ${app.health}${op?.message ? `: ${op.message}` : ''}`.trim(),
    );
    return 'failed';
  }
  if (Date.now() - since > WATCH_FOR_MS) {
    await fail(
      `Argo CD did not finish the rollback of ${driver.app} within ${WATCH_FOR_MS / 60_000} minutes (operation ${op?.phase ?? 'none'}, health ${app.health}); look at the application`,
    );
    return 'gave up';
  }
  await ctx.effects.watchRollback(job.data);
  return `still ${op?.phase ?? 'waiting'}`;
}
