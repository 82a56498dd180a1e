/**
 * @module queue/rollback-drivers
 * Each rollback driver as two calls: `start` (what the confirmation promised, exactly once) and `find`
 * (after a crash that left it unknown whether `start` went through: look for what it would have made).
 */
import type { RollbackDriver } from '../catalog/schema.js';
import { fillInputs } from '../changes/rollback-plan.js';
import { ArgoCdClient, historyIdFor } from '../connectors/argocd/client.js';
import { ConnectorError } from '../connectors/errors.js';
import { GitHubClient } from '../connectors/github/client.js';
import { callRollbackWebhook } from '../connectors/webhook/rollback-webhook.js';
import type { RollbackRecord } from '../incident/state.js';
import type { EffectContext } from './context.js';

/** What the deploy system made: its id there, and where to look at it. */
export interface Started {
  remote: string | undefined;
  url: string | undefined;
}

export interface Driver {
  system: 'github' | 'argocd' | 'webhook';
  start(): Promise<Started>;
  /**
   * What an earlier attempt made, if it made anything since `since` (ms) that no other rollback has
   * claimed (`taken`: remotes other rollbacks own); undefined when nothing.
   */
  find(since: number, taken: ReadonlySet<string>): Promise<Started | undefined>;
}

/** Clocks differ between warroom and the deploy system: look from this long before the attempt. */
const CLOCK_SLACK_MS = 60_000;

function missing(system: Driver['system'], what: string): ConnectorError {
  return new ConnectorError({ system, status: undefined, retryable: false, detail: `${what} is not set on warroom` });
}

export function driverFor(
  ctx: EffectContext,
  driver: RollbackDriver,
  rollback: RollbackRecord,
  incidentId: string,
): Driver {
  const { config } = ctx;
  switch (driver.kind) {
    case 'github_workflow': {
      const token = config.github.token;
      const client = token ? new GitHubClient({ apiUrl: config.github.apiUrl, token }) : undefined;
      const inputs = fillInputs(driver.inputs, {
        target: rollback.target.version,
        service: rollback.service,
        environment: rollback.environment,
        incident: incidentId,
        rollbackId: rollback.rollbackId,
      });
      return {
        system: 'github',
        start: async () => {
          if (!client) throw missing('github', 'GITHUB_TOKEN');
          const run = await client.dispatchWorkflow(driver.repo, driver.workflow, driver.ref, inputs);
          return {
            remote: run.runId !== undefined ? `run ${run.runId}` : `${driver.workflow} dispatched`,
            url: run.htmlUrl,
          };
        },
        find: async (since) => {
          if (!client) throw missing('github', 'GITHUB_TOKEN');
          const runs = await client.listDispatchedRuns(driver.repo, driver.workflow, {
            since: new Date(since - CLOCK_SLACK_MS),
          });
          const user = await client.tokenUser().catch(() => undefined);
          const ours = runs.find((run) => !user || run.actor === user);
          return ours ? { remote: `run ${ours.id}`, url: ours.htmlUrl } : undefined;
        },
      };
    }
    case 'argocd': {
      const { url, token } = config.argocd;
      const client = url && token ? new ArgoCdClient({ url, token }) : undefined;
      return {
        system: 'argocd',
        start: async () => {
          if (!client) throw missing('argocd', 'ARGOCD_URL or ARGOCD_TOKEN');
          const app = await client.getApplication(driver.app, driver.project);
          const id = historyIdFor(app, rollback.target.version);
          if (id === undefined) {
            throw new ConnectorError({
              system: 'argocd',
              status: undefined,
              retryable: false,
              detail: `Argo CD no longer keeps ${rollback.target.version} in the history of ${driver.app} (it keeps the last revisionHistoryLimit syncs)`,
            });
          }
          await client.rollback(driver.app, id, driver.project ? { project: driver.project } : {});
          return { remote: `history ${id}`, url: `${url}/applications/${encodeURIComponent(driver.app)}` };
        },
        find: async (since) => {
          if (!client) throw missing('argocd', 'ARGOCD_URL or ARGOCD_TOKEN');
          const app = await client.getApplication(driver.app, driver.project);
          const op = app.operation;
          const wanted = rollback.target.version.toLowerCase();
          // An accepted rollback the controller has not picked up yet is `Requested`, with no start time.
          const recent = op?.phase === 'Requested' || (op?.startedAt ?? 0) >= since - CLOCK_SLACK_MS;
          const same = Boolean(op?.revision?.toLowerCase().startsWith(wanted)) && recent;
          return same
            ? {
                remote: `operation ${op?.startedAt ?? ''}`.trim(),
                url: `${url}/applications/${encodeURIComponent(driver.app)}`,
              }
            : undefined;
        },
      };
    }
    case 'webhook': {
      const secret = config.deploys.webhookSecret;
      const call = async (): Promise<Started> => {
        if (!secret) throw missing('webhook', 'DEPLOY_WEBHOOK_SECRET');
        const answer = await callRollbackWebhook({
          url: driver.url,
          secret,
          idempotencyKey: rollback.rollbackId,
          body: {
            incident: incidentId,
            rollback_id: rollback.rollbackId,
            service: rollback.service,
            environment: rollback.environment,
            version: rollback.target.version,
            current: rollback.current ?? null,
            requested_by: rollback.by,
            requested_at: new Date(rollback.requestedAt).toISOString(),
          },
        });
        return { remote: `HTTP ${answer.status}`, url: undefined };
      };
      // The receiver keeps the Idempotency-Key: asking again is how to find out, and acts once.
      return { system: 'webhook', start: call, find: async () => call() };
    }
  }
}
