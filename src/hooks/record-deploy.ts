/**
 * @module hooks/record-deploy
 * What every deploy hook does once it has a verified, parsed report: record it once under the key the
 * sender gave, and ask for it to be taken to the open incidents (asked again for a repeat, in case the
 * first ask was lost: the job is idempotent).
 */
import type { ServerResponse } from 'node:http';
import type { DeployReport } from '../changes/deploys.js';
import { reply } from '../http/routes.js';
import type { Services } from '../services.js';

export async function recordDeploy(
  services: Services,
  report: DeployReport,
  key: string,
  res: ServerResponse,
): Promise<void> {
  const result = await services.deploys.record(report, key);
  await services.effects.deployLanded({ service: report.service, reportId: report.id }).catch((error: unknown) => {
    services.logger.warn({ err: error, report: report.id }, 'could not ask for the deploy to reach the incidents');
  });
  const deploy = {
    id: report.deployId,
    service: report.service,
    environment: report.environment,
    version: report.version,
    state: report.state,
  };
  if (result.status === 'duplicate') reply(res, 200, { ok: true, duplicate: true, deploy });
  else reply(res, 201, { ok: true, deploy });
}

/** The body as JSON, or a 400 saying it is not. */
export function jsonBody(raw: Buffer): { ok: true; body: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, body: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, problem: 'the body is not JSON; send Content-Type: application/json and a JSON object' };
  }
}
