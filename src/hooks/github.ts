/**
 * @module hooks/github
 * `POST /hooks/github`: GitHub's webhook. The signature (`X-Hub-Signature-256`, HMAC of the raw body
 * with GITHUB_WEBHOOK_SECRET) is checked first: a bad or missing one is 401 and nothing is read
 * further. `deployment_status` becomes a deploy report, recorded once per `X-GitHub-Delivery` (a
 * redelivery keeps it); a completed `workflow_run` that failed fails the rollback it was; an `issues`
 * event closing a follow-up warroom filed marks it done (hooks/github-issues.ts).
 */

import { type Route, reply, replyError } from '../http/routes.js';
import { activeRollback } from '../incident/state.js';
import type { Services } from '../services.js';
import { dispatchAfterAck, record } from '../slack/record.js';
import { issueChanged } from './github-issues.js';
import type { GitHubWorkflowRun } from './github-payloads.js';
import { parseGitHubDelivery } from './github-payloads.js';
import { jsonBody, recordDeploy } from './record-deploy.js';
import { verifyHubSignature256 } from './signatures.js';

const DELIVERY = /^[\w-]{1,100}$/;

/** Fails the rollback a failed workflow run was, in the open incident it belongs to. */
async function runFinished(services: Services, run: GitHubWorkflowRun, delivery: string): Promise<number> {
  if (run.status !== 'completed' || run.conclusion === 'success' || run.conclusion === null) return 0;
  let failed = 0;
  for (const incidentId of await services.store.openIncidentIds(1000)) {
    const { state } = await services.store.load(incidentId);
    const rollback = state ? activeRollback(state) : undefined;
    const driver = rollback ? services.templates.catalog.services[rollback.service]?.rollback : undefined;
    if (
      !state ||
      !rollback ||
      driver?.kind !== 'github_workflow' ||
      driver.repo.toLowerCase() !== run.repo.toLowerCase()
    )
      continue;
    const same =
      rollback.remote === `run ${run.id}` ||
      (!rollback.remote?.startsWith('run ') &&
        run.workflowPath.endsWith(driver.workflow) &&
        run.createdAt >= rollback.requestedAt - 60_000);
    if (!same) continue;
    const outcome = await record(
      services,
      state.id,
      {
        type: 'recordRollbackFailed',
        rollbackId: rollback.rollbackId,
        system: 'github',
        error: `the workflow run ${run.name} ended ${run.conclusion}: ${run.htmlUrl}`,
      },
      { actor: 'warroom', at: run.updatedAt || Date.now() },
      `gh:${delivery}:${state.id}`,
    );
    await dispatchAfterAck(services, outcome);
    failed += 1;
  }
  return failed;
}

export function githubHookRoutes(services: Services): Route[] {
  return [
    {
      path: '/hooks/github',
      method: ['POST'],
      handler: async (req, res) => {
        const secret = services.config.github.webhookSecret;
        if (!secret) {
          replyError(res, 404, 'GitHub webhooks are off: set GITHUB_WEBHOOK_SECRET to the webhook secret');
          return;
        }
        const signature = req.headers['x-hub-signature-256'];
        if (!verifyHubSignature256(req.rawBody, typeof signature === 'string' ? signature : undefined, secret)) {
          replyError(res, 401, 'the X-Hub-Signature-256 signature does not match GITHUB_WEBHOOK_SECRET');
          return;
        }
        const delivery = String(req.headers['x-github-delivery'] ?? '');
        const event = String(req.headers['x-github-event'] ?? '');
        if (!DELIVERY.test(delivery)) {
          replyError(res, 400, 'X-GitHub-Delivery is missing: every GitHub delivery carries one');
          return;
        }
        const parsed = jsonBody(req.rawBody);
        if (!parsed.ok) {
          replyError(res, 400, parsed.problem);
          return;
        }
        const hook = parseGitHubDelivery(event, parsed.body, services.templates.catalog);
        switch (hook.kind) {
          case 'ping':
            reply(res, 200, { ok: true, pong: true });
            return;
          case 'ignored':
            reply(res, 202, { ok: true, ignored: hook.reason });
            return;
          case 'invalid':
            replyError(res, 400, hook.problem);
            return;
          case 'deploy':
            await recordDeploy(services, hook.report, `github:${delivery}`, res);
            return;
          case 'workflow_run':
            reply(res, 200, { ok: true, rollbacksFailed: await runFinished(services, hook.run, delivery) });
            return;
          case 'issue': {
            const answer = await issueChanged(services, hook, delivery);
            reply(res, answer.status, answer.body);
            return;
          }
          default: {
            const unhandled: never = hook;
            replyError(res, 500, `warroom does not handle ${JSON.stringify(unhandled).slice(0, 60)}`);
          }
        }
      },
    },
  ];
}
