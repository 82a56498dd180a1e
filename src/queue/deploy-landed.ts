/**
 * @module queue/deploy-landed
 * The `deploy-landed` job: a deploy report, once recorded in the deploy store, reaches every open
 * incident as `DeployLanded` (flagged when the freeze held and it is not warroom's own rollback), and
 * the incident whose rollback it is records `RollbackDeployed`, completing the step. Payload:
 * { service, reportId }. Safe to run twice: each incident records it under a key made from the report.
 */
import type { Job } from 'bullmq';
import type { DeployReport } from '../changes/deploys.js';
import type { DeploySnapshot } from '../incident/events.js';
import { FreezeStore } from '../store/freeze-store.js';
import { type EffectContext, recordSystem } from './context.js';
import type { DeployLandedJob } from './names.js';

/** What an incident is told about: a deploy that went live or failed; progress reports are not. */
const TOLD = new Set(['success', 'failure', 'error']);

export function snapshotOfReport(report: DeployReport): DeploySnapshot {
  return {
    deployId: report.deployId,
    service: report.service,
    environment: report.environment,
    version: report.version,
    ...(report.commit ? { commit: report.commit } : {}),
    ...(report.url ? { url: report.url } : {}),
    ...(report.author ? { author: report.author } : {}),
    at: report.at,
    source: report.source,
  };
}

export async function takeDeployToIncidents(ctx: EffectContext, report: DeployReport): Promise<number> {
  if (!TOLD.has(report.state)) return 0;
  const freeze = new FreezeStore(ctx.redis, ctx.config.keyPrefix);
  const [holders, running] = await Promise.all([freeze.holders(), freeze.runningRollbacks()]);
  const ours = running.some((r) => r.service === report.service && r.version === report.version);
  const open = await ctx.store.openIncidentIds(1000);
  for (const incidentId of open) {
    await recordSystem(
      ctx,
      incidentId,
      {
        type: 'recordDeploy',
        deploy: snapshotOfReport(report),
        state: report.state,
        frozen: holders.length > 0 && !ours,
      },
      `deploy:${report.id}`,
      { actor: 'warroom', at: report.at },
    );
  }
  return open.length;
}

export async function processDeployLanded(ctx: EffectContext, job: Job<DeployLandedJob>): Promise<string> {
  const { service, reportId } = job.data;
  const reports = await ctx.deploys.reports(service, 0, Date.now() + 86_400_000);
  const report = reports.find((r) => r.id === reportId);
  if (!report) return 'no such report (trimmed?)';
  const told = await takeDeployToIncidents(ctx, report);
  return `told ${told} open incidents`;
}
